import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { describe, expect, it } from "vitest";
import { AwsAlertTopic } from "../../lib/constructs/aws/alert-topic";
import { snsTopicKms } from "../../lib/policy/rules/aws/sns/topic-kms";
import { DEV } from "../helpers";
import { findingsOf, statuses } from "./helpers";
import { envKey, messagesBy } from "./security-helpers";

describe("LLM-AWS-SNS-1 topics encrypted with a customer-managed key", () => {
  it("passes an AwsAlertTopic, and raw topics given a customer alias by reference or by name", () => {
    // given
    const findings = findingsOf(snsTopicKms, (s) => {
      const key = envKey(s);
      new AwsAlertTopic(s, "alerts", { environment: DEV, encryptionKey: key, emails: ["oncall@acme.example"] });
      const alias = new KmsAlias(s, "alias", { name: "alias/acme-alerts", targetKeyId: key.keyId });
      new SnsTopic(s, "by-alias", { name: "by-alias", kmsMasterKeyId: alias.name });
      new SnsTopic(s, "by-alias-name", { name: "by-alias-name", kmsMasterKeyId: "alias/acme-alerts" });
    });
    // then
    expect(statuses(findings)).toEqual({ "aws_sns_topic.alerts_topic": "compliant", "aws_sns_topic.by-alias": "compliant", "aws_sns_topic.by-alias-name": "compliant" });
  });

  it("fails a topic without a key and one on the AWS-managed alias/aws/sns", () => {
    const findings = findingsOf(snsTopicKms, (s) => {
      new SnsTopic(s, "clear", { name: "clear" });
      new SnsTopic(s, "aws-managed", { name: "aws-managed", kmsMasterKeyId: "alias/aws/sns" });
    });
    expect(messagesBy(findings)).toEqual({
      "aws_sns_topic.clear": "does not encrypt messages (kms_master_key_id is not set)",
      "aws_sns_topic.aws-managed": "encrypts with the AWS-managed key alias/aws/sns, not a customer-managed one",
    });
  });
});
