import { describe, expect, it } from "vitest";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { LlmOpsValidationError } from "../lib/errors";
import { DEV, PROD, only, synthAws } from "./helpers";

describe("AwsEncryptionKey", () => {
  it("rotates yearly, waits 30 days before deletion and carries an explicit key policy", () => {
    // given / when
    const doc = synthAws((s) => new AwsEncryptionKey(s, "key", { environment: DEV }));
    // then
    const key = only(doc, "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    expect(key.rotation_period_in_days).toBe(365);
    expect(key.deletion_window_in_days).toBe(30);
    const policy = JSON.parse(key.policy as string);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["AccountAdministersThroughIam", "CloudWatchLogsOfThisAccount", "AlertPublishersOfThisAccount"]);
    expect(only(doc, "aws_kms_alias").name).toBe("alias/acme-dev-data");
    expect(key.lifecycle).toBeUndefined();
  });

  it("lets CloudWatch and Budgets use the key for the encrypted topic as AWS documents it, without a source-account condition", () => {
    // given / when
    const policy = JSON.parse(only(synthAws((s) => new AwsEncryptionKey(s, "key", { environment: DEV })), "aws_kms_key").policy as string);
    // then (SNS DG: the documented statement has no condition; the topic policy limits publishers to the account)
    expect(policy.Statement.find((s: { Sid: string }) => s.Sid === "AlertPublishersOfThisAccount")).toEqual({
      Sid: "AlertPublishersOfThisAccount",
      Effect: "Allow",
      Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    });
  });

  it("keeps the key from terraform destroy in prod", () => {
    const doc = synthAws((s) => new AwsEncryptionKey(s, "key", { environment: PROD }));
    expect(only(doc, "aws_kms_key").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("lets Lustre data repositories of the account use the key only when asked", () => {
    const doc = synthAws((s) => new AwsEncryptionKey(s, "key", { environment: DEV, allowLustreDataRepositories: true }));
    const policy = JSON.parse(only(doc, "aws_kms_key").policy as string);
    const statement = policy.Statement.find((s: { Sid: string }) => s.Sid === "LustreDataRepositoriesOfThisAccount");
    expect(statement.Condition.ArnLike["aws:PrincipalArn"]).toMatch(/aws-service-role\/s3\.data-source\.lustre\.fsx\.amazonaws\.com\/\*$/);
    expect(statement.Condition.StringEquals["aws:PrincipalAccount"]).toMatch(/aws_caller_identity/);
  });

  it("rejects a deletion window and rotation period KMS does not accept, listing both", () => {
    expect(() => synthAws((s) => new AwsEncryptionKey(s, "key", { environment: DEV, deletionWindowDays: 3, rotationPeriodDays: 30 }))).toThrowError(
      /deletionWindowDays: The KMS deletion window \(days\) takes a whole number from 7 to 30 \(got 3\)[\s\S]*rotationPeriodDays: KMS key rotation \(days\) takes a whole number from 90 to 2560 \(got 30\)/,
    );
    expect(() => synthAws((s) => new AwsEncryptionKey(s, "key", { environment: DEV, deletionWindowDays: 3 }))).toThrow(LlmOpsValidationError);
  });
});
