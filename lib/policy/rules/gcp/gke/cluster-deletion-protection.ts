import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isExpression, isFalse, isProd } from "../../helpers";

/** LLM-GCP-GKE-7: in prod, GKE clusters keep Terraform's deletion protection. */
export const gkeDeletionProtection: ResourceRule = {
  id: "LLM-GCP-GKE-7",
  title: "Production GKE clusters keep deletion_protection on",
  rationale: "Deleting a training cluster kills every running job and its node pools; with deletion_protection the provider refuses a destroy or a replacement until someone turns it off on purpose.",
  fix: "Leave deletion_protection unset or true (the provider defaults to true); GcpTrainingCluster sets it outside dev (deletionProtection prop, or the spec's deletionProtection).",
  severity: "error",
  packs: ["reliability"],
  cloud: "gcp",
  appliesTo: ["google_container_cluster"],
  check(cluster, stack) {
    if (!isProd(stack)) return skip;
    const value = cluster.attributes.deletion_protection;
    if (isExpression(value)) return skip;
    return isFalse(value) ? fail("has deletion_protection = false in prod") : pass;
  },
};
