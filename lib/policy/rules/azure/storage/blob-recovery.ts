import { fail, pass, skip, type ResourceRule } from "../../../types";
import { attr, isTrue, num } from "../../helpers";

/** LLM-AZ-ST-4: blobs are versioned and deleted blobs and containers are kept for a while. */
export const storageBlobRecovery: ResourceRule = {
  id: "LLM-AZ-ST-4",
  title: "Storage accounts version blobs and keep deleted blobs and containers (soft delete)",
  rationale: "A training job that overwrites a checkpoint, or a script that deletes a container, loses data for good unless earlier versions and deleted items are kept.",
  fix: "Set blob_properties { versioning_enabled = true, delete_retention_policy { days = N }, container_delete_retention_policy { days = N } } (AzureStorage does, 7 days in dev and 30 in prod).",
  severity: "error",
  packs: ["reliability"],
  cloud: "azure",
  appliesTo: ["azurerm_storage_account"],
  check(account) {
    if (account.attributes.account_kind === "FileStorage") return skip;
    const problems: string[] = [];
    // Blob versioning is not available with a hierarchical namespace (Data Lake Storage); soft delete is.
    if (!isTrue(account.attributes.is_hns_enabled) && !isTrue(attr(account, "blob_properties.versioning_enabled"))) problems.push("does not version blobs (blob_properties.versioning_enabled is not true)");
    if ((num(attr(account, "blob_properties.delete_retention_policy.days")) ?? 0) < 1) problems.push("keeps no deleted blobs (no blob_properties.delete_retention_policy)");
    if ((num(attr(account, "blob_properties.container_delete_retention_policy.days")) ?? 0) < 1) problems.push("keeps no deleted containers (no blob_properties.container_delete_retention_policy)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
