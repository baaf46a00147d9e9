import { fail, pass, type ResourceRule } from "../../../types";
import { attr, isFalse, isTrue } from "../../helpers";

/** LLM-AZ-ST-1: storage accounts deny by default, allow no public containers, HTTPS only. Not suppressible. */
export const storageAccountAccess: ResourceRule = {
  id: "LLM-AZ-ST-1",
  title: "Storage accounts deny network access by default, allow no public containers and take HTTPS only",
  rationale: "Datasets, checkpoints and model weights are the platform's most valuable data: one container set to public, or an account open to every network, publishes them.",
  fix: "Set network_rules { default_action = \"Deny\" } (reach the account through private endpoints), allow_nested_items_to_be_public = false and keep https_traffic_only_enabled true (AzureStorage does).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  suppressible: false,
  appliesTo: ["azurerm_storage_account"],
  check(account) {
    const a = account.attributes;
    const problems: string[] = [];
    const action = attr(account, "network_rules.default_action");
    if (action !== "Deny" && !isFalse(a.public_network_access_enabled)) problems.push(`accepts traffic from every network (network_rules.default_action is ${action === undefined || action === null ? "unset, which allows" : String(action)})`);
    // allow_nested_items_to_be_public defaults to true in azurerm 3.x and 4.x; plans of azurerm 2.x carry allow_blob_public_access (default false).
    const nested = a.allow_nested_items_to_be_public ?? (a.allow_blob_public_access === undefined ? undefined : (a.allow_blob_public_access ?? false));
    if (!isFalse(nested)) problems.push("lets containers be made public (allow_nested_items_to_be_public is not false)");
    if (isFalse(a.https_traffic_only_enabled ?? a.enable_https_traffic_only)) problems.push("accepts plain HTTP (https_traffic_only_enabled = false)");
    if (isTrue(a.cross_tenant_replication_enabled)) problems.push("replicates objects to other tenants (cross_tenant_replication_enabled = true)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
