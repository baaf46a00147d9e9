import { describe, expect, it } from "vitest";
import { AwsAlertTopic } from "../lib/constructs/aws/alert-topic";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { AwsMonitoring, type AwsMonitoringProps } from "../lib/constructs/aws/monitoring";
import { DEV, only, resources, synthAws, type Synthesized } from "./helpers";

const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:acme-dev-alerts";

/** Watched endpoint, cluster and file system, as a stack would pass them. */
const WATCHED = {
  endpoint: { dimensions: { EndpointName: "acme-dev-serving", VariantName: "primary" }, endpointName: "acme-dev-serving" },
  cluster: { clusterName: "acme-dev-training", acceleratorKind: "nvidia" },
  fileSystem: { fileSystemId: "fs-0123456789abcdef0", capacityGiB: 4800 },
} as const;

function synthMonitoring(overrides: Partial<AwsMonitoringProps> = {}): Synthesized {
  return synthAws((s) => new AwsMonitoring(s, "monitoring", { environment: DEV, region: "us-east-1", topicArn: TOPIC_ARN, ...overrides }));
}

/** Alarms by name. */
function alarms(doc: Synthesized): Record<string, Record<string, unknown>> {
  return Object.fromEntries(resources(doc, "aws_cloudwatch_metric_alarm").map((a) => [a.alarm_name as string, a]));
}

describe("AwsAlertTopic", () => {
  function synthTopic(emails: readonly string[]): Synthesized {
    return synthAws((s) => {
      const key = new AwsEncryptionKey(s, "key", { environment: DEV });
      new AwsAlertTopic(s, "alerts", { environment: DEV, encryptionKey: key, emails });
    });
  }

  it("is a KMS-encrypted topic named after the environment", () => {
    const topic = only(synthTopic(["oncall@acme.example"]), "aws_sns_topic");
    expect(topic.name).toBe("acme-dev-alerts");
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.\w+\.arn\}$/);
  });

  it("lets CloudWatch and Budgets of this account publish, and denies publishing without TLS", () => {
    // given / when
    const policy = JSON.parse(only(synthTopic(["oncall@acme.example"]), "aws_sns_topic_policy").policy as string);
    // then
    const bySid = Object.fromEntries(policy.Statement.map((s: { Sid: string }) => [s.Sid, s]));
    expect(bySid.AlarmsAndBudgetsOfThisAccountPublish).toMatchObject({
      Effect: "Allow",
      Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] },
      Action: "SNS:Publish",
      Condition: { StringEquals: { "aws:SourceAccount": expect.stringMatching(/aws_caller_identity/) } },
    });
    expect(bySid.DenyInsecureTransport).toMatchObject({ Effect: "Deny", Principal: "*", Action: "SNS:Publish", Condition: { Bool: { "aws:SecureTransport": "false" } } });
  });

  it("subscribes each address by email", () => {
    const subscriptions = resources(synthTopic(["oncall@acme.example", "ml-platform@acme.example"]), "aws_sns_topic_subscription");
    // resources are ordered by address, which is keyed by the address, not by list position
    expect(subscriptions.map((s) => [s.protocol, s.endpoint]).sort()).toEqual([
      ["email", "ml-platform@acme.example"],
      ["email", "oncall@acme.example"],
    ]);
  });

  it("rejects an empty address list: alerts would reach nobody", () => {
    expect(() => synthTopic([])).toThrowError(/emails: list at least one email address/);
  });
});

describe("AwsMonitoring", () => {
  describe("with an endpoint, a cluster and a file system", () => {
    it("alarms on p90 model latency, in microseconds as SageMaker reports it", () => {
      const latency = alarms(synthMonitoring({ ...WATCHED, latencyP90Ms: 2000 }))["acme-dev-latency-p90"];
      expect(latency).toMatchObject({
        namespace: "AWS/SageMaker",
        metric_name: "ModelLatency",
        extended_statistic: "p90",
        threshold: 2_000_000,
        dimensions: { EndpointName: "acme-dev-serving", VariantName: "primary" },
      });
      expect(latency.statistic).toBeUndefined();
    });

    it("alarms on 5xx errors of the endpoint", () => {
      const errors = alarms(synthMonitoring(WATCHED))["acme-dev-errors-5xx"];
      expect(errors).toMatchObject({ metric_name: "Invocation5XXErrors", statistic: "Sum", threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold" });
    });

    it("alarms when GPUs are saturated, from Container Insights", () => {
      const saturated = alarms(synthMonitoring(WATCHED))["acme-dev-accelerators-saturated"];
      expect(saturated).toMatchObject({ namespace: "ContainerInsights", metric_name: "node_gpu_utilization", dimensions: { ClusterName: "acme-dev-training" }, threshold: 95 });
    });

    it("watches NeuronCore utilisation for a Neuron cluster", () => {
      const doc = synthMonitoring({ cluster: { clusterName: "acme-dev-training", acceleratorKind: "neuron" } });
      expect(alarms(doc)["acme-dev-accelerators-saturated"].metric_name).toBe("node_neuroncore_utilization");
    });

    it("alarms when running accelerators sit idle, through a metric math IF expression", () => {
      // given / when
      const idle = alarms(synthMonitoring({ ...WATCHED, gpuIdlePercent: 5 }))["acme-dev-accelerators-idle"];
      // then
      const [util, expression] = idle.metric_query as Record<string, unknown>[];
      expect(util).toMatchObject({ id: "util", return_data: false, metric: { namespace: "ContainerInsights", metric_name: "node_gpu_utilization", dimensions: { ClusterName: "acme-dev-training" } } });
      expect(expression).toMatchObject({ id: "idle", return_data: true, expression: "IF(util < 5, 1, 0)" });
      expect(idle.metric_name).toBeUndefined();
    });

    it("alarms when free shared storage falls below the percent of capacity, in bytes", () => {
      const storage = alarms(synthMonitoring(WATCHED))["acme-dev-storage-low"];
      expect(storage).toMatchObject({
        namespace: "AWS/FSx",
        metric_name: "FreeDataStorageCapacity",
        dimensions: { FileSystemId: "fs-0123456789abcdef0" },
        comparison_operator: "LessThanThreshold",
        threshold: Math.round(4800 * 1024 ** 3 * 0.1),
      });
    });

    it("sums free bytes over 60-second periods, so no storage target is counted twice", () => {
      // FSx: the Sum of FreeDataStorageCapacity is the total over storage targets; a longer period would add up several datapoints of each
      const storage = alarms(synthMonitoring(WATCHED))["acme-dev-storage-low"];
      expect(storage).toMatchObject({ statistic: "Sum", period: 60, evaluation_periods: 10, datapoints_to_alarm: 5 });
    });

    it("notifies the topic on alarm and on recovery, for every alarm", () => {
      // given / when
      const all = Object.values(alarms(synthMonitoring(WATCHED)));
      // then
      expect(all).toHaveLength(5);
      for (const alarm of all) {
        expect(alarm.alarm_actions, alarm.alarm_name as string).toEqual([TOPIC_ARN]);
        expect(alarm.ok_actions, alarm.alarm_name as string).toEqual([TOPIC_ARN]);
      }
    });

    it("charts them on one dashboard whose body is JSON naming the region", () => {
      // given / when
      const dashboard = only(synthMonitoring({ ...WATCHED, region: "eu-west-1" }), "aws_cloudwatch_dashboard");
      // then
      const body = JSON.parse(dashboard.dashboard_body as string);
      expect(body.widgets.length).toBeGreaterThan(0);
      for (const w of body.widgets) expect(w.properties.region).toBe("eu-west-1");
    });
  });

  it("creates no alarm with nothing to watch, and still a dashboard", () => {
    // given no endpoint, cluster or file system / when
    const doc = synthMonitoring();
    // then
    expect(resources(doc, "aws_cloudwatch_metric_alarm")).toEqual([]);
    const body = JSON.parse(only(doc, "aws_cloudwatch_dashboard").dashboard_body as string);
    expect(body.widgets).toEqual([expect.objectContaining({ type: "text" })]);
  });

  describe("validation", () => {
    it("rejects an idle threshold at or above the saturation threshold", () => {
      expect(() => synthMonitoring({ gpuIdlePercent: 95, gpuHighPercent: 95 })).toThrowError(/gpuIdlePercent: must be below gpuHighPercent \(got 95 >= 95\)/);
    });

    it("rejects a percent above 100", () => {
      expect(() => synthMonitoring({ storageFreePercent: 150 })).toThrowError(/storageFreePercent: The free-storage alarm \(percent\) takes 1 to 99 \(got 150\)/);
    });
  });
});
