import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import { loadSpecFile } from "../../lib/environment/load";
import { resolveEnvironmentSpec } from "../../lib/environment/resolve";
import type { EnvironmentSpec } from "../../lib/environment/schema";
import { AzureLlmOpsStack } from "../../lib/stacks/azure-llmops-stack";
import { problemsOf, resources, synthStack, type Synthesized } from "../helpers";

const file = (tier: string) => join(__dirname, "..", "..", "examples", "azure", "specs", `${tier}.yaml`);
const COSMOS_DB = "33333333-3333-3333-3333-333333333333";

/** The example's stack and its synthesized JSON. */
function exampleStack(tier: "dev" | "prod"): { stack: AzureLlmOpsStack; doc: Synthesized } {
  const stack = new AzureLlmOpsStack(Testing.app(), { spec: loadSpecFile(file(tier)) });
  return { stack, doc: synthStack(stack) };
}

type Resource = Record<string, unknown>;
const byName = (doc: Synthesized, type: string, name: string): Resource => {
  const found = resources(doc, type).filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
};

describe.each(["dev", "prod"] as const)("the Azure %s example's model registry", (tier) => {
  const { stack, doc } = exampleStack(tier);
  const ws = byName(doc, "azurerm_machine_learning_workspace", `acme-llm-${tier}-mlw`);

  it("is a private v2 Azure Machine Learning workspace, CMK-encrypted service-side, in a managed network allowing approved outbound only", () => {
    expect(ws).toMatchObject({
      public_network_access_enabled: false,
      v1_legacy_mode_enabled: false,
      high_business_impact: true,
      service_side_encryption_enabled: true,
      managed_network: { isolation_mode: "AllowOnlyApprovedOutbound" },
      identity: { type: "UserAssigned", identity_ids: [expect.stringMatching(/user_assigned_identity\.key-vault_identity-mlw/)] },
      encryption: { key_id: expect.stringMatching(/data\.azurerm_key_vault_key\.key-vault_key-versioned_current-version_\w+\.id/), user_assigned_identity_id: expect.stringMatching(/identity-mlw/) },
      key_vault_id: expect.stringMatching(/^\$\{azurerm_key_vault\.key-vault_\w+\.id\}$/),
      lifecycle: tier === "prod" ? { prevent_destroy: true, ignore_changes: ["encryption"] } : { ignore_changes: ["encryption"] },
    });
    // no container registry attached: it would need the admin user on
    expect(ws.container_registry_id).toBeUndefined();
    // reached through one private endpoint in the API and notebooks zones, both linked to the VNet
    const pe = byName(doc, "azurerm_private_endpoint", `acme-llm-${tier}-mlw-pe`) as { private_service_connection: { subresource_names: string[] }; private_dns_zone_group: { private_dns_zone_ids: string[] } };
    expect(pe.private_service_connection.subresource_names).toEqual(["amlworkspace"]);
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual([expect.stringMatching(/azurerm_private_dns_zone\.network_zone-amlworkspace-/), expect.stringMatching(/azurerm_private_dns_zone\.network_zone-notebooks-/)]);
    // the three zones it adds are made by the network and each linked to the VNet (and, in prod, to the spec's runner VNet)
    const zones = Object.entries(doc.resource.azurerm_private_dns_zone) as [string, Resource][];
    const links = resources(doc, "azurerm_private_dns_zone_virtual_network_link").filter((l) => String(l.virtual_network_id).includes("azurerm_virtual_network.")).map((l) => String(l.private_dns_zone_name));
    const runnerLinks = resources(doc, "azurerm_private_dns_zone_virtual_network_link").filter((l) => !String(l.virtual_network_id).includes("azurerm_virtual_network.")).map((l) => String(l.private_dns_zone_name));
    for (const name of ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net", "privatelink.file.core.windows.net"]) {
      const key = zones.find(([, z]) => z.name === name)?.[0];
      expect(key, name).toMatch(/^network_zone-/);
      expect(links.filter((l) => l === `\${azurerm_private_dns_zone.${key}.name}`), name).toHaveLength(1);
      expect(runnerLinks.filter((l) => l === `\${azurerm_private_dns_zone.${key}.name}`), name).toHaveLength(tier === "prod" ? 1 : 0);
    }
  });

  it("stores on an account of its own: Standard, CMK, TLS 1.2, no public access, blob and file private endpoints, shared key on with its reason recorded", () => {
    const account = byName(doc, "azurerm_storage_account", `acmellm${tier}mlw`);
    expect(ws.storage_account_id).toMatch(/azurerm_storage_account\.model-registry-storage_account_\w+\.id/);
    expect(account).toMatchObject({
      account_tier: "Standard",
      min_tls_version: "TLS1_2",
      public_network_access_enabled: false,
      shared_access_key_enabled: true,
      allow_nested_items_to_be_public: false,
      customer_managed_key: { key_vault_key_id: expect.stringMatching(/versionless_id/) },
      account_replication_type: tier === "prod" ? "GZRS" : "LRS",
      // tagged as the registry's, for cost attribution
      tags: expect.objectContaining({ component: "registry" }),
    });
    expect(ws.tags).toMatchObject({ component: "registry" });
    const endpoints = Object.entries(doc.resource.azurerm_private_endpoint) as [string, { name: string; private_service_connection: { subresource_names: string[] } }][];
    for (const sub of ["blob", "file"]) {
      const [key, pe] = endpoints.find(([, e]) => e.name === `acmellm${tier}mlw-${sub}-pe`) ?? [];
      expect(pe?.private_service_connection.subresource_names).toEqual([sub]);
      // the workspace is made once the closed account is reachable through it
      expect(ws.depends_on).toContain(`azurerm_private_endpoint.${key}`);
    }
    rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
    expect(stack.guardrails.results.filter((f) => f.status === "non-compliant").map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    const st2 = stack.guardrails.results.filter((f) => f.ruleId === "LLM-AZ-ST-2" && f.status === "suppressed" && /model-registry-storage/.test(f.resource));
    expect(st2.map((f) => f.suppressionReason)).toEqual([expect.stringMatching(/default datastores \(workspaceblobstore, workspacefilestore\) authenticate with the account key/)]);
    expect(stack.guardrails.results.filter((f) => f.ruleId === "LLM-AZ-ML-1").map((f) => f.status)).toEqual(["compliant"]);
  });

  it("has a workspace-based Application Insights on the Log Analytics workspace, and diagnostics on the workspace and its account", () => {
    const insights = byName(doc, "azurerm_application_insights", `acme-llm-${tier}-mlw-appi`);
    expect(insights).toMatchObject({ application_type: "web", workspace_id: expect.stringMatching(/azurerm_log_analytics_workspace\.monitoring_logs_\w+\.id/) });
    expect(ws.application_insights_id).toMatch(/azurerm_application_insights\.monitoring_insights-[\w-]+\.id/);
    const targets = resources(doc, "azurerm_monitor_diagnostic_setting").map((d) => String(d.target_resource_id));
    expect(targets).toEqual(expect.arrayContaining([expect.stringMatching(/^\$\{azurerm_machine_learning_workspace\.model-registry_workspace_\w+\.id\}$/)]));
    for (const sub of ["", "/blobServices/default", "/fileServices/default"]) {
      expect(targets, sub).toContain(`\${azurerm_storage_account.${Object.keys(doc.resource.azurerm_storage_account).find((k) => k.startsWith("model-registry-storage"))}.id}${sub}`);
    }
  });

  it("lets training jobs log runs and register models, and outputs the MLflow tracking URI and workspace name", () => {
    const grant = resources(doc, "azurerm_role_assignment").filter((r) => r.role_definition_name === "AzureML Data Scientist");
    expect(grant).toEqual([expect.objectContaining({ scope: expect.stringMatching(/azurerm_machine_learning_workspace\.model-registry_workspace_\w+\.id/), principal_id: expect.stringMatching(/training_workload-training-training-job/) })]);
    // the Cosmos DB principal may use the key (the service-side metadata store encrypts with it)
    expect(resources(doc, "azurerm_role_assignment").filter((r) => r.principal_id === COSMOS_DB).map((r) => r.role_definition_name)).toEqual(["Key Vault Crypto Service Encryption User"]);
    const out = doc.output ?? {};
    expect(out.model_registry_workspace_name).toMatchObject({ value: `acme-llm-${tier}-mlw` });
    const region = resolveEnvironmentSpec(loadSpecFile(file(tier))).region;
    expect(String((out.mlflow_tracking_uri as { value: string }).value)).toMatch(new RegExp(`^azureml://${region}\\.api\\.azureml\\.ms/mlflow/v1\\.0\\$\\{azurerm_machine_learning_workspace\\.model-registry_workspace_\\w+\\.id\\}$`));
  });
});

describe("the model registry's spec field", () => {
  const spec = (azure: Record<string, unknown>): EnvironmentSpec => ({ ...(loadSpecFile(file("dev")) as unknown as EnvironmentSpec), azure: { subscriptionId: "00000000-0000-0000-0000-000000000000", postgresAdmin: { objectId: "00000000-0000-0000-0000-000000000000", principalName: "db-admins", principalType: "Group" }, ...azure } }) as EnvironmentSpec;

  it("is required on Azure, and the error says how to get the Azure Cosmos DB principal's object id", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(spec({})))).toEqual([
      expect.stringMatching(/^azure\.cosmosDbObjectId: is required on Azure: the model registry .* set it to that principal's object id in your tenant \(az ad sp show --id a232010e-820c-4083-83bb-3ace5fc29d0b --query id -o tsv\)/),
    ]);
  });

  it("takes only a GUID, lowercased", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(spec({ cosmosDbObjectId: "Azure Cosmos DB" })))).toEqual([expect.stringMatching(/^azure\.cosmosDbObjectId: must be an Entra ID object id GUID/)]);
    expect(resolveEnvironmentSpec(spec({ cosmosDbObjectId: "ABCDEF00-1111-2222-3333-444444444444" })).azure?.cosmosDbObjectId).toBe("abcdef00-1111-2222-3333-444444444444");
  });
});
