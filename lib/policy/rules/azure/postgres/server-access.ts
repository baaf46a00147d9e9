import { fail, pass, type ResourceRule } from "../../../types";
import { attr, isFalse, isTrue } from "../../helpers";

/** LLM-AZ-PG-1: PostgreSQL flexible servers authenticate with Entra ID only and encrypt with a customer-managed key. */
export const postgresServerAccess: ResourceRule = {
  id: "LLM-AZ-PG-1",
  title: "PostgreSQL flexible servers authenticate with Entra ID only (password auth off) and encrypt with a customer-managed Key Vault key",
  rationale:
    "A password login is a static secret that outlives the people who know it and bypasses conditional access; a vector store holds embeddings of private documents, and with a customer-managed key disabling the key makes them unreadable. Public access is LLM-AZ-NET-3's.",
  fix: "Set authentication { active_directory_auth_enabled = true, password_auth_enabled = false, tenant_id } with an azurerm_postgresql_flexible_server_active_directory_administrator, and customer_managed_key { key_vault_key_id, primary_user_assigned_identity_id } (the key is set at creation: changing it replaces the server) — AzurePostgresVectorStore does.",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_postgresql_flexible_server"],
  check(server) {
    const problems: string[] = [];
    // azurerm 4.55: without an authentication block, password auth is on and Entra ID off.
    if (!isTrue(attr(server, "authentication.active_directory_auth_enabled"))) problems.push("does not authenticate with Entra ID (authentication.active_directory_auth_enabled is not true)");
    if (!isFalse(attr(server, "authentication.password_auth_enabled"))) problems.push("accepts password logins (authentication.password_auth_enabled is not false)");
    const key = attr(server, "customer_managed_key.key_vault_key_id");
    if (typeof key !== "string" || key.length === 0) problems.push("encrypts with service-managed keys (no customer_managed_key.key_vault_key_id)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
