import { describe, expect, it } from "vitest";
import { GcpMonitoring, type GcpMonitoringProps } from "../../lib/constructs/gcp/monitoring";
import type { Construct } from "../../lib/cdk";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { PROJECT, synthGcp, type Env } from "./helpers";

const monitoring = (s: Construct, props: Partial<GcpMonitoringProps> = {}, environment: Env = DEV) =>
  new GcpMonitoring(s, "monitoring", { environment, project: PROJECT, emails: ["oncall@acme.example"], endpoint: { endpointId: "1234567890" }, gpuCluster: { clusterName: "acme-dev-training" }, ...props });

type Policy = { display_name: string; conditions: { display_name: string; condition_threshold: { filter: string; comparison: string; threshold_value: number; duration: string; aggregations: Record<string, unknown>[] } }[]; notification_channels: string[]; user_labels?: Record<string, string> };

describe("GcpMonitoring", () => {
  it("alerts when a running TPU node's duty cycle stays under the idle threshold for an hour, per node, from GKE's k8s_node metric", () => {
    // given a TPU cluster to watch, and no GPUs or endpoint
    const doc = synthGcp((s) => monitoring(s, { endpoint: undefined, gpuCluster: undefined, tpuCluster: { clusterName: "acme-dev-training" }, tpuIdlePercent: 2 }));
    // then
    const policy = only(doc, "google_monitoring_alert_policy") as unknown as Policy;
    expect(policy.display_name).toBe("acme-dev TPUs idle but running");
    expect(policy.conditions[0].condition_threshold).toMatchObject({ comparison: "COMPARISON_LT", threshold_value: 2, duration: "3600s", aggregations: [{ per_series_aligner: "ALIGN_MEAN", cross_series_reducer: "REDUCE_MEAN", group_by_fields: ["resource.label.node_name"] }] });
    expect(policy.conditions[0].condition_threshold.filter).toBe('metric.type = "kubernetes.io/node/accelerator/duty_cycle" AND resource.type = "k8s_node" AND resource.label.cluster_name = "acme-dev-training"');
    expect(JSON.parse(only(doc, "google_monitoring_dashboard").dashboard_json as string).mosaicLayout.tiles.map((t: { widget: { title: string } }) => t.widget.title)).toEqual(["TPU duty cycle (%)"]);
    expect(GcpMonitoring.defaults("dev").tpuIdlePercent).toBe(5);
    expect(problemsOf(() => synthGcp((s) => monitoring(s, { tpuIdlePercent: 100 })))[0]).toMatch(/^tpuIdlePercent: The idle TPU alert \(percent\) takes 0 to 99/);
  });

  it("alerts when Managed Lustre's data targets have less than storageFreePercent of their capacity available for 15 minutes, as a ratio per instance", () => {
    // given a Lustre instance to watch, and no GPUs or endpoint
    const doc = synthGcp((s) => monitoring(s, { endpoint: undefined, gpuCluster: undefined, lustre: { instanceId: "acme-dev-lustre" }, storageFreePercent: 15 }));
    // then one policy: available bytes over capacity bytes of the OSTs (Google's lustre.googleapis.com metrics), summed per instance
    const policy = only(doc, "google_monitoring_alert_policy") as unknown as Policy & { conditions: { condition_threshold: { denominator_filter: string; denominator_aggregations: unknown[] } }[] };
    expect(policy.display_name).toBe("acme-dev Lustre free space");
    const condition = policy.conditions[0].condition_threshold;
    const resource = 'resource.type = "lustre.googleapis.com/Instance" AND resource.label.instance_id = "acme-dev-lustre" AND metric.label.component = "ost"';
    expect(condition.filter).toBe(`metric.type = "lustre.googleapis.com/instance/available_bytes" AND ${resource}`);
    expect(condition.denominator_filter).toBe(`metric.type = "lustre.googleapis.com/instance/capacity_bytes" AND ${resource}`);
    const perInstance = [{ alignment_period: "300s", per_series_aligner: "ALIGN_MEAN", cross_series_reducer: "REDUCE_SUM", group_by_fields: ["resource.label.instance_id"] }];
    expect(condition).toMatchObject({ comparison: "COMPARISON_LT", threshold_value: 0.15, duration: "900s", aggregations: perInstance, denominator_aggregations: perInstance });
    expect(JSON.parse(only(doc, "google_monitoring_dashboard").dashboard_json as string).mosaicLayout.tiles.map((t: { widget: { title: string } }) => t.widget.title)).toEqual(["Lustre available bytes (data targets)"]);
    expect(GcpMonitoring.defaults("prod").storageFreePercent).toBe(10);
    expect(problemsOf(() => synthGcp((s) => monitoring(s, { storageFreePercent: 0 })))[0]).toMatch(/^storageFreePercent: The Lustre free-space alert \(percent\) takes 1 to 99/);
  });

  it("alerts on endpoint latency p90 and errors, and on saturated and idle GPUs, to every channel, with labels", () => {
    // given / when
    const doc = synthGcp((s) => monitoring(s, { labels: { team: "ml" } }));
    // then
    expect(only(doc, "google_monitoring_notification_channel")).toMatchObject({ type: "email", labels: { email_address: "oncall@acme.example" }, user_labels: { team: "ml" } });
    const policies = resources(doc, "google_monitoring_alert_policy") as unknown as Policy[];
    expect(policies.map((p) => p.display_name).sort()).toEqual(["acme-dev GPUs idle but running", "acme-dev GPUs saturated", "acme-dev endpoint errors", "acme-dev endpoint latency p90"]);
    for (const p of policies) {
      expect(p.notification_channels).toEqual([expect.stringMatching(/^\$\{google_monitoring_notification_channel\.monitoring_email-oncall-acme-example-\w+\.id\}$/)]);
      expect(p.user_labels).toEqual({ team: "ml" });
    }
    const byName = Object.fromEntries(policies.map((p) => [p.display_name, p.conditions[0].condition_threshold]));
    expect(byName["acme-dev endpoint latency p90"]).toMatchObject({ comparison: "COMPARISON_GT", threshold_value: 5000, aggregations: [{ per_series_aligner: "ALIGN_PERCENTILE_90" }] });
    expect(byName["acme-dev endpoint latency p90"].filter).toBe('metric.type = "aiplatform.googleapis.com/prediction/online/prediction_latencies" AND resource.type = "aiplatform.googleapis.com/Endpoint" AND resource.label.endpoint_id = "1234567890"');
    expect(byName["acme-dev endpoint errors"]).toMatchObject({ threshold_value: 20, aggregations: [{ per_series_aligner: "ALIGN_SUM" }] });
    expect(byName["acme-dev GPUs saturated"]).toMatchObject({ comparison: "COMPARISON_GT", threshold_value: 95, duration: "1800s" });
    expect(byName["acme-dev GPUs idle but running"]).toMatchObject({ comparison: "COMPARISON_LT", threshold_value: 5, duration: "3600s" });
    expect(byName["acme-dev GPUs idle but running"].filter).toBe('metric.type = "prometheus.googleapis.com/DCGM_FI_DEV_GPU_UTIL/gauge" AND resource.type = "prometheus_target" AND resource.label.cluster = "acme-dev-training"');
  });

  it("draws a dashboard of the same metrics, byte-stable", () => {
    const json = () => String(only(synthGcp((s) => monitoring(s)), "google_monitoring_dashboard").dashboard_json);
    const first = json();
    expect(first).toBe(json());
    const dash = JSON.parse(first) as { displayName: string; mosaicLayout: { tiles: { widget: { title: string } }[] } };
    expect(dash.displayName).toBe("acme-dev LLMOps");
    expect(dash.mosaicLayout.tiles.map((t) => t.widget.title)).toEqual(["Endpoint latency p90 (ms)", "Endpoint errors", "GPU utilization (%)"]);
  });

  it("is stricter outside dev, and makes only the alerts of what it watches", () => {
    const doc = synthGcp((s) => monitoring(s, { endpoint: undefined }, PROD));
    expect((resources(doc, "google_monitoring_alert_policy") as unknown as Policy[]).map((p) => p.display_name).sort()).toEqual(["acme-prod GPUs idle but running", "acme-prod GPUs saturated"]);
    expect(GcpMonitoring.defaults("staging")).toEqual({ latencyP90Ms: 2000, errorsPer5Min: 5, gpuSaturatedPercent: 95, gpuIdlePercent: 5, tpuIdlePercent: 5, storageFreePercent: 10 });
  });

  it("rejects no addresses, a repeated address, thresholds out of range and idle above saturated", () => {
    expect(problemsOf(() => synthGcp((s) => monitoring(s, { emails: ["a@x.io", "A@X.io"], latencyP90Ms: 0, errorsPer5Min: -1, gpuSaturatedPercent: 50, gpuIdlePercent: 60 })))).toEqual([
      expect.stringMatching(/^latencyP90Ms: The latency alert \(ms\) takes a number above 0/),
      expect.stringMatching(/^errorsPer5Min: .* \(got -1\)/),
      expect.stringMatching(/^gpuIdlePercent: must be below gpuSaturatedPercent \(got 60 and 50\)/),
      expect.stringMatching(/^emails\.1: repeats emails\.0/),
    ]);
    expect(problemsOf(() => synthGcp((s) => monitoring(s, { emails: [] })))).toEqual([expect.stringMatching(/^emails: list at least one email address/)]);
  });
});
