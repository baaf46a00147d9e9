import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isExpression, isFalse } from "../../helpers";

/**
 * Azure types whose `public_network_access_enabled` defaults to true in azurerm 4.55:
 * each must set it to false and be reached through a private endpoint or VNet injection.
 * Storage accounts are LLM-AZ-ST-1's, which also takes a firewall that denies by default.
 */
export const PUBLIC_ACCESS_TYPES: readonly string[] = [
  "azurerm_key_vault",
  "azurerm_container_registry",
  "azurerm_search_service",
  "azurerm_cognitive_account",
  "azurerm_postgresql_flexible_server",
  "azurerm_machine_learning_workspace",
];

/** LLM-AZ-NET-3: data and AI services turn public network access off. */
export const publicNetworkAccessOff: ResourceRule = {
  id: "LLM-AZ-NET-3",
  title: "Key vaults, container registries, AI Search, Azure OpenAI, PostgreSQL and ML workspaces turn public network access off",
  rationale: "With public network access on, the service answers on the internet and only its own firewall and credentials stand between it and every scanner; a private endpoint keeps it inside the VNet.",
  fix: "Set public_network_access_enabled = false and reach the service through an azurerm_private_endpoint (AzureKeyVault does).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: PUBLIC_ACCESS_TYPES,
  check(resource) {
    const value = resource.attributes.public_network_access_enabled;
    if (isExpression(value)) return skip;
    if (isFalse(value)) return pass;
    return fail(value === undefined || value === null ? "answers on the internet (public_network_access_enabled defaults to true)" : "answers on the internet (public_network_access_enabled = true)");
  },
};
