import { fail, pass, type ResourceRule } from "../../../types";
import { attr, isTrue, list } from "../../helpers";

/** LLM-AZ-AKS-1: the AKS API server is private, with no public FQDN and no open authorized range. */
export const aksPrivateCluster: ResourceRule = {
  id: "LLM-AZ-AKS-1",
  title: "AKS clusters are private clusters with no public FQDN",
  rationale:
    "A public API server puts the training cluster's control plane on the internet, one leaked kubeconfig away from every workload and secret; API server VNet integration alone keeps a public endpoint unless the cluster is private.",
  fix: "Set private_cluster_enabled = true, leave private_cluster_public_fqdn_enabled false and list no 0.0.0.0/0 in api_server_access_profile.authorized_ip_ranges (AzureTrainingCluster does).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_kubernetes_cluster"],
  check(cluster) {
    const problems: string[] = [];
    if (!isTrue(cluster.attributes.private_cluster_enabled)) problems.push("exposes the API server on a public endpoint (private_cluster_enabled is not true)");
    if (isTrue(cluster.attributes.private_cluster_public_fqdn_enabled)) problems.push("publishes a public FQDN for the API server (private_cluster_public_fqdn_enabled = true)");
    if (list(attr(cluster, "api_server_access_profile.authorized_ip_ranges") ?? []).some((r) => r.trim() === "0.0.0.0/0")) problems.push("authorizes 0.0.0.0/0 to reach the API server");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
