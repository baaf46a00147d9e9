import { fail, pass, type ResourceRule } from "../../../types";
import { attr, companionsOf } from "../../helpers";

/** LLM-AZ-ST-3: storage accounts encrypt with a customer-managed Key Vault key. */
export const storageAccountCmk: ResourceRule = {
  id: "LLM-AZ-ST-3",
  title: "Storage accounts encrypt data with a customer-managed Key Vault key",
  rationale: "With a customer-managed key, disabling the key makes the data unreadable and every use is audited in Key Vault; Microsoft-managed keys offer neither.",
  fix: "Add customer_managed_key { key_vault_key_id, user_assigned_identity_id } (or an azurerm_storage_account_customer_managed_key) with an identity granted Key Vault Crypto Service Encryption User on the key (AzureStorage does).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_storage_account"],
  check(account, stack) {
    const key = attr(account, "customer_managed_key.key_vault_key_id") ?? attr(account, "customer_managed_key.managed_hsm_key_id");
    if (typeof key === "string" && key.length > 0) return pass;
    if (companionsOf(stack, "azurerm_storage_account_customer_managed_key", "storage_account_id", account).length > 0) return pass;
    return fail("encrypts with Microsoft-managed keys (no customer_managed_key)");
  },
};
