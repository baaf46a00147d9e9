import { fail, pass, type ResourceRule } from "../../../types";
import { attr } from "../../helpers";

/** LLM-AZ-LUS-1: Managed Lustre file systems encrypt with a customer-managed key. */
export const lustreEncryptionKey: ResourceRule = {
  id: "LLM-AZ-LUS-1",
  title: "Azure Managed Lustre file systems encrypt with a customer-managed Key Vault key",
  rationale:
    "The scratch file system holds copies of datasets and checkpoints; with a customer-managed key, disabling the key makes them unreadable. The key is set only at creation: adding one later replaces the file system and its data.",
  fix: "Add encryption_key { key_url = <versioned key id>, source_vault_id } and identity { type = \"UserAssigned\", identity_ids } with Key Vault Crypto Service Encryption User on the key (AzureLustreFileSystem does); a dev file system of throwaway data may take a suppression with the reason.",
  severity: "warning",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_managed_lustre_file_system"],
  check(fs) {
    const url = attr(fs, "encryption_key.key_url");
    return typeof url === "string" && url.length > 0 ? pass : fail("encrypts with Microsoft-managed keys (no encryption_key.key_url); the key can only be set when the file system is created");
  },
};
