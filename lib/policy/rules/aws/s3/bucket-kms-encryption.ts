import { fail, pass, type ResourceRule } from "../../../types";
import { blocks, companionsOf } from "../../helpers";
import { isKeyReference } from "../helpers";

/** LLM-AWS-S3-1: buckets encrypt with a customer-managed KMS key. */
export const bucketKmsEncryption: ResourceRule = {
  id: "LLM-AWS-S3-1",
  title: "S3 buckets encrypt objects with a customer-managed KMS key",
  rationale: "Training data, checkpoints and model artifacts are the organisation's most valuable data; a customer-managed key keeps who can read them under the key policy and lets access be revoked by disabling the key.",
  fix: "Add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms and kms_master_key_id set to your key (AwsDataBucket does this).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_s3_bucket"],
  check(bucket, stack) {
    const configs = companionsOf(stack, "aws_s3_bucket_server_side_encryption_configuration", "bucket", bucket, { literal: "bucket" });
    const rules = configs.flatMap((c) => blocks(c.attributes.rule));
    const kms = rules.some((r) => {
      const d = blocks(r.apply_server_side_encryption_by_default)[0] ?? {};
      return (d.sse_algorithm === "aws:kms" || d.sse_algorithm === "aws:kms:dsse") && isKeyReference(d.kms_master_key_id);
    });
    if (kms) return pass;
    return fail(configs.length === 0 ? "has no server-side encryption configuration" : "is not encrypted with a customer-managed KMS key (SSE-S3 or the AWS-managed key)");
  },
};
