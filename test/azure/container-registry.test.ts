import { describe, expect, it } from "vitest";
import type { Construct } from "../../lib/cdk";
import { AzureContainerRegistry, REGISTRY_CMK_CLOSED_VAULT_REASON, type AzureContainerRegistryProps } from "../../lib/constructs/azure/container-registry";
import { AzureTrainingCluster } from "../../lib/constructs/azure/training-cluster";
import { suppressionsOn } from "../../lib/policy/suppressions";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { network, synthAzure, vault, type Env, roleDependencies } from "./helpers";

type Props = Partial<AzureContainerRegistryProps>;
function registry(s: Construct, env: Env = DEV, props: Props = {}): AzureContainerRegistry {
  const net = network(s, env, { privateEndpointKinds: ["vault", "blob", "registry"] });
  const kv = vault(s, env, { identities: ["registry"] }, net);
  return new AzureContainerRegistry(s, "registry", { environment: env, network: net, encryptionKey: kv, keyIdentity: kv.identity("registry"), ...props });
}
const build = (props: Props = {}, env: Env = DEV) => synthAzure((s) => registry(s, env, props));

describe("AzureContainerRegistry", () => {
  it("makes a private Premium registry with admin user, anonymous pull, export and trusted-service bypass off", () => {
    // given / when
    const doc = build();
    // then
    expect(only(doc, "azurerm_container_registry")).toMatchObject({
      name: "acmedevacr",
      sku: "Premium",
      admin_enabled: false,
      anonymous_pull_enabled: false,
      public_network_access_enabled: false,
      network_rule_set: [expect.objectContaining({ default_action: "Deny" })],
      network_rule_bypass_option: "None",
      export_policy_enabled: false,
      retention_policy_in_days: 7,
      zone_redundancy_enabled: false,
    });
    const pe = resources(doc, "azurerm_private_endpoint").find((p) => p.name === "acmedevacr-pe");
    expect(pe?.private_service_connection).toMatchObject({ subresource_names: ["registry"] });
    expect(JSON.stringify(pe?.private_dns_zone_group)).toMatch(/network_zone-registry-/);
  });

  it("encrypts with the versionless key through the user-assigned identity, after its grant", () => {
    const doc = build();
    const acr = only(doc, "azurerm_container_registry");
    expect(acr).toMatchObject({
      identity: { type: "UserAssigned", identity_ids: [expect.stringMatching(/identity-registry/)] },
      encryption: [{ key_vault_key_id: expect.stringMatching(/versionless_id/), identity_client_id: expect.stringMatching(/identity-registry_\w+\.client_id/) }],
    });
    expect(roleDependencies(doc, acr)).toEqual({ direct: [], awaited: [expect.stringMatching(/^azurerm_role_assignment\.keys_key-user/)] });
  });

  it("is zone-redundant, keeps untagged manifests 30 days and cannot be destroyed in prod", () => {
    expect(only(build({}, PROD), "azurerm_container_registry")).toMatchObject({ zone_redundancy_enabled: true, retention_policy_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(AzureContainerRegistry.defaults("staging")).toEqual({ untaggedRetentionDays: 30, zoneRedundancy: false, preventDestroy: false });
  });

  it("lets the AKS kubelet identity pull and CI push, keyed by value", () => {
    const doc = synthAzure((s) => {
      const acr = registry(s);
      const kv = s.node.tryFindChild("keys") as never;
      const aks = new AzureTrainingCluster(s, "training", { environment: DEV, network: s.node.tryFindChild("network") as never, encryptionKey: kv });
      expect(acr.grantPull(aks.kubeletIdentity).policy).toBe(acr.grantPull(aks.kubeletIdentity).policy);
      acr.grantPush({ principalId: "88888888-8888-8888-8888-888888888888" });
    });
    const roles = resources(doc, "azurerm_role_assignment").filter((r) => String(r.role_definition_name).startsWith("Acr"));
    expect(roles).toEqual([
      expect.objectContaining({ role_definition_name: "AcrPull", principal_id: expect.stringMatching(/training_kubelet-identity_\w+\.principal_id/), principal_type: "ServicePrincipal", scope: expect.stringMatching(/azurerm_container_registry\.registry_\w+\.id/) }),
      expect.objectContaining({ role_definition_name: "AcrPush", principal_id: "88888888-8888-8888-8888-888888888888" }),
    ]);
  });

  it("rejects retention Azure does not take and names it cannot hold", () => {
    expect(problemsOf(() => build({ untaggedRetentionDays: 400 }))).toEqual([expect.stringMatching(/^untaggedRetentionDays: .*from 0 to 365 \(got 400\)/)]);
    expect(problemsOf(() => build({ registryName: "acme-registry" }))).toEqual([expect.stringMatching(/^registryName: Azure Container Registry names allow letters and digits only/)]);
  });

  it("encrypts with Microsoft-managed keys when given a reason instead of a key, and records the reason as the LLM-AZ-ACR-2 suppression", () => {
    // given no key, the closed-vault reason
    let made: AzureContainerRegistry | undefined;
    const doc = synthAzure((s) => {
      made = new AzureContainerRegistry(s, "registry", { environment: DEV, network: network(s, DEV, { privateEndpointKinds: ["vault", "blob", "registry"] }), microsoftManagedKeyReason: REGISTRY_CMK_CLOSED_VAULT_REASON });
    });
    // then no encryption block, no identity, no key grant; the suppression carries the reason
    const acr = only(doc, "azurerm_container_registry");
    expect(acr.encryption).toBeUndefined();
    expect(acr.identity).toBeUndefined();
    expect(resources(doc, "azurerm_role_assignment")).toEqual([]);
    expect(suppressionsOn(made!.registry)).toEqual([{ id: "LLM-AZ-ACR-2", reason: REGISTRY_CMK_CLOSED_VAULT_REASON }]);
  });

  it("takes a key and its identity together, and a reason without them", () => {
    const net = (s: Construct) => network(s, DEV, { privateEndpointKinds: ["vault", "blob", "registry"] });
    expect(problemsOf(() => synthAzure((s) => new AzureContainerRegistry(s, "registry", { environment: DEV, network: net(s) })))).toEqual([expect.stringMatching(/^microsoftManagedKeyReason: is required without encryptionKey/)]);
    expect(problemsOf(() => synthAzure((s) => {
      const n = net(s);
      return new AzureContainerRegistry(s, "registry", { environment: DEV, network: n, encryptionKey: vault(s, DEV, {}, n), microsoftManagedKeyReason: "x" });
    }))).toEqual([expect.stringMatching(/^keyIdentity: goes with keyIdentity and encryptionKey together/)]);
  });
});
