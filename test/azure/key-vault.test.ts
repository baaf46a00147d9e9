import { describe, expect, it } from "vitest";
import { AzureKeyVault } from "../../lib/constructs/azure/key-vault";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { synthAzure, vault, type Env, roleDependencies } from "./helpers";

type Props = Partial<ConstructorParameters<typeof AzureKeyVault>[2]>;
const build = (props: Props = {}, env: Env = DEV) => synthAzure((s) => vault(s, env, props));

describe("AzureKeyVault", () => {
  it("makes an RBAC vault with purge protection, 90-day soft delete, no public access and a deny-by-default ACL", () => {
    // given / when
    const doc = build();
    // then
    expect(only(doc, "azurerm_key_vault")).toMatchObject({
      name: "acme-dev-kv",
      sku_name: "standard",
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      public_network_access_enabled: false,
      network_acls: { default_action: "Deny", bypass: "AzureServices" },
      tenant_id: expect.stringMatching(/data\.azurerm_client_config\.\w+\.tenant_id/),
    });
  });

  it("reaches the vault through a private endpoint in the endpoints subnet with its record in the vault zone", () => {
    const doc = build();
    const pe = only(doc, "azurerm_private_endpoint");
    expect(pe).toMatchObject({ name: "acme-dev-kv-pe", subnet_id: expect.stringMatching(/azurerm_subnet\.network_endpoints_\w+\.id/) });
    expect(pe.private_service_connection).toMatchObject({ subresource_names: ["vault"], is_manual_connection: false });
    expect((pe.private_dns_zone_group as { private_dns_zone_ids: string[] }).private_dns_zone_ids).toEqual([expect.stringMatching(/azurerm_private_dns_zone\.network_zone-vault-[\w-]+\.id/)]);
  });

  it("makes an RSA key with a rotation policy after the deployer's Crypto Officer grant and the endpoint", () => {
    const doc = build();
    const key = only(doc, "azurerm_key_vault_key");
    expect(key).toMatchObject({
      name: "acme-dev-data",
      key_type: "RSA",
      key_size: 3072,
      key_opts: ["wrapKey", "unwrapKey", "encrypt", "decrypt"],
      rotation_policy: { automatic: { time_after_creation: "P90D" }, expire_after: "P180D", notify_before_expiry: "P30D" },
    });
    const deployer = resources(doc, "azurerm_role_assignment").find((r) => r.role_definition_name === "Key Vault Crypto Officer");
    expect(deployer?.principal_id).toMatch(/data\.azurerm_client_config\.\w+\.object_id/);
    expect(key.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_private_endpoint\./)]));
    // the Crypto Officer grant through a 120s wait for RBAC to propagate (the key is a data-plane call)
    expect(roleDependencies(doc, key)).toEqual({ direct: [], awaited: [expect.stringMatching(/^azurerm_role_assignment\.keys_deployer/)] });
    expect(key.lifecycle).toBeUndefined();
  });

  it("uses a Premium vault, an HSM-backed key and prevent_destroy in prod", () => {
    const doc = build({}, PROD);
    expect(only(doc, "azurerm_key_vault")).toMatchObject({ sku_name: "premium", lifecycle: { prevent_destroy: true } });
    expect(only(doc, "azurerm_key_vault_key")).toMatchObject({ key_type: "RSA-HSM", lifecycle: { prevent_destroy: true } });
    expect(AzureKeyVault.defaults("prod")).toMatchObject({ hsm: true, preventDestroy: true });
    expect(AzureKeyVault.defaults("dev")).toMatchObject({ hsm: false, preventDestroy: false });
  });

  it("makes identities by purpose, each allowed to use the key, and grants other principals keyed by value", () => {
    let grantAddresses: string[] = [];
    const doc = synthAzure((s) => {
      const kv = vault(s, DEV, { identities: ["storage", "cluster"] });
      const a = kv.grantEncryptDecrypt({ principalId: "00000000-0000-0000-0000-000000000001" });
      const again = kv.grantEncryptDecrypt({ principalId: "00000000-0000-0000-0000-000000000001" });
      expect(again.policy).toBe(a.policy);
      grantAddresses = [(a.policy as unknown as { node: { id: string } }).node.id];
      expect(kv.identity("storage").identityId).toBeDefined();
      expect(problemsOf(() => kv.identity("lustre"))).toEqual([expect.stringMatching(/^identities: has no "lustre" identity \(got \["storage","cluster"\]\)/)]);
    });
    expect(resources(doc, "azurerm_user_assigned_identity").map((i) => i.name).sort()).toEqual(["acme-dev-cluster", "acme-dev-storage"]);
    const users = resources(doc, "azurerm_role_assignment").filter((r) => r.role_definition_name === "Key Vault Crypto Service Encryption User");
    expect(users).toHaveLength(3);
    for (const u of users) expect(u.scope).toMatch(/azurerm_key_vault_key\.keys_key_\w+\.resource_versionless_id/);
    expect(users.filter((u) => String(u.principal_id).includes("azurerm_user_assigned_identity")).map((u) => u.principal_type)).toEqual(["ServicePrincipal", "ServicePrincipal"]);
    expect(grantAddresses[0]).toMatch(/^key-user-key-vault-crypto-service-encryption-user-[0-9a-f]{8}$/);
  });

  it("exposes the versionless key id for consumers that follow rotation and the versioned one for AKS KMS", () => {
    synthAzure((s) => {
      const kv = vault(s);
      expect(kv.keyId).not.toBe(kv.versionedKeyId);
      expect(kv.dependables).toHaveLength(2);
    });
  });

  it("rejects key sizes, rotation and expiry Key Vault does not accept, and bad identity purposes", () => {
    expect(problemsOf(() => build({ keySize: 1024, rotationDays: 5, expireAfterDays: 20, notifyBeforeExpiryDays: 3, softDeleteRetentionDays: 120 }))).toEqual([
      expect.stringMatching(/^keySize: An RSA key size \(bits\) accepts 2048, 3072, 4096 \(got 1024\)/),
      expect.stringMatching(/^rotationDays: .*at least 7 \(got 5\)/),
      expect.stringMatching(/^expireAfterDays: .*from 28 to 36500 \(got 20\)/),
      expect.stringMatching(/^notifyBeforeExpiryDays: .*at least 7 \(got 3\)/),
      expect.stringMatching(/^softDeleteRetentionDays: .*from 7 to 90 \(got 120\)/),
    ]);
    expect(problemsOf(() => build({ rotationDays: 30, expireAfterDays: 35 }))).toEqual([expect.stringMatching(/^rotationDays: must be at least 7 days before expiry \(got rotationDays 30, expireAfterDays 35\)/)]);
    expect(problemsOf(() => build({ expireAfterDays: 60, notifyBeforeExpiryDays: 60, rotationDays: 30 }))).toEqual([expect.stringMatching(/^notifyBeforeExpiryDays: must be less than expireAfterDays \(got 60/)]);
    expect(problemsOf(() => build({ identities: ["storage", "storage", "Bad_One"] }))).toEqual([
      expect.stringMatching(/^identities\.1: repeats "storage"/),
      expect.stringMatching(/^identities\.2: takes a short purpose/),
    ]);
    expect(problemsOf(() => build({ vaultName: "acme-llm-production-keys-1" }))).toEqual([expect.stringMatching(/^vaultName: Azure Key Vault names are 3-24 characters/)]);
  });
});
