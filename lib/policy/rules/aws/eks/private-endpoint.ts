import { fail, pass, type ResourceRule } from "../../../types";
import { attr, isFalse, isTrue } from "../../helpers";

/** LLM-AWS-EKS-1: the Kubernetes API is reachable on a private endpoint only. */
export const eksPrivateEndpoint: ResourceRule = {
  id: "LLM-AWS-EKS-1",
  title: "EKS clusters expose the Kubernetes API on a private endpoint only",
  rationale: "A public API endpoint puts the control plane of the training cluster on the internet, one leaked credential away from every workload and secret in it; EKS makes it public unless told otherwise.",
  fix: "Set vpc_config endpoint_public_access to false and endpoint_private_access to true, and reach the API from inside the VPC (AwsTrainingCluster does this).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_eks_cluster"],
  check(cluster) {
    const problems: string[] = [];
    const publicAccess = attr(cluster, "vpc_config.endpoint_public_access");
    if (!isFalse(publicAccess)) problems.push(publicAccess === undefined ? "exposes the Kubernetes API on a public endpoint (endpoint_public_access defaults to true)" : "exposes the Kubernetes API on a public endpoint");
    if (!isTrue(attr(cluster, "vpc_config.endpoint_private_access"))) problems.push("has no private API endpoint (endpoint_private_access is not true)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
