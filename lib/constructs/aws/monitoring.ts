import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { Checks, isUnknown } from "../private/checks";
import type { Tier } from "../../util/tier";
import { Namer } from "../../naming";
import { markComponent, type EnvironmentIdentity } from "../common";

/** What to watch on an inference endpoint. */
export interface WatchedEndpoint {
  /** Metric dimensions of the served model: `EndpointName`+`VariantName`, or `InferenceComponentName`. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Endpoint name, for the dashboard title. */
  readonly endpointName: string;
}

/** What to watch on a training cluster (Container Insights metrics). */
export interface WatchedCluster {
  readonly clusterName: string;
  /** GPUs report `node_gpu_utilization`; Neuron devices `node_neuroncore_utilization`. */
  readonly acceleratorKind: "nvidia" | "neuron";
}

/** What to watch on a Lustre file system. */
export interface WatchedFileSystem {
  readonly fileSystemId: string;
  readonly capacityGiB: number;
}

/** Props of {@link AwsMonitoring}. */
export interface AwsMonitoringProps {
  /** The environment; alarms are `<name>-<tier>-<signal>`, the dashboard `<name>-<tier>-overview`. */
  readonly environment: EnvironmentIdentity;
  /** Region of the metrics, for the dashboard. */
  readonly region: string;
  /** Topic every alarm notifies (on alarm and on recovery). */
  readonly topicArn: string;
  /** Endpoint to watch. @default - none */
  readonly endpoint?: WatchedEndpoint;
  /** Training cluster to watch. @default - none */
  readonly cluster?: WatchedCluster;
  /** File system to watch. @default - none */
  readonly fileSystem?: WatchedFileSystem;
  /** p90 model latency above which to alarm, ms. @default 2000 */
  readonly latencyP90Ms?: number;
  /** 5xx errors per 5 minutes at which to alarm. @default 1 */
  readonly errors5xxThreshold?: number;
  /** Accelerator utilisation above which to alarm (saturated), percent. @default 95 */
  readonly gpuHighPercent?: number;
  /** Utilisation below which running accelerators count as idle (waste), percent. @default 5 */
  readonly gpuIdlePercent?: number;
  /** Free shared storage below which to alarm, percent of capacity. @default 10 */
  readonly storageFreePercent?: number;
}

/** What {@link AwsMonitoring} uses for props left unset. */
export interface AwsMonitoringDefaults {
  readonly latencyP90Ms: number;
  readonly errors5xxThreshold: number;
  readonly gpuHighPercent: number;
  readonly gpuIdlePercent: number;
  readonly storageFreePercent: number;
}

/** The props {@link AwsMonitoring.validate} checks. */
export type AwsMonitoringSettings = Partial<AwsMonitoringDefaults>;

/**
 * CloudWatch alarms on the environment's signals — endpoint p90 model latency and
 * 5xx errors, accelerators saturated, accelerators idle while nodes run (waste),
 * shared storage running out — each notifying the alert topic, and one dashboard.
 */
export class AwsMonitoring extends Construct {
  /** Alarm names by signal. */
  public readonly alarmNames: Readonly<Record<string, string>>;
  public readonly dashboardName: string;
  public readonly latencyP90Ms: number;
  public readonly errors5xxThreshold: number;
  public readonly gpuHighPercent: number;
  public readonly gpuIdlePercent: number;
  public readonly storageFreePercent: number;

  /** What the monitoring uses for each prop left unset (the same in every tier). */
  public static defaults(_tier: Tier): AwsMonitoringDefaults {
    return { latencyP90Ms: 2000, errors5xxThreshold: 1, gpuHighPercent: 95, gpuIdlePercent: 5, storageFreePercent: 10 };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: AwsMonitoringSettings): readonly ValidationProblem[] {
    const checks = new Checks();
    checks.number("gpuHighPercent", settings.gpuHighPercent, 1, 100, "The saturation alarm (percent)");
    checks.number("gpuIdlePercent", settings.gpuIdlePercent, 0, 100, "The idle alarm (percent)");
    checks.number("storageFreePercent", settings.storageFreePercent, 1, 99, "The free-storage alarm (percent)");
    const { gpuIdlePercent: idle, gpuHighPercent: high } = settings;
    if (idle !== undefined && high !== undefined && !isUnknown(idle) && !isUnknown(high) && idle >= high) {
      checks.add("gpuIdlePercent", idle, `must be below gpuHighPercent (got ${idle} >= ${high})`);
    }
    checks.number("latencyP90Ms", settings.latencyP90Ms, 1, 3_600_000, "The latency alarm (milliseconds)");
    checks.number("errors5xxThreshold", settings.errors5xxThreshold, 1, 1_000_000, "The 5xx alarm (errors per minute)");
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AwsMonitoringProps) {
    super(scope, id);
    markComponent(this, "monitoring");
    const defaults = AwsMonitoring.defaults(props.environment.tier);
    this.latencyP90Ms = props.latencyP90Ms ?? defaults.latencyP90Ms;
    this.errors5xxThreshold = props.errors5xxThreshold ?? defaults.errors5xxThreshold;
    this.gpuHighPercent = props.gpuHighPercent ?? defaults.gpuHighPercent;
    this.gpuIdlePercent = props.gpuIdlePercent ?? defaults.gpuIdlePercent;
    this.storageFreePercent = props.storageFreePercent ?? defaults.storageFreePercent;

    const problems = new ProblemCollector();
    problems.addAll(AwsMonitoring.validate(this));
    const namer = new Namer(props.environment);
    const alarmName = (signal: string) => namer.name("cloudwatch-alarm", "environment.name", signal);
    this.dashboardName = namer.name("cloudwatch-alarm", "environment.name", "overview");
    const names: Record<string, string> = {};
    for (const signal of ["latency-p90", "errors-5xx", "accelerators-saturated", "accelerators-idle", "storage-low"]) names[signal] = alarmName(signal);
    problems.addAll(namer.found);
    problems.throwIfAny(`AwsMonitoring ${this.node.path}`);

    const actions = { alarmActions: [props.topicArn], okActions: [props.topicArn], actionsEnabled: true };
    const alarms: Record<string, string> = {};
    const alarm = (signal: string, config: Omit<CloudwatchMetricAlarmConfig, "alarmName">) => {
      alarms[signal] = new CloudwatchMetricAlarm(this, signal, { alarmName: names[signal], ...actions, ...config }).alarmName;
    };
    const widgets: object[] = [];
    const widget = (title: string, metrics: unknown[][], stat = "Average") =>
      widgets.push({ type: "metric", width: 12, height: 6, properties: { title, metrics, stat, period: 300, region: props.region } });

    if (props.endpoint) {
      const dims = props.endpoint.dimensions;
      const dimList = Object.entries(dims).flat();
      alarm("latency-p90", {
        alarmDescription: `p90 model latency of ${props.endpoint.endpointName} above ${this.latencyP90Ms} ms for 15 minutes`,
        namespace: "AWS/SageMaker",
        metricName: "ModelLatency",
        dimensions: { ...dims },
        extendedStatistic: "p90",
        period: 300,
        evaluationPeriods: 3,
        threshold: this.latencyP90Ms * 1000,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      });
      alarm("errors-5xx", {
        alarmDescription: `${props.endpoint.endpointName} returned 5xx errors`,
        namespace: "AWS/SageMaker",
        metricName: "Invocation5XXErrors",
        dimensions: { ...dims },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: this.errors5xxThreshold,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
      });
      widget(`${props.endpoint.endpointName}: invocations and errors`, [
        ["AWS/SageMaker", "Invocations", ...dimList, { stat: "Sum" }],
        ["AWS/SageMaker", "Invocation5XXErrors", ...dimList, { stat: "Sum" }],
        ["AWS/SageMaker", "Invocation4XXErrors", ...dimList, { stat: "Sum" }],
      ]);
      widget(`${props.endpoint.endpointName}: model latency p90 (µs)`, [["AWS/SageMaker", "ModelLatency", ...dimList, { stat: "p90" }]]);
    }
    if (props.cluster) {
      const metric = props.cluster.acceleratorKind === "nvidia" ? "node_gpu_utilization" : "node_neuroncore_utilization";
      const util = { id: "util", returnData: false, metric: { namespace: "ContainerInsights", metricName: metric, dimensions: { ClusterName: props.cluster.clusterName }, period: 300, stat: "Average" } };
      alarm("accelerators-saturated", {
        alarmDescription: `Accelerators of ${props.cluster.clusterName} above ${this.gpuHighPercent}% for 30 minutes: the pool may need more nodes`,
        namespace: "ContainerInsights",
        metricName: metric,
        dimensions: { ClusterName: props.cluster.clusterName },
        statistic: "Average",
        period: 300,
        evaluationPeriods: 6,
        threshold: this.gpuHighPercent,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      });
      alarm("accelerators-idle", {
        alarmDescription: `Accelerator nodes of ${props.cluster.clusterName} running below ${this.gpuIdlePercent}% for 1 hour: paid for, unused`,
        evaluationPeriods: 12,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        metricQuery: [
          util,
          { id: "idle", returnData: true, label: "idle accelerator nodes", expression: `IF(util < ${this.gpuIdlePercent}, 1, 0)` },
        ],
      });
      widget(`${props.cluster.clusterName}: accelerator utilisation (%)`, [["ContainerInsights", metric, "ClusterName", props.cluster.clusterName]]);
    }
    if (props.fileSystem) {
      const thresholdBytes = Math.round(props.fileSystem.capacityGiB * 1024 ** 3 * (this.storageFreePercent / 100));
      alarm("storage-low", {
        alarmDescription: `Shared storage ${props.fileSystem.fileSystemId} below ${this.storageFreePercent}% free`,
        namespace: "AWS/FSx",
        metricName: "FreeDataStorageCapacity",
        dimensions: { FileSystemId: props.fileSystem.fileSystemId },
        // Sum is the file system's free bytes (FSx: one datapoint per storage target; Minimum would be the
        // fullest target's). A 60-second period holds at most one datapoint per target whatever the emission
        // interval, so the Sum never counts a target twice (over 300 s it could count each up to five times).
        statistic: "Sum",
        period: 60,
        evaluationPeriods: 10,
        datapointsToAlarm: 5,
        threshold: thresholdBytes,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "missing",
      });
      widget("Shared storage: free bytes", [["AWS/FSx", "FreeDataStorageCapacity", "FileSystemId", props.fileSystem.fileSystemId, { stat: "Sum", period: 60 }]]);
    }
    this.alarmNames = alarms;
    new CloudwatchDashboard(this, "dashboard", {
      dashboardName: this.dashboardName,
      dashboardBody: JSON.stringify({ widgets: widgets.length > 0 ? widgets : [{ type: "text", width: 24, height: 2, properties: { markdown: `# ${props.environment.name}-${props.environment.tier}\nNothing to chart yet.` } }] }),
    });
  }
}
