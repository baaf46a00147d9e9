import { fail, pass, type ResourceRule } from "../../../types";
import { isFalse, isTrue } from "../../helpers";

/** LLM-AZ-SRCH-1: AI Search takes Entra ID only and enforces customer-managed keys. */
export const searchServiceAccess: ResourceRule = {
  id: "LLM-AZ-SRCH-1",
  title: "AI Search services disable API keys (Entra ID only) and enforce customer-managed key encryption",
  rationale:
    "An admin API key reads and rewrites every index and never expires; with keys off, every call carries an Entra identity that RBAC scopes. Without enforcement, an index created without a customer key is silently encrypted with Microsoft's. Public access is LLM-AZ-NET-3's.",
  fix: "Set local_authentication_enabled = false (authentication_failure_mode is then unset) and customer_managed_key_enforcement_enabled = true, and create indexes with the encryption key (AzureAiSearch does).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_search_service"],
  check(service) {
    const a = service.attributes;
    const problems: string[] = [];
    // Both default to the open value in azurerm 4.55: local auth on, no enforcement.
    if (!isFalse(a.local_authentication_enabled)) problems.push("accepts API keys (local_authentication_enabled is not false)");
    if (!isTrue(a.customer_managed_key_enforcement_enabled)) problems.push("lets indexes use Microsoft-managed keys (customer_managed_key_enforcement_enabled is not true)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
