import { describe, expect, it } from "vitest";
import { AzureAccessPolicyKey } from "../../lib/constructs/azure/access-policy-key";
import { DEV, PROD, problemsOf, resources, only } from "../helpers";
import { network, synthAzure, type Env } from "./helpers";

const build = (env: Env = DEV, grants: readonly string[] = []) =>
  synthAzure((s) => {
    const net = network(s, env, { privateEndpointKinds: ["vault", "blob"] });
    const key = new AzureAccessPolicyKey(s, "openai-key", { environment: env, network: net, purpose: "openai" });
    for (const principalId of grants) key.grantEncryptDecrypt({ principalId });
  });

describe("AzureAccessPolicyKey", () => {
  it("makes a private vault with access policies, purge protection and a deny-by-default ACL, and an RSA 2048 key that rotates and never expires", () => {
    const doc = build();
    expect(only(doc, "azurerm_key_vault")).toMatchObject({
      name: "acme-dev-openai-kv",
      sku_name: "standard",
      rbac_authorization_enabled: false,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      public_network_access_enabled: false,
      network_acls: { default_action: "Deny", bypass: "AzureServices" },
    });
    const key = only(doc, "azurerm_key_vault_key");
    expect(key).toMatchObject({ name: "acme-dev-openai", key_type: "RSA", key_size: 2048, key_opts: ["wrapKey", "unwrapKey", "encrypt", "decrypt"], rotation_policy: { automatic: { time_after_creation: "P90D" } } });
    expect(key.rotation_policy).not.toHaveProperty("expire_after");
    // the key is made through the vault's private endpoint, once the applying identity may create it
    expect(key.depends_on).toEqual([expect.stringMatching(/^azurerm_private_endpoint\.openai-key_endpoint_/), expect.stringMatching(/^azurerm_key_vault_access_policy\.openai-key_deployer_/)]);
    expect(only(doc, "azurerm_key_vault_access_policy")).toMatchObject({
      object_id: expect.stringMatching(/data\.azurerm_client_config\.openai-key_client_\w+\.object_id/),
      key_permissions: ["Get", "List", "Create", "Update", "Delete", "Recover", "GetRotationPolicy", "SetRotationPolicy", "Rotate"],
    });
    expect(resources(doc, "azurerm_role_assignment")).toEqual([]);
  });

  it("is Premium with an HSM key in prod, protected from destroy", () => {
    const doc = build(PROD);
    expect(only(doc, "azurerm_key_vault")).toMatchObject({ sku_name: "premium", lifecycle: { prevent_destroy: true } });
    expect(only(doc, "azurerm_key_vault_key")).toMatchObject({ key_type: "RSA-HSM", lifecycle: { prevent_destroy: true } });
  });

  it("grants get, wrap and unwrap by an access policy per principal, keyed by value", () => {
    const doc = build(DEV, ["11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "11111111-1111-1111-1111-111111111111"]);
    const users = resources(doc, "azurerm_key_vault_access_policy").filter((p) => JSON.stringify(p.key_permissions) === JSON.stringify(["Get", "WrapKey", "UnwrapKey"]));
    expect(users.map((p) => p.object_id).sort()).toEqual(["11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"]);
  });

  it("refuses a purpose that would not name a vault", () => {
    expect(problemsOf(() => synthAzure((s) => {
      const net = network(s, DEV, { privateEndpointKinds: ["vault", "blob"] });
      new AzureAccessPolicyKey(s, "k", { environment: DEV, network: net, purpose: "Open AI" });
    }))).toEqual(expect.arrayContaining([expect.stringMatching(/^purpose: takes a short purpose/)]));
  });
});
