/**
 * CloudFormation resource types that Cloud Control can create, among those this
 * library creates with `aws_cloudcontrolapi_resource`. Cloud Control provisions only
 * registry types whose provisioning type is FULLY_MUTABLE or IMMUTABLE; an older type
 * (NON_PROVISIONABLE, e.g. AWS::SageMaker::EndpointConfig) still has a schema, so the
 * provider's plan passes and CreateResource fails at apply.
 *
 * Source: hashicorp/terraform-provider-awscc
 * `internal/provider/generators/allschemas/available_schemas.2026-08-05.hcl` (1480 types),
 * generated from CloudFormation ListTypes with ProvisioningType FULLY_MUTABLE and
 * IMMUTABLE (`allschemas.go`); read at commit f995d4f (2026-08-07), checked 2026-11-30.
 * AWS::SageMaker::EndpointConfig is absent from it (and from the awscc schemas folder).
 * Add a type here only after finding it in a current copy of that list.
 */
export const CLOUD_CONTROL_PROVISIONABLE_TYPES: readonly string[] = ["AWS::SageMaker::Endpoint", "AWS::SageMaker::InferenceComponent", "AWS::SageMaker::Model"];

/** Where {@link CLOUD_CONTROL_PROVISIONABLE_TYPES} comes from, and when it was read. */
export const CLOUD_CONTROL_TYPES_SOURCE = {
  source: "hashicorp/terraform-provider-awscc internal/provider/generators/allschemas/available_schemas.2026-08-05.hcl (CloudFormation ListTypes, FULLY_MUTABLE + IMMUTABLE)",
  listDate: "2026-08-05",
  checked: "2026-11-30",
} as const;
