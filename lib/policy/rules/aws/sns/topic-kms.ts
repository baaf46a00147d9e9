import { fail, pass, type ResourceRule } from "../../../types";
import { isCustomerKey } from "../helpers";

/** LLM-AWS-SNS-1: topics encrypt messages with a customer-managed key. */
export const snsTopicKms: ResourceRule = {
  id: "LLM-AWS-SNS-1",
  title: "SNS topics encrypt messages with a customer-managed KMS key",
  rationale: "Alert messages name resources, endpoints and budgets; the AWS-managed alias/aws/sns key cannot be shared with CloudWatch or Budgets and leaves access outside any key policy you control.",
  fix: "Set kms_master_key_id to your key, whose policy lets the publishers use it (AwsAlertTopic does this with AwsEncryptionKey).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_sns_topic"],
  check(topic) {
    const key = topic.attributes.kms_master_key_id;
    if (isCustomerKey(key, { aliases: true })) return pass;
    if (key === undefined || key === null || key === "") return fail("does not encrypt messages (kms_master_key_id is not set)");
    return typeof key === "string" && /alias\/aws\//.test(key) ? fail(`encrypts with the AWS-managed key ${key}, not a customer-managed one`) : fail(`kms_master_key_id ${JSON.stringify(key)} is not a customer-managed KMS key`);
  },
};
