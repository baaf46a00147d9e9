/**
 * The idle cost lines of an Azure environment: what `AzureLlmOpsStack` creates, priced
 * line by line at eastus list prices (`lib/catalog/azure-prices.ts`). Quantities come
 * from the resolved spec and, for what the spec does not carry (AKS tier, system pool,
 * vault HSM, PostgreSQL SKU, AI Search units, Lustre SKU), from the same construct
 * defaults the stack uses; a test checks them against the synthesized resources.
 *
 * The data and serving components (shared storage, vector store, inference) are priced
 * from the spec fields that ask for them, whether or not the stack builds them yet: a
 * spec without them has no line for them.
 */
import { HOURS_PER_MONTH, machinePrice, priceOf } from "../catalog";
import { azureLustrePriceId } from "../catalog/azure-prices";
import { registerCloudPart } from "../cloud-modules";
import { AzureAiSearch } from "../constructs/azure/ai-search";
import { AzureContainerRegistry } from "../constructs/azure/container-registry";
import { AzureGpuNodePool } from "../constructs/azure/gpu-node-pool";
import { AzureKeyVault } from "../constructs/azure/key-vault";
import { AzureLustreFileSystem, LUSTRE_SKUS, type LustreSku } from "../constructs/azure/lustre-file-system";
import { AzureMlWorkspace } from "../constructs/azure/ml-workspace";
import { AzureMonitoring } from "../constructs/azure/monitoring";
import { AzureNetwork } from "../constructs/azure/network";
import { OPENAI_DEPLOYMENT_SKUS, PROVISIONED_SKUS, type OpenAiDeploymentSku } from "../constructs/azure/openai-deployment";
import { AzurePostgresVectorStore } from "../constructs/azure/postgres-vector-store";
import { AzureStorage } from "../constructs/azure/storage";
import { AzureTrainingCluster } from "../constructs/azure/training-cluster";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { privateEndpointKindsOf } from "../stacks/azure-components";
import { line, type CostLine } from "./cost-line";

/** Days in a month of 730 hours. */
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/**
 * The private endpoints the stack makes, from the stack's own list of zones: one per kind,
 * but the model registry's workspace endpoint also answers in the notebooks zone, and its
 * storage account has a blob and a file endpoint of its own; Azure OpenAI's key vault has one too.
 */
export function azurePrivateEndpoints(spec: ResolvedEnvironmentSpec): string[] {
  const kinds = privateEndpointKindsOf(spec).filter((k) => k !== "notebooks" && k !== "file");
  return [...kinds, "blob (model registry storage)", "file (model registry storage)", ...(spec.azure?.openAi ? ["vault (Azure OpenAI's key)"] : [])];
}

/** The private DNS zones billed: the network's zones (one per private endpoint kind), PostgreSQL's own zone, and the private AKS cluster's zone. */
export function azurePrivateDnsZones(spec: ResolvedEnvironmentSpec): string[] {
  const zones = privateEndpointKindsOf(spec).map((k) => `${k} (privatelink)`);
  if (spec.vectorStore?.engine === "postgres-pgvector") zones.push("postgres (VNet integration)");
  if (spec.training) zones.push("AKS API server (VNet integration)");
  return zones;
}

function networkLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const endpoints = azurePrivateEndpoints(spec);
  const zones = azurePrivateDnsZones(spec);
  const zoneRedundant = AzureNetwork.defaults(spec.tier).zoneRedundantEgress;
  return [
    line("network", "NAT gateway", priceOf("azure.nat.gateway-hour"), 1, { note: "one gateway for the nodes' subnet; data processed is per use" }),
    line("network", `NAT public IP address (Standard static${zoneRedundant ? ", zone-redundant" : ""})`, priceOf("azure.public-ip.static-hour"), 1),
    line("network", "NAT data processed, GB", priceOf("azure.nat.data-gb"), 0, { counted: false, note: "per use (image pulls, downloads)" }),
    line("network", "private endpoints", priceOf("azure.private-endpoint-hour"), endpoints.length, { note: endpoints.join(", ") }),
    line("network", "private endpoint data processed, GB", priceOf("azure.private-endpoint.data-gb"), 0, { counted: false, note: "per use, each direction" }),
    line("network", "private DNS zones", priceOf("azure.dns.private-zone-month"), zones.length, { note: zones.join("; ") }),
  ];
}

/** The price of an Azure VM size the table lists; throws for one it does not (a library gap, not user input). */
export function azureVmPrice(vmSize: string) {
  return priceOf(`azure.vm.${vmSize}-hour`);
}

function gpuPoolLines(spec: ResolvedEnvironmentSpec, nodes: number, note: string): CostLine[] {
  const t = spec.training;
  if (!t) return [];
  const pool = AzureGpuNodePool.defaults(spec.tier);
  return [
    line("training", `GPU pool (${t.machine.machineType})`, machinePrice(t.machine, "azure"), nodes, { note }),
    line("training", `GPU pool OS disks (${pool.osDiskGb} GiB managed, P15)`, priceOf("azure.disk.premium-p15-month"), nodes),
  ];
}

function trainingLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const t = spec.training;
  if (!t) return [];
  const cluster = AzureTrainingCluster.defaults(spec.tier);
  const free = cluster.skuTier === "Free";
  const spot = t.capacity === "spot" ? " at the pay-as-you-go price (Spot is cheaper, not listed)" : "";
  return [
    line("training", `AKS control plane (${cluster.skuTier} tier)`, priceOf(free ? "azure.aks.free-cluster-hour" : "azure.aks.standard-cluster-hour"), 1, { note: free ? "no charge, no SLA" : "uptime SLA" }),
    line("training", `system nodes (${cluster.systemVmSize})`, azureVmPrice(cluster.systemVmSize), cluster.systemNodes.min, {
      note: `the system pool's minimum; ${cluster.systemOsDiskGb} GiB ephemeral OS disks on the VM's local storage, no disk charge`,
    }),
    ...gpuPoolLines(spec, t.nodes.min, t.nodes.min === 0 ? "scales to zero when no job runs" : `the pool's minimum${spot}`),
  ];
}

/** The model registry: the Azure Machine Learning workspace, its storage account and Application Insights (its private endpoints and zones are in the network's lines). */
function modelRegistryLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const replication = AzureStorage.defaults(spec.tier).replication;
  const ml = AzureMlWorkspace.defaults(spec.tier);
  return [
    line("registry", "Azure Machine Learning workspace (model registry, MLflow tracking)", priceOf("azure.ml.workspace-month"), 1, { note: "no charge of its own; jobs run on the AKS cluster, not Azure ML compute" }),
    line("registry", `Azure Machine Learning managed network (${ml.isolationMode}): private endpoints`, priceOf("azure.private-endpoint-hour"), 0, {
      note: "made with the first Azure ML managed compute, none here; no FQDN outbound rules, so no Azure Firewall",
    }),
    line("registry", "Azure Machine Learning CMK search index (service-side encryption)", priceOf("azure.ml.cmk-search-month"), 1, { counted: false, note: "charged under the workspace at a rate Azure does not publish: watch the workspace in Cost Management" }),
    line("registry", `workspace storage account (${replication}), GB stored`, priceOf("azure.storage.blob-hot-gb-month"), 0, { note: "empty at idle; models, run artifacts and logged files once runs are tracked" }),
    line("registry", "Application Insights (workspace-based), GB ingested", priceOf("azure.log-analytics.ingestion-gb"), 0, { counted: false, note: "billed as Log Analytics ingestion: nothing without telemetry" }),
  ];
}

function storageLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const replication = AzureStorage.defaults(spec.tier).replication;
  const lines = [
    line("storage", `storage account (datasets, checkpoints, artifacts; ${replication}), GB stored`, priceOf("azure.storage.blob-hot-gb-month"), 0, { note: "empty at idle; billed per GB once data lands" }),
  ];
  // Every environment has its image registry.
  const zr = AzureContainerRegistry.defaults(spec.tier).zoneRedundancy ? ", zone-redundant" : "";
  lines.push(line("storage", `Container Registry (Premium${zr})`, priceOf("azure.acr.premium-day"), Math.round(DAYS_PER_MONTH * 100) / 100, { note: "a daily fee, images or not (Premium: private endpoint); 500 GiB included" }));
  const s = spec.sharedStorage;
  if (s?.kind === "lustre") {
    const sku = lustreSkuFor(spec.tier, s.throughputMBpsPerTiB);
    const step = LUSTRE_SKUS[sku].stepTiB;
    const tib = Math.max(step, Math.ceil(s.capacityGiB / 1024 / step) * step);
    lines.push(line("shared-storage", `Managed Lustre ${sku}, GiB provisioned`, priceOf(azureLustrePriceId(LUSTRE_SKUS[sku].mbpsPerTiB)), tib * 1024, { note: `${tib} TiB (the SKU's steps of ${step} TiB); billed for its capacity, idle or not` }));
  } else if (s) {
    lines.push(line("shared-storage", "Blob CSI mount (the datasets container)", priceOf("azure.storage.blob-hot-gb-month"), 0, { note: "no charge of its own: a CSI driver on the cluster's nodes" }));
  }
  return lines;
}

/** The Managed Lustre SKU of a throughput tier: the SKU of that tier, else the tier's default SKU. */
export function lustreSkuFor(tier: ResolvedEnvironmentSpec["tier"], mbpsPerTiB: number): LustreSku {
  const match = (Object.keys(LUSTRE_SKUS) as LustreSku[]).find((k) => LUSTRE_SKUS[k].mbpsPerTiB === mbpsPerTiB);
  return match ?? AzureLustreFileSystem.defaults(tier).sku;
}

/** vCores of a PostgreSQL Flexible Server SKU (`B_Standard_B1ms`, `GP_Standard_D4ds_v5`). */
function pgVcores(skuName: string): number {
  const m = /_[A-Z](\d+)/.exec(skuName);
  return m ? Number(m[1]) : 1;
}

function vectorLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const v = spec.vectorStore;
  if (!v) return [];
  if (v.engine === "managed-search") {
    const d = AzureAiSearch.defaults(spec.tier);
    const units = d.replicaCount * d.partitionCount;
    return [
      line("vector-store", `AI Search ${d.sku} search units`, priceOf(d.sku === "basic" ? "azure.search.basic-hour" : "azure.search.standard-hour"), units, { note: `${d.replicaCount} replica(s) x ${d.partitionCount} partition(s), provisioned (no autoscale)` }),
    ];
  }
  const d = AzurePostgresVectorStore.defaults(spec.tier);
  const copies = d.highAvailability ? 2 : 1;
  const ha = d.highAvailability ? " x 2 (zone-redundant HA: the standby bills like the primary)" : "";
  const gib = d.storageMb / 1024;
  return [
    line("vector-store", `PostgreSQL Flexible Server (${d.skuName})`, priceOf(`azure.postgres.${d.skuName}-hour`), copies, { note: `${pgVcores(d.skuName)} vCore(s)${ha}; runs all month (stopping is manual and lasts 7 days)` }),
    line("vector-store", "PostgreSQL storage, GB", priceOf("azure.postgres.storage-gb-month"), gib * copies, { note: `${gib} GiB provisioned${d.highAvailability ? " x 2" : ""}` }),
  ];
}

/** An Azure OpenAI deployment to price: its SKU and capacity (thousands of tokens a minute, or PTU). */
export interface AzureOpenAiDeploymentCost {
  readonly model: string;
  readonly sku: OpenAiDeploymentSku;
  readonly capacity: number;
}

const PTU_PRICE: Readonly<Partial<Record<OpenAiDeploymentSku, string>>> = {
  GlobalProvisionedManaged: "azure.openai.ptu-global-hour",
  DataZoneProvisionedManaged: "azure.openai.ptu-datazone-hour",
  ProvisionedManaged: "azure.openai.ptu-regional-hour",
};

/** The cost lines of Azure OpenAI deployments: provisioned SKUs bill every PTU all month; the others are per token (shown, not counted). */
export function azureOpenAiLines(deployments: readonly AzureOpenAiDeploymentCost[]): CostLine[] {
  return deployments.map((d) => {
    if (!OPENAI_DEPLOYMENT_SKUS.includes(d.sku)) throw new Error(`idle cost: ${d.sku} is not an Azure OpenAI deployment SKU`);
    if (PROVISIONED_SKUS.includes(d.sku)) return line("inference", `Azure OpenAI ${d.model} (${d.sku}), PTU`, priceOf(PTU_PRICE[d.sku] ?? "azure.openai.ptu-regional-hour"), d.capacity, { note: "provisioned throughput: every PTU bills each hour, used or not" });
    return line("inference", `Azure OpenAI ${d.model} (${d.sku}), tokens`, priceOf("azure.openai.tokens"), 0, { counted: false, note: `pay per token (${d.capacity}K tokens a minute of quota): nothing at idle` });
  });
}

function inferenceLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const openAi = spec.azure?.openAi;
  return [...(openAi ? azureOpenAiLines([{ model: openAi.model, sku: openAi.sku, capacity: openAi.capacity }]) : []), ...openModelLines(spec)];
}

function openModelLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const i = spec.inference;
  if (!i) return [];
  const item = `open model on AKS, inference GPU nodes (${i.machine.machineType})`;
  if (!i.deploy) return [line("inference", item, machinePrice(i.machine, "azure"), 0, { note: "not deployed: nothing billed" })];
  return [line("inference", item, machinePrice(i.machine, "azure"), i.replicas.min, { note: i.replicas.min === 0 ? "scales to zero: the first request waits for a node" : "the serving pool's minimum nodes (one replica a node), all month" })];
}

function operationsLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const vault = AzureKeyVault.defaults(spec.tier);
  const monitoring = AzureMonitoring.defaults(spec.tier);
  const cap = monitoring.dailyQuotaGb;
  const rotations = DAYS_PER_MONTH / vault.rotationDays;
  const versioned = spec.training !== undefined || spec.sharedStorage?.kind === "lustre";
  const lines: CostLine[] = [];
  if (vault.hsm) {
    lines.push(line("operations", `Key Vault HSM-protected key (RSA ${vault.keySize})`, priceOf(vault.keySize > 2048 ? "azure.keyvault.hsm-key-advanced-month" : "azure.keyvault.hsm-key-rsa2048-month"), 1, { note: "Premium vault: HSM keys bill per key each month" }));
    // Azure OpenAI gets its own RSA 2048 key (the only size Azure AI services take).
    if (spec.azure?.openAi) lines.push(line("operations", "Key Vault HSM-protected key (RSA 2048, Azure OpenAI)", priceOf("azure.keyvault.hsm-key-rsa2048-month"), 1, { note: "the Azure OpenAI account's own key, in a Premium vault of its own (access policies)" }));
    // AKS KMS and Lustre pin a key version: their own key, whose versions never expire.
    if (versioned) lines.push(line("operations", `Key Vault HSM-protected key (RSA ${vault.keySize}, versioned consumers)`, priceOf(vault.keySize > 2048 ? "azure.keyvault.hsm-key-advanced-month" : "azure.keyvault.hsm-key-rsa2048-month"), 1, { note: "AKS KMS and Lustre's key without expiry" }));
  }
  const keyCount = 1 + (spec.azure?.openAi ? 1 : 0) + (versioned ? 1 : 0);
  lines.push(
    line("operations", "Key Vault automated key rotations", priceOf("azure.keyvault.key-rotation"), Math.round(rotations * keyCount * 100) / 100, { note: `${keyCount} key(s), each rotated every ${vault.rotationDays} days` }),
    line("operations", "Key Vault key operations, millions", priceOf("azure.keyvault.advanced-key-operations-million"), 0, { counted: false, note: "the storage account's and cluster's wrap/unwrap calls: per use, a few a day" }),
    line("operations", "Log Analytics ingestion, GB", priceOf("azure.log-analytics.ingestion-gb"), 0, {
      counted: false,
      note: `diagnostic settings of every resource: volume depends on activity, not estimated${cap ? ` (daily cap ${cap} GB: at most ${Math.round(cap * DAYS_PER_MONTH * 10) / 10} GB, $${Math.round(cap * DAYS_PER_MONTH * priceOf("azure.log-analytics.ingestion-gb").usd)} a month)` : ""}`,
    }),
  );
  if (spec.training) {
    lines.push(line("operations", "Managed Prometheus samples ingested, millions", priceOf("azure.monitor.prometheus-samples-million"), 0, { counted: false, note: "GPU metrics of the Azure Monitor workspace: GPU nodes' samples are billed while they run (none at idle with the pool at zero)" }));
  }
  return lines;
}

/** Every idle cost line of an Azure environment, component by component. */
export function azureIdleLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  return [...networkLines(spec), ...trainingLines(spec), ...storageLines(spec), ...modelRegistryLines(spec), ...vectorLines(spec), ...inferenceLines(spec), ...operationsLines(spec)];
}

/** The GPU pool lines at a node count (for the worst case). */
export function azureGpuPoolLines(spec: ResolvedEnvironmentSpec, nodes: number, note: string): CostLine[] {
  return gpuPoolLines(spec, nodes, note);
}

registerCloudPart("azure", "idleCost", azureIdleLines);
import "./azure-worst-cost";
