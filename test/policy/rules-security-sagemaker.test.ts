import { CloudformationStack } from "@cdktf/provider-aws/lib/cloudformation-stack";
import { SagemakerEndpointConfiguration } from "@cdktf/provider-aws/lib/sagemaker-endpoint-configuration";
import { SagemakerModel } from "@cdktf/provider-aws/lib/sagemaker-model";
import { describe, expect, it } from "vitest";
import type { Construct } from "../../lib/cdk";
import { sagemakerDataCaptureKms } from "../../lib/policy/rules/aws/sagemaker/data-capture-kms";
import { sagemakerModelIsolation } from "../../lib/policy/rules/aws/sagemaker/model-network-isolation";
import { findingsOf, statuses } from "./helpers";
import { inferenceEndpoint, messagesBy } from "./security-helpers";

const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme/serving:v1";
const ROLE_ARN = "arn:aws:iam::123456789012:role/serving";

/** A raw endpoint configuration of one variant; `capture` sets its data capture block. */
function endpointConfig(s: Construct, id: string, capture?: { enableCapture?: boolean; kmsKeyId?: string }): void {
  new SagemakerEndpointConfiguration(s, id, {
    name: id,
    productionVariants: [{ variantName: "primary", modelName: "model", instanceType: "ml.m5.large", initialInstanceCount: 1 }],
    dataCaptureConfig: capture && { ...capture, initialSamplingPercentage: 10, destinationS3Uri: "s3://acme-capture/", captureOptions: [{ captureMode: "Input" }] },
  });
}

describe("LLM-AWS-SM-1 models isolated inside the VPC", () => {
  it("passes the model of an AwsInferenceEndpoint", () => {
    expect(statuses(findingsOf(sagemakerModelIsolation, inferenceEndpoint))).toEqual({ "aws_sagemaker_model.serving_model": "compliant" });
  });

  it("fails a model on the provider defaults, and an isolated one outside any VPC", () => {
    // given
    const findings = findingsOf(sagemakerModelIsolation, (s) => {
      new SagemakerModel(s, "open", { executionRoleArn: ROLE_ARN, primaryContainer: { image: IMAGE } });
      new SagemakerModel(s, "isolated", { executionRoleArn: ROLE_ARN, primaryContainer: { image: IMAGE }, enableNetworkIsolation: true });
    });
    // then
    expect(messagesBy(findings)).toEqual({
      "aws_sagemaker_model.open": "does not enable network isolation; runs outside the VPC (no vpc_config subnets)",
      "aws_sagemaker_model.isolated": "runs outside the VPC (no vpc_config subnets)",
    });
  });
});

/** A raw inference-component endpoint configuration in a one-resource CloudFormation stack. */
function componentEndpointConfig(s: Construct, id: string, state: Record<string, unknown>): void {
  const properties = { ProductionVariants: [{ VariantName: "primary", InstanceType: "ml.g5.xlarge", ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 2 } }], ...state };
  new CloudformationStack(s, id, { name: id, templateBody: JSON.stringify({ Resources: { Config: { Type: "AWS::SageMaker::EndpointConfig", Properties: properties } } }) });
}

describe("LLM-AWS-SM-1 inference-component endpoints isolated inside the VPC", () => {
  it("passes the CloudFormation endpoint configuration of an AwsInferenceEndpoint that scales to zero", () => {
    const findings = findingsOf(sagemakerModelIsolation, (s) => inferenceEndpoint(s, { scaleToZero: true }));
    expect(statuses(findings)).toEqual({ "aws_sagemaker_model.serving_model": "compliant", "aws_cloudformation_stack.serving_config": "compliant" });
  });

  it("fails an inference-component endpoint configuration without isolation or VPC", () => {
    const findings = findingsOf(sagemakerModelIsolation, (s) => componentEndpointConfig(s, "open", {}));
    expect(messagesBy(findings)).toEqual({ "aws_cloudformation_stack.open": "hosts inference components without EnableNetworkIsolation; hosts inference components outside the VPC (no VpcConfig subnets)" });
  });
});

describe("LLM-AWS-SM-2 captured data encrypted with a customer-managed key", () => {
  it("fails an inference-component endpoint configuration that captures without a key", () => {
    const findings = findingsOf(sagemakerDataCaptureKms, (s) =>
      componentEndpointConfig(s, "unkeyed", { DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: 10, DestinationS3Uri: "s3://acme-capture/", CaptureOptions: [{ CaptureMode: "Input" }] } }),
    );
    expect(messagesBy(findings)).toEqual({ "aws_cloudformation_stack.unkeyed": expect.stringMatching(/without a customer-managed KMS key \(DataCaptureConfig\.KmsKeyId\)/) });
  });

  it("passes the endpoint configuration of an AwsInferenceEndpoint, in both deployment modes", () => {
    const variant = findingsOf(sagemakerDataCaptureKms, inferenceEndpoint);
    const component = findingsOf(sagemakerDataCaptureKms, (s) => inferenceEndpoint(s, { scaleToZero: true }));
    expect(statuses(variant)).toEqual({ "aws_sagemaker_endpoint_configuration.serving_config": "compliant" });
    expect(statuses(component)).toEqual({ "aws_cloudformation_stack.serving_config": "compliant" });
    expect(variant.length + component.length).toBe(2);
    expect(variant[0].level).toBe("warning");
  });

  it("does not judge configurations that capture nothing", () => {
    const findings = findingsOf(sagemakerDataCaptureKms, (s) => {
      endpointConfig(s, "no-capture");
      endpointConfig(s, "capture-off", { enableCapture: false });
    });
    expect(findings).toEqual([]);
  });

  it("fails a configuration that captures requests without a key", () => {
    const findings = findingsOf(sagemakerDataCaptureKms, (s) => endpointConfig(s, "clear-capture", { enableCapture: true }));
    expect(messagesBy(findings)).toEqual({
      "aws_sagemaker_endpoint_configuration.clear-capture": "captures requests and responses without a customer-managed KMS key (data_capture_config.kms_key_id)",
    });
  });
});
