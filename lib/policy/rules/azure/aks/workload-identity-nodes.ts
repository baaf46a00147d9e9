import { fail, pass, type ResourceRule } from "../../../types";
import { isTrue } from "../../helpers";
import { nodePoolOf } from "../helpers";

/** LLM-AZ-AKS-4: workload identity on the cluster; nodes without public IPs and with host encryption. */
export const aksWorkloadIdentityNodes: ResourceRule = {
  id: "LLM-AZ-AKS-4",
  title: "AKS clusters use workload identity, and every node pool has no public IPs and encrypts at the host",
  rationale:
    "Workload identity gives each pod its own Entra identity instead of the node's; a public IP on a node exposes its kubelet and SSH to the internet; host encryption covers temp and cache disks, which disk encryption sets do not.",
  fix: "Set oidc_issuer_enabled = true and workload_identity_enabled = true on the cluster, and node_public_ip_enabled = false and host_encryption_enabled = true on default_node_pool and every azurerm_kubernetes_cluster_node_pool (AzureTrainingCluster and AzureGpuNodePool do).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
  check(resource) {
    const problems: string[] = [];
    if (resource.type === "azurerm_kubernetes_cluster") {
      if (!isTrue(resource.attributes.workload_identity_enabled) || !isTrue(resource.attributes.oidc_issuer_enabled)) problems.push("has no workload identity (workload_identity_enabled and oidc_issuer_enabled must both be true)");
    }
    const pool = nodePoolOf(resource);
    const where = resource.type === "azurerm_kubernetes_cluster" ? "default_node_pool." : "";
    if (isTrue(pool.node_public_ip_enabled)) problems.push(`gives its nodes public IPs (${where}node_public_ip_enabled = true)`);
    if (!isTrue(pool.host_encryption_enabled)) problems.push(`does not encrypt at the host (${where}host_encryption_enabled is not true)`);
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
