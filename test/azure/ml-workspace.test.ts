import { describe, expect, it } from "vitest";
import type { Construct } from "../../lib/cdk";
import { AzureMlWorkspace, type AzureMlWorkspaceProps } from "../../lib/constructs/azure/ml-workspace";
import { AzureStorage } from "../../lib/constructs/azure/storage";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { LOCATION, network, synthAzure, vault, type Env, roleDependencies } from "./helpers";

type Props = Partial<AzureMlWorkspaceProps>;
const COSMOS = "99999999-9999-9999-9999-999999999999";
const INSIGHTS = "/subscriptions/0/resourceGroups/acme-dev-rg/providers/Microsoft.Insights/components/acme-dev-appi";
function workspace(s: Construct, env: Env = DEV, props: Props = {}): AzureMlWorkspace {
  const net = network(s, env, { privateEndpointKinds: ["vault", "blob", "amlworkspace", "notebooks"] });
  const kv = vault(s, env, { identities: ["storage", "mlw"] }, net);
  const st = new AzureStorage(s, "storage", { environment: env, network: net, encryptionKey: kv, keyIdentity: kv.identity("storage") });
  return new AzureMlWorkspace(s, "mlw", { environment: env, network: net, storageAccountId: st.accountId, keyVaultId: kv.vaultId, applicationInsightsId: INSIGHTS, encryptionKey: kv, identity: kv.identity("mlw"), cosmosDbPrincipalId: COSMOS, ...props });
}
const build = (props: Props = {}, env: Env = DEV) => synthAzure((s) => workspace(s, env, props));

describe("AzureMlWorkspace", () => {
  it("makes a private v2 workspace on the given storage, vault and Application Insights, with a managed network allowing only approved outbound", () => {
    // given / when
    const doc = build();
    // then
    expect(only(doc, "azurerm_machine_learning_workspace")).toMatchObject({
      name: "acme-dev-mlw",
      sku_name: "Basic",
      storage_account_id: expect.stringMatching(/azurerm_storage_account\.storage_account_\w+\.id/),
      key_vault_id: expect.stringMatching(/azurerm_key_vault\.keys_vault_\w+\.id/),
      application_insights_id: INSIGHTS,
      public_network_access_enabled: false,
      v1_legacy_mode_enabled: false,
      managed_network: { isolation_mode: "AllowOnlyApprovedOutbound" },
    });
  });

  it("encrypts with the key through its user-assigned identity, high business impact on, after every grant it needs", () => {
    const doc = build();
    const ws = only(doc, "azurerm_machine_learning_workspace");
    expect(ws).toMatchObject({
      high_business_impact: true,
      identity: { type: "UserAssigned", identity_ids: [expect.stringMatching(/identity-mlw/)] },
      primary_user_assigned_identity: expect.stringMatching(/identity-mlw/),
      encryption: { key_vault_id: expect.stringMatching(/keys_vault_\w+\.id/), key_id: expect.stringMatching(/data\.azurerm_key_vault_key\.keys_current-version_\w+\.id/), user_assigned_identity_id: expect.stringMatching(/identity-mlw/) },
      // the metadata stays service-side: no Cosmos DB, AI Search or storage account of the workspace in the subscription
      service_side_encryption_enabled: true,
    });
    const mine = Object.entries(doc.resource.azurerm_role_assignment).filter(([k]) => k.startsWith("mlw_workspace"));
    expect(mine.map(([, r]) => `${r.role_definition_name} on ${String(r.scope).replace(/^\$\{azurerm_(\w+?)\..*$/, "$1")}`).sort()).toEqual([
      "Contributor on key_vault",
      "Contributor on storage_account",
      "Key Vault Secrets Officer on key_vault",
      `Contributor on ${INSIGHTS}`,
      "Storage Blob Data Contributor on storage_account",
    ].sort());
    const cosmos = Object.entries(doc.resource.azurerm_role_assignment).find(([, r]) => r.principal_id === COSMOS);
    expect(cosmos?.[1]).toMatchObject({ role_definition_name: "Key Vault Crypto Service Encryption User", scope: expect.stringMatching(/resource_versionless_id/) });
    expect(roleDependencies(doc, ws).awaited).toEqual(expect.arrayContaining([...mine.map(([k]) => `azurerm_role_assignment.${k}`), `azurerm_role_assignment.${cosmos?.[0]}`]));
    expect(roleDependencies(doc, ws).direct).toEqual([]);
  });

  it("is reached through one private endpoint registered in the API and notebooks zones", () => {
    const pe = resources(build(), "azurerm_private_endpoint").find((p) => p.name === "acme-dev-mlw-pe");
    expect(pe?.private_service_connection).toMatchObject({ subresource_names: ["amlworkspace"] });
    const ids = (pe?.private_dns_zone_group as { private_dns_zone_ids: string[] }).private_dns_zone_ids;
    expect(ids.map((i) => i.match(/zone-(\w+)-/)?.[1])).toEqual(["amlworkspace", "notebooks"]);
  });

  it("gives clients the MLflow tracking URI and lets a principal log runs and register models", () => {
    const doc = synthAzure((s) => {
      const w = workspace(s);
      expect(w.mlflowTrackingUri).toMatch(new RegExp(`^azureml://${LOCATION}\\.api\\.azureml\\.ms/mlflow/v1\\.0\\$\\{`));
      w.grantDataScientist({ principalId: "12121212-1212-1212-1212-121212121212" });
    });
    expect(resources(doc, "azurerm_role_assignment").find((r) => r.role_definition_name === "AzureML Data Scientist")?.scope).toMatch(/azurerm_machine_learning_workspace\.mlw_workspace_\w+\.id/);
  });

  it("cannot be destroyed in prod, and refuses turning the managed network off", () => {
    expect(only(build({}, PROD), "azurerm_machine_learning_workspace").lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["encryption"] });
    // the key's rotation changes its version, which `encryption` holds and which would force a new workspace: ignored on every tier
    expect(only(build(), "azurerm_machine_learning_workspace").lifecycle).toEqual({ ignore_changes: ["encryption"] });
    expect(problemsOf(() => build({ isolationMode: "Disabled" as never }))).toEqual([expect.stringMatching(/^isolationMode: The managed network isolation mode \(a managed network cannot be turned off\) accepts AllowOnlyApprovedOutbound, AllowInternetOutbound \(got "Disabled"\)/)]);
    expect(AzureMlWorkspace.defaults("dev")).toEqual({ isolationMode: "AllowOnlyApprovedOutbound", highBusinessImpact: true, serviceSideEncryption: true, preventDestroy: false });
  });
});

describe("AzureMlWorkspace inputs", () => {
  it("refuses a Cosmos DB principal that is not an object id, saying how to print the right one", () => {
    expect(problemsOf(() => build({ cosmosDbPrincipalId: "Azure Cosmos DB" }))).toEqual([
      expect.stringMatching(/^cosmosDbPrincipalId: takes the object id \(a GUID\) of the "Azure Cosmos DB" service principal .*\(got "Azure Cosmos DB"\); print it with: az ad sp show --id a232010e-820c-4083-83bb-3ace5fc29d0b --query id -o tsv/),
    ]);
  });

  it("keeps classic (subscription-side) CMK when asked", () => {
    expect(only(build({ serviceSideEncryption: false }), "azurerm_machine_learning_workspace").service_side_encryption_enabled).toBe(false);
  });
});
