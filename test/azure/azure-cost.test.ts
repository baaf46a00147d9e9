import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import { HOURS_PER_MONTH, machinePrice, offersFor, priceOf } from "../../lib/catalog";
import { AzureAiSearch } from "../../lib/constructs/azure/ai-search";
import { AzurePostgresVectorStore } from "../../lib/constructs/azure/postgres-vector-store";
import { AzureTrainingCluster } from "../../lib/constructs/azure/training-cluster";
import { loadSpecFile } from "../../lib/environment/load";
import { resolveEnvironmentSpec } from "../../lib/environment/resolve";
import type { ResolvedEnvironmentSpec, ResolvedInference } from "../../lib/environment/resolved";
import { azureOpenAiLines, azurePrivateDnsZones, azurePrivateEndpoints } from "../../lib/review/azure-idle-cost";
import { idleMonthlyCost, type IdleCost } from "../../lib/review/idle-cost";
import { worstMonthlyCost } from "../../lib/review/worst-cost";
import { AzureLlmOpsStack } from "../../lib/stacks/azure-llmops-stack";
import { only, resources, synthStack } from "../helpers";

const example = (tier: string) => resolveEnvironmentSpec(loadSpecFile(join(__dirname, "..", "..", "examples", "azure", "specs", `${tier}.yaml`)));
const lineOf = (cost: IdleCost, item: RegExp) => cost.lines.find((l) => item.test(l.item))!;

/** An open model served on AKS from the catalog's Azure inference offers. */
function openModel(replicas: { min: number; max: number }): ResolvedInference {
  const machine = offersFor("nvidia-h100", "azure", "inference")[0];
  return { accelerator: "nvidia-h100", vendor: "nvidia", machine, replicas, targetInvocationsPerReplica: 1, scaleDownSchedule: false, model: { huggingFace: "mistralai/Mistral-7B-Instruct-v0.3" }, deploy: true };
}

/** The example with the data and serving components the stack builds once they are wired (the resolver refuses them today). */
function withComponents(spec: ResolvedEnvironmentSpec, parts: Partial<Pick<ResolvedEnvironmentSpec, "vectorStore" | "sharedStorage" | "inference">>): ResolvedEnvironmentSpec {
  return { ...spec, ...parts };
}

describe("Azure idle monthly cost", () => {
  it("keeps the dev example under $300 a month on list prices: a Free-tier control plane, one system node, the GPU pool at zero", () => {
    // given the Azure dev example
    const cost = idleMonthlyCost(example("dev"));
    // then it idles under $300, on the system node, NAT, private endpoints and zones
    expect(cost.monthlyUsd).toBeLessThanOrEqual(300);
    expect(lineOf(cost, /^AKS control plane \(Free tier\)$/).monthlyUsd).toBe(0);
    expect(lineOf(cost, /^GPU pool \(/)).toMatchObject({ quantity: 0, monthlyUsd: 0 });
    expect(lineOf(cost, /^system nodes/)).toMatchObject({ quantity: 1, priceId: "azure.vm.Standard_D2ads_v5-hour" });
    expect(lineOf(cost, /^NAT gateway$/).monthlyUsd).toBeCloseTo(0.045 * HOURS_PER_MONTH, 2);
    // and log ingestion is shown with its daily cap, not counted
    expect(lineOf(cost, /Log Analytics ingestion/)).toMatchObject({ counted: false, monthlyUsd: 0 });
    expect(lineOf(cost, /Log Analytics ingestion/).note).toMatch(/daily cap 0\.5 GB/);
    // and the only prices it counts that were not read from a list are the burstable PostgreSQL server's (copies disagree), and the total says so
    expect(cost.uncertainPrices).toEqual(["azure.postgres.B_Standard_B1ms-hour", "azure.postgres.storage-gb-month"]);
    // and the Azure OpenAI deployment bills per token: shown, not counted
    expect(lineOf(cost, /^Azure OpenAI .*tokens$/)).toMatchObject({ counted: false, monthlyUsd: 0 });
    expect(lineOf(cost, /^system nodes/).status).toBe("list");
  });

  it("prices prod's Standard-tier control plane, two system nodes and the HSM key", () => {
    const cost = idleMonthlyCost(example("prod"));
    expect(lineOf(cost, /^AKS control plane \(Standard tier\)$/).monthlyUsd).toBe(73);
    expect(lineOf(cost, /^system nodes/)).toMatchObject({ quantity: AzureTrainingCluster.defaults("prod").systemNodes.min, priceId: "azure.vm.Standard_D4ads_v5-hour" });
    expect(lineOf(cost, /HSM-protected key \(RSA 3072\)/)).toMatchObject({ quantity: 1, monthlyUsd: 5 });
    // the D4ads_v5 rate is derived from the D2ads_v5 one, Lustre's and AI Search Standard's are unverified, and the total says so
    expect(cost.uncertainPrices).toEqual(["azure.lustre.125-gib-month", "azure.search.standard-hour", "azure.vm.Standard_D4ads_v5-hour"]);
    expect(cost.monthlyUsd).toBeGreaterThan(idleMonthlyCost(example("dev")).monthlyUsd);
  });

  it.each(["dev", "prod"])("counts what the %s example's stack creates", (tier) => {
    // given the example's spec, its idle cost and its synthesized stack
    const spec = example(tier);
    const cost = idleMonthlyCost(spec);
    const doc = synthStack(new AzureLlmOpsStack(Testing.app(), { spec }));
    // then every counted quantity is what the stack creates
    expect(lineOf(cost, /^NAT gateway$/).quantity).toBe(resources(doc, "azurerm_nat_gateway").length);
    expect(lineOf(cost, /NAT public IP/).quantity).toBe(resources(doc, "azurerm_public_ip").length);
    expect(lineOf(cost, /^private endpoints$/).quantity).toBe(resources(doc, "azurerm_private_endpoint").length);
    expect(lineOf(cost, /^Azure Machine Learning workspace/).quantity).toBe(resources(doc, "azurerm_machine_learning_workspace").length);
    expect(resources(doc, "azurerm_storage_account")).toHaveLength(2);
    // the private AKS cluster's zone is the stack's own (linked to the runner VNets)
    expect(lineOf(cost, /^private DNS zones$/).quantity).toBe(resources(doc, "azurerm_private_dns_zone").length);
    const aks = only(doc, "azurerm_kubernetes_cluster") as { sku_tier: string; default_node_pool: { vm_size: string; min_count: number; os_disk_type: string } };
    expect(lineOf(cost, /^AKS control plane/).item).toBe(`AKS control plane (${aks.sku_tier} tier)`);
    expect(lineOf(cost, /^system nodes/)).toMatchObject({ item: `system nodes (${aks.default_node_pool.vm_size})`, quantity: aks.default_node_pool.min_count });
    expect(aks.default_node_pool.os_disk_type).toBe("Ephemeral");
    const pool = only(doc, "azurerm_kubernetes_cluster_node_pool") as { vm_size: string; min_count: number };
    expect(lineOf(cost, /^GPU pool \(/)).toMatchObject({ item: `GPU pool (${pool.vm_size})`, quantity: pool.min_count });
    // the environment's RBAC vault (Azure OpenAI's access-policy vault has the same SKU)
    const vault = resources(doc, "azurerm_key_vault").find((v) => v.rbac_authorization_enabled === true) as { sku_name: string };
    const keys = resources(doc, "azurerm_key_vault_key") as { key_type: string; key_size: number }[];
    const key = keys.find((k) => k.key_size !== 2048) ?? keys[0];
    // every HSM key the stack makes is priced (the vault's key, and Azure OpenAI's own 2048-bit one)
    expect(cost.lines.filter((l) => /HSM-protected key/.test(l.item)).length).toBe(vault.sku_name === "premium" ? keys.filter((k) => k.key_type === "RSA-HSM").length : 0);
    expect(cost.lines.some((l) => /HSM-protected key/.test(l.item))).toBe(vault.sku_name === "premium" && key.key_type === "RSA-HSM");
  });

  it("prices the vector store, registry and open model the spec asks for, with their private endpoints and zones", () => {
    // given the dev example with pgvector and an open model (min 0), and prod with AI Search and an open model (min 1)
    const dev = withComponents(example("dev"), { vectorStore: { engine: "postgres-pgvector", dimensions: 1024 }, sharedStorage: { kind: "object-mount", importPrefix: "/" }, inference: openModel({ min: 0, max: 2 }) });
    const prod = withComponents(example("prod"), { vectorStore: { engine: "managed-search", dimensions: 1024 }, inference: openModel({ min: 1, max: 3 }) });
    const [d, p] = [idleMonthlyCost(dev), idleMonthlyCost(prod)];
    // then dev's PostgreSQL is one burstable server with its storage, and the registry is Premium's daily fee
    const pg = AzurePostgresVectorStore.defaults("dev");
    expect(lineOf(d, /^PostgreSQL Flexible Server/)).toMatchObject({ priceId: `azure.postgres.${pg.skuName}-hour`, quantity: 1 });
    expect(lineOf(d, /^PostgreSQL storage/).quantity).toBe(pg.storageMb / 1024);
    expect(lineOf(d, /^Container Registry \(Premium/).monthlyUsd).toBeCloseTo(1.667 * (HOURS_PER_MONTH / 24), 1);
    expect(lineOf(d, /open model on AKS/)).toMatchObject({ quantity: 0, monthlyUsd: 0 });
    const registry = ["blob (model registry storage)", "file (model registry storage)"];
    expect(azurePrivateEndpoints(dev)).toEqual(["vault", "blob", "registry", "amlworkspace", "openai", ...registry, "vault (Azure OpenAI's key)"]);
    expect(lineOf(d, /^private DNS zones$/).quantity).toBe(azurePrivateDnsZones(dev).length);
    expect(azurePrivateDnsZones(dev)).toHaveLength(9);
    // and dev still idles under $300 with them
    expect(d.monthlyUsd).toBeLessThanOrEqual(300);
    // and prod's AI Search bills every replica x partition, and its open model keeps one node all month
    const search = AzureAiSearch.defaults("prod");
    expect(lineOf(p, /^AI Search standard search units$/)).toMatchObject({ quantity: search.replicaCount * search.partitionCount, priceId: "azure.search.standard-hour" });
    expect(lineOf(p, /open model on AKS/)).toMatchObject({ quantity: 1, priceId: machinePrice(prod.inference!.machine, "azure").id });
    expect(azurePrivateEndpoints(prod)).toEqual(["vault", "blob", "registry", "amlworkspace", "search", "openai", ...registry, "vault (Azure OpenAI's key)"]);
  });

  it("prices the model registry every environment has: the workspace free, its storage empty, its CMK search index shown but not counted, no managed-network endpoints without managed compute", () => {
    // given the dev example / when its idle cost is computed
    const cost = idleMonthlyCost(example("dev"));
    const registry = cost.lines.filter((l) => l.component === "registry");
    // then
    expect(registry.map((l) => [l.item, l.priceId, l.quantity, l.counted, l.monthlyUsd])).toEqual([
      ["Azure Machine Learning workspace (model registry, MLflow tracking)", "azure.ml.workspace-month", 1, true, 0],
      ["Azure Machine Learning managed network (AllowOnlyApprovedOutbound): private endpoints", "azure.private-endpoint-hour", 0, true, 0],
      ["Azure Machine Learning CMK search index (service-side encryption)", "azure.ml.cmk-search-month", 1, false, 0],
      ["workspace storage account (LRS), GB stored", "azure.storage.blob-hot-gb-month", 0, true, 0],
      ["Application Insights (workspace-based), GB ingested", "azure.log-analytics.ingestion-gb", 0, false, 0],
    ]);
    expect(lineOf(cost, /CMK search index/)).toMatchObject({ status: "unknown" });
    // and its three private endpoints (workspace, storage blob and file) and three zones are in the network's lines, the dev example still under $300
    expect(azurePrivateEndpoints(example("dev")).filter((e) => /amlworkspace|model registry/.test(e))).toHaveLength(3);
    expect(cost.monthlyUsd).toBeLessThanOrEqual(300);
  });

  it("doubles PostgreSQL in prod for zone-redundant high availability", () => {
    const prod = idleMonthlyCost(withComponents(example("prod"), { vectorStore: { engine: "postgres-pgvector", dimensions: 1024 } }));
    const pg = AzurePostgresVectorStore.defaults("prod");
    expect(pg.highAvailability).toBe(true);
    expect(lineOf(prod, /^PostgreSQL Flexible Server/)).toMatchObject({ quantity: 2, priceId: `azure.postgres.${pg.skuName}-hour` });
    expect(lineOf(prod, /^PostgreSQL storage/).quantity).toBe((pg.storageMb / 1024) * 2);
  });

  it("prices Managed Lustre by SKU and capacity rounded up to the SKU's step, and flags its unverified rate", () => {
    const spec = withComponents(example("dev"), { sharedStorage: { kind: "lustre", capacityGiB: 5000, throughputMBpsPerTiB: 500, backupRetentionDays: 0, importPrefix: "/" } });
    const cost = idleMonthlyCost(spec);
    // 5000 GiB is 4.9 TiB: AMLFS-Durable-Premium-500 comes in 4 TiB steps, so 8 TiB
    expect(lineOf(cost, /^Managed Lustre AMLFS-Durable-Premium-500/)).toMatchObject({ quantity: 8 * 1024, priceId: "azure.lustre.500-gib-month", status: "unknown" });
    expect(cost.uncertainPrices).toContain("azure.lustre.500-gib-month");
  });

  it("bills provisioned Azure OpenAI throughput per PTU every hour and shows token deployments without counting them", () => {
    const lines = azureOpenAiLines([
      { model: "gpt-4o", sku: "GlobalProvisionedManaged", capacity: 15 },
      { model: "gpt-4o-mini", sku: "GlobalStandard", capacity: 100 },
    ]);
    expect(lines[0]).toMatchObject({ counted: true, quantity: 15, priceId: "azure.openai.ptu-global-hour" });
    expect(lines[0].monthlyUsd).toBeCloseTo(15 * priceOf("azure.openai.ptu-global-hour").usd * HOURS_PER_MONTH, 2);
    expect(lines[1]).toMatchObject({ counted: false, monthlyUsd: 0, priceId: "azure.openai.tokens" });
    expect(() => azureOpenAiLines([{ model: "x", sku: "Turbo" as never, capacity: 1 }])).toThrow(/Turbo/);
  });
});

describe("Azure worst-case monthly cost", () => {
  it("runs the GPU pool, the system pool and the open model at their maxima, and keeps AI Search, PostgreSQL and every fixed line as provisioned", () => {
    // given the prod example with AI Search and an open model
    const spec = withComponents(example("prod"), { vectorStore: { engine: "managed-search", dimensions: 1024 }, inference: openModel({ min: 1, max: 3 }) });
    const idle = idleMonthlyCost(spec);
    // when its worst case is priced
    const worst = worstMonthlyCost(spec, idle)!;
    // then the GPU pool (and its OS disks), the system pool and the serving nodes are at their maxima all month
    const t = spec.training!;
    expect(lineOf(worst, /^GPU pool \(/)).toMatchObject({ quantity: t.nodes.max, hours: HOURS_PER_MONTH });
    expect(lineOf(worst, /^GPU pool \(/).monthlyUsd).toBeCloseTo(t.machine.price.usdPerHour * t.nodes.max * HOURS_PER_MONTH, 1);
    expect(lineOf(worst, /^GPU pool OS disks/).quantity).toBe(t.nodes.max);
    expect(lineOf(worst, /^system nodes/).quantity).toBe(AzureTrainingCluster.defaults("prod").systemNodes.max);
    expect(lineOf(worst, /open model on AKS/).quantity).toBe(3);
    // and every other line is the idle one, unchanged
    const scaled = /^(GPU pool|system nodes|open model on AKS)/;
    expect(worst.lines.filter((l) => !scaled.test(l.item))).toEqual(idle.lines.filter((l) => !scaled.test(l.item)));
    expect(worst.monthlyUsd).toBeGreaterThan(idle.monthlyUsd);
  });
});
