import { fail, pass, type ResourceRule } from "../../../types";
import { blocks, companionsOf, isFalse, list, parseJson } from "../../helpers";
import { statements } from "../helpers";

/** Whether a statement denies every S3 action when the request is not over TLS. */
function deniesInsecureTransport(statement: Record<string, unknown>): boolean {
  if (statement.Effect !== "Deny") return false;
  const actions = list(statement.Action).map((a) => a.toLowerCase());
  if (!actions.includes("s3:*") && !actions.includes("*")) return false;
  const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown> | undefined>;
  return ["Bool", "BoolIfExists"].some((op) => {
    const value = condition[op]?.["aws:SecureTransport"];
    return isFalse(value) || (Array.isArray(value) && value.length > 0 && value.every(isFalse));
  });
}

/** LLM-AWS-S3-3: bucket policies deny every request that does not use TLS. */
export const bucketDenyInsecureTransport: ResourceRule = {
  id: "LLM-AWS-S3-3",
  title: "S3 buckets have a bucket policy that denies requests without TLS",
  rationale: "Without an explicit deny on aws:SecureTransport false, clients may read and write training data and model weights over plain HTTP, where they can be read or altered in transit.",
  fix: 'Add an aws_s3_bucket_policy with a Deny statement on s3:* for every principal with the condition Bool aws:SecureTransport "false" (AwsDataBucket does this).',
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_s3_bucket"],
  check(bucket, stack) {
    const policies = companionsOf(stack, "aws_s3_bucket_policy", "bucket", bucket, { literal: "bucket" });
    if (policies.length === 0) return fail("has no bucket policy (nothing denies requests without TLS)");
    const documents = policies.map((p) => parseJson(p.attributes.policy));
    if (documents.some((d) => blocks(statements(d)).some(deniesInsecureTransport))) return pass;
    if (documents.some((d) => d === undefined)) return fail("bucket policy is not literal JSON: cannot confirm it denies requests without TLS");
    return fail("bucket policy does not deny s3:* when aws:SecureTransport is false");
  },
};
