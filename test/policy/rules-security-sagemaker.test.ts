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

describe("LLM-AWS-SM-2 captured data encrypted with a customer-managed key", () => {
  it("passes the endpoint configuration of an AwsInferenceEndpoint, in both deployment modes", () => {
    const variant = findingsOf(sagemakerDataCaptureKms, inferenceEndpoint);
    const component = findingsOf(sagemakerDataCaptureKms, (s) => inferenceEndpoint(s, { scaleToZero: true }));
    expect(statuses([...variant, ...component])).toEqual({ "aws_sagemaker_endpoint_configuration.serving_config": "compliant" });
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
