import { CloudcontrolapiResource } from "@cdktf/provider-aws/lib/cloudcontrolapi-resource";
import { SagemakerEndpointConfiguration } from "@cdktf/provider-aws/lib/sagemaker-endpoint-configuration";
import type { Construct, ITerraformDependable } from "../../../cdk";

/** What an endpoint configuration holds. */
export interface EndpointConfigSpec {
  readonly mode: "variant" | "inference-component";
  /** The configuration's name (a content hash keeps it unique per configuration). */
  readonly name: string;
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
 * The endpoint configuration. A classic variant names its model (whose own VPC and
 * isolation settings apply). An inference-component endpoint carries the execution
 * role, managed instance scaling down to zero, and — since its models are placed by
 * inference components — the VPC and network isolation itself; the AWS provider's
 * resource cannot set those, so that form goes through Cloud Control
 * (AWS::SageMaker::EndpointConfig).
 */
export function endpointConfiguration(scope: Construct, id: string, spec: EndpointConfigSpec): { readonly name: string; readonly resource: ITerraformDependable } {
  if (spec.mode === "variant") {
    const config = new SagemakerEndpointConfiguration(scope, id, {
      name: spec.name,
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
  const config = new CloudcontrolapiResource(scope, id, {
    typeName: "AWS::SageMaker::EndpointConfig",
    // Literal JSON (references resolve inside its strings), so reviewers and guardrails can read it.
    desiredState: JSON.stringify({
      EndpointConfigName: spec.name,
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
    }),
    lifecycle: { createBeforeDestroy: true },
  });
  return { name: spec.name, resource: config };
}
