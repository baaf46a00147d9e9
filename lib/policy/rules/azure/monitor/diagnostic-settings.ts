import { fail, pass, type ResourceRule } from "../../../types";
import { companionsOf } from "../../helpers";

/**
 * Azure types the constructs emit that have resource logs or platform metrics to send,
 * so take an `azurerm_monitor_diagnostic_setting`. Node pools, identities, private
 * endpoints, DNS zones, role assignments, budgets and action groups have none; Managed
 * Lustre is left out until its log categories are confirmed.
 */
export const DIAGNOSTIC_TYPES: readonly string[] = [
  "azurerm_key_vault",
  "azurerm_storage_account",
  "azurerm_kubernetes_cluster",
  "azurerm_network_security_group",
  "azurerm_nat_gateway",
  "azurerm_public_ip",
  "azurerm_virtual_network",
  "azurerm_postgresql_flexible_server",
  "azurerm_search_service",
  "azurerm_cognitive_account",
  "azurerm_container_registry",
  "azurerm_machine_learning_workspace",
];

/** LLM-AZ-MON-1: every resource with resource logs or metrics has a diagnostic setting. */
export const diagnosticSettings: ResourceRule = {
  id: "LLM-AZ-MON-1",
  title: "Key vaults, storage accounts, AKS clusters, network resources, PostgreSQL, AI Search, Azure OpenAI, registries and ML workspaces have a diagnostic setting",
  rationale:
    "Azure keeps no resource logs unless a diagnostic setting sends them somewhere: without one, who read a secret, pushed an image, called a model or changed the cluster is not recorded anywhere, and incidents cannot be reconstructed.",
  fix: "Add an azurerm_monitor_diagnostic_setting whose target_resource_id references the resource (or its sub-resource, e.g. <account id>/blobServices/default) and sends its logs and metrics to a Log Analytics workspace (AzureMonitoring.addDiagnostics; the Azure stack adds one to every resource that has them).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: DIAGNOSTIC_TYPES,
  check(resource, stack) {
    return companionsOf(stack, "azurerm_monitor_diagnostic_setting", "target_resource_id", resource).length > 0
      ? pass
      : fail("sends its logs and metrics nowhere (no azurerm_monitor_diagnostic_setting has a target_resource_id referencing it)");
  },
};
