import { fail, pass, type ResourceRule } from "../../../types";
import { attr, isFalse, isTrue } from "../../helpers";

/** LLM-AZ-AKS-2: no local accounts; Kubernetes authorization through Entra ID and Azure RBAC. */
export const aksEntraRbac: ResourceRule = {
  id: "LLM-AZ-AKS-2",
  title: "AKS clusters disable local accounts and authorize with Entra ID and Azure RBAC",
  rationale: "The local cluster-admin account is a static credential that bypasses Entra ID, conditional access and audit; with Azure RBAC, access to the cluster is granted and reviewed like any other Azure role.",
  fix: "Set local_account_disabled = true, keep role_based_access_control_enabled true, and add azure_active_directory_role_based_access_control { azure_rbac_enabled = true } (AzureTrainingCluster does).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_kubernetes_cluster"],
  check(cluster) {
    const problems: string[] = [];
    if (!isTrue(cluster.attributes.local_account_disabled)) problems.push("keeps the local admin account (local_account_disabled is not true)");
    if (isFalse(cluster.attributes.role_based_access_control_enabled)) problems.push("turns Kubernetes RBAC off (role_based_access_control_enabled = false)");
    if (!isTrue(attr(cluster, "azure_active_directory_role_based_access_control.azure_rbac_enabled"))) problems.push("does not authorize with Azure RBAC (azure_active_directory_role_based_access_control.azure_rbac_enabled is not true)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
