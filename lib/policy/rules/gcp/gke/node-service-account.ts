import { fail, pass, type ResourceRule } from "../../../types";
import { isExpression } from "../../helpers";
import { nodeConfigOf } from "../helpers";

/** Whether a service account is the Compute Engine default one (`<number>-compute@developer.gserviceaccount.com`, or `default`). */
function isComputeDefault(account: unknown): boolean {
  if (account === undefined || account === null || account === "" || account === "default") return true;
  return typeof account === "string" && !isExpression(account) && /-compute@developer\.gserviceaccount\.com$/.test(account);
}

/** LLM-GCP-GKE-4: nodes run as their own service account, never the Compute Engine default one. */
export const gkeNodeServiceAccount: ResourceRule = {
  id: "LLM-GCP-GKE-4",
  title: "GKE node pools run as a dedicated service account, not the Compute Engine default service account",
  rationale:
    "The Compute Engine default service account has the Editor role on the project in most organizations: every node, and every pod that reaches its credentials, could then change or delete nearly anything in the project.",
  fix: "Set node_config.service_account to a service account of your own with roles/container.defaultNodeServiceAccount (and roles/artifactregistry.reader to pull images); GcpTrainingCluster makes one for every pool.",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_container_cluster", "google_container_node_pool"],
  check(resource) {
    const config = nodeConfigOf(resource);
    if (config === undefined) return pass;
    const account = config.service_account;
    if (!isComputeDefault(account)) return pass;
    return fail(account === undefined || account === null || account === "" ? "runs its nodes as the Compute Engine default service account (node_config.service_account is unset)" : `runs its nodes as the Compute Engine default service account (${String(account)})`);
  },
};
