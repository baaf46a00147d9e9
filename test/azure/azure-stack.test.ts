import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import { AzureBudget } from "../../lib/constructs/azure/budget";
import { AzureGpuNodePool } from "../../lib/constructs/azure/gpu-node-pool";
import { AzureMonitoring } from "../../lib/constructs/azure/monitoring";
import { AzureNetwork } from "../../lib/constructs/azure/network";
import { AzureStorage } from "../../lib/constructs/azure/storage";
import { tierPresets } from "../../lib/environment/presets";
import { resolveEnvironmentSpec } from "../../lib/environment/resolve";
import type { EnvironmentSpec } from "../../lib/environment/schema";
import { AzureLlmOpsStack, resourceProvidersFor } from "../../lib/stacks/azure-llmops-stack";
import { addEnvironmentStacks } from "../../lib/stacks/synth";
import { only, problemsOf, resources, synthStack, type Synthesized } from "../helpers";
import { COSMOS_DB, azureEnvSpec } from "./helpers";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

/** A valid Azure spec with what this release builds (a $2,000 budget); tests override what they exercise. */
export const azureSpec = (overrides: Record<string, unknown> = {}): EnvironmentSpec & Record<string, unknown> =>
  azureEnvSpec(SUBSCRIPTION, { budget: { monthlyUsd: 2000, notify: ["finops@acme.example"], startDate: "2026-12-01" }, ...overrides });

function synthSpec(overrides: Record<string, unknown> = {}): { stack: AzureLlmOpsStack; doc: Synthesized } {
  const stack = new AzureLlmOpsStack(Testing.app(), { spec: azureSpec(overrides) });
  return { stack, doc: synthStack(stack) };
}

const REQUIRED_TAGS = { environment: "acme-dev", tier: "dev", owner: "ml@acme.example", "cost-center": "cc-1", "managed-by": "llmops-constructs" };

/** Whether the generated binding of a Terraform type has a `tags` argument. */
function takesTags(type: string): boolean {
  // hashicorp/time's time_sleep (the RBAC propagation waits) takes no tags.
  if (!type.startsWith("azurerm_")) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(`@cdktf/provider-azurerm/lib/${type.replace(/^azurerm_/, "").replace(/_/g, "-")}`) as Record<string, { tfResourceType?: string; prototype?: object }>;
  const binding = Object.values(module).find((c) => c.tfResourceType === type);
  if (!binding?.prototype) throw new Error(`no binding for ${type}`);
  return "tagsInput" in binding.prototype;
}

describe("AzureLlmOpsStack resources", () => {
  it("names the stack <name>-azure-<tier> and builds the resource group, network, vault, storage, cluster, GPU pool, monitoring and budget", () => {
    const { stack, doc } = synthSpec();
    expect(stack.node.id).toBe("acme-azure-dev");
    expect(only(doc, "azurerm_resource_group")).toMatchObject({ name: "acme-dev-rg", location: "eastus2" });
    // two storage accounts: the environment's data, and the model registry workspace's own
    expect(resources(doc, "azurerm_storage_account").map((a) => a.name).sort()).toEqual(["acmedevdata", "acmedevmlw"]);
    for (const type of ["azurerm_virtual_network", "azurerm_key_vault", "azurerm_kubernetes_cluster", "azurerm_machine_learning_workspace", "azurerm_log_analytics_workspace", "azurerm_consumption_budget_resource_group", "azurerm_portal_dashboard"]) {
      expect(resources(doc, type), type).toHaveLength(1);
    }
    const pool = only(doc, "azurerm_kubernetes_cluster_node_pool");
    expect(pool).toMatchObject({ name: "train", vm_size: "Standard_NV36ads_A10_v5", priority: "Spot", min_count: 0, max_count: 1, gpu_driver: "Install" });
    // every resource lives in the environment's resource group
    for (const [type, byName] of Object.entries(doc.resource)) {
      for (const r of Object.values(byName) as Record<string, unknown>[]) if ("resource_group_name" in r) expect(r.resource_group_name, type).toMatch(/azurerm_resource_group\.environment_resource-group_\w+\.name/);
    }
  });

  it("configures azurerm: subscription, Entra ID for storage data, core registrations plus the providers the stack needs, resource group deletion per tier", () => {
    const provider = (doc: Synthesized) => (doc.provider?.azurerm?.[0] ?? {}) as Record<string, unknown>;
    const dev = provider(synthSpec({ azure: { subscriptionId: SUBSCRIPTION, cosmosDbObjectId: COSMOS_DB, tenantId: "11111111-1111-1111-1111-111111111111" } }).doc);
    expect(dev).toMatchObject({ subscription_id: SUBSCRIPTION, tenant_id: "11111111-1111-1111-1111-111111111111", storage_use_azuread: true, resource_provider_registrations: "core" });
    expect(dev.resource_providers_to_register).toEqual(["Microsoft.AlertsManagement", "Microsoft.Consumption", "Microsoft.ContainerRegistry", "Microsoft.ContainerService", "Microsoft.KeyVault", "Microsoft.MachineLearningServices", "Microsoft.Monitor", "Microsoft.OperationalInsights", "Microsoft.Portal", "microsoft.insights"]);
    // the storage data plane is not read (the account is reachable through its blob private endpoint only; provider issue 33454)
    expect(dev.features).toEqual([{ key_vault: [{ purge_soft_delete_on_destroy: false, purge_soft_deleted_keys_on_destroy: false, recover_soft_deleted_key_vaults: true }], resource_group: [{ prevent_deletion_if_contains_resources: false }], storage: [{ data_plane_available: false }] }]);
    const prod = provider(synthSpec({ tier: "prod" }).doc);
    expect(prod.features).toEqual([expect.objectContaining({ resource_group: [{ prevent_deletion_if_contains_resources: true }] })]);
    // without training, neither AKS nor Managed Prometheus is registered
    expect(resourceProvidersFor({ training: undefined })).not.toContain("Microsoft.ContainerService");
    // each data and serving component registers its own
    const spec = resolveEnvironmentSpec(azureSpec({ sharedStorage: { kind: "lustre" }, vectorStore: { engine: "managed-search" }, azure: { subscriptionId: SUBSCRIPTION, cosmosDbObjectId: COSMOS_DB, lustreResourceProviderObjectId: "22222222-2222-2222-2222-222222222222", openAi: { model: "gpt-5.2", version: "2025-12-11", capacity: 10 } } }));
    expect(resourceProvidersFor(spec)).toEqual(expect.arrayContaining(["Microsoft.StorageCache", "Microsoft.Search", "Microsoft.CognitiveServices"]));
  });

  it("tags every resource whose binding takes tags with the environment's tags and its component", () => {
    // given a spec with an extra tag
    const { doc } = synthSpec({ tags: { "data-classification": "internal" } });
    // then every taggable type of the synthesized stack carries them
    const taggable = Object.keys(doc.resource).filter(takesTags);
    expect(taggable).toEqual(expect.arrayContaining(["azurerm_resource_group", "azurerm_key_vault", "azurerm_storage_account", "azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool", "azurerm_private_dns_zone", "azurerm_monitor_action_group", "azurerm_portal_dashboard"]));
    for (const type of taggable) {
      for (const [address, r] of Object.entries(doc.resource[type]) as [string, { tags?: Record<string, string> }][]) {
        expect(r.tags, `${type}.${address}`).toMatchObject({ ...REQUIRED_TAGS, "data-classification": "internal", component: expect.any(String) });
      }
    }
    // and the system pool's VMs, which the aspect cannot reach, get them from the stack
    const cluster = only(doc, "azurerm_kubernetes_cluster") as { default_node_pool: { tags: Record<string, string> } };
    expect(cluster.default_node_pool.tags).toMatchObject({ ...REQUIRED_TAGS, component: "training" });
    expect(only(doc, "azurerm_resource_group").tags).toMatchObject({ component: "environment" });
  });

  it("gives training jobs a workload identity that reads and writes the storage account's blobs", () => {
    const { doc } = synthSpec();
    const credential = only(doc, "azurerm_federated_identity_credential");
    expect(credential).toMatchObject({ subject: "system:serviceaccount:training:training-job", audience: ["api://AzureADTokenExchange"] });
    const writers = resources(doc, "azurerm_role_assignment").filter((r) => r.role_definition_name === "Storage Blob Data Contributor" && /azurerm_storage_account\.storage_account/.test(String(r.scope)));
    expect(writers).toHaveLength(1);
    expect(writers[0].principal_id).toMatch(/azurerm_user_assigned_identity\.training_workload-training-training-job/);
    expect(Object.keys(synthSpec().doc.output ?? {})).toEqual(expect.arrayContaining(["training_job_client_id", "training_cluster_name", "resource_group_name", "storage_account_name"]));
  });

  it("turns on Managed Prometheus on the cluster and sends diagnostics of every resource that has them to Log Analytics", () => {
    const { doc, stack } = synthSpec();
    expect(only(doc, "azurerm_kubernetes_cluster").monitor_metrics).toEqual({});
    expect(stack.monitoring.diagnosticNames).toEqual([
      "aks",
      "key-vault",
      "model-registry",
      "model-registry-storage-account",
      "model-registry-storage-blob",
      "model-registry-storage-file",
      "nat-gateway",
      "nat-ip",
      "nsg-apiserver-nsg",
      "nsg-endpoints-nsg",
      "nsg-nodes-nsg",
      "registry",
      "storage-account",
      "storage-blob",
      "virtual-network",
    ]);
    for (const d of resources(doc, "azurerm_monitor_diagnostic_setting")) expect(d.log_analytics_workspace_id).toMatch(/azurerm_log_analytics_workspace\.monitoring_logs/);
    expect(only(doc, "azurerm_monitor_alert_prometheus_rule_group")).toMatchObject({ cluster_name: "acme-dev-aks" });
  });

  it("builds no cluster, pool or Prometheus without training", () => {
    const { doc, stack } = synthSpec({ training: undefined });
    for (const type of ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool", "azurerm_monitor_workspace"]) expect(resources(doc, type), type).toEqual([]);
    expect(stack.monitoring.diagnosticNames).not.toContain("aks");
    // the model registry is there all the same, with nobody to grant yet
    expect(resources(doc, "azurerm_machine_learning_workspace")).toHaveLength(1);
    expect(resources(doc, "azurerm_role_assignment").filter((r) => r.role_definition_name === "AzureML Data Scientist")).toEqual([]);
    expect(Object.keys(doc.output ?? {})).toEqual(expect.arrayContaining(["mlflow_tracking_uri", "model_registry_workspace_name"]));
  });

  it("sends budget notifications to the budget's emails and the action group, from the spec's start date", () => {
    const budget = only(synthSpec().doc, "azurerm_consumption_budget_resource_group") as { notification: { contact_groups: string[]; contact_emails: string[] }[]; time_period: { start_date: string }; resource_group_id: string };
    expect(budget.time_period.start_date).toBe("2026-12-01T00:00:00Z");
    expect(budget.resource_group_id).toMatch(/azurerm_resource_group\.environment_resource-group_\w+\.id/);
    for (const n of budget.notification) {
      expect(n.contact_emails).toEqual(["finops@acme.example"]);
      expect(n.contact_groups).toEqual([expect.stringMatching(/azurerm_monitor_action_group\./)]);
    }
  });

  it("keeps state in the spec's storage account with Entra ID auth, else in a local file", () => {
    const remote = synthSpec({ azure: { subscriptionId: SUBSCRIPTION, cosmosDbObjectId: COSMOS_DB, stateBackend: { resourceGroupName: "tfstate-rg", storageAccountName: "acmetfstate" } } }).doc;
    expect(remote.terraform?.backend).toEqual({ azurerm: { resource_group_name: "tfstate-rg", storage_account_name: "acmetfstate", container_name: "tfstate", key: "acme-dev.tfstate", subscription_id: SUBSCRIPTION, use_azuread_auth: true } });
    expect(synthSpec().doc.terraform?.backend).toEqual({ local: { path: "terraform.acme-azure-dev.tfstate" } });
  });

  it("is what addEnvironmentStacks builds for cloud: azure", () => {
    const [stack] = addEnvironmentStacks(Testing.app(), [{ source: "azure.yaml", spec: azureSpec() }]);
    expect(stack).toBeInstanceOf(AzureLlmOpsStack);
  });
});

describe("AzureLlmOpsStack guardrails", () => {
  it.each(["dev", "staging", "prod"] as const)("has zero findings on the %s defaults, the budget rule an error again", (tier) => {
    const stack = new AzureLlmOpsStack(Testing.app(), { spec: azureSpec({ tier }) });
    rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
    const open = stack.guardrails.results.filter((f) => f.status === "non-compliant");
    expect(open.map((f) => `${f.ruleId} ${f.level}: ${f.message}`)).toEqual([]);
    // three suppressions with their reasons: the key AKS KMS pins a version of never expires, the image registry keeps Microsoft-managed keys, and shared key on the model registry workspace's own account, for its default datastores
    const suppressed = stack.guardrails.results.filter((f) => f.status === "suppressed");
    expect(suppressed.map((f) => [f.ruleId, f.resourceType])).toEqual([["LLM-AZ-ACR-2", "azurerm_container_registry"], ["LLM-AZ-KV-2", "azurerm_key_vault_key"], ["LLM-AZ-ST-2", "azurerm_storage_account"]]);
    expect(suppressed.find((f) => f.ruleId === "LLM-AZ-ST-2")?.suppressionReason).toMatch(/default datastores .* authenticate with the account/);
    expect(stack.guardrails.results.find((f) => f.ruleId === "LLM-COST-1")).toMatchObject({ status: "compliant", level: "error" });
    expect(stack.guardrails.results.filter((f) => f.ruleId === "LLM-TAG-1").length).toBeGreaterThan(20);
  });

  it("runs the new Azure rules on what the stack emits: diagnostic settings on every resource that has them, Log Analytics retention, the budget's notifications, and in prod prevent_destroy on the stateful ones", () => {
    // given the prod defaults / when synthesized
    const stack = new AzureLlmOpsStack(Testing.app(), { spec: azureSpec({ tier: "prod" }) });
    rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
    // then each rule ran and passed on the resources it reads, the Log Analytics workspace among the stateful ones
    const compliant = (id: string) => stack.guardrails.results.filter((f) => f.ruleId === id && f.status === "compliant").map((f) => f.resourceType);
    expect(new Set(compliant("LLM-AZ-MON-1"))).toEqual(new Set(["azurerm_container_registry", "azurerm_key_vault", "azurerm_storage_account", "azurerm_kubernetes_cluster", "azurerm_network_security_group", "azurerm_nat_gateway", "azurerm_public_ip", "azurerm_virtual_network", "azurerm_machine_learning_workspace"]));
    expect(compliant("LLM-AZ-MON-2")).toEqual(["azurerm_log_analytics_workspace"]);
    expect(compliant("LLM-AZ-BUDGET-1")).toEqual(["azurerm_consumption_budget_resource_group"]);
    expect(compliant("LLM-REL-1")).toEqual(expect.arrayContaining(["azurerm_key_vault", "azurerm_key_vault_key", "azurerm_storage_account", "azurerm_log_analytics_workspace", "azurerm_container_registry", "azurerm_machine_learning_workspace"]));
    expect(compliant("LLM-AZ-ML-1")).toEqual(["azurerm_machine_learning_workspace"]);
  });

  it("lets a prod spec with preventDestroy false destroy its Log Analytics workspace, as its vault and storage", () => {
    const { doc } = synthSpec({ tier: "prod", preventDestroy: false });
    expect(only(doc, "azurerm_log_analytics_workspace").lifecycle).toBeUndefined();
    expect(only(doc, "azurerm_key_vault").lifecycle).toBeUndefined();
  });
});

describe("Azure presets", () => {
  it.each(["dev", "staging", "prod"] as const)("are the Azure constructs' own %s defaults", (tier) => {
    const preset = tierPresets("azure")![tier];
    expect(AzureNetwork.defaults(tier).cidr).toBe(preset.cidr);
    expect(AzureGpuNodePool.defaults(tier)).toMatchObject({ capacity: preset.trainingCapacity, nodes: { min: 0, max: preset.trainingNodesMax } });
    expect(AzureMonitoring.defaults(tier)).toMatchObject({ retentionDays: preset.logRetentionDays, gpuSaturatedPercent: preset.gpuHighPercent, gpuIdlePercent: preset.gpuIdlePercent });
    expect(AzureBudget.defaults(tier)).toMatchObject({ thresholdsPercent: preset.budgetThresholdsPercent, forecastPercent: preset.budgetForecastPercent });
    expect(AzureStorage.defaults(tier).versionRetentionDays).toBe(preset.checkpointVersionDays);
    expect(preset.kubernetesVersion).toBeUndefined();
    const spec = resolveEnvironmentSpec(azureSpec({ tier }));
    expect([spec.network.zones, spec.training?.capacity, spec.training?.nodes.max, spec.logRetentionDays]).toEqual([preset.zones, preset.trainingCapacity, preset.trainingNodesMax, preset.logRetentionDays]);
    expect(spec.azure).toEqual({ subscriptionId: SUBSCRIPTION, tenantId: undefined, resourceGroupName: `acme-${tier}-rg`, stateBackend: undefined, clusterAdminGroupObjectIds: [], runnerVirtualNetworkIds: [], postgresAdmin: undefined, openAi: undefined, lustreResourceProviderObjectId: undefined, cosmosDbObjectId: COSMOS_DB, huggingFaceTokenSecret: undefined });
  });
});

describe("Azure spec validation at spec paths", () => {
  it.each([
    ["no azure section", { azure: undefined }, /^azure: is required when cloud is azure: name the subscription/],
    ["a subscription that is not a GUID", { azure: { subscriptionId: "acme" } }, /^azure\.subscriptionId: must be a subscription GUID/],
    ["a budget without a start date", { budget: { monthlyUsd: 1000, notify: ["a@b.co"] } }, /^budget\.startDate: is required on Azure: .* e\.g\. 2026-12-01/],
    ["a budget starting mid-month", { budget: { monthlyUsd: 1000, notify: ["a@b.co"], startDate: "2026-12-15" } }, /^budget\.startDate: must be the first day of a month/],
    ["five budget thresholds", { budget: { monthlyUsd: 1000, notify: ["a@b.co"], startDate: "2026-12-01", thresholdsPercent: [10, 20, 30, 40, 50] } }, /^budget\.thresholdsPercent: an Azure budget holds at most 5 notifications/],
    ["a log retention under 30 days", { logRetentionDays: 14 }, /^logRetentionDays: Log Analytics retention \(days\) takes a whole number from 30 to 730/],
    ["an idle GPU alert above the saturation alert", { monitoring: { notify: ["a@b.co"], gpuHighPercent: 50, gpuIdlePercent: 60 } }, /^monitoring\.gpuIdlePercent: must be below gpuSaturatedPercent/],
    ["a public CIDR", { network: { cidr: "8.8.0.0/16" } }, /^network\.cidr: must lie in private \(RFC 1918\) space/],
    ["a VNet overlapping the AKS service CIDR", { network: { cidr: "10.0.0.0/16" } }, /^network\.cidr: overlaps the AKS service CIDR 10\.0\.0\.0\/16 \(got "10\.0\.0\.0\/16"\); give the VNet another private block/],
    ["per-zone NAT gateways", { network: { natGateways: "per-zone" } }, /^network\.natGateways: per-zone is not built for Azure in this release/],
    ["zones the cluster does not use", { network: { zones: 2 } }, /^network\.zones: .* \(got 2; allowed for dev: 1\); remove network\.zones/],
    ["a reservation", { training: { accelerator: "nvidia-a100", capacity: { reservation: "crg-1", zone: "1" } } }, /^training\.capacity\.reservation: naming an existing reservation is not built for Azure in this release/],
    ["a TPU", { training: { accelerator: "google-tpu-v5e" } }, /^training\.accelerator: /],
    ["a malformed Kubernetes version", { training: { accelerator: "nvidia-a10g", kubernetesVersion: "latest" } }, /^training\.kubernetesVersion: takes an AKS Kubernetes version like 1\.33/],
    ["a name too long for a Key Vault", { name: "acme-llm-platfrm", tier: "staging" }, /^name: Azure Key Vault names are 3-24 characters .*; shorten the environment name/],
    ["a tag name with a slash", { tags: { "team/owner": "x" } }, /^tags\.team\/owner: Azure tag names take none of/],
    ["a tag name with a space", { tags: { "cost owner": "x" } }, /^tags\.cost owner: Azure DNS zones reject tag names with spaces/],
    ["ten extra tags (private DNS zones take 15)", { tags: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`t${i}`, "x"])) }, /^tags: Azure private DNS zones \(every environment has them\) take 15 tags and the stack adds 6 \(got 10; allowed: up to 9\)/],
    ["a state account that breaks Azure's rule", { azure: { subscriptionId: SUBSCRIPTION, cosmosDbObjectId: COSMOS_DB, stateBackend: { resourceGroupName: "tf", storageAccountName: "Acme-State" } } }, /^azure\.stateBackend\.storageAccountName: Azure storage account names allow lowercase letters and digits only/],
    ["an Azure section on a Google Cloud spec", { cloud: "gcp", region: "us-central1", gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000" } }, /^azure: is the section of Azure facts, but this spec is for Google Cloud/],
  ])("rejects %s", (_, overrides, message) => {
    expect(problemsOf(() => resolveEnvironmentSpec(azureSpec(overrides)))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it("takes the resource group name from azure.resourceGroup and checks it there", () => {
    expect(resolveEnvironmentSpec(azureSpec({ azure: { subscriptionId: SUBSCRIPTION, cosmosDbObjectId: COSMOS_DB, resourceGroup: "ml-acme-dev" } })).azure?.resourceGroupName).toBe("ml-acme-dev");
    expect(problemsOf(() => resolveEnvironmentSpec(azureSpec({ azure: { subscriptionId: SUBSCRIPTION, cosmosDbObjectId: COSMOS_DB, resourceGroup: "ml." } })))).toEqual([expect.stringMatching(/^azure\.resourceGroup: Azure resource group names allow/)]);
  });
});
