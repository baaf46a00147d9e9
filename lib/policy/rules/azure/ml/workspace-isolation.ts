import { fail, pass, type ResourceRule } from "../../../types";
import { attr, isTrue } from "../../helpers";

/** LLM-AZ-ML-1: ML workspaces run a managed network, high business impact and a customer-managed key. */
export const mlWorkspaceIsolation: ResourceRule = {
  id: "LLM-AZ-ML-1",
  title: "Machine Learning workspaces isolate compute in a managed network, flag high business impact and encrypt with a customer-managed key",
  rationale:
    "Without a managed network, compute instances and clusters get public IPs and unrestricted outbound access to exfiltrate data; high business impact keeps Microsoft's diagnostic collection out of the workspace's data; a customer-managed key covers the metadata, run history and the Cosmos DB the service keeps. Public access is LLM-AZ-NET-3's.",
  fix: 'Set managed_network { isolation_mode = "AllowOnlyApprovedOutbound" } (or "AllowInternetOutbound"), high_business_impact = true and encryption { key_vault_id, key_id, user_assigned_identity_id } — the last two are set at creation and replace the workspace when changed (AzureMlWorkspace does).',
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_machine_learning_workspace"],
  check(workspace) {
    const problems: string[] = [];
    const mode = attr(workspace, "managed_network.isolation_mode");
    if (mode !== "AllowOnlyApprovedOutbound" && mode !== "AllowInternetOutbound") problems.push(`runs compute outside a managed network (managed_network.isolation_mode is ${mode === undefined ? "unset, which is Disabled" : String(mode)})`);
    if (!isTrue(workspace.attributes.high_business_impact)) problems.push("lets the service collect diagnostic data (high_business_impact is not true)");
    const key = attr(workspace, "encryption.key_id");
    if (typeof key !== "string" || key.length === 0) problems.push("encrypts with Microsoft-managed keys (no encryption.key_id)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
