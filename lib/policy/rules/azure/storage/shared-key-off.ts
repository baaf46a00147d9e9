import { fail, pass, type ResourceRule } from "../../../types";
import { isFalse } from "../../helpers";

/** LLM-AZ-ST-2: storage accounts take Entra ID only, no shared keys. */
export const storageSharedKeyOff: ResourceRule = {
  id: "LLM-AZ-ST-2",
  title: "Storage accounts disable shared key access (Entra ID only)",
  rationale: "An account key grants full control of every container, never expires and shows no caller in the logs; with shared keys off, every request carries an Entra identity that RBAC scopes and audit logs name.",
  fix: "Set shared_access_key_enabled = false (and default_to_oauth_authentication = true; the provider then needs storage_use_azuread = true), as AzureStorage does; an account a service can only reach by key (e.g. an AMLFS import) takes a suppression with the reason.",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_storage_account"],
  check(account) {
    return isFalse(account.attributes.shared_access_key_enabled) ? pass : fail("accepts shared account keys (shared_access_key_enabled is not false)");
  },
};
