import { fail, pass, type ResourceRule } from "../../../types";
import { companionsOf } from "../../helpers";

/** LLM-AWS-KMS-2: keys carry an explicit key policy. */
export const kmsKeyPolicy: ResourceRule = {
  id: "LLM-AWS-KMS-2",
  title: "KMS keys have an explicit key policy",
  rationale: "Without a policy, KMS applies its default one, which hands the key to every principal the account's IAM allows; an explicit policy states which services and roles may use the key and is reviewed with the code.",
  fix: "Set policy on the aws_kms_key, or attach one with aws_kms_key_policy (AwsEncryptionKey writes one that lets only the account, CloudWatch Logs and alert publishers of this account use the key).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_kms_key"],
  check(key, stack) {
    const policy = key.attributes.policy;
    if (typeof policy === "string" && policy.trim().length > 0) return pass;
    return companionsOf(stack, "aws_kms_key_policy", "key_id", key).length > 0 ? pass : fail("has no explicit key policy (KMS applies its default policy)");
  },
};
