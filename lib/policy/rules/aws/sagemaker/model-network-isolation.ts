import { fail, pass, skip, type ResourceRule } from "../../../types";
import { block, blocks, isTrue, list } from "../../helpers";
import { endpointConfigState } from "../helpers";

/** LLM-AWS-SM-1: models run network-isolated, in the VPC. */
export const sagemakerModelIsolation: ResourceRule = {
  id: "LLM-AWS-SM-1",
  title: "SageMaker models run with network isolation, inside VPC subnets",
  rationale: "A serving container runs third-party code and model files; network isolation stops it calling out to the internet, and VPC subnets keep its traffic to S3 and ECR on private paths the VPC's controls see.",
  fix: "Set enable_network_isolation to true and vpc_config with private subnets and security groups on the model, or EnableNetworkIsolation and VpcConfig on an inference-component endpoint configuration (AwsInferenceEndpoint does both).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_sagemaker_model", "aws_cloudcontrolapi_resource", "aws_cloudformation_stack"],
  check(resource) {
    const problems: string[] = [];
    const missing = (subnets: unknown) => subnets === undefined || subnets === null || list(subnets).length === 0;
    if (resource.type === "aws_cloudcontrolapi_resource" || resource.type === "aws_cloudformation_stack") {
      // An inference-component endpoint configuration (a CloudFormation template, or Cloud Control) sets isolation for the models it hosts.
      const state = endpointConfigState(resource);
      const hostsComponents = blocks(state?.ProductionVariants).some((v) => v.ModelName === undefined);
      if (!state || !hostsComponents) return skip;
      if (!isTrue(state.EnableNetworkIsolation)) problems.push("hosts inference components without EnableNetworkIsolation");
      if (missing(block(state.VpcConfig).Subnets)) problems.push("hosts inference components outside the VPC (no VpcConfig subnets)");
      return problems.length === 0 ? pass : fail(problems.join("; "));
    }
    const a = resource.attributes;
    if (!isTrue(a.enable_network_isolation)) problems.push("does not enable network isolation");
    if (missing(block(a.vpc_config).subnets)) problems.push("runs outside the VPC (no vpc_config subnets)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
