import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { describe, expect, it } from "vitest";
import { logGroupKms } from "../../lib/policy/rules/aws/logs/log-group-kms";
import { logGroupRetention } from "../../lib/policy/rules/aws/logs/log-group-retention";
import { findingsOf, statuses } from "./helpers";
import { KEY_ARN, inferenceEndpoint, messagesBy, network, trainingCluster } from "./security-helpers";

/** Our constructs' log groups: VPC flow logs, EKS control plane, SageMaker endpoint. */
function constructLogGroups(s: Parameters<Parameters<typeof findingsOf>[1]>[0]): void {
  network(s);
  trainingCluster(s);
  inferenceEndpoint(s);
}

const OUR_GROUPS = {
  "aws_cloudwatch_log_group.network_flow-log-group": "compliant",
  "aws_cloudwatch_log_group.training_log-group": "compliant",
  "aws_cloudwatch_log_group.training_insights-application": "compliant",
  "aws_cloudwatch_log_group.training_insights-dataplane": "compliant",
  "aws_cloudwatch_log_group.training_insights-host": "compliant",
  "aws_cloudwatch_log_group.training_insights-performance": "compliant",
  "aws_cloudwatch_log_group.serving_log-group": "compliant",
};

describe("LLM-AWS-LOGS-1 log groups encrypted with a customer-managed key", () => {
  it("passes the log groups of AwsNetwork, AwsTrainingCluster and AwsInferenceEndpoint, and one given a literal key ARN", () => {
    const findings = findingsOf(logGroupKms, (s) => {
      constructLogGroups(s);
      new CloudwatchLogGroup(s, "literal", { name: "/acme/literal", retentionInDays: 30, kmsKeyId: KEY_ARN });
    });
    expect(statuses(findings)).toEqual({ ...OUR_GROUPS, "aws_cloudwatch_log_group.literal": "compliant" });
  });

  it("fails a log group without a key, and one whose key is an alias", () => {
    const findings = findingsOf(logGroupKms, (s) => {
      new CloudwatchLogGroup(s, "plain", { name: "/acme/plain", retentionInDays: 30 });
      new CloudwatchLogGroup(s, "aliased", { name: "/acme/aliased", retentionInDays: 30, kmsKeyId: "alias/aws/logs" });
    });
    expect(messagesBy(findings)).toEqual({
      "aws_cloudwatch_log_group.plain": "is not encrypted with a customer-managed KMS key (kms_key_id is not set)",
      "aws_cloudwatch_log_group.aliased": 'kms_key_id "alias/aws/logs" is not a customer-managed KMS key',
    });
  });
});

describe("LLM-AWS-LOGS-2 log groups with retention", () => {
  it("passes the log groups of our constructs (14 days in dev)", () => {
    expect(statuses(findingsOf(logGroupRetention, constructLogGroups))).toEqual(OUR_GROUPS);
  });

  it("fails a log group without retention, one that never expires (0) and one with a retention it cannot read", () => {
    // given
    const findings = findingsOf(logGroupRetention, (s) => {
      new CloudwatchLogGroup(s, "forever", { name: "/acme/forever", kmsKeyId: KEY_ARN });
      new CloudwatchLogGroup(s, "zero", { name: "/acme/zero", kmsKeyId: KEY_ARN, retentionInDays: 0 });
      new CloudwatchLogGroup(s, "variable", { name: "/acme/variable", kmsKeyId: KEY_ARN }).addOverride("retention_in_days", "${var.days}");
    });
    // then
    expect(messagesBy(findings)).toEqual({
      "aws_cloudwatch_log_group.forever": "keeps events forever (retention_in_days is not set)",
      "aws_cloudwatch_log_group.zero": "keeps events forever (retention_in_days is 0)",
      "aws_cloudwatch_log_group.variable": 'retention_in_days "${var.days}" is not a literal number of days',
    });
  });
});
