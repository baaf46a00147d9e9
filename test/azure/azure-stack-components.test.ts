import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import { resolveEnvironmentSpec } from "../../lib/environment/resolve";
import { AzureLlmOpsStack } from "../../lib/stacks/azure-llmops-stack";
import { azurePlatformPropsOf, AzurePlatformStack } from "../../lib/stacks/azure-platform-stack";
import { only, problemsOf, resources, synthStack, type Synthesized } from "../helpers";
import { COSMOS_DB, azureEnvSpec } from "./helpers";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const ADMIN = { objectId: "22222222-2222-2222-2222-222222222222", principalName: "ml-db-admins", principalType: "Group" };
/** A100 for training and inference: the catalog's Azure inference accelerators are the A100 and H100. */
const A100 = { accelerator: "nvidia-a100", acceleratorsPerNode: 1 };
const OPENAI = { model: "gpt-5.2", version: "2025-12-11", capacity: 30 };

// Managed Lustre needs the HPC Cache Resource Provider's object id: given unless a test says otherwise.
const spec = (overrides: Record<string, unknown> = {}, azure: Record<string, unknown> = {}) =>
  azureEnvSpec(SUBSCRIPTION, overrides, { ...((overrides.sharedStorage as { kind?: string } | undefined)?.kind === "lustre" ? { lustreResourceProviderObjectId: HPC_CACHE_RP } : {}), ...azure });

const HPC_CACHE_RP = "22222222-2222-2222-2222-222222222222";

/** The environment's data account (the model registry's workspace has an account of its own). */
function dataAccount(doc: Synthesized): Record<string, unknown> {
  const found = resources(doc, "azurerm_storage_account").filter((a) => a.name !== "acmedevmlw" && a.name !== "acmeprodmlw");
  if (found.length !== 1) throw new Error(`expected one data account, found ${found.length}`);
  return found[0];
}

function synth(overrides: Record<string, unknown> = {}, azure: Record<string, unknown> = {}): { stack: AzureLlmOpsStack; doc: Synthesized } {
  const stack = new AzureLlmOpsStack(Testing.app(), { spec: spec(overrides, azure) });
  return { stack, doc: synthStack(stack) };
}

const dnsZones = (doc: Synthesized) => resources(doc, "azurerm_private_dns_zone").map((z) => z.name).sort();
const roles = (doc: Synthesized, role: string) => resources(doc, "azurerm_role_assignment").filter((r) => r.role_definition_name === role);

describe("Azure shared storage", () => {
  it("mounts datasets read-only and checkpoints read-write through the Blob CSI driver the cluster turns on, by default in dev", () => {
    // given a dev spec with training and the default shared storage
    const { doc, stack } = synth({ sharedStorage: undefined });
    // then the cluster runs the managed Blob CSI driver
    expect(only(doc, "azurerm_kubernetes_cluster").storage_profile).toEqual({ blob_driver_enabled: true });
    // and a federated identity for training/blob-mount reads datasets and writes checkpoints, each scoped to its container
    expect(stack.objectMount?.containers).toEqual(["datasets", "checkpoints"]);
    const credentials = resources(doc, "azurerm_federated_identity_credential").map((c) => c.subject);
    expect(credentials).toContain("system:serviceaccount:training:blob-mount");
    // the mount identity trusts the training jobs' account too, so a job mounts as itself
    const mountCredentials = resources(doc, "azurerm_federated_identity_credential").filter((c) => /object-mount_identity/.test(String(c.parent_id))).map((c) => c.subject);
    expect(mountCredentials.sort()).toEqual(["system:serviceaccount:training:blob-mount", "system:serviceaccount:training:training-job"]);
    const readers = roles(doc, "Storage Blob Data Reader").map((r) => r.scope);
    expect(readers).toEqual([expect.stringMatching(/azurerm_storage_container\.storage_datasets_\w+\.resource_manager_id/)]);
    expect(roles(doc, "Storage Blob Data Contributor").map((r) => String(r.scope))).toEqual(expect.arrayContaining([expect.stringMatching(/storage_checkpoints_\w+\.resource_manager_id/)]));
    expect(Object.keys(doc.output ?? {})).toEqual(expect.arrayContaining(["object_mount_client_id", "object_mount_datasets_volume_attributes"]));
    // and no Lustre, no shared keys
    expect(resources(doc, "azurerm_managed_lustre_file_system")).toEqual([]);
    expect(dataAccount(doc).shared_access_key_enabled).toBe(false);
  });

  it("builds Lustre in a subnet sized from its capacity, encrypted through its own identity, importing the datasets container on an account that records its shared-key exception", () => {
    // given Lustre at 250 MB/s per TiB and 16 TiB, with the HPC Cache resource provider named
    const rp = "33333333-3333-3333-3333-333333333333";
    const { doc, stack } = synth({ sharedStorage: { kind: "lustre", throughputMBpsPerTiB: 250, capacityGiB: 16384 } }, { lustreResourceProviderObjectId: rp });
    const fs = only(doc, "azurerm_managed_lustre_file_system") as Record<string, unknown> & { hsm_setting: Record<string, string>; identity: { identity_ids: string[] }; encryption_key: { key_url: string } };
    expect(fs).toMatchObject({ sku_name: "AMLFS-Durable-Premium-250", storage_capacity_in_tb: 16, zones: ["1"] });
    expect(fs.hsm_setting.container_id).toMatch(/storage_datasets_\w+\.resource_manager_id/);
    expect(fs.hsm_setting.logging_container_id).toMatch(/storage_artifacts_\w+\.resource_manager_id/);
    expect(fs.hsm_setting.import_prefix).toBe("/");
    expect(fs.identity.identity_ids).toEqual([expect.stringMatching(/user_assigned_identity\.key-vault_identity-lustre/)]);
    expect(fs.encryption_key.key_url).toMatch(/azurerm_key_vault_key\./);
    // 16 TiB needs a /27: the network carves one for it
    expect(stack.network.ranges.lustre).toMatch(/\/27$/);
    expect(fs.subnet_id).toMatch(/azurerm_subnet\.network_lustre/);
    // the account allows shared keys for blob integration, and the provider holds its two roles
    expect(dataAccount(doc).shared_access_key_enabled).toBe(true);
    expect(resources(doc, "azurerm_role_assignment").filter((r) => r.principal_id === rp).map((r) => r.role_definition_name).sort()).toEqual(["Storage Account Contributor", "Storage Blob Data Contributor"]);
    expect(Object.keys(doc.output ?? {})).toEqual(expect.arrayContaining(["lustre_mgs_address"]));
    expect(stack.monitoring.diagnosticNames).toContain("lustre");
    const diagnostics = resources(doc, "azurerm_monitor_diagnostic_setting").find((d) => String(d.target_resource_id).includes("azurerm_managed_lustre_file_system")) as { enabled_log: { category: string }[] } | undefined;
    expect(diagnostics?.enabled_log).toEqual([{ category: "AmlfsAuditEvent" }]);
    expect(only(doc, "azurerm_kubernetes_cluster").storage_profile).toBeUndefined();
  });

  it.each([
    ["a throughput Azure does not sell", { sharedStorage: { kind: "lustre", throughputMBpsPerTiB: 1000 } }, /^sharedStorage\.throughputMBpsPerTiB: Azure Managed Lustre sells 40, 125, 250, 500 MB\/s per TiB/],
    ["a capacity that is not whole TiB", { sharedStorage: { kind: "lustre", capacityGiB: 5000 } }, /^sharedStorage\.capacityGiB: Azure Managed Lustre sizes are whole TiB/],
    ["a capacity off the SKU's step", { sharedStorage: { kind: "lustre", throughputMBpsPerTiB: 125, capacityGiB: 8192 } }, /^sharedStorage\.capacityGiB: AMLFS-Durable-Premium-125 takes 16 to 128 TiB in steps of 16 \(got 8192 GiB = 8 TiB\)/],
    ["backups", { sharedStorage: { kind: "lustre", backupRetentionDays: 7 } }, /^sharedStorage\.backupRetentionDays: Azure Managed Lustre has no automatic backups in azurerm 4\.55/],
    ["Lustre without the HPC Cache Resource Provider's object id", { sharedStorage: { kind: "lustre" }, azure: { subscriptionId: SUBSCRIPTION, cosmosDbObjectId: COSMOS_DB } }, /^azure\.lustreResourceProviderObjectId: Managed Lustre imports from the datasets container only when the "HPC Cache Resource Provider" service principal holds/],
    ["shared storage without training", { training: undefined, sharedStorage: { kind: "object-mount" } }, /^sharedStorage: mounts into the AKS training cluster's pods/],
  ])("rejects %s at its spec path", (_, overrides, message) => {
    expect(problemsOf(() => resolveEnvironmentSpec(spec(overrides)))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it("imports the path importPrefix names inside the datasets container, all of it when unset", () => {
    const { doc } = synth({ sharedStorage: { kind: "lustre", importPrefix: "curated/" } });
    expect((only(doc, "azurerm_managed_lustre_file_system") as { hsm_setting: { import_prefix: string } }).hsm_setting.import_prefix).toBe("/curated/");
    expect(resolveEnvironmentSpec(spec({ sharedStorage: { kind: "lustre" } })).sharedStorage?.importPrefix).toBe("");
  });

  it("defaults Lustre to the smallest size of the tier's SKU (4 TiB at 500 MB/s per TiB in dev, 16 TiB at 125 in prod)", () => {
    expect(resolveEnvironmentSpec(spec({ sharedStorage: { kind: "lustre" } })).sharedStorage).toMatchObject({ capacityGiB: 4096, throughputMBpsPerTiB: 500 });
    expect(resolveEnvironmentSpec(spec({ tier: "prod", sharedStorage: { kind: "lustre" } })).sharedStorage).toMatchObject({ capacityGiB: 16384, throughputMBpsPerTiB: 125 });
  });
});

describe("Azure vector store", () => {
  it("builds PostgreSQL with pgvector in the delegated subnet, Entra ID only, and gives training jobs a role by SQL", () => {
    const { doc, stack } = synth({ vectorStore: { engine: "postgres-pgvector" } }, { postgresAdmin: ADMIN });
    expect(stack.monitoring.diagnosticNames).toContain("vector-store");
    const server = only(doc, "azurerm_postgresql_flexible_server") as Record<string, unknown> & { authentication: Record<string, unknown> };
    expect(server).toMatchObject({ name: "acme-dev-pg", sku_name: "B_Standard_B1ms", public_network_access_enabled: false });
    expect(server.delegated_subnet_id).toMatch(/azurerm_subnet\.network_postgres/);
    expect(server.authentication).toMatchObject({ active_directory_auth_enabled: true, password_auth_enabled: false });
    expect(only(doc, "azurerm_postgresql_flexible_server_active_directory_administrator")).toMatchObject({ object_id: ADMIN.objectId, principal_name: ADMIN.principalName, principal_type: "Group" });
    const outputs = doc.output as Record<string, { value: string }>;
    expect(outputs.vector_store_principal_sql.value).toMatch(/pgaadauth_create_principal_with_oid\('training_job'/);
    expect(outputs.vector_store_grant_sql.value).toMatch(/CREATE EXTENSION IF NOT EXISTS vector;/);
  });

  it("builds AI Search behind a private endpoint in the search zone, and lets training jobs write and manage indexes", () => {
    const { doc, stack } = synth({ vectorStore: { engine: "managed-search" } });
    expect(stack.monitoring.diagnosticNames).toContain("vector-search");
    expect(only(doc, "azurerm_search_service")).toMatchObject({ name: "acme-dev-search", public_network_access_enabled: false, local_authentication_enabled: false });
    expect(dnsZones(doc)).toContain("privatelink.search.windows.net");
    const search = resources(doc, "azurerm_private_endpoint").find((e) => JSON.stringify(e).includes("searchService"));
    expect(search).toBeDefined();
    expect(roles(doc, "Search Index Data Contributor")).toHaveLength(1);
    expect(roles(doc, "Search Service Contributor")).toHaveLength(1);
    expect(resources(doc, "azurerm_subnet").map((s) => s.name)).not.toContain(expect.stringMatching(/postgres/));
  });

  it.each([
    ["pgvector without its Entra administrator", { vectorStore: { engine: "postgres-pgvector" } }, {}, /^azure\.postgresAdmin: is required with vectorStore\.engine: postgres-pgvector/],
    ["an administrator for AI Search", { vectorStore: { engine: "managed-search" } }, { postgresAdmin: ADMIN }, /^azure\.postgresAdmin: applies to vectorStore\.engine: postgres-pgvector only/],
    ["more dimensions than AI Search takes", { vectorStore: { engine: "managed-search", dimensions: 8000 } }, {}, /^vectorStore\.dimensions: /],
  ])("rejects %s at its spec path", (_, overrides, azure, message) => {
    expect(problemsOf(() => resolveEnvironmentSpec(spec(overrides, azure)))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

describe("Azure registry and inference", () => {
  it("always builds a private Premium registry the kubelet identity pulls from, with its zone and output", () => {
    const { doc } = synth();
    expect(only(doc, "azurerm_container_registry")).toMatchObject({ sku: "Premium", admin_enabled: false, public_network_access_enabled: false });
    expect(dnsZones(doc)).toEqual(["acme-dev.private.eastus2.azmk8s.io", "privatelink.api.azureml.ms", "privatelink.azurecr.io", "privatelink.blob.core.windows.net", "privatelink.file.core.windows.net", "privatelink.notebooks.azure.net", "privatelink.vaultcore.azure.net"]);
    const pull = roles(doc, "AcrPull");
    expect(pull).toHaveLength(1);
    expect(pull[0].principal_id).toMatch(/user_assigned_identity\.training_kubelet-identity/);
    expect(Object.keys(doc.output ?? {})).toContain("serving_repository_url");
  });

  it("deploys azure.openAi behind a private endpoint with diagnostics, a throttling alert and a latency alert", () => {
    const { doc, stack } = synth({}, { openAi: OPENAI });
    expect(only(doc, "azurerm_cognitive_deployment")).toMatchObject({ name: "gpt-5.2", model: { format: "OpenAI", name: "gpt-5.2", version: "2025-12-11" }, sku: { name: "GlobalStandard", capacity: 30 } });
    expect(dnsZones(doc)).toContain("privatelink.openai.azure.com");
    expect(stack.monitoring.diagnosticNames).toContain("openai");
    const alerts = resources(doc, "azurerm_monitor_metric_alert") as { criteria: { metric_name: string; dimension?: { values: string[] }[] }[] }[];
    expect(alerts.map((a) => a.criteria[0].metric_name).sort()).toEqual(["AzureOpenAIRequests", "AzureOpenAITimeToResponse"]);
    expect(alerts.find((a) => a.criteria[0].metric_name === "AzureOpenAIRequests")?.criteria[0].dimension?.[0].values).toEqual(["429"]);
    expect(roles(doc, "Cognitive Services OpenAI User")).toHaveLength(1);
    // a Standard deployment emits no time to response: no latency alert
    const standard = synth({}, { openAi: { ...OPENAI, sku: "Standard" } }).doc;
    expect(resources(standard, "azurerm_monitor_metric_alert")).toHaveLength(1);
  });

  it("hands a Hugging Face model to the platform stack on the training pool, with vLLM when the pool scales from zero", () => {
    const { stack } = synth({ training: A100, inference: { ...A100, model: { huggingFace: "microsoft/Phi-4-mini-instruct" }, replicas: { min: 1, max: 1 } } });
    expect(stack.servingModel).toMatchObject({ pool: "train", huggingFace: "microsoft/Phi-4-mini-instruct", engine: "vllm", replicas: 1 });
    const props = azurePlatformPropsOf(stack);
    if (typeof props === "string") throw new Error(props);
    const platform = new AzurePlatformStack(Testing.app(), props);
    expect(platform.serving?.engine).toBe("vllm");
  });

  it.each([
    ["a model image", { training: A100, inference: { ...A100, model: { image: "v1" } } }, {}, /^inference\.model: \{ image \} needs an Azure ML online endpoint, which azurerm 4\.55 has no resource for .* inference\.model: \{ huggingFace/],
    ["an unset model (an image)", { training: A100, inference: A100 }, {}, /^inference\.model: \{ image \} .*inference\.model is unset/],
    ["a Hugging Face model without training", { training: undefined, sharedStorage: undefined, inference: { ...A100, model: { huggingFace: "microsoft/Phi-4-mini-instruct" } } }, {}, /^inference: serves microsoft\/Phi-4-mini-instruct on the training cluster's GPU pool on Azure: add training/],
    ["another accelerator than the training pool's", { inference: { ...A100, model: { huggingFace: "microsoft/Phi-4-mini-instruct" } } }, {}, /^inference\.accelerator: the model runs on the training GPU pool/],
    ["a gated model without its token secret", { training: A100, inference: { ...A100, model: { huggingFace: "meta-llama/Llama-3.1-8B-Instruct" } } }, {}, /^azure\.huggingFaceTokenSecret: meta-llama\/Llama-3\.1-8B-Instruct is a gated Hugging Face model/],
    ["a token secret without a served model", {}, { huggingFaceTokenSecret: "hf-token" }, /^azure\.huggingFaceTokenSecret: applies to a served Hugging Face model/],
    ["a provisioned OpenAI deployment in dev", {}, { openAi: { ...OPENAI, sku: "GlobalProvisionedManaged", capacity: 15 } }, /^azure\.openAi\.sku: is provisioned throughput, billed every hour/],
    ["PTUs off the step", { tier: "prod" }, { openAi: { ...OPENAI, sku: "GlobalProvisionedManaged", capacity: 17 } }, /^azure\.openAi\.capacity: GlobalProvisionedManaged gpt-5\.2 takes at least 15 PTU in steps of 5/],
  ])("rejects %s at its spec path", (_, overrides, azure, message) => {
    expect(problemsOf(() => resolveEnvironmentSpec(spec(overrides, azure)))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

describe("Azure components together", () => {
  const everything = (tier: "dev" | "prod") =>
    synth({ tier, sharedStorage: { kind: tier === "prod" ? "lustre" : "object-mount" }, vectorStore: { engine: tier === "prod" ? "managed-search" : "postgres-pgvector" } }, { postgresAdmin: tier === "prod" ? undefined : ADMIN, openAi: OPENAI });

  it("tags every taggable resource of every component with the environment's tags and its component", () => {
    for (const tier of ["dev", "prod"] as const) {
      const { doc } = everything(tier);
      for (const [type, byName] of Object.entries(doc.resource)) {
        // hashicorp/time's time_sleep (the RBAC propagation waits) takes no tags.
        if (!type.startsWith("azurerm_")) continue;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const module = require(`@cdktf/provider-azurerm/lib/${type.replace(/^azurerm_/, "").replace(/_/g, "-")}`) as Record<string, { tfResourceType?: string; prototype?: object }>;
        const binding = Object.values(module).find((c) => c.tfResourceType === type);
        if (!binding?.prototype || !("tagsInput" in binding.prototype)) continue;
        for (const [address, r] of Object.entries(byName) as [string, { tags?: Record<string, string> }][]) {
          expect(r.tags, `${type}.${address}`).toMatchObject({ environment: `acme-${tier}`, "managed-by": "llmops-constructs", component: expect.any(String) });
        }
      }
    }
  });

  it("synthesizes byte-identical JSON twice", () => {
    expect(JSON.stringify(everything("prod").doc)).toBe(JSON.stringify(everything("prod").doc));
  });

  it.each(["dev", "prod"] as const)("has zero open guardrail findings with every %s component, the model registry's (and Lustre's) shared-key exception, the versioned key's missing expiry and the image registry's Microsoft-managed keys suppressed with their reasons", (tier) => {
    const { stack } = everything(tier);
    rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
    const open = stack.guardrails.results.filter((f) => f.status === "non-compliant");
    expect(open.map((f) => `${f.ruleId} ${f.level}: ${f.message}`)).toEqual([]);
    const suppressed = stack.guardrails.results.filter((f) => f.status === "suppressed");
    // the versioned key (AKS KMS) and the OpenAI key never expire, and the OpenAI key's vault uses access policies; the image registry keeps Microsoft-managed keys; the model registry's account (and prod's Lustre) needs shared keys
    const reasons: Record<string, RegExp> = {
      "LLM-AZ-KV-1": /^Azure OpenAI takes a customer-managed key only through its system-assigned identity from a vault using legacy access policies/,
      "LLM-AZ-KV-2": /^Consumers of this key pin a key version \(AKS KMS etcd encryption and Azure Managed Lustre take a versioned id/,
      "LLM-AZ-ACR-2": /^The environment's Key Vault has public access off, and Azure Container Registry reaches a firewalled vault only as a trusted service through its system-assigned identity/,
      "LLM-AZ-ST-2": /^(Azure Managed Lustre blob integration \(import and export\) authenticates with the account's shared keys|The Azure Machine Learning workspace's default datastores)/,
    };
    expect(suppressed.map((f) => f.ruleId).sort()).toEqual(tier === "prod" ? ["LLM-AZ-ACR-2", "LLM-AZ-KV-1", "LLM-AZ-KV-2", "LLM-AZ-KV-2", "LLM-AZ-ST-2", "LLM-AZ-ST-2"] : ["LLM-AZ-ACR-2", "LLM-AZ-KV-1", "LLM-AZ-KV-2", "LLM-AZ-KV-2", "LLM-AZ-ST-2"]);
    for (const f of suppressed) expect(f.suppressionReason).toMatch(reasons[f.ruleId]);
  });
});
