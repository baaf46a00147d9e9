import { fail, pass, type ResourceRule } from "../../../types";
import { attr, blocks, isFalse, isTrue } from "../../helpers";

/** Whether a CIDR block is the whole IPv4 or IPv6 internet. */
export function isAnywhere(cidr: unknown): boolean {
  return typeof cidr === "string" && (/^0\.0\.0\.0\/0$/.test(cidr.trim()) || /^::(0)?\/0$/.test(cidr.trim()));
}

/** LLM-GCP-GKE-1: private nodes, a private control-plane endpoint, no public authorized networks. */
export const gkePrivateCluster: ResourceRule = {
  id: "LLM-GCP-GKE-1",
  title: "GKE clusters have private nodes and a private control-plane endpoint, with no public authorized network",
  rationale:
    "Nodes with public IPs and a control plane on a public endpoint put the training cluster, its secrets and every workload one leaked credential or unpatched kubelet away from the internet; an authorized network of 0.0.0.0/0, or Google Cloud's public ranges, undoes a private endpoint.",
  fix: "Set private_cluster_config { enable_private_nodes = true, enable_private_endpoint = true }, list only private CIDR blocks in master_authorized_networks_config.cidr_blocks and set its gcp_public_cidrs_access_enabled = false (GcpTrainingCluster does all of this).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_container_cluster"],
  check(cluster) {
    const problems: string[] = [];
    if (!isTrue(attr(cluster, "private_cluster_config.enable_private_nodes"))) problems.push("gives its nodes public IPs (private_cluster_config.enable_private_nodes is not true)");
    if (!isTrue(attr(cluster, "private_cluster_config.enable_private_endpoint"))) problems.push("exposes the control plane on a public endpoint (private_cluster_config.enable_private_endpoint is not true)");
    const open = blocks(attr(cluster, "master_authorized_networks_config.cidr_blocks")).filter((b) => isAnywhere(b.cidr_block));
    if (open.length > 0) problems.push("authorizes 0.0.0.0/0 to reach the control plane (master_authorized_networks_config)");
    const publicRanges = attr(cluster, "master_authorized_networks_config.gcp_public_cidrs_access_enabled");
    if (!isFalse(publicRanges) && publicRanges !== undefined && publicRanges !== null) problems.push("lets Google Cloud's public IP ranges reach the control plane (gcp_public_cidrs_access_enabled is not false)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
