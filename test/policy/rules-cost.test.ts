import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { SagemakerEndpoint } from "@cdktf/provider-aws/lib/sagemaker-endpoint";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { describe, expect, it } from "vitest";
import { AwsAlertTopic } from "../../lib/constructs/aws/alert-topic";
import { AwsBudget } from "../../lib/constructs/aws/budget";
import { AwsMonitoring } from "../../lib/constructs/aws/monitoring";
import { budgetNotifications } from "../../lib/policy/rules/aws/budgets/budget-notifications";
import { acceleratorDevCapacity } from "../../lib/policy/rules/aws/eks/accelerator-dev-capacity";
import { acceleratorScaleToZero } from "../../lib/policy/rules/aws/eks/accelerator-scale-to-zero";
import { AWS_RELIABILITY_COST_RULES } from "../../lib/policy/rules/aws/reliability-cost";
import { endpointScaleDown } from "../../lib/policy/rules/aws/sagemaker/endpoint-scale-down";
import { alertTopicSubscribed } from "../../lib/policy/rules/aws/sns/alert-topic-subscribed";
import type { Rule } from "../../lib/policy/types";
import { failures, findingsOf, statuses } from "./helpers";
import { ENV, acceleratorPool, endpoint, exampleFindings, key, nonCompliant } from "./reliability-helpers";

type Scope = Parameters<Parameters<typeof findingsOf>[1]>[0];

const COST_RULES: readonly Rule[] = AWS_RELIABILITY_COST_RULES.filter((r) => r.packs.includes("cost"));
const POOL = "aws_eks_node_group.pool_node-group";
const NIGHTLY = { cron: "0 20 * * 1-5", scaleUpCron: "0 7 * * 1-5" };

/** A raw budget with only what Terraform requires, and the given notifications. */
const rawBudget = (s: Scope, id: string, notification?: ConstructorParameters<typeof BudgetsBudget>[2]["notification"]) =>
  new BudgetsBudget(s, id, { name: `acme-${id}`, budgetType: "COST", limitAmount: "100.00", limitUnit: "USD", timeUnit: "MONTHLY", notification });

const budgetProps = { environment: ENV.dev, monthlyUsd: 1000, emails: ["finops@acme.example"], costTag: { key: "environment", value: "acme-dev" } };

describe("cost rules: metadata", () => {
  it("have unique ids, the cost pack and one-line titles", () => {
    const ids = COST_RULES.map((r) => r.id);
    expect(ids.sort()).toEqual(["LLM-AWS-BUDGET-1", "LLM-AWS-EKS-5", "LLM-AWS-EKS-6", "LLM-AWS-SM-4", "LLM-AWS-SNS-2"]);
    for (const r of COST_RULES) {
      expect(r.packs, r.id).toEqual(["cost"]);
      expect(r.title, r.id).not.toMatch(/\n|\.$/);
    }
  });
});

describe("LLM-AWS-BUDGET-1 budget notifications", () => {
  it("passes an AwsBudget", () => {
    expect(statuses(findingsOf(budgetNotifications, (s) => new AwsBudget(s, "budget", budgetProps)))).toEqual({ "aws_budgets_budget.budget": "compliant" });
  });

  it("fails a budget without notifications and one with a notification nobody receives", () => {
    const findings = findingsOf(budgetNotifications, (s) => {
      rawBudget(s, "silent");
      rawBudget(s, "half", [
        { comparisonOperator: "GREATER_THAN", notificationType: "ACTUAL", threshold: 80, thresholdType: "PERCENTAGE", subscriberEmailAddresses: ["finops@acme.example"] },
        { comparisonOperator: "GREATER_THAN", notificationType: "FORECASTED", threshold: 100, thresholdType: "PERCENTAGE" },
      ]);
    });
    expect(statuses(findings)).toEqual({ "aws_budgets_budget.silent": "non-compliant", "aws_budgets_budget.half": "non-compliant" });
    expect(failures(findings)).toEqual(["has no notification", "notification 2 of 2 has no subscriber"]);
  });
});

describe("LLM-AWS-SNS-2 alert topics have subscribers", () => {
  it("passes an AwsAlertTopic that alarms and the budget send to; skips a topic nothing sends to", () => {
    const findings = findingsOf(alertTopicSubscribed, (s) => {
      const alerts = new AwsAlertTopic(s, "alerts", { environment: ENV.dev, encryptionKey: key(s, ENV.dev), emails: ["oncall@acme.example"] });
      new AwsBudget(s, "budget", { ...budgetProps, topicArn: alerts.topicArn });
      new AwsMonitoring(s, "monitoring", { environment: ENV.dev, region: "us-east-1", topicArn: alerts.topicArn, cluster: { clusterName: "acme-dev-training", acceleratorKind: "nvidia" } });
      new SnsTopic(s, "unused", { name: "acme-unused" });
    });
    expect(statuses(findings)).toEqual({ "aws_sns_topic.alerts_topic": "compliant" });
  });

  it("fails a topic an alarm sends to, and one a budget sends to, without subscriptions", () => {
    const findings = findingsOf(alertTopicSubscribed, (s) => {
      const alarms = new SnsTopic(s, "alarms", { name: "acme-alarms" });
      new CloudwatchMetricAlarm(s, "alarm", {
        alarmName: "acme-errors",
        namespace: "AWS/SageMaker",
        metricName: "Invocation5XXErrors",
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        alarmActions: [alarms.arn],
      });
      const budgets = new SnsTopic(s, "budgets", { name: "acme-budgets" });
      rawBudget(s, "budget", [{ comparisonOperator: "GREATER_THAN", notificationType: "ACTUAL", threshold: 80, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [budgets.arn] }]);
    });
    expect(statuses(findings)).toEqual({ "aws_sns_topic.alarms": "non-compliant", "aws_sns_topic.budgets": "non-compliant" });
    expect(failures(findings)).toEqual(["receives alarms but has no subscription", "receives budget alerts but has no subscription"]);
  });
});

describe("LLM-AWS-EKS-5 accelerator node groups scale to zero outside prod", () => {
  it.each(["dev", "staging"] as const)("passes an AwsAcceleratorNodeGroup in %s (the system node group is not an accelerator pool)", (tier) => {
    expect(statuses(findingsOf(acceleratorScaleToZero, (s) => acceleratorPool(s, ENV[tier]), { tier }))).toEqual({ [POOL]: "compliant" });
  });

  it("fails a pool that keeps a node in staging, and a raw g5 group (found by its instance family) in dev", () => {
    const staging = findingsOf(acceleratorScaleToZero, (s) => acceleratorPool(s, ENV.staging, { nodes: { min: 1, max: 2 } }), { tier: "staging" });
    expect(failures(staging)).toEqual(["keeps at least 1 accelerator node in staging; min_size 0"]);
    const dev = findingsOf(acceleratorScaleToZero, (s) => {
      new EksNodeGroup(s, "raw", { clusterName: "acme-dev", nodeRoleArn: "arn:aws:iam::123456789012:role/node", subnetIds: ["subnet-a"], instanceTypes: ["g5.2xlarge"], scalingConfig: { minSize: 2, maxSize: 4, desiredSize: 2 } });
    });
    expect(statuses(dev)).toEqual({ "aws_eks_node_group.raw": "non-compliant" });
    expect(failures(dev)).toEqual(["keeps at least 2 accelerator nodes in dev; min_size 0"]);
  });

  it("skips prod", () => {
    expect(findingsOf(acceleratorScaleToZero, (s) => acceleratorPool(s, ENV.prod, { nodes: { min: 1, max: 2 } }), { tier: "prod" })).toEqual([]);
  });
});

describe("LLM-AWS-EKS-6 dev accelerator node groups avoid plain on-demand", () => {
  it("passes dev pools on spot (the default), a Capacity Reservation and a Capacity Block", () => {
    for (const capacity of [undefined, { reservation: "cr-0123456789abcdef0" }, { capacityBlock: "cr-0fedcba9876543210" }]) {
      const findings = findingsOf(acceleratorDevCapacity, (s) => acceleratorPool(s, ENV.dev, capacity ? { capacity } : {}), { tier: "dev" });
      expect(statuses(findings), JSON.stringify(capacity)).toEqual({ [POOL]: "compliant" });
    }
  });

  it("fails an on-demand pool in dev", () => {
    const findings = findingsOf(acceleratorDevCapacity, (s) => acceleratorPool(s, ENV.dev, { capacity: "on-demand" }), { tier: "dev" });
    expect(failures(findings)).toEqual(["runs accelerators on ON_DEMAND capacity in dev; use SPOT, CAPACITY_BLOCK or a capacity reservation"]);
  });

  it.each(["staging", "prod"] as const)("skips %s", (tier) => {
    expect(findingsOf(acceleratorDevCapacity, (s) => acceleratorPool(s, ENV[tier], { capacity: "on-demand" }), { tier })).toEqual([]);
  });
});

describe("LLM-AWS-SM-4 endpoints scale down when idle outside prod", () => {
  const ENDPOINT = "aws_sagemaker_endpoint.serving_endpoint";

  it("passes a nightly scale-down to zero (inference component) and a minimum of 0 in dev", () => {
    expect(statuses(findingsOf(endpointScaleDown, (s) => endpoint(s, ENV.dev, { scaleDownSchedule: { ...NIGHTLY, minReplicas: 0 } })))).toEqual({ [ENDPOINT]: "compliant" });
    expect(statuses(findingsOf(endpointScaleDown, (s) => endpoint(s, ENV.dev, { replicas: { min: 0, max: 2 } })))).toEqual({ [ENDPOINT]: "compliant" });
  });

  it("passes a variant scaled down from 2 to 1 at night in staging", () => {
    const findings = findingsOf(endpointScaleDown, (s) => endpoint(s, ENV.staging, { replicas: { min: 2, max: 4 }, scaleDownSchedule: { ...NIGHTLY, minReplicas: 1 } }), { tier: "staging" });
    expect(statuses(findings)).toEqual({ [ENDPOINT]: "compliant" });
  });

  it("fails an endpoint without a scale-down and one without autoscaling, in dev", () => {
    expect(failures(findingsOf(endpointScaleDown, (s) => endpoint(s, ENV.dev, { replicas: { min: 1, max: 2 } })))).toEqual(["never scales below its minimum in dev; add a scheduled scale-down or a minimum of 0"]);
    const raw = findingsOf(endpointScaleDown, (s) => new SagemakerEndpoint(s, "raw", { name: "acme-raw", endpointConfigName: "acme-raw-config" }));
    expect(failures(raw)).toEqual(["has no autoscaling target, so it never scales down in dev"]);
  });

  it("skips prod", () => {
    expect(findingsOf(endpointScaleDown, (s) => endpoint(s, ENV.prod), { tier: "prod" })).toEqual([]);
  });
});

describe("cost rules on the example stacks", () => {
  const results = exampleFindings(COST_RULES);

  it.each(Object.keys(results))("find nothing wrong with %s", (name) => {
    expect(nonCompliant(results[name])).toEqual([]);
  });

  it("check something with every rule", () => {
    const checked = new Set(Object.values(results).flatMap((f) => f.filter((x) => x.status === "compliant").map((x) => x.ruleId)));
    expect([...checked].sort()).toEqual(COST_RULES.map((r) => r.id).sort());
  });
});
