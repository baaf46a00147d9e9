import { MonitoringAlertPolicy, type MonitoringAlertPolicyConditions } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { MonitoringDashboard } from "@cdktf/provider-google/lib/monitoring-dashboard";
import type { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { Construct } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks } from "../private/checks";
import { checkEmails, emailChannels } from "./private/channels";
import { checkLabels } from "./private/labels";

/** Metrics the alerts read (cloud.google.com/monitoring/api/metrics_gcp, GKE managed Prometheus DCGM exporter). */
export const GCP_METRICS = {
  endpointResource: "aiplatform.googleapis.com/Endpoint",
  latency: "aiplatform.googleapis.com/prediction/online/prediction_latencies",
  errors: "aiplatform.googleapis.com/prediction/online/error_count",
  gpuUtil: "prometheus.googleapis.com/DCGM_FI_DEV_GPU_UTIL/gauge",
  /** GKE system metric on `k8s_node`: percent of time the node's accelerators (TPU chips) were busy (cloud.google.com/monitoring/api/metrics_kubernetes). */
  acceleratorDutyCycle: "kubernetes.io/node/accelerator/duty_cycle",
  nodeResource: "k8s_node",
  /** Managed Lustre (cloud.google.com/monitoring/api/metrics_gcp, "lustre"; BETA): bytes of a target (OST or MDT) available to non-root users, and provisioned. */
  lustreAvailable: "lustre.googleapis.com/instance/available_bytes",
  lustreCapacity: "lustre.googleapis.com/instance/capacity_bytes",
  lustreResource: "lustre.googleapis.com/Instance",
} as const;

/** Props of {@link GcpMonitoring}. */
export interface GcpMonitoringProps {
  /** The environment; policies are named `<name>-<tier> <what>`. */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the channels, policies and dashboard. */
  readonly project: string;
  /** Email addresses every alert goes to: one channel each, keyed by address. */
  readonly emails: readonly string[];
  /** The Vertex AI endpoint to watch: its numeric id (the endpoint resource's `name`). @default - no endpoint alerts */
  readonly endpoint?: { readonly endpointId: string };
  /** The GKE cluster whose GPUs to watch, through DCGM metrics in managed Prometheus. @default - no GPU alerts */
  readonly gpuCluster?: { readonly clusterName: string };
  /** The GKE cluster whose TPU nodes to watch, through GKE's node accelerator duty cycle (system metrics). @default - no TPU alerts */
  readonly tpuCluster?: { readonly clusterName: string };
  /** Alert when a running TPU node's duty cycle stays below this, percent, for an hour (paid for, unused). @default 5 */
  readonly tpuIdlePercent?: number;
  /** The Managed Lustre instance whose free space to watch: its instance id (the `lustre.googleapis.com/Instance` resource's `instance_id` label). @default - no storage alert */
  readonly lustre?: { readonly instanceId: string };
  /** Alert when the Lustre data targets' (OSTs') space available to non-root users stays below this share of their capacity, percent, for 15 minutes. @default 10 */
  readonly storageFreePercent?: number;
  /** Alert when the endpoint's 90th-percentile latency stays above this, ms. @default - 5000 dev, 2000 staging and prod */
  readonly latencyP90Ms?: number;
  /** Alert when the endpoint returns more errors than this in 5 minutes. @default - 20 dev, 5 staging and prod */
  readonly errorsPer5Min?: number;
  /** Alert when a GPU stays busier than this, percent, for 30 minutes. @default 95 */
  readonly gpuSaturatedPercent?: number;
  /** Alert when a running GPU stays less busy than this, percent, for an hour (paid for, unused). @default 5 */
  readonly gpuIdlePercent?: number;
  /** Labels of the channels and policies (`user_labels`, which provider default labels do not reach). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

type Settings = Pick<GcpMonitoringProps, "emails" | "latencyP90Ms" | "errorsPer5Min" | "gpuSaturatedPercent" | "gpuIdlePercent" | "tpuIdlePercent" | "storageFreePercent" | "labels">;
type Condition = MonitoringAlertPolicyConditions;

/**
 * Cloud Monitoring for an LLMOps environment on Google Cloud: an email channel per
 * address; alert policies for the Vertex AI endpoint (90th-percentile latency, errors),
 * and for the cluster's GPUs from the DCGM exporter GKE runs with managed Prometheus
 * (saturated for 30 minutes; idle but running for an hour: nodes that cost money and
 * do nothing); for TPU nodes, idle but running for an hour from GKE's node accelerator duty
 * cycle; a dashboard of the same metrics. Every policy notifies every channel.
 * GPU pools at zero report nothing, so an idle-but-running alert never fires for them.
 */
export class GcpMonitoring extends Construct {
  public readonly channels: readonly MonitoringNotificationChannel[];
  public readonly policies: readonly MonitoringAlertPolicy[];
  public readonly dashboard: MonitoringDashboard;
  public readonly latencyP90Ms: number;
  public readonly errorsPer5Min: number;
  public readonly gpuSaturatedPercent: number;
  public readonly gpuIdlePercent: number;
  public readonly tpuIdlePercent: number;
  public readonly storageFreePercent: number;

  /** What monitoring uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly latencyP90Ms: number; readonly errorsPer5Min: number; readonly gpuSaturatedPercent: number; readonly gpuIdlePercent: number; readonly tpuIdlePercent: number; readonly storageFreePercent: number } {
    return { latencyP90Ms: perTier(tier, { dev: 5000, staging: 2000, prod: 2000 }), errorsPer5Min: perTier(tier, { dev: 20, staging: 5, prod: 5 }), gpuSaturatedPercent: 95, gpuIdlePercent: 5, tpuIdlePercent: 5, storageFreePercent: 10 };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .positive("latencyP90Ms", settings.latencyP90Ms, 600_000, "The latency alert (ms)")
      .int("errorsPer5Min", settings.errorsPer5Min, 0, undefined, "The error alert (errors in 5 minutes)")
      .number("gpuSaturatedPercent", settings.gpuSaturatedPercent, 1, 100, "The GPU saturation alert (percent)")
      .number("gpuIdlePercent", settings.gpuIdlePercent, 0, 99, "The idle GPU alert (percent)")
      .number("tpuIdlePercent", settings.tpuIdlePercent, 0, 99, "The idle TPU alert (percent)")
      .number("storageFreePercent", settings.storageFreePercent, 1, 99, "The Lustre free-space alert (percent)");
    if (settings.gpuIdlePercent !== undefined && settings.gpuSaturatedPercent !== undefined && settings.gpuIdlePercent >= settings.gpuSaturatedPercent) {
      checks.add("gpuIdlePercent", settings.gpuIdlePercent, `must be below gpuSaturatedPercent (got ${settings.gpuIdlePercent} and ${settings.gpuSaturatedPercent})`);
    }
    checkEmails(checks, "emails", settings.emails);
    checkLabels(checks, "labels", settings.labels);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: GcpMonitoringProps) {
    super(scope, id);
    markComponent(this, "monitoring");
    const d = GcpMonitoring.defaults(props.environment.tier);
    this.latencyP90Ms = props.latencyP90Ms ?? d.latencyP90Ms;
    this.errorsPer5Min = props.errorsPer5Min ?? d.errorsPer5Min;
    this.gpuSaturatedPercent = props.gpuSaturatedPercent ?? d.gpuSaturatedPercent;
    this.gpuIdlePercent = props.gpuIdlePercent ?? d.gpuIdlePercent;
    this.tpuIdlePercent = props.tpuIdlePercent ?? d.tpuIdlePercent;
    this.storageFreePercent = props.storageFreePercent ?? d.storageFreePercent;
    const problems = new ProblemCollector();
    problems.addAll(GcpMonitoring.validate({ ...props, latencyP90Ms: this.latencyP90Ms, errorsPer5Min: this.errorsPer5Min, gpuSaturatedPercent: this.gpuSaturatedPercent, gpuIdlePercent: this.gpuIdlePercent, tpuIdlePercent: this.tpuIdlePercent, storageFreePercent: this.storageFreePercent }));
    this.channels = emailChannels(this, problems, "emails", props.project, props.emails, "Alerts", props.labels);
    problems.throwIfAny(`GcpMonitoring ${this.node.path}`);

    const env = `${props.environment.name}-${props.environment.tier}`;
    const policy = (pid: string, name: string, condition: Condition, doc: string) =>
      new MonitoringAlertPolicy(this, pid, {
        project: props.project,
        displayName: `${env} ${name}`,
        combiner: "OR",
        conditions: [condition],
        notificationChannels: this.channels.map((c) => c.id),
        documentation: { content: doc, mimeType: "text/markdown" },
        alertStrategy: { autoClose: "86400s" },
        userLabels: props.labels && Object.keys(props.labels).length > 0 ? { ...props.labels } : undefined,
      });
    const policies: MonitoringAlertPolicy[] = [];
    if (props.endpoint) {
      const endpointFilter = `resource.type = "${GCP_METRICS.endpointResource}" AND resource.label.endpoint_id = "${props.endpoint.endpointId}"`;
      policies.push(
        policy("endpoint-latency", "endpoint latency p90", {
          displayName: `p90 latency above ${this.latencyP90Ms} ms for 5 minutes`,
          conditionThreshold: {
            filter: `metric.type = "${GCP_METRICS.latency}" AND ${endpointFilter}`,
            aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_PERCENTILE_90", crossSeriesReducer: "REDUCE_MAX", groupByFields: ["resource.label.endpoint_id"] }],
            comparison: "COMPARISON_GT",
            thresholdValue: this.latencyP90Ms,
            duration: "300s",
            trigger: { count: 1 },
          },
        }, "The endpoint's 90th-percentile prediction latency is high: check replicas (autoscaling bounds) and the model server's logs."),
        policy("endpoint-errors", "endpoint errors", {
          displayName: `more than ${this.errorsPer5Min} errors in 5 minutes`,
          conditionThreshold: {
            filter: `metric.type = "${GCP_METRICS.errors}" AND ${endpointFilter}`,
            aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_SUM", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.endpoint_id"] }],
            comparison: "COMPARISON_GT",
            thresholdValue: this.errorsPer5Min,
            duration: "0s",
            trigger: { count: 1 },
          },
        }, "The endpoint returns errors: check the deployed model's logs in Cloud Logging."),
      );
    }
    if (props.gpuCluster) {
      const gpuFilter = `metric.type = "${GCP_METRICS.gpuUtil}" AND resource.type = "prometheus_target" AND resource.label.cluster = "${props.gpuCluster.clusterName}"`;
      const gpu = (comparison: string, threshold: number, duration: string): Condition["conditionThreshold"] => ({
        filter: gpuFilter,
        aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MEAN" }],
        comparison,
        thresholdValue: threshold,
        duration,
        trigger: { count: 1 },
      });
      policies.push(
        policy("gpu-saturated", "GPUs saturated", { displayName: `a GPU above ${this.gpuSaturatedPercent}% for 30 minutes`, conditionThreshold: gpu("COMPARISON_GT", this.gpuSaturatedPercent, "1800s") }, "GPUs are saturated: jobs wait for accelerators; raise the pool's maximum or check for a stuck job."),
        policy("gpu-idle", "GPUs idle but running", { displayName: `a running GPU below ${this.gpuIdlePercent}% for an hour`, conditionThreshold: gpu("COMPARISON_LT", this.gpuIdlePercent, "3600s") }, "A GPU node runs and does nothing: it is paid for. Find the pod holding it, or let the pool scale down."),
      );
    }
    if (props.tpuCluster) {
      // Nodes at zero report nothing: the condition sees only TPU nodes that run (and cost money).
      policies.push(
        policy("tpu-idle", "TPUs idle but running", {
          displayName: `a running TPU node below ${this.tpuIdlePercent}% duty cycle for an hour`,
          conditionThreshold: {
            filter: tpuFilter(props.tpuCluster.clusterName),
            aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MEAN", crossSeriesReducer: "REDUCE_MEAN", groupByFields: ["resource.label.node_name"] }],
            comparison: "COMPARISON_LT",
            thresholdValue: this.tpuIdlePercent,
            duration: "3600s",
            trigger: { count: 1 },
          },
        }, "A TPU node runs and its chips do nothing: it is paid for. Find the job holding the slice (a multi-host slice runs all its hosts), or delete it so the pool scales to zero."),
      );
    }
    if (props.lustre) {
      // A ratio condition: the OSTs' available bytes summed per instance over their summed capacity (MDTs hold metadata, not data).
      const perInstance = [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MEAN", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.instance_id"] }];
      policies.push(
        policy("lustre-free", "Lustre free space", {
          displayName: `Lustre data space available below ${this.storageFreePercent}% for 15 minutes`,
          conditionThreshold: {
            filter: lustreFilter(GCP_METRICS.lustreAvailable, props.lustre.instanceId),
            aggregations: perInstance,
            denominatorFilter: lustreFilter(GCP_METRICS.lustreCapacity, props.lustre.instanceId),
            denominatorAggregations: perInstance,
            comparison: "COMPARISON_LT",
            thresholdValue: this.storageFreePercent / 100,
            duration: "900s",
            trigger: { count: 1 },
          },
        }, "The Managed Lustre file system is filling up: writes fail with ENOSPC when it is full. Delete old checkpoints or grow `sharedStorage.capacityGiB` by the tier's step (capacity grows in place)."),
      );
    }
    this.policies = policies;
    this.dashboard = new MonitoringDashboard(this, "dashboard", { project: props.project, dashboardJson: dashboardJson(env, props) });
  }
}

/** The dashboard: one chart per watched metric, in a fixed order (byte-stable JSON). */
function dashboardJson(env: string, props: GcpMonitoringProps): string {
  const chart = (title: string, filter: string, aligner: string, x: number) => ({
    xPos: x,
    yPos: 0,
    width: 6,
    height: 4,
    widget: { title, xyChart: { dataSets: [{ plotType: "LINE", timeSeriesQuery: { timeSeriesFilter: { filter, aggregation: { alignmentPeriod: "60s", perSeriesAligner: aligner } } } }] } },
  });
  const tiles = [];
  if (props.endpoint) {
    const ep = `resource.type = "${GCP_METRICS.endpointResource}" AND resource.label.endpoint_id = "${props.endpoint.endpointId}"`;
    tiles.push(chart("Endpoint latency p90 (ms)", `metric.type = "${GCP_METRICS.latency}" AND ${ep}`, "ALIGN_PERCENTILE_90", 0));
    tiles.push(chart("Endpoint errors", `metric.type = "${GCP_METRICS.errors}" AND ${ep}`, "ALIGN_SUM", 6));
  }
  if (props.gpuCluster) {
    tiles.push({ ...chart("GPU utilization (%)", `metric.type = "${GCP_METRICS.gpuUtil}" AND resource.type = "prometheus_target" AND resource.label.cluster = "${props.gpuCluster.clusterName}"`, "ALIGN_MEAN", 0), yPos: 4 });
  }
  if (props.tpuCluster) {
    tiles.push({ ...chart("TPU duty cycle (%)", tpuFilter(props.tpuCluster.clusterName), "ALIGN_MEAN", 6), yPos: 4 });
  }
  if (props.lustre) {
    tiles.push({ ...chart("Lustre available bytes (data targets)", lustreFilter(GCP_METRICS.lustreAvailable, props.lustre.instanceId), "ALIGN_MEAN", 0), yPos: 8 });
  }
  return JSON.stringify({ displayName: `${env} LLMOps`, mosaicLayout: { columns: 12, tiles } });
}

/** One Lustre metric of the instance's data targets: `component` is "ost" for data, "mdt" for metadata (Google's list says connected_clients' component "will always be 'mdt'"). */
function lustreFilter(metric: string, instanceId: string): string {
  return `metric.type = "${metric}" AND resource.type = "${GCP_METRICS.lustreResource}" AND resource.label.instance_id = "${instanceId}" AND metric.label.component = "ost"`;
}

/** The TPU nodes' duty cycle in one cluster (GKE system metrics on `k8s_node`). */
function tpuFilter(clusterName: string): string {
  return `metric.type = "${GCP_METRICS.acceleratorDutyCycle}" AND resource.type = "${GCP_METRICS.nodeResource}" AND resource.label.cluster_name = "${clusterName}"`;
}
