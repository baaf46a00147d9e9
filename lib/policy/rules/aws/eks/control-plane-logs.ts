import { fail, pass, type ResourceRule } from "../../../types";
import { list } from "../../helpers";

/** Control-plane log types every cluster sends, at least. */
export const REQUIRED_EKS_LOG_TYPES = ["api", "audit", "authenticator"] as const;

/** LLM-AWS-EKS-3: the control plane logs API calls, audit events and authentication. */
export const eksControlPlaneLogs: ResourceRule = {
  id: "LLM-AWS-EKS-3",
  title: "EKS clusters send at least the api, audit and authenticator control-plane logs",
  rationale: "The audit and authenticator logs are the only record of who did what in the cluster; without them an incident cannot be traced back to a principal.",
  fix: 'Set enabled_cluster_log_types to include "api", "audit" and "authenticator" (AwsTrainingCluster enables every type).',
  severity: "warning",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_eks_cluster"],
  check(cluster) {
    const enabled = list(cluster.attributes.enabled_cluster_log_types);
    const missing = REQUIRED_EKS_LOG_TYPES.filter((t) => !enabled.includes(t));
    return missing.length === 0 ? pass : fail(`does not send the ${missing.join(", ")} control-plane log${missing.length === 1 ? "" : "s"}`);
  },
};
