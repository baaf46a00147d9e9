import { Release } from "@cdktf/provider-helm/lib/release";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks } from "../private/checks";
import { AZURE_POOL_LABEL, azureTolerationsFor, type AzureGpuPoolScheduling } from "./gpu-scheduling";

/**
 * NVIDIA's DCGM exporter chart: the repository's `gh-pages` index
 * (https://nvidia.github.io/dcgm-exporter/helm-charts/index.yaml) lists 4.8.2, the chart
 * of exporter 4.5.3-4.8.2 (NVIDIA/dcgm-exporter tag `4.5.3-4.8.2`, `deployment/Chart.yaml`).
 */
export const DCGM_EXPORTER_CHART = { repository: "https://nvidia.github.io/dcgm-exporter/helm-charts", chart: "dcgm-exporter", version: "4.8.2" } as const;

/**
 * The API group Azure Monitor managed Prometheus (the `ama-metrics` add-on) reads pod
 * and service monitors from: the prometheus-operator CRDs under another group, installed
 * with the add-on; it ignores `monitoring.coreos.com` (Azure Monitor docs,
 * "Create custom Prometheus scrape job from your Kubernetes cluster using CRDs").
 */
export const AZURE_MONITOR_CRD_API_VERSION = "azmonitoring.coreos.com/v1";

/** The label the DCGM exporter chart puts on its pods (`dcgm-exporter.selectorLabels`: the chart name). */
const DCGM_POD_SELECTOR = { "app.kubernetes.io/name": DCGM_EXPORTER_CHART.chart } as const;

/** Props of {@link AzureGpuMetrics}. */
export interface AzureGpuMetricsProps {
  /** The environment. */
  readonly environment: EnvironmentIdentity;
  /** The GPU pools ({@link AzureGpuNodePool.scheduling}): each gets an exporter on its nodes only, tolerating its taints. */
  readonly pools: readonly AzureGpuPoolScheduling[];
  /** Version of the DCGM exporter chart. @default - DCGM_EXPORTER_CHART.version */
  readonly chartVersion?: string;
  /** How often managed Prometheus scrapes the exporters, e.g. `30s`. @default "30s" */
  readonly scrapeInterval?: string;
}

/** The props {@link AzureGpuMetrics.validate} checks. */
export type AzureGpuMetricsSettings = Partial<Pick<AzureGpuMetricsProps, "chartVersion" | "scrapeInterval">>;

/**
 * GPU metrics for Azure Monitor managed Prometheus: NVIDIA's DCGM exporter (a pinned
 * Helm chart) on each GPU pool's nodes only (node selector on `llmops/pool`, tolerating
 * the pool's taints), and one `PodMonitor` in the `azmonitoring.coreos.com/v1` group that
 * the cluster's `ama-metrics` add-on scrapes, so `DCGM_FI_DEV_GPU_UTIL` (in the chart's
 * default counters) reaches the Azure Monitor workspace the GPU alert rules query. The
 * chart's own ServiceMonitor (`monitoring.coreos.com`, a CRD AKS does not have) is off.
 * The exporter requests no GPU: it reads every GPU of its node through the NVIDIA
 * runtime, as the device plugin does. The cluster needs managed Prometheus on
 * (`monitor_metrics`, which installs the CRD) before this plans.
 */
export class AzureGpuMetrics extends Construct {
  /** Exporter releases by name (`dcgm-exporter-<pool>`). */
  public readonly releases: Readonly<Record<string, Release>>;
  /** The PodMonitor managed Prometheus reads. */
  public readonly podMonitor: Manifest;
  public readonly chartVersion: string;
  public readonly scrapeInterval: string;

  /** What the metrics use for each prop left unset (the same in every tier). */
  public static defaults(_tier: Tier): { readonly chartVersion: string; readonly scrapeInterval: string } {
    return { chartVersion: DCGM_EXPORTER_CHART.version, scrapeInterval: "30s" };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: AzureGpuMetricsSettings): readonly ValidationProblem[] {
    return new Checks()
      .check("chartVersion", settings.chartVersion, (v) => (/^\d+\.\d+\.\d+$/.test(v) ? undefined : `must be an exact chart version like ${DCGM_EXPORTER_CHART.version} (got ${show(v.slice(0, 40))}); ranges would install whatever is newest at apply`))
      .check("scrapeInterval", settings.scrapeInterval, (v) => (/^[1-9]\d*(s|m)$/.test(v) ? undefined : `takes a Prometheus duration in seconds or minutes such as "30s" (got ${show(v)})`)).problems;
  }

  constructor(scope: Construct, id: string, props: AzureGpuMetricsProps) {
    super(scope, id);
    markComponent(this, "monitoring");
    const d = AzureGpuMetrics.defaults(props.environment.tier);
    this.chartVersion = props.chartVersion ?? d.chartVersion;
    this.scrapeInterval = props.scrapeInterval ?? d.scrapeInterval;
    const problems = new ProblemCollector();
    problems.addAll(AzureGpuMetrics.validate({ chartVersion: this.chartVersion, scrapeInterval: this.scrapeInterval }));
    problems.throwIfAny(`AzureGpuMetrics ${this.node.path}`);

    const releases: Record<string, Release> = {};
    for (const pool of props.pools) {
      const name = `dcgm-exporter-${pool.pool}`;
      releases[name] = new Release(this, name, {
        name,
        namespace: "kube-system",
        repository: DCGM_EXPORTER_CHART.repository,
        chart: DCGM_EXPORTER_CHART.chart,
        version: this.chartVersion,
        values: [JSON.stringify(azureDcgmExporterValues(pool), null, 2)],
        cleanupOnFail: true,
        // The pool may be at zero nodes: a DaemonSet with no pod yet is ready, nothing to wait for.
        timeout: 600,
      });
    }
    this.releases = releases;

    this.podMonitor = new Manifest(this, "pod-monitor", {
      manifest: {
        apiVersion: AZURE_MONITOR_CRD_API_VERSION,
        kind: "PodMonitor",
        metadata: { name: "dcgm-exporter", namespace: "kube-system", labels: { "app.kubernetes.io/managed-by": "llmops-constructs" } },
        spec: {
          // The limits Azure's templates set: series over them are dropped, not truncated.
          labelLimit: 63,
          labelNameLengthLimit: 511,
          labelValueLengthLimit: 1023,
          selector: { matchLabels: DCGM_POD_SELECTOR },
          namespaceSelector: { matchNames: ["kube-system"] },
          podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: this.scrapeInterval }],
        },
      },
      dependsOn: Object.values(releases),
    });
  }
}

/** Values of the DCGM exporter chart on an AKS GPU pool: its nodes only, tolerating its taints; no ServiceMonitor of the `monitoring.coreos.com` group. */
export function azureDcgmExporterValues(pool: AzureGpuPoolScheduling): Record<string, unknown> {
  return {
    nodeSelector: { [AZURE_POOL_LABEL]: pool.pool },
    tolerations: azureTolerationsFor(pool),
    serviceMonitor: { enabled: false },
  };
}
