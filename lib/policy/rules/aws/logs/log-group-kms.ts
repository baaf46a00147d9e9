import { fail, pass, type ResourceRule } from "../../../types";
import { isCustomerKey } from "../helpers";

/** LLM-AWS-LOGS-1: log groups encrypt with a customer-managed key. */
export const logGroupKms: ResourceRule = {
  id: "LLM-AWS-LOGS-1",
  title: "CloudWatch log groups encrypt with a customer-managed KMS key",
  rationale: "Control-plane, endpoint and flow logs carry request payload fragments, addresses and identities; a customer-managed key puts reading them under the key policy, like the data they describe.",
  fix: "Set kms_key_id to your key's ARN; its policy must let logs.<region>.amazonaws.com use it (AwsEncryptionKey allows that; every log group of our constructs uses it).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_cloudwatch_log_group"],
  check(group) {
    const key = group.attributes.kms_key_id;
    if (isCustomerKey(key)) return pass;
    return fail(key === undefined || key === null || key === "" ? "is not encrypted with a customer-managed KMS key (kms_key_id is not set)" : `kms_key_id ${JSON.stringify(key)} is not a customer-managed KMS key`);
  },
};
