import { CloudformationStack } from "@cdktf/provider-aws/lib/cloudformation-stack";
import { SagemakerEndpointConfiguration } from "@cdktf/provider-aws/lib/sagemaker-endpoint-configuration";
import type { Construct, ITerraformDependable } from "../../../cdk";

/** Logical id of the endpoint configuration inside the one-resource CloudFormation template. */
export const ENDPOINT_CONFIG_LOGICAL_ID = "EndpointConfig";
/** The template output that carries the configuration's generated name. */
export const ENDPOINT_CONFIG_NAME_OUTPUT = "EndpointConfigName";

/** What an endpoint configuration holds. */
export interface EndpointConfigSpec {
  readonly mode: "variant" | "inference-component";
  /**
   * Prefix of the configuration's name (variant mode; Terraform appends a unique
   * suffix, so a replacement never reuses a name), or the CloudFormation stack name
   * (inference-component mode; CloudFormation generates the configuration's name).
   */
  readonly namePrefix: string;
  readonly stackName: string;
  readonly variantName: string;
  readonly instanceType: string;
  readonly initialInstanceCount: number;
  readonly maxInstanceCount: number;
  /** The model, in variant mode (inference components name it themselves). */
  readonly modelName: string;
  readonly executionRoleArn: string;
  /** Volume key; undefined for instances with hardware-encrypted instance storage. */
  readonly volumeKeyArn?: string;
  readonly capture: { readonly samplingPercent: number; readonly destinationS3Uri: string; readonly keyArn: string };
  readonly vpc: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
}

/**
 * The `AWS::SageMaker::EndpointConfig` of an inference-component endpoint, as a
 * CloudFormation template: the type is not Cloud-Control-provisionable (see
 * cloud-control-types.ts) and the AWS provider's resource cannot set VpcConfig or
 * EnableNetworkIsolation (hashicorp/terraform-provider-aws#37659).
 * - No EndpointConfigName: every property is create-only, so any change replaces the
 *   configuration, and CloudFormation then generates a new name (a fixed one would
 *   make the replacement fail on the existing name).
 * - UpdateReplacePolicy Retain: the replaced configuration is kept, because the
 *   endpoint still runs on it until Terraform moves it to the new one, and SageMaker
 *   rolls a failed endpoint update back to it. Old configurations cost nothing.
 */
export function endpointConfigTemplate(spec: EndpointConfigSpec): string {
  return JSON.stringify({
    Description: "SageMaker endpoint configuration of an inference-component endpoint (llmops-constructs)",
    Resources: {
      [ENDPOINT_CONFIG_LOGICAL_ID]: {
        Type: "AWS::SageMaker::EndpointConfig",
        UpdateReplacePolicy: "Retain",
        Properties: {
          ExecutionRoleArn: spec.executionRoleArn,
          ...(spec.volumeKeyArn ? { KmsKeyId: spec.volumeKeyArn } : {}),
          EnableNetworkIsolation: true,
          VpcConfig: { Subnets: [...spec.vpc.subnetIds], SecurityGroupIds: [...spec.vpc.securityGroupIds] },
          ProductionVariants: [
            {
              VariantName: spec.variantName,
              InstanceType: spec.instanceType,
              InitialInstanceCount: spec.initialInstanceCount,
              ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: spec.maxInstanceCount },
              RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
            },
          ],
          DataCaptureConfig: {
            EnableCapture: true,
            InitialSamplingPercentage: spec.capture.samplingPercent,
            DestinationS3Uri: spec.capture.destinationS3Uri,
            KmsKeyId: spec.capture.keyArn,
            CaptureOptions: [{ CaptureMode: "Input" }, { CaptureMode: "Output" }],
            CaptureContentTypeHeader: { JsonContentTypes: ["application/json"] },
          },
        },
      },
    },
    Outputs: { [ENDPOINT_CONFIG_NAME_OUTPUT]: { Value: { "Fn::GetAtt": [ENDPOINT_CONFIG_LOGICAL_ID, "EndpointConfigName"] } } },
  });
}

/**
 * The endpoint configuration. A classic variant names its model (whose own VPC and
 * isolation settings apply): the AWS provider's resource, named from a prefix.
 * An inference-component endpoint carries the execution role, managed instance
 * scaling down to zero, and — since its models are placed by inference components —
 * the VPC and network isolation itself: a one-resource CloudFormation stack (no
 * capabilities needed: it creates no IAM resources). `on_failure = DELETE` removes a
 * stack whose creation failed, so the next apply can create it again (a stack left in
 * ROLLBACK_COMPLETE can only be deleted). Its tags come from the provider's default
 * tags, and CloudFormation puts stack tags on the configuration.
 */
export function endpointConfiguration(scope: Construct, id: string, spec: EndpointConfigSpec): { readonly name: string; readonly resource: ITerraformDependable } {
  if (spec.mode === "variant") {
    const config = new SagemakerEndpointConfiguration(scope, id, {
      namePrefix: spec.namePrefix,
      kmsKeyArn: spec.volumeKeyArn,
      productionVariants: [{ variantName: spec.variantName, modelName: spec.modelName, instanceType: spec.instanceType, initialInstanceCount: spec.initialInstanceCount }],
      dataCaptureConfig: {
        enableCapture: true,
        initialSamplingPercentage: spec.capture.samplingPercent,
        destinationS3Uri: spec.capture.destinationS3Uri,
        kmsKeyId: spec.capture.keyArn,
        captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
        captureContentTypeHeader: { jsonContentTypes: ["application/json"] },
      },
      lifecycle: { createBeforeDestroy: true },
    });
    return { name: config.name, resource: config };
  }
  const stack = new CloudformationStack(scope, id, {
    name: spec.stackName,
    templateBody: endpointConfigTemplate(spec),
    onFailure: "DELETE",
  });
  return { name: stack.outputs.lookup(ENDPOINT_CONFIG_NAME_OUTPUT), resource: stack };
}
