import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Construct } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { perTier, type Tier } from "../../util/tier";
import { Checks } from "../private/checks";
import { markComponent, type EnvironmentIdentity } from "../common";
import { POOL_LABEL, type AcceleratorPoolScheduling } from "./accelerator-scheduling";
import { CLUSTER_AUTOSCALER_SERVICE_ACCOUNT } from "./cluster-autoscaler-role";
import {
  CLUSTER_AUTOSCALER_IMAGES,
  PLATFORM_CHARTS,
  clusterAutoscalerValues,
  efaDevicePluginValues,
  neuronDevicePluginValues,
  nvidiaDevicePluginValues,
  type PlatformChartKey,
} from "./private/platform-charts";

export { CLUSTER_AUTOSCALER_IMAGES, PLATFORM_CHARTS, type PinnedChart, type PlatformChartKey } from "./private/platform-charts";

/** A namespace for jobs and the service accounts its pods run as (their Pod Identity roles come from the environment stack). */
export interface JobNamespace {
  readonly namespace: string;
  readonly serviceAccounts: readonly string[];
}

/** Props of {@link AwsAcceleratorPlatform}. */
export interface AwsAcceleratorPlatformProps {
  /** The environment: picks the tier defaults. */
  readonly environment: EnvironmentIdentity;
  /** Name of the EKS cluster (the autoscaler discovers its node groups by it). */
  readonly clusterName: string;
  /** AWS Region of the cluster. */
  readonly region: string;
  /** Kubernetes minor version of the cluster: picks the matching autoscaler image. */
  readonly kubernetesVersion: string;
  /** The accelerator pools: each gets its device plugins, selected by its labels and tolerating its taints. */
  readonly pools: readonly AcceleratorPoolScheduling[];
  /** Namespaces and service accounts for jobs. @default [] */
  readonly jobNamespaces?: readonly JobNamespace[];
  /** Labels of the nodes the autoscaler runs on. @default { "llmops/pool": "system" } */
  readonly systemNodeSelector?: Readonly<Record<string, string>>;
  /** Autoscaler replicas (leader election keeps one active). @default - 1, 2 in prod */
  readonly autoscalerReplicas?: number;
  /** Minutes a node must be unneeded before the autoscaler removes it. @default - 5 dev, 10 otherwise */
  readonly scaleDownUnneededMinutes?: number;
  /** Chart versions, replacing the pinned ones by key. @default - PLATFORM_CHARTS */
  readonly chartVersions?: Readonly<Partial<Record<PlatformChartKey, string>>>;
}

/** What {@link AwsAcceleratorPlatform} uses for props left unset. */
export interface AwsAcceleratorPlatformDefaults {
  readonly autoscalerReplicas: number;
  readonly scaleDownUnneededMinutes: number;
  readonly systemNodeSelector: Readonly<Record<string, string>>;
  readonly chartVersions: Readonly<Record<PlatformChartKey, string>>;
}

/** The props {@link AwsAcceleratorPlatform.validate} checks. */
export type AwsAcceleratorPlatformSettings = Partial<Pick<AwsAcceleratorPlatformProps, "kubernetesVersion" | "autoscalerReplicas" | "scaleDownUnneededMinutes" | "chartVersions" | "pools">>;

const CHART_VERSION = /^v?\d+\.\d+\.\d+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * What an EKS cluster needs in it before an accelerator job schedules and its pool
 * scales from zero: the NVIDIA or Neuron device plugin and, for EFA pools, the EFA
 * device plugin (each a pinned Helm chart on the pool's nodes only, tolerating the
 * pool's taint), the Cluster Autoscaler (pinned chart, image matching the cluster's
 * minor version, auto-discovering the managed node groups, running as the Pod
 * Identity role of {@link AwsClusterAutoscalerRole}), and the jobs' namespaces and
 * service accounts. It talks to the Kubernetes API, so its stack needs Helm and
 * Kubernetes providers that reach the cluster's endpoint.
 */
export class AwsAcceleratorPlatform extends Construct {
  /** Helm releases by name. */
  public readonly releases: Readonly<Record<string, Release>>;
  public readonly autoscalerReplicas: number;
  public readonly scaleDownUnneededMinutes: number;
  public readonly systemNodeSelector: Readonly<Record<string, string>>;
  public readonly chartVersions: Readonly<Record<PlatformChartKey, string>>;

  /** What the platform uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): AwsAcceleratorPlatformDefaults {
    return {
      autoscalerReplicas: perTier(tier, { dev: 1, staging: 1, prod: 2 }),
      scaleDownUnneededMinutes: perTier(tier, { dev: 5, staging: 10, prod: 10 }),
      systemNodeSelector: { [POOL_LABEL]: "system" },
      chartVersions: Object.fromEntries(Object.entries(PLATFORM_CHARTS).map(([k, c]) => [k, c.version])) as Record<PlatformChartKey, string>,
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: AwsAcceleratorPlatformSettings): readonly ValidationProblem[] {
    const checks = new Checks();
    checks.oneOf("kubernetesVersion", settings.kubernetesVersion, Object.keys(CLUSTER_AUTOSCALER_IMAGES), "The Cluster Autoscaler image table (one release per Kubernetes minor version)");
    checks.int("autoscalerReplicas", settings.autoscalerReplicas, 1, 5, "Cluster Autoscaler replicas");
    checks.int("scaleDownUnneededMinutes", settings.scaleDownUnneededMinutes, 1, 1440, "Minutes before an unneeded node is removed");
    for (const [key, version] of Object.entries(settings.chartVersions ?? {})) {
      checks.oneOf("chartVersions", key, Object.keys(PLATFORM_CHARTS), "Platform charts");
      checks.check(`chartVersions.${key}`, version, (v) => (CHART_VERSION.test(v) ? undefined : `must be an exact chart version like 1.2.3 (got ${JSON.stringify(v.slice(0, 40))}); ranges would install whatever is newest at apply`));
    }
    const seen = new Set<string>();
    for (const [i, pool] of (settings.pools ?? []).entries()) {
      checks.check(`pools.${i}.pool`, pool.pool, (p) => (DNS_LABEL.test(p) && p.length <= 30 ? undefined : `must be lowercase letters, digits and hyphens, at most 30 characters (it names Helm releases; got ${JSON.stringify(p.slice(0, 40))})`));
      if (seen.has(pool.pool)) checks.add(`pools.${i}.pool`, pool.pool, `names a pool listed twice (got ${JSON.stringify(pool.pool)})`);
      seen.add(pool.pool);
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AwsAcceleratorPlatformProps) {
    super(scope, id);
    markComponent(this, "training");
    const defaults = AwsAcceleratorPlatform.defaults(props.environment.tier);
    this.autoscalerReplicas = props.autoscalerReplicas ?? defaults.autoscalerReplicas;
    this.scaleDownUnneededMinutes = props.scaleDownUnneededMinutes ?? defaults.scaleDownUnneededMinutes;
    this.systemNodeSelector = props.systemNodeSelector ?? defaults.systemNodeSelector;
    this.chartVersions = { ...defaults.chartVersions, ...(props.chartVersions ?? {}) };
    const problems = new ProblemCollector();
    problems.addAll(AwsAcceleratorPlatform.validate({ ...props, autoscalerReplicas: this.autoscalerReplicas, scaleDownUnneededMinutes: this.scaleDownUnneededMinutes }));
    problems.throwIfAny(`AwsAcceleratorPlatform ${this.node.path}`);

    const releases: Record<string, Release> = {};
    const release = (key: PlatformChartKey, name: string, values: Record<string, unknown>) => {
      const chart = PLATFORM_CHARTS[key];
      releases[name] = new Release(this, name, {
        name,
        namespace: "kube-system",
        repository: chart.repository,
        chart: chart.chart,
        version: this.chartVersions[key],
        values: [JSON.stringify(values, null, 2)],
        cleanupOnFail: true,
        timeout: 600,
      });
    };
    for (const pool of props.pools) {
      if (pool.kind === "nvidia") release("nvidiaDevicePlugin", `nvidia-device-plugin-${pool.pool}`, nvidiaDevicePluginValues(pool));
      else release("neuronDevicePlugin", `neuron-device-plugin-${pool.pool}`, neuronDevicePluginValues(pool));
      if (Object.keys(pool.resources).includes("vpc.amazonaws.com/efa")) release("efaDevicePlugin", `efa-device-plugin-${pool.pool}`, efaDevicePluginValues(pool));
    }
    release(
      "clusterAutoscaler",
      "cluster-autoscaler",
      clusterAutoscalerValues({
        clusterName: props.clusterName,
        region: props.region,
        image: CLUSTER_AUTOSCALER_IMAGES[props.kubernetesVersion],
        serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.name,
        replicas: this.autoscalerReplicas,
        scaleDownUnneededMinutes: this.scaleDownUnneededMinutes,
        nodeSelector: this.systemNodeSelector,
      }),
    );
    this.releases = releases;

    for (const { namespace, serviceAccounts } of props.jobNamespaces ?? []) {
      const ns = new NamespaceV1(this, `namespace-${namespace}`, { metadata: { name: namespace, labels: { "app.kubernetes.io/managed-by": "llmops-constructs" } } });
      for (const name of serviceAccounts) {
        new ServiceAccountV1(this, `service-account-${namespace}-${name}`, { metadata: { name, namespace: ns.metadata.name } });
      }
    }
  }
}
