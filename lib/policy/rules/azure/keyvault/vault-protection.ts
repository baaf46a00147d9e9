import { fail, pass, type ResourceRule } from "../../../types";
import { isFalse, isTrue } from "../../helpers";

/** LLM-AZ-KV-1: vaults have purge protection and use Azure RBAC for data-plane access. */
export const keyVaultProtection: ResourceRule = {
  id: "LLM-AZ-KV-1",
  title: "Key vaults have purge protection and authorize with Azure RBAC",
  rationale:
    "Without purge protection a deleted vault or key can be purged at once, and everything encrypted with it — storage, etcd, databases — is lost for good; access policies are a second permission system that role reviews and PIM do not see.",
  fix: "Set purge_protection_enabled = true (it cannot be turned off again; customer-managed keys for Storage require it) and rbac_authorization_enabled = true (AzureKeyVault does).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_key_vault"],
  check(vault) {
    const a = vault.attributes;
    const problems: string[] = [];
    if (!isTrue(a.purge_protection_enabled)) problems.push("lets a deleted vault or key be purged at once (purge_protection_enabled is not true)");
    // azurerm 4.x names it rbac_authorization_enabled; enable_rbac_authorization is the 3.x name plans may still carry.
    const rbac = a.rbac_authorization_enabled ?? a.enable_rbac_authorization;
    if (!isTrue(rbac)) problems.push(`authorizes with access policies (rbac_authorization_enabled is ${isFalse(rbac) ? "false" : "unset"})`);
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
