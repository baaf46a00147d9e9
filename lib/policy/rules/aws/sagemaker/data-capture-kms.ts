import { fail, pass, skip, type ResourceRule } from "../../../types";
import { block, isTrue } from "../../helpers";
import { endpointConfigState, isCustomerKey } from "../helpers";

/** LLM-AWS-SM-2: captured requests and responses are encrypted with a customer-managed key. */
export const sagemakerDataCaptureKms: ResourceRule = {
  id: "LLM-AWS-SM-2",
  title: "SageMaker endpoint configurations that capture data encrypt it with a customer-managed KMS key",
  rationale: "Captured data is the prompts and completions of real users; written without a key it is protected only by the bucket's default encryption, outside the key policy that guards the rest of the platform's data.",
  fix: "Set data_capture_config.kms_key_id to your key (AwsInferenceEndpoint does this).",
  severity: "warning",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_sagemaker_endpoint_configuration", "aws_cloudcontrolapi_resource", "aws_cloudformation_stack"],
  check(config) {
    if (config.type === "aws_cloudcontrolapi_resource" || config.type === "aws_cloudformation_stack") {
      // An inference-component endpoint configuration (a CloudFormation template, or Cloud Control) captures for its components.
      const state = endpointConfigState(config);
      const capture = block(state?.DataCaptureConfig);
      if (!state || !isTrue(capture.EnableCapture)) return skip;
      return isCustomerKey(capture.KmsKeyId) ? pass : fail("captures requests and responses without a customer-managed KMS key (DataCaptureConfig.KmsKeyId)");
    }
    const capture = block(config.attributes.data_capture_config);
    if (!isTrue(capture.enable_capture)) return skip;
    return isCustomerKey(capture.kms_key_id) ? pass : fail("captures requests and responses without a customer-managed KMS key (data_capture_config.kms_key_id)");
  },
};
