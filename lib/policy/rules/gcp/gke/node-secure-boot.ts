import { fail, pass, type ResourceRule } from "../../../types";
import { block, isFalse, isTrue } from "../../helpers";
import { nodeConfigOf } from "../helpers";

/** LLM-GCP-GKE-6: nodes boot with Secure Boot and integrity monitoring. */
export const gkeNodeSecureBoot: ResourceRule = {
  id: "LLM-GCP-GKE-6",
  title: "GKE node pools boot shielded nodes with Secure Boot and integrity monitoring",
  rationale: "Secure Boot refuses unsigned kernels and boot components, and integrity monitoring reports a node whose boot chain changed: together they keep a rootkit from surviving on a GPU node that runs for weeks.",
  fix: "Set node_config.shielded_instance_config { enable_secure_boot = true, enable_integrity_monitoring = true } on every node pool (Secure Boot is off by default; GcpTrainingCluster.nodeConfig sets both).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_container_cluster", "google_container_node_pool"],
  check(resource) {
    const config = nodeConfigOf(resource);
    if (config === undefined) return pass;
    const shielded = block(config.shielded_instance_config);
    const problems: string[] = [];
    if (!isTrue(shielded.enable_secure_boot)) problems.push("boots its nodes without Secure Boot (node_config.shielded_instance_config.enable_secure_boot is not true)");
    if (isFalse(shielded.enable_integrity_monitoring)) problems.push("turns integrity monitoring off (enable_integrity_monitoring = false)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
