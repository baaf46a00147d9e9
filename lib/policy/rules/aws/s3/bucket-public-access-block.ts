import { fail, pass, type ResourceRule } from "../../../types";
import { companionsOf, isTrue } from "../../helpers";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

/** LLM-AWS-S3-2: every bucket blocks all four kinds of public access. Not suppressible. */
export const bucketPublicAccessBlock: ResourceRule = {
  id: "LLM-AWS-S3-2",
  title: "S3 buckets block every kind of public access",
  rationale: "A public ACL or bucket policy on a data bucket publishes training data or model weights to the internet; the four public-access blocks make that impossible whatever a later policy says.",
  fix: "Add an aws_s3_bucket_public_access_block with all four flags true (AwsDataBucket does this).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  suppressible: false,
  appliesTo: ["aws_s3_bucket"],
  check(bucket, stack) {
    const blocks = companionsOf(stack, "aws_s3_bucket_public_access_block", "bucket", bucket, { literal: "bucket" });
    if (blocks.length === 0) return fail("has no public-access block");
    const missing = FLAGS.filter((f) => !blocks.some((b) => isTrue(b.attributes[f])));
    return missing.length === 0 ? pass : fail(`public-access block leaves ${missing.join(", ")} off`);
  },
};
