import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { Construct } from "../../lib/cdk";
import { describe, expect, it } from "vitest";
import { AwsDataBucket } from "../../lib/constructs/aws/data-bucket";
import { AwsEncryptionKey } from "../../lib/constructs/aws/encryption-key";
import { bucketDenyInsecureTransport } from "../../lib/policy/rules/aws/s3/bucket-deny-insecure-transport";
import { bucketKmsEncryption } from "../../lib/policy/rules/aws/s3/bucket-kms-encryption";
import { bucketPublicAccessBlock } from "../../lib/policy/rules/aws/s3/bucket-public-access-block";
import { bucketVersioning } from "../../lib/policy/rules/aws/s3/bucket-versioning";
import { DEV } from "../helpers";
import { failures, findingsOf, statuses } from "./helpers";
import { KEY_ARN, policy } from "./security-helpers";

const dataBucket = (s: Parameters<Parameters<typeof findingsOf>[1]>[0]) =>
  new AwsDataBucket(s, "data", { environment: DEV, purpose: "datasets", region: "us-east-1", encryptionKey: new AwsEncryptionKey(s, "key", { environment: DEV }) });

describe("LLM-AWS-S3-1 bucket KMS encryption", () => {
  it("passes an AwsDataBucket (SSE-KMS with the environment key)", () => {
    expect(statuses(findingsOf(bucketKmsEncryption, dataBucket))).toEqual({ "aws_s3_bucket.data_bucket": "compliant" });
  });

  it("fails a bucket without encryption configuration, and one on SSE-S3", () => {
    const findings = findingsOf(bucketKmsEncryption, (s) => {
      new S3Bucket(s, "plain", { bucket: "acme-plain" });
      const sse = new S3Bucket(s, "sse", { bucket: "acme-sse" });
      new S3BucketServerSideEncryptionConfigurationA(s, "sse-config", { bucket: sse.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    });
    expect(statuses(findings)).toEqual({ "aws_s3_bucket.plain": "non-compliant", "aws_s3_bucket.sse": "non-compliant" });
    expect(failures(findings)).toEqual(["has no server-side encryption configuration", expect.stringMatching(/not encrypted with a customer-managed KMS key/)]);
  });
});

describe("LLM-AWS-S3-2 bucket public access block", () => {
  it("passes an AwsDataBucket", () => {
    expect(statuses(findingsOf(bucketPublicAccessBlock, dataBucket))).toEqual({ "aws_s3_bucket.data_bucket": "compliant" });
  });

  it("fails a bucket without a block and one that leaves a flag off", () => {
    const findings = findingsOf(bucketPublicAccessBlock, (s) => {
      new S3Bucket(s, "open", { bucket: "acme-open" });
      const partial = new S3Bucket(s, "partial", { bucket: "acme-partial" });
      new S3BucketPublicAccessBlock(s, "partial-block", { bucket: partial.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: false });
    });
    expect(failures(findings)).toEqual(["has no public-access block", "public-access block leaves restrict_public_buckets off"]);
  });
});

/** A raw bucket with every companion the S3 rules look for, each naming the bucket by `name(bucket)`: a reference or the literal name. */
function rawBucket(s: Construct, name: (bucket: S3Bucket) => string): void {
  const bucket = new S3Bucket(s, "raw", { bucket: "acme-data" });
  new S3BucketServerSideEncryptionConfigurationA(s, "raw-sse", { bucket: name(bucket), rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } }] });
  new S3BucketVersioningA(s, "raw-versioning", { bucket: name(bucket), versioningConfiguration: { status: "Enabled" } });
  new S3BucketPublicAccessBlock(s, "raw-block", { bucket: name(bucket), blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  const deny = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::acme-data", "arn:aws:s3:::acme-data/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } };
  new S3BucketPolicy(s, "raw-policy", { bucket: name(bucket), policy: policy(deny) });
}

describe("S3 companions named literally or by reference", () => {
  const rules = [bucketKmsEncryption, bucketPublicAccessBlock, bucketDenyInsecureTransport, bucketVersioning];

  it.each([
    ["by reference to the bucket's id", (b: S3Bucket) => b.id],
    ["by reference to the bucket's name", (b: S3Bucket) => b.bucket],
    ["by the bucket's literal name", () => "acme-data"],
  ])("judges a raw bucket whose SSE, versioning, public-access block and policy name it %s compliant by all four S3 rules", (_how, name) => {
    // given a raw bucket and its companions / when each S3 rule checks it
    const findings = rules.flatMap((rule) => findingsOf(rule, (s) => rawBucket(s, name)));
    // then every rule finds the companions
    expect(findings.map((f) => [f.ruleId, f.resource, f.status])).toEqual(rules.map((r) => [r.id, "aws_s3_bucket.raw", "compliant"]));
  });

  it("does not take a companion naming another bucket for this one's", () => {
    const findings = findingsOf(bucketPublicAccessBlock, (s) => {
      new S3Bucket(s, "raw", { bucket: "acme-data" });
      new S3BucketPublicAccessBlock(s, "other-block", { bucket: "acme-other", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    });
    expect(failures(findings)).toEqual(["has no public-access block"]);
  });
});
