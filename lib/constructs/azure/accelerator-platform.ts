import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import type { Tier } from "../../util/tier";
import { PLATFORM_CHARTS } from "../aws/private/platform-charts";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks } from "../private/checks";
import { stableId } from "../private/stable-id";
import { AZURE_POOL_LABEL, azureTolerationsFor, type AzureGpuPoolScheduling } from "./gpu-scheduling";

/** The NVIDIA device plugin chart (nvidia/k8s-device-plugin), the same pin the AWS platform uses. */
export const AZURE_DEVICE_PLUGIN_CHART = PLATFORM_CHARTS.nvidiaDevicePlugin;

/** The annotation workload identity reads on a service account: the managed identity's client id. */
export const WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";

/** The label a pod needs for the workload identity webhook to inject its token (on pods, not service accounts). */
export const WORKLOAD_IDENTITY_USE_LABEL = "azure.workload.identity/use";

/** A service account pods run as, mapped to a managed identity through workload identity. */
export interface AzureJobServiceAccount {
  /** Service account name. */
  readonly name: string;
  /** Client id of the user-assigned identity whose federated credential trusts this service account. */
  readonly clientId: string;
}

/** A namespace for jobs and the service accounts its pods run as. */
export interface AzureJobNamespace {
  readonly namespace: string;
  readonly serviceAccounts: readonly AzureJobServiceAccount[];
}

/** Props of {@link AzureAcceleratorPlatform}. */
export interface AzureAcceleratorPlatformProps {
  /** The environment. */
  readonly environment: EnvironmentIdentity;
  /** The GPU pools ({@link AzureGpuNodePool.scheduling}): each gets the device plugin, selected by its pool label and tolerating its taints. */
  readonly pools: readonly AzureGpuPoolScheduling[];
  /** Namespaces and workload-identity service accounts for jobs. @default [] */
  readonly jobNamespaces?: readonly AzureJobNamespace[];
  /** Version of the NVIDIA device plugin chart. @default - AZURE_DEVICE_PLUGIN_CHART.version */
  readonly devicePluginVersion?: string;
}

/** The props {@link AzureAcceleratorPlatform.validate} checks. */
export type AzureAcceleratorPlatformSettings = Partial<Pick<AzureAcceleratorPlatformProps, "pools" | "jobNamespaces" | "devicePluginVersion">>;

const CHART_VERSION = /^v?\d+\.\d+\.\d+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * What an AKS cluster needs in it before a GPU job schedules: the NVIDIA device plugin
 * (AKS installs the driver with `gpu_driver = "Install"`, not the plugin; without it no
 * node advertises `nvidia.com/gpu` and GPU pods stay Pending), as a pinned Helm chart
 * on each GPU pool's nodes only (node selector on `llmops/pool`, no
 * node-feature-discovery affinity: AKS nodes carry no NFD labels), tolerating the pool's
 * taints; and the jobs' namespaces with service accounts annotated with the client id of
 * their managed identity (workload identity; pods add the label
 * `azure.workload.identity/use: "true"`). The cluster autoscaler is part of AKS (the
 * pool's `auto_scaling_enabled`): no chart. It talks to the Kubernetes API, so its
 * stack needs Helm and Kubernetes providers that reach the cluster's private endpoint.
 */
export class AzureAcceleratorPlatform extends Construct {
  /** Helm releases by name. */
  public readonly releases: Readonly<Record<string, Release>>;
  /** Job namespaces by name. */
  public readonly namespaces: Readonly<Record<string, NamespaceV1>>;
  /** Service accounts by `<namespace>/<name>`. */
  public readonly serviceAccounts: Readonly<Record<string, ServiceAccountV1>>;
  public readonly devicePluginVersion: string;

  /** What the platform uses for each prop left unset (the same in every tier). */
  public static defaults(_tier: Tier): { readonly devicePluginVersion: string; readonly jobNamespaces: readonly AzureJobNamespace[] } {
    return { devicePluginVersion: AZURE_DEVICE_PLUGIN_CHART.version, jobNamespaces: [] };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: AzureAcceleratorPlatformSettings): readonly ValidationProblem[] {
    const checks = new Checks();
    checks.check("devicePluginVersion", settings.devicePluginVersion, (v) => (CHART_VERSION.test(v) ? undefined : `must be an exact chart version like 0.20.0 (got ${show(v.slice(0, 40))}); ranges would install whatever is newest at apply`));
    const pools = new Set<string>();
    for (const [i, pool] of (settings.pools ?? []).entries()) {
      checks.check(`pools.${i}.pool`, pool.pool, (p) => (DNS_LABEL.test(p) && p.length <= 30 ? undefined : `must be lowercase letters, digits and hyphens, at most 30 characters (it names a Helm release; got ${show(p.slice(0, 40))})`));
      if (pools.has(pool.pool)) checks.add(`pools.${i}.pool`, pool.pool, `names a pool listed twice (got ${show(pool.pool)})`);
      pools.add(pool.pool);
    }
    const namespaces = new Set<string>();
    for (const [i, ns] of (settings.jobNamespaces ?? []).entries()) {
      checks.check(`jobNamespaces.${i}.namespace`, ns.namespace, (n) => (DNS_LABEL.test(n) ? undefined : `takes a Kubernetes namespace: lowercase letters, digits and hyphens, at most 63 (got ${show(n)})`));
      if (namespaces.has(ns.namespace)) checks.add(`jobNamespaces.${i}.namespace`, ns.namespace, `names a namespace listed twice (got ${show(ns.namespace)})`);
      namespaces.add(ns.namespace);
      for (const [j, sa] of ns.serviceAccounts.entries()) {
        checks.check(`jobNamespaces.${i}.serviceAccounts.${j}.name`, sa.name, (n) => (DNS_LABEL.test(n) ? undefined : `takes a Kubernetes service account name: lowercase letters, digits and hyphens, at most 63 (got ${show(n)})`));
        checks.check(`jobNamespaces.${i}.serviceAccounts.${j}.clientId`, sa.clientId, (c) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(c) ? undefined : `takes the managed identity's client id, a GUID (got ${show(c)})`));
      }
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureAcceleratorPlatformProps) {
    super(scope, id);
    markComponent(this, "training");
    const defaults = AzureAcceleratorPlatform.defaults(props.environment.tier);
    this.devicePluginVersion = props.devicePluginVersion ?? defaults.devicePluginVersion;
    const jobNamespaces = props.jobNamespaces ?? defaults.jobNamespaces;
    const problems = new ProblemCollector();
    problems.addAll(AzureAcceleratorPlatform.validate({ pools: props.pools, jobNamespaces, devicePluginVersion: this.devicePluginVersion }));
    problems.throwIfAny(`AzureAcceleratorPlatform ${this.node.path}`);

    const releases: Record<string, Release> = {};
    for (const pool of props.pools) {
      const name = `nvidia-device-plugin-${pool.pool}`;
      releases[name] = new Release(this, name, {
        name,
        namespace: "kube-system",
        repository: AZURE_DEVICE_PLUGIN_CHART.repository,
        chart: AZURE_DEVICE_PLUGIN_CHART.chart,
        version: this.devicePluginVersion,
        values: [JSON.stringify(azureDevicePluginValues(pool), null, 2)],
        cleanupOnFail: true,
        timeout: 600,
      });
    }
    this.releases = releases;

    const accounts: Record<string, ServiceAccountV1> = {};
    const namespaces: Record<string, NamespaceV1> = {};
    for (const { namespace, serviceAccounts } of jobNamespaces) {
      const ns = (namespaces[namespace] = new NamespaceV1(this, stableId("namespace", namespace, namespace), { metadata: { name: namespace, labels: { "app.kubernetes.io/managed-by": "llmops-constructs" } } }));
      for (const sa of serviceAccounts) {
        accounts[`${namespace}/${sa.name}`] = new ServiceAccountV1(this, stableId("service-account", `${namespace}/${sa.name}`, `${namespace}-${sa.name}`), {
          metadata: { name: sa.name, namespace: ns.metadata.name, annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: sa.clientId } },
        });
      }
    }
    this.serviceAccounts = accounts;
    this.namespaces = namespaces;
  }
}

/** Values of the NVIDIA device plugin chart on an AKS GPU pool: its nodes only, tolerating its taints. */
export function azureDevicePluginValues(pool: AzureGpuPoolScheduling): Record<string, unknown> {
  return {
    // The chart's default affinity needs node-feature-discovery labels, which AKS nodes do not carry.
    affinity: null,
    nodeSelector: { [AZURE_POOL_LABEL]: pool.pool },
    tolerations: [...azureTolerationsFor(pool), { key: "CriticalAddonsOnly", operator: "Exists" }],
    gfd: { enabled: false },
  };
}
