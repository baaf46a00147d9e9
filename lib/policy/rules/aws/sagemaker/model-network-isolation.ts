import { fail, pass, type Rule } from "../../../types";
import { block, isTrue, list } from "../../helpers";

/** LLM-AWS-SM-1: models run network-isolated, in the VPC. */
export const sagemakerModelIsolation: Rule = {
  id: "LLM-AWS-SM-1",
  title: "SageMaker models run with network isolation, inside VPC subnets",
  rationale: "A serving container runs third-party code and model files; network isolation stops it calling out to the internet, and VPC subnets keep its traffic to S3 and ECR on private paths the VPC's controls see.",
  fix: "Set enable_network_isolation to true and vpc_config with private subnets and security groups (AwsInferenceEndpoint does this).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_sagemaker_model"],
  check(model) {
    const a = model!.attributes;
    const problems: string[] = [];
    if (!isTrue(a.enable_network_isolation)) problems.push("does not enable network isolation");
    const subnets = block(a.vpc_config).subnets;
    if (subnets === undefined || subnets === null || list(subnets).length === 0) problems.push("runs outside the VPC (no vpc_config subnets)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
