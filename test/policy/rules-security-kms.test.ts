import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsKeyPolicy } from "@cdktf/provider-aws/lib/kms-key-policy";
import { describe, expect, it } from "vitest";
import { kmsKeyPolicy } from "../../lib/policy/rules/aws/kms/key-policy";
import { kmsKeyRotation } from "../../lib/policy/rules/aws/kms/key-rotation";
import { failures, findingsOf, statuses } from "./helpers";
import { envKey, policy } from "./security-helpers";

const ACCOUNT_ADMINISTERS = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" };

describe("LLM-AWS-KMS-1 key rotation", () => {
  it("passes an AwsEncryptionKey", () => {
    expect(statuses(findingsOf(kmsKeyRotation, envKey))).toEqual({ "aws_kms_key.key": "compliant" });
  });

  it("fails a symmetric key that does not rotate", () => {
    // given a raw key with the provider's default (no rotation)
    const findings = findingsOf(kmsKeyRotation, (s) => new KmsKey(s, "static", { description: "never rotated" }));
    // then
    expect(statuses(findings)).toEqual({ "aws_kms_key.static": "non-compliant" });
    expect(failures(findings)).toEqual([expect.stringMatching(/^does not rotate its key material/)]);
  });

  it("does not judge asymmetric keys, which KMS cannot rotate", () => {
    const findings = findingsOf(kmsKeyRotation, (s) => new KmsKey(s, "signing", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }));
    expect(findings).toEqual([]);
  });
});

describe("LLM-AWS-KMS-2 explicit key policy", () => {
  it("passes an AwsEncryptionKey, and a raw key whose policy is attached with aws_kms_key_policy", () => {
    const findings = findingsOf(kmsKeyPolicy, (s) => {
      envKey(s);
      const attached = new KmsKey(s, "attached", { enableKeyRotation: true });
      new KmsKeyPolicy(s, "attached-policy", { keyId: attached.id, policy: policy(ACCOUNT_ADMINISTERS) });
    });
    expect(statuses(findings)).toEqual({ "aws_kms_key.key": "compliant", "aws_kms_key.attached": "compliant" });
  });

  it("fails a key left on KMS's default policy", () => {
    const findings = findingsOf(kmsKeyPolicy, (s) => new KmsKey(s, "default-policy", { enableKeyRotation: true }));
    expect(statuses(findings)).toEqual({ "aws_kms_key.default-policy": "non-compliant" });
    expect(failures(findings)).toEqual([expect.stringMatching(/^has no explicit key policy/)]);
  });
});
