import { fail, pass, type ResourceRule } from "../../../types";
import { attr, isFalse, isTrue } from "../../helpers";

/** LLM-GCP-GKE-5: shielded nodes on, legacy ABAC off, no client certificate. */
export const gkeClusterHardening: ResourceRule = {
  id: "LLM-GCP-GKE-5",
  title: "GKE clusters have shielded nodes, legacy ABAC off and no client certificate",
  rationale:
    "Legacy ABAC grants permissions outside Kubernetes RBAC, which no role review sees; a client certificate is a credential that never expires and cannot be revoked; without shielded nodes a node can be impersonated to the control plane.",
  fix: "Keep enable_shielded_nodes = true (the provider default), enable_legacy_abac = false (the default) and master_auth.client_certificate_config.issue_client_certificate = false (GcpTrainingCluster sets all three).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_container_cluster"],
  check(cluster) {
    const problems: string[] = [];
    if (isFalse(cluster.attributes.enable_shielded_nodes)) problems.push("turns shielded nodes off (enable_shielded_nodes = false)");
    if (isTrue(cluster.attributes.enable_legacy_abac)) problems.push("turns legacy ABAC on (enable_legacy_abac = true)");
    if (isTrue(attr(cluster, "master_auth.client_certificate_config.issue_client_certificate"))) problems.push("issues a client certificate (master_auth.client_certificate_config.issue_client_certificate = true)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
