import { fail, pass, type ResourceRule } from "../../../types";
import { attr, block } from "../../helpers";
import { nodeConfigOf } from "../helpers";

/** LLM-GCP-GKE-3: Workload Identity on the cluster, and every pool behind the GKE metadata server. */
export const gkeWorkloadIdentity: ResourceRule = {
  id: "LLM-GCP-GKE-3",
  title: "GKE clusters use Workload Identity and every node pool runs the GKE metadata server",
  rationale:
    "Without Workload Identity, pods read the node's metadata server and act as the node's service account: every pod gets every permission of every other pod on the node, and the node's credentials leak to any container that asks.",
  fix: "Set workload_identity_config.workload_pool = \"<project>.svc.id.goog\" on the cluster and node_config.workload_metadata_config.mode = \"GKE_METADATA\" on every node pool (GcpTrainingCluster and GcpAcceleratorNodePool do).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_container_cluster", "google_container_node_pool"],
  check(resource) {
    const problems: string[] = [];
    if (resource.type === "google_container_cluster") {
      const pool = attr(resource, "workload_identity_config.workload_pool");
      if (typeof pool !== "string" || pool.length === 0) problems.push("has no Workload Identity pool (workload_identity_config.workload_pool is unset)");
    }
    const config = nodeConfigOf(resource);
    if (config === undefined) return problems.length === 0 ? pass : fail(problems.join("; "));
    const mode = block(config.workload_metadata_config).mode;
    if (mode === undefined || mode === null) problems.push("does not pin the GKE metadata server (node_config.workload_metadata_config.mode is unset: it follows the cluster, and without Workload Identity pods reach the node's metadata server)");
    else if (mode !== "GKE_METADATA") problems.push(`lets pods reach the node's metadata server (node_config.workload_metadata_config.mode is ${String(mode)}, not GKE_METADATA)`);
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
