import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isProd, isTrue } from "../../helpers";

/** LLM-AWS-EKS-4: in prod, EKS clusters have deletion protection. */
export const eksDeletionProtection: ResourceRule = {
  id: "LLM-AWS-EKS-4",
  title: "Production EKS clusters have deletion protection",
  rationale: "Deleting a training cluster kills every running job and its node groups; deletion protection makes EKS refuse the delete until someone turns it off on purpose.",
  fix: "Set deletion_protection = true (AwsTrainingCluster turns it on outside dev: deletionProtection prop, or the spec's deletionProtection).",
  severity: "warning",
  packs: ["reliability"],
  cloud: "aws",
  appliesTo: ["aws_eks_cluster"],
  check(cluster, stack) {
    if (!isProd(stack)) return skip;
    return isTrue(cluster.attributes.deletion_protection) ? pass : fail("has no deletion protection in prod");
  },
};
