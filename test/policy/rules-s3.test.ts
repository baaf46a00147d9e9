import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { describe, expect, it } from "vitest";
import { AwsDataBucket } from "../../lib/constructs/aws/data-bucket";
import { AwsEncryptionKey } from "../../lib/constructs/aws/encryption-key";
import { bucketKmsEncryption } from "../../lib/policy/rules/aws/s3/bucket-kms-encryption";
import { bucketPublicAccessBlock } from "../../lib/policy/rules/aws/s3/bucket-public-access-block";
import { DEV } from "../helpers";
import { failures, findingsOf, statuses } from "./helpers";

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
