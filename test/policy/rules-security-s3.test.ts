import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { describe, expect, it } from "vitest";
import { Fn } from "../../lib/cdk";
import { AwsDataBucket } from "../../lib/constructs/aws/data-bucket";
import { bucketDenyInsecureTransport } from "../../lib/policy/rules/aws/s3/bucket-deny-insecure-transport";
import { DEV } from "../helpers";
import { failures, findingsOf, statuses } from "./helpers";
import { envKey, policy } from "./security-helpers";

const denyWithoutTls = (bucketArn: string) => ({
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [bucketArn, `${bucketArn}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});

describe("LLM-AWS-S3-3 bucket policy denies requests without TLS", () => {
  it("passes an AwsDataBucket, whose policy denies s3:* without TLS", () => {
    // given / when
    const findings = findingsOf(bucketDenyInsecureTransport, (s) => new AwsDataBucket(s, "data", { environment: DEV, purpose: "datasets", region: "us-east-1", encryptionKey: envKey(s) }));
    // then
    expect(statuses(findings)).toEqual({ "aws_s3_bucket.data_bucket": "compliant" });
  });

  it("passes a raw bucket whose policy names it literally rather than by reference", () => {
    const findings = findingsOf(bucketDenyInsecureTransport, (s) => {
      new S3Bucket(s, "named", { bucket: "acme-named" });
      new S3BucketPolicy(s, "named-policy", { bucket: "acme-named", policy: policy(denyWithoutTls("arn:aws:s3:::acme-named")) });
    });
    expect(statuses(findings)).toEqual({ "aws_s3_bucket.named": "compliant" });
  });

  it("fails a bucket without a policy, one whose policy only allows, and one that denies only some actions", () => {
    // given
    const findings = findingsOf(bucketDenyInsecureTransport, (s) => {
      new S3Bucket(s, "bare", { bucket: "acme-bare" });
      const allowing = new S3Bucket(s, "allowing", { bucket: "acme-allowing" });
      new S3BucketPolicy(s, "allowing-policy", {
        bucket: allowing.id,
        policy: policy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:GetObject", Resource: `${allowing.arn}/*` }),
      });
      const partial = new S3Bucket(s, "partial", { bucket: "acme-partial" });
      new S3BucketPolicy(s, "partial-policy", { bucket: partial.id, policy: policy({ ...denyWithoutTls(partial.arn), Action: "s3:PutObject" }) });
    });
    // then
    expect(statuses(findings)).toEqual({ "aws_s3_bucket.bare": "non-compliant", "aws_s3_bucket.allowing": "non-compliant", "aws_s3_bucket.partial": "non-compliant" });
    expect(failures(findings)).toEqual([
      expect.stringMatching(/^has no bucket policy/),
      expect.stringMatching(/^bucket policy does not deny s3:\* when aws:SecureTransport is false$/),
      expect.stringMatching(/^bucket policy does not deny s3:\*/),
    ]);
  });

  it("fails, without throwing, a bucket whose policy is an expression it cannot read", () => {
    const findings = findingsOf(bucketDenyInsecureTransport, (s) => {
      const bucket = new S3Bucket(s, "opaque", { bucket: "acme-opaque" });
      new S3BucketPolicy(s, "opaque-policy", { bucket: bucket.id, policy: Fn.jsonencode({ Statement: [denyWithoutTls(bucket.arn)] }) });
    });
    expect(failures(findings)).toEqual([expect.stringMatching(/not literal JSON: cannot confirm it denies requests without TLS/)]);
  });
});
