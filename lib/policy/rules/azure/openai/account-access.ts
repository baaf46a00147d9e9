import { fail, pass, type ResourceRule } from "../../../types";
import { attr, companionsOf, isFalse } from "../../helpers";

/** LLM-AZ-AOAI-1: Azure OpenAI (Cognitive Services) accounts take Entra ID only, deny networks by default and encrypt with a customer-managed key. */
export const openAiAccountAccess: ResourceRule = {
  id: "LLM-AZ-AOAI-1",
  title: "Azure OpenAI and Cognitive Services accounts have a custom subdomain, disable API keys, deny public networks and encrypt with a customer-managed key",
  rationale:
    "An API key calls every deployment and never expires, so a leaked key is spend and data nobody can trace to a caller; Entra ID tokens and private endpoints need the account's custom subdomain; prompts, fine-tuning files and batch data stored by the service stay under a key you can disable.",
  fix: 'Set custom_subdomain_name, local_auth_enabled = false, public_network_access_enabled = false (or network_acls { default_action = "Deny" }), and customer_managed_key { key_vault_key_id, identity_client_id } with a user-assigned identity (AzureOpenAiDeployment does).',
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_cognitive_account"],
  check(account, stack) {
    const a = account.attributes;
    const problems: string[] = [];
    if (typeof a.custom_subdomain_name !== "string" || a.custom_subdomain_name.length === 0) problems.push("has no custom subdomain, so no Entra ID token or private endpoint reaches it (custom_subdomain_name is unset)");
    if (!isFalse(a.local_auth_enabled)) problems.push("accepts API keys (local_auth_enabled is not false)");
    const action = attr(account, "network_acls.default_action");
    if (!isFalse(a.public_network_access_enabled) && action !== "Deny") problems.push(`accepts every network (public_network_access_enabled is not false and network_acls.default_action is ${action === undefined ? "unset" : String(action)})`);
    const key = attr(account, "customer_managed_key.key_vault_key_id");
    const separate = companionsOf(stack, "azurerm_cognitive_account_customer_managed_key", "cognitive_account_id", account).length > 0;
    if (!(typeof key === "string" && key.length > 0) && !separate) problems.push("encrypts with Microsoft-managed keys (no customer_managed_key)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
