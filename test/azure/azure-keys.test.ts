import { rmSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Testing } from "../../lib/cdk";
import { VERSIONED_KEY_NO_EXPIRY_REASON } from "../../lib/constructs/azure/key-vault";
import { resolveEnvironmentSpec } from "../../lib/environment/resolve";
import { AzureLlmOpsStack } from "../../lib/stacks/azure-llmops-stack";
import { only, problemsOf, resources, synthStack, type Synthesized } from "../helpers";
import { azureEnvSpec, synthAzure, vault } from "./helpers";

const SUBSCRIPTION = "11111111-1111-1111-1111-111111111111";
const HPC_CACHE_RP = "22222222-2222-2222-2222-222222222222";

const spec = (overrides: Record<string, unknown> = {}, azure: Record<string, unknown> = {}) => azureEnvSpec(SUBSCRIPTION, overrides, azure);

function synth(overrides: Record<string, unknown> = {}, azure: Record<string, unknown> = {}): { stack: AzureLlmOpsStack; doc: Synthesized } {
  const stack = new AzureLlmOpsStack(Testing.app(), { spec: spec(overrides, azure) });
  return { stack, doc: synthStack(stack) };
}

type Key = { name: string; rotation_policy: { automatic: { time_after_creation: string }; expire_after?: string; notify_before_expiry?: string } };
const keys = (doc: Synthesized) => resources(doc, "azurerm_key_vault_key") as unknown as Key[];
const LUSTRE = { sharedStorage: { kind: "lustre", throughputMBpsPerTiB: 125, capacityGiB: 16384 } };

describe("Key versions and the services that pin one", () => {
  it("gives AKS KMS and Managed Lustre a key that rotates every 90 days and never expires, while the main key still expires", () => {
    // given a prod environment with training and Lustre
    const { doc, stack } = synth({ tier: "prod", ...LUSTRE }, { lustreResourceProviderObjectId: HPC_CACHE_RP });
    // then two keys: the main one expires 90 days after its successor appears, the versioned one has no expiry
    const [main, versioned] = [keys(doc).find((k) => !k.name.endsWith("-versioned")), keys(doc).find((k) => k.name.endsWith("-versioned"))];
    expect(main?.rotation_policy).toEqual({ automatic: { time_after_creation: "P90D" }, expire_after: "P180D", notify_before_expiry: "P30D" });
    expect(versioned?.rotation_policy).toEqual({ automatic: { time_after_creation: "P90D" } });
    expect(stack.versionedKey?.expireAfterDays).toBeUndefined();
    // and the two services that hold a versioned key id take the versioned key's current version
    const kms = only(doc, "azurerm_kubernetes_cluster").key_management_service as { key_vault_key_id: string };
    const lustre = only(doc, "azurerm_managed_lustre_file_system").encryption_key as { key_url: string };
    expect(kms.key_vault_key_id).toMatch(/^\$\{data\.azurerm_key_vault_key\.key-vault_key-versioned_current-version_\w+\.id\}$/);
    expect(lustre.key_url).toMatch(/^\$\{data\.azurerm_key_vault_key\.key-vault_key-versioned_current-version_\w+\.id\}$/);
    // the current version is read each plan by the data source (the key resource keeps the version it made), after the key exists
    const [current] = Object.values((doc as unknown as { data: Record<string, Record<string, { name: string; key_vault_id: string; depends_on: string[] }>> }).data.azurerm_key_vault_key).filter((d) => /key-vault_key-versioned_key_\w+\.name/.test(d.name));
    expect(current).toMatchObject({ key_vault_id: expect.stringMatching(/azurerm_key_vault_key\.key-vault_key-versioned_key_\w+\.key_vault_id/), depends_on: [expect.stringMatching(/^azurerm_key_vault_key\.key-vault_key-versioned_key_/)] });
    // the cluster's KMS grant, Lustre's and the model registry workspace's identity grants (and the Cosmos DB principal's, for the workspace) are on the versioned key
    const onVersioned = resources(doc, "azurerm_role_assignment").filter((r) => String(r.scope).includes("key-vault_key-versioned_key"));
    expect(onVersioned.map((r) => r.role_definition_name).sort()).toEqual(["Key Vault Crypto Service Encryption User", "Key Vault Crypto Service Encryption User", "Key Vault Crypto Service Encryption User", "Key Vault Crypto User"]);
    expect((only(doc, "azurerm_machine_learning_workspace").encryption as { key_id: string }).key_id).toMatch(/^\$\{data\.azurerm_key_vault_key\.key-vault_key-versioned_current-version_\w+\.id\}$/);
    // versionless consumers keep the main key
    for (const account of resources(doc, "azurerm_storage_account")) expect((account.customer_managed_key as { key_vault_key_id: string }).key_vault_key_id).toMatch(/key-vault_key_\w+\.versionless_id/);
  });

  it("grants each identity only the key it reads: the main key to storage (and the vector store), the versioned key to Lustre and the model registry", () => {
    const { doc } = synth({ tier: "prod", ...LUSTRE }, { lustreResourceProviderObjectId: HPC_CACHE_RP });
    const users = resources(doc, "azurerm_role_assignment").filter((r) => r.role_definition_name === "Key Vault Crypto Service Encryption User");
    const onMain = users.filter((r) => /azurerm_key_vault_key\.key-vault_key_\w+\.resource_versionless_id/.test(String(r.scope))).map((r) => String(r.principal_id));
    const onVersioned = users.filter((r) => /key-vault_key-versioned_key_\w+\.resource_versionless_id/.test(String(r.scope))).map((r) => String(r.principal_id));
    expect(onMain.some((p) => /identity-lustre|identity-mlw/.test(p))).toBe(false);
    expect(onMain.some((p) => /identity-storage/.test(p))).toBe(true);
    expect(onVersioned.filter((p) => /identity-lustre|identity-mlw/.test(p))).toHaveLength(2);
  });

  it("makes the versioned key without training or Lustre too: the model registry's workspace pins a version", () => {
    const { doc } = synth({ training: undefined });
    expect(keys(doc).map((k) => k.name.endsWith("-versioned")).sort()).toEqual([false, true]);
    expect((only(doc, "azurerm_machine_learning_workspace").encryption as { key_id: string }).key_id).toMatch(/key-vault_key-versioned_current-version_\w+\.id/);
  });

  it.each(["dev", "staging", "prod"] as const)("keeps the key rotation guardrail clean on %s: the versioned key's missing expiry is a suppression with its reason", (tier) => {
    const stack = new AzureLlmOpsStack(Testing.app(), { spec: spec({ tier, ...LUSTRE }, { lustreResourceProviderObjectId: HPC_CACHE_RP }) });
    rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
    const rotation = stack.guardrails.results.filter((f) => f.ruleId === "LLM-AZ-KV-2");
    expect(rotation.filter((f) => f.status !== "compliant" && f.status !== "suppressed")).toEqual([]);
    expect(rotation.filter((f) => f.status === "suppressed")).toEqual([expect.objectContaining({ suppressionReason: VERSIONED_KEY_NO_EXPIRY_REASON })]);
    expect(rotation.filter((f) => f.status === "compliant")).toHaveLength(1);
  });
});

describe("AzureKeyVault.addKey", () => {
  it("makes a key of the vault's type with the main key's rotation, without expiry when expires is false", () => {
    const doc = synthAzure((s) => {
      const kv = vault(s);
      kv.addKey("openai", { keySize: 2048 });
      kv.addKey("pinned", { keySize: 3072, expires: false });
    });
    const byName = Object.fromEntries(keys(doc).map((k) => [k.name.split("-").pop(), k.rotation_policy]));
    expect(byName.openai).toEqual({ automatic: { time_after_creation: "P90D" }, expire_after: "P180D", notify_before_expiry: "P30D" });
    expect(byName.pinned).toEqual({ automatic: { time_after_creation: "P90D" } });
  });
});

describe("Subscription features the cluster needs", () => {
  it("warns that host encryption needs Microsoft.Compute/EncryptionAtHost and the size's support, and registers nothing subscription-wide", () => {
    // given a spec with training on an A10 size
    const resolved = resolveEnvironmentSpec(spec());
    // then one warning names the feature, the commands and the size check; no InfiniBand warning
    expect(resolved.warnings.filter((w) => w.includes("EncryptionAtHost"))).toEqual([expect.stringMatching(/^training: every AKS node pool encrypts at the host, .*az feature register --namespace Microsoft\.Compute --name EncryptionAtHost.*--size Standard_NV36ads_A10_v5/)]);
    expect(resolved.warnings.some((w) => w.includes("AKSInfinibandSupport"))).toBe(false);
    // and the stack owns no provider registration resource (the provider block registers namespaces)
    expect(resources(synth().doc, "azurerm_resource_provider_registration")).toEqual([]);
  });

  it("warns that an InfiniBand size needs Microsoft.ContainerService/AKSInfinibandSupport", () => {
    const resolved = resolveEnvironmentSpec(spec({ tier: "prod", training: { accelerator: "nvidia-h100", acceleratorsPerNode: 8 } }));
    expect(resolved.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^training: Standard_ND96isr_H100_v5 is an InfiniBand size: .*AKSInfinibandSupport/)]));
  });

  it("has no such warning without training", () => {
    expect(resolveEnvironmentSpec(spec({ training: undefined })).warnings.filter((w) => /EncryptionAtHost|Infiniband/.test(w))).toEqual([]);
  });
});

describe("Outbound paths of the service subnets", () => {
  it("creates Managed Lustre and PostgreSQL after their subnets' NAT associations", () => {
    // given prod with Lustre and PostgreSQL
    const admin = { objectId: "33333333-3333-3333-3333-333333333333", principalName: "ml-db-admins", principalType: "Group" };
    const { doc } = synth({ tier: "prod", ...LUSTRE, vectorStore: { engine: "postgres-pgvector" } }, { lustreResourceProviderObjectId: HPC_CACHE_RP, postgresAdmin: admin });
    // then each waits for its own subnet's association
    const dependsOn = (type: string) => (only(doc, type).depends_on as string[]).filter((d) => d.startsWith("azurerm_subnet_nat_gateway_association"));
    expect(dependsOn("azurerm_managed_lustre_file_system")).toEqual([expect.stringMatching(/^azurerm_subnet_nat_gateway_association\.network_lustre-nat_\w+$/)]);
    expect(dependsOn("azurerm_postgresql_flexible_server")).toEqual([expect.stringMatching(/^azurerm_subnet_nat_gateway_association\.network_postgres-nat_\w+$/)]);
  });
});

describe("azure.openAi against the model lifecycle and the data classification", () => {
  afterEach(() => vi.unstubAllEnvs());
  const openAi = (o: Record<string, unknown> = {}) => ({ openAi: { model: "gpt-5.2", version: "2025-12-11", capacity: 10, ...o } });

  it("takes DataZoneStandard for a confidential environment and GlobalStandard otherwise, and warns on a Global SKU it was given", () => {
    const confidential = resolveEnvironmentSpec(spec({ tags: { "data-classification": "confidential" } }, openAi()));
    expect(confidential.azure?.openAi?.sku).toBe("DataZoneStandard");
    expect(resolveEnvironmentSpec(spec({}, openAi())).azure?.openAi?.sku).toBe("GlobalStandard");
    const given = resolveEnvironmentSpec(spec({ tags: { "data-classification": "restricted" } }, openAi({ sku: "GlobalStandard" })));
    expect(given.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^azure\.openAi\.sku: GlobalStandard may process restricted prompts in any Azure region/)]));
    // outside the US and EU data zones it stays in the region
    expect(resolveEnvironmentSpec(spec({ region: "japaneast", training: undefined, tags: { "data-classification": "confidential" } }, openAi())).azure?.openAi?.sku).toBe("Standard");
    // and the deployment the stack makes follows it, upgrading only when its version retires
    const { doc } = synth({ tags: { "data-classification": "confidential" } }, openAi());
    expect(only(doc, "azurerm_cognitive_deployment")).toMatchObject({ sku: { name: "DataZoneStandard", capacity: 10 }, version_upgrade_option: "OnceCurrentVersionExpired" });
  });

  it("refuses a retired version at azure.openAi.version and warns about one retiring soon", () => {
    vi.stubEnv("LLMOPS_TODAY", "2026-12-01");
    expect(problemsOf(() => resolveEnvironmentSpec(spec({}, openAi({ model: "gpt-4o-mini", version: "2024-07-18" }))))).toEqual([expect.stringMatching(/^azure\.openAi\.version: gpt-4o-mini 2024-07-18 was retired on 2026-03-31/)]);
    vi.stubEnv("LLMOPS_TODAY", "2027-03-01");
    expect(resolveEnvironmentSpec(spec({}, openAi())).warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^azure\.openAi\.version: gpt-5\.2 2025-12-11 retires no earlier than 2027-05-12/)]));
  });
});

describe("Placeholders and dates the spec carries", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("warns on every Azure id still holding the nil GUID, at its spec path", () => {
    const nil = "00000000-0000-0000-0000-000000000000";
    const admin = { objectId: nil, principalName: "ml-db-admins", principalType: "Group" };
    const resolved = resolveEnvironmentSpec(spec({ vectorStore: { engine: "postgres-pgvector" } }, { subscriptionId: nil, tenantId: nil, postgresAdmin: admin, clusterAdminGroupObjectIds: [HPC_CACHE_RP, nil] }));
    const paths = resolved.warnings.filter((w) => w.includes("nil GUID")).map((w) => w.split(":")[0]);
    expect(paths).toEqual(["azure.subscriptionId", "azure.tenantId", "azure.postgresAdmin.objectId", "azure.clusterAdminGroupObjectIds.1"]);
    expect(resolveEnvironmentSpec(spec()).warnings.filter((w) => w.includes("nil GUID"))).toEqual([]);
  });

  it("warns when the budget starts in a month before today's, not within the current month", () => {
    vi.stubEnv("LLMOPS_TODAY", "2027-02-14");
    expect(resolveEnvironmentSpec(spec()).warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^budget\.startDate: 2026-12-01 is in a past month \(today 2027-02-14\): .*set the first day of the current month \(2027-02-01\)/)]));
    vi.stubEnv("LLMOPS_TODAY", "2026-12-31");
    expect(resolveEnvironmentSpec(spec()).warnings.filter((w) => w.startsWith("budget.startDate"))).toEqual([]);
  });
});
