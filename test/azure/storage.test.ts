import { describe, expect, it } from "vitest";
import { AzureStorage } from "../../lib/constructs/azure/storage";
import { suppressionsOn } from "../../lib/policy/suppressions";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { network, storage, synthAzure, vault, type Env, roleDependencies } from "./helpers";

type Props = Partial<ConstructorParameters<typeof AzureStorage>[2]>;
const build = (props: Props = {}, env: Env = DEV) => synthAzure((s) => storage(s, env, props));

describe("AzureStorage", () => {
  it("makes a private StorageV2 account with TLS 1.2, shared key off, Entra ID by default and no public blobs", () => {
    // given / when
    const doc = build();
    // then
    expect(only(doc, "azurerm_storage_account")).toMatchObject({
      name: "acmedevdata",
      account_kind: "StorageV2",
      account_replication_type: "LRS",
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      allow_nested_items_to_be_public: false,
      public_network_access_enabled: false,
      cross_tenant_replication_enabled: false,
      network_rules: { default_action: "Deny", bypass: ["AzureServices"] },
    });
  });

  it("encrypts with the versionless key through the user-assigned identity, after the identity's grant on the key", () => {
    const doc = build();
    const account = only(doc, "azurerm_storage_account");
    expect(account).toMatchObject({
      infrastructure_encryption_enabled: true,
      identity: { type: "UserAssigned", identity_ids: [expect.stringMatching(/azurerm_user_assigned_identity\.keys_identity-storage_\w+\.id/)] },
      customer_managed_key: { key_vault_key_id: expect.stringMatching(/azurerm_key_vault_key\.keys_key_\w+\.versionless_id/), user_assigned_identity_id: expect.stringMatching(/identity-storage/) },
    });
    const grant = Object.keys(doc.resource.azurerm_role_assignment).find((k) => k.startsWith("keys_key-user"));
    expect(account.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_key_vault_key\./), expect.stringMatching(/^azurerm_private_endpoint\.keys_endpoint/)]));
    expect(roleDependencies(doc, account)).toEqual({ direct: [], awaited: [`azurerm_role_assignment.${grant}`] });
    // the vault's identities already hold that grant: no second assignment
    expect(resources(doc, "azurerm_role_assignment").filter((r) => r.role_definition_name === "Key Vault Crypto Service Encryption User")).toHaveLength(1);
  });

  it("keeps versions and soft-deleted blobs and containers, and reaches blobs only through a private endpoint", () => {
    const doc = build();
    expect(only(doc, "azurerm_storage_account").blob_properties).toMatchObject({ versioning_enabled: true, delete_retention_policy: { days: 7 }, container_delete_retention_policy: { days: 7 } });
    const pe = resources(doc, "azurerm_private_endpoint").find((p) => p.name === "acmedevdata-blob-pe");
    expect(pe?.private_service_connection).toMatchObject({ subresource_names: ["blob"] });
    expect(JSON.stringify(pe?.private_dns_zone_group)).toMatch(/zone-blob/);
  });

  it("makes the datasets, checkpoints and artifacts containers through ARM, private", () => {
    const doc = build();
    expect(resources(doc, "azurerm_storage_container").map((c) => c.name).sort()).toEqual(["artifacts", "checkpoints", "datasets"]);
    for (const c of resources(doc, "azurerm_storage_container")) expect(c).toMatchObject({ container_access_type: "private", storage_account_id: expect.stringMatching(/azurerm_storage_account\.storage_account_\w+\.id/) });
  });

  it("deletes non-current versions and cools old checkpoints", () => {
    const rules = only(build(), "azurerm_storage_management_policy").rule as Record<string, unknown>[];
    expect(rules).toEqual([
      expect.objectContaining({ name: "noncurrent-versions", actions: { version: { delete_after_days_since_creation: 30 } } }),
      expect.objectContaining({ name: "cool-checkpoints", filters: { blob_types: ["blockBlob"], prefix_match: ["checkpoints/"] }, actions: { base_blob: { tier_to_cool_after_days_since_modification_greater_than: 30 } } }),
    ]);
  });

  it("replicates across zones and regions, keeps longer and cannot be destroyed in prod", () => {
    const doc = build({}, PROD);
    expect(only(doc, "azurerm_storage_account")).toMatchObject({ account_replication_type: "GZRS", blob_properties: { delete_retention_policy: { days: 30 } }, lifecycle: { prevent_destroy: true } });
    expect(AzureStorage.defaults("staging")).toMatchObject({ replication: "ZRS", versionRetentionDays: 90, preventDestroy: false });
  });

  it("turns shared key on only for a documented service, recording the reason as a guardrail suppression", () => {
    synthAzure((s) => {
      const st = storage(s, DEV, { sharedKeyAccessFor: "managed-lustre-blob-integration" });
      expect(st.sharedKeyAccess).toBe(true);
      expect(st.account.sharedAccessKeyEnabledInput).toBe(true);
      expect(suppressionsOn(st.account)).toEqual([{ id: "LLM-AZ-ST-2", reason: expect.stringMatching(/Managed Lustre blob integration/) }]);
    });
    expect(problemsOf(() => build({ sharedKeyAccessFor: "backups" as never }))).toEqual([expect.stringMatching(/^sharedKeyAccessFor: Shared-key access accepts managed-lustre-blob-integration, azure-ml-workspace-datastores \(got "backups"\)/)]);
  });

  it("serves an Azure Machine Learning workspace: no containers of its own, blob and file private endpoints, shared key on with the datastores' reason", () => {
    // given a network with the file zone, and an account for a workspace
    const doc = synthAzure((s) => {
      const net = network(s, DEV, { privateEndpointKinds: ["vault", "blob", "file"] });
      const kv = vault(s, DEV, { identities: ["storage"] }, net);
      const st = new AzureStorage(s, "storage", { environment: DEV, network: net, encryptionKey: kv, keyIdentity: kv.identity("storage"), accountName: "acmedevmlw", containers: [], endpoints: ["blob", "file"], sharedKeyAccessFor: "azure-ml-workspace-datastores" });
      // then the suppression records the datastores' reason, and no container is made
      expect(suppressionsOn(st.account)).toEqual([{ id: "LLM-AZ-ST-2", reason: expect.stringMatching(/default datastores .*systemDatastoresAuthMode.*azurerm 4\.55/) }]);
      expect(Object.keys(st.containers)).toEqual([]);
      expect(Object.keys(st.endpoints).sort()).toEqual(["blob", "file"]);
    });
    expect(only(doc, "azurerm_storage_account")).toMatchObject({ name: "acmedevmlw", account_tier: "Standard", shared_access_key_enabled: true, public_network_access_enabled: false, min_tls_version: "TLS1_2", customer_managed_key: expect.any(Object) });
    expect(resources(doc, "azurerm_storage_container")).toEqual([]);
    const endpoints = resources(doc, "azurerm_private_endpoint").filter((p) => String(p.name).startsWith("acmedevmlw"));
    expect(endpoints.map((p) => [p.name, (p.private_service_connection as { subresource_names: string[] }).subresource_names[0]])).toEqual([
      ["acmedevmlw-blob-pe", "blob"],
      ["acmedevmlw-file-pe", "file"],
    ]);
    // the management policy keeps the version rule only: there is no checkpoints container to cool
    expect((only(doc, "azurerm_storage_management_policy") as { rule: { name: string }[] }).rule.map((r) => r.name)).toEqual(["noncurrent-versions"]);
  });

  it("refuses an endpoint list without blob, an unknown endpoint or container", () => {
    expect(problemsOf(() => build({ endpoints: ["file"] }))).toEqual([expect.stringMatching(/^endpoints: must include "blob"/)]);
    expect(problemsOf(() => build({ endpoints: ["blob", "queue" as never], containers: ["models" as never] }))).toEqual([
      expect.stringMatching(/^containers\.0: A container accepts datasets, checkpoints, artifacts \(got "models"\)/),
      expect.stringMatching(/^endpoints\.1: A storage private endpoint accepts blob, file \(got "queue"\)/),
    ]);
  });

  it("grants blob read and read-write on the account keyed by value", () => {
    const doc = synthAzure((s) => {
      const st = storage(s);
      const a = st.grantRead({ principalId: "11111111-1111-1111-1111-111111111111" });
      expect(st.grantRead({ principalId: "11111111-1111-1111-1111-111111111111" }).policy).toBe(a.policy);
      st.grantReadWrite({ principalId: "11111111-1111-1111-1111-111111111111" });
      expect(st.containerId("datasets")).toBeDefined();
    });
    const roles = resources(doc, "azurerm_role_assignment").filter((r) => String(r.role_definition_name).startsWith("Storage Blob"));
    expect(roles.map((r) => r.role_definition_name).sort()).toEqual(["Storage Blob Data Contributor", "Storage Blob Data Reader"]);
    for (const r of roles) expect(r.scope).toMatch(/azurerm_storage_account\.storage_account_\w+\.id/);
    expect(Object.keys(doc.resource.azurerm_role_assignment).filter((k) => k.startsWith("storage_reader"))).toEqual([expect.stringMatching(/^storage_reader-storage-blob-data-reader-[0-9a-f]{8}_/)]);
  });

  it("rejects retention Azure does not accept and names it cannot take", () => {
    expect(problemsOf(() => build({ softDeleteDays: 0, versionRetentionDays: 40000, replication: "PRS" as never }))).toEqual([
      expect.stringMatching(/^replication: Storage replication accepts LRS, ZRS/),
      expect.stringMatching(/^softDeleteDays: .*from 1 to 365 \(got 0\)/),
      expect.stringMatching(/^versionRetentionDays: .*from 1 to 36500 \(got 40000\)/),
    ]);
    expect(problemsOf(() => build({ accountName: "Acme-Data" }))).toEqual([expect.stringMatching(/^accountName: Azure storage account names allow lowercase letters and digits only/)]);
  });
});
