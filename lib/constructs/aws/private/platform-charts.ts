import { ACCELERATOR_RESOURCE, EFA_RESOURCE, POOL_LABEL, tolerationsFor, type AcceleratorPoolScheduling } from "../accelerator-scheduling";

/** A Helm chart pinned to one version, with where it was read. */
export interface PinnedChart {
  /** Helm repository URL (`https://...`) or OCI registry (`oci://...`). */
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  /** Where the version was read. */
  readonly source: string;
}

/** The charts the platform installs, by key. */
export type PlatformChartKey = "nvidiaDevicePlugin" | "neuronDevicePlugin" | "efaDevicePlugin" | "clusterAutoscaler";

/**
 * Chart versions, pinned: an unpinned chart installs whatever is newest on the day of
 * the apply, so two applies of the same code could differ. Read 2026-11-30.
 */
export const PLATFORM_CHARTS: Readonly<Record<PlatformChartKey, PinnedChart>> = {
  nvidiaDevicePlugin: {
    repository: "https://nvidia.github.io/k8s-device-plugin",
    chart: "nvidia-device-plugin",
    version: "0.20.0",
    source: "NVIDIA/k8s-device-plugin tag v0.20.0, deployments/helm/nvidia-device-plugin/Chart.yaml (2026-08-19)",
  },
  neuronDevicePlugin: {
    repository: "oci://public.ecr.aws/neuron",
    chart: "neuron-helm-chart",
    version: "1.10.0",
    source: "public.ecr.aws/neuron/neuron-helm-chart 1.10.0 (Neuron SDK 2.32 container docs)",
  },
  efaDevicePlugin: {
    repository: "https://aws.github.io/eks-charts",
    chart: "aws-efa-k8s-device-plugin",
    version: "v0.5.30",
    source: "aws/eks-charts stable/aws-efa-k8s-device-plugin/Chart.yaml (version v0.5.30, app v0.5.20; 2026-08-03)",
  },
  clusterAutoscaler: {
    repository: "https://kubernetes.github.io/autoscaler",
    chart: "cluster-autoscaler",
    version: "9.59.0",
    source: "kubernetes/autoscaler cluster-autoscaler/charts/cluster-autoscaler/Chart.yaml (tag cluster-autoscaler-chart-9.59.0)",
  },
};

/**
 * Cluster Autoscaler images by Kubernetes minor version: the autoscaler's README asks
 * for the release that matches the cluster's minor version (tags of kubernetes/autoscaler).
 */
export const CLUSTER_AUTOSCALER_IMAGES: Readonly<Record<string, string>> = {
  "1.33": "v1.33.6",
  "1.34": "v1.34.5",
  "1.35": "v1.35.2",
  "1.36": "v1.36.1",
};

/** Values of the NVIDIA device plugin chart: only on the pool's nodes, tolerating its taint. */
export function nvidiaDevicePluginValues(pool: AcceleratorPoolScheduling): Record<string, unknown> {
  return {
    // The chart's default affinity needs node-feature-discovery labels, which the EKS
    // AL2023 NVIDIA AMI does not set; select the pool by its own label instead.
    affinity: null,
    nodeSelector: { [POOL_LABEL]: pool.pool },
    tolerations: [...tolerationsFor(pool), { key: "CriticalAddonsOnly", operator: "Exists" }],
    gfd: { enabled: false },
  };
}

/** Values of the Neuron chart: the device plugin only (no scheduler extension, no problem detector). */
export function neuronDevicePluginValues(pool: AcceleratorPoolScheduling): Record<string, unknown> {
  return {
    // The chart's affinity lists Neuron instance types; name the pool's so a type newer than the chart still matches.
    neuronInstances: [pool.instanceType],
    devicePlugin: {
      nodeSelector: { [POOL_LABEL]: pool.pool },
      tolerations: [...tolerationsFor(pool), { key: "CriticalAddonsOnly", operator: "Exists" }],
    },
    scheduler: { enabled: false },
    npd: { enabled: false },
  };
}

/** Values of the EFA device plugin chart: only on the pool's nodes and instance type, tolerating its taint. */
export function efaDevicePluginValues(pool: AcceleratorPoolScheduling): Record<string, unknown> {
  return {
    supportedInstanceLabels: { keys: ["node.kubernetes.io/instance-type"], values: [pool.instanceType] },
    nodeSelector: { [POOL_LABEL]: pool.pool },
    tolerations: tolerationsFor(pool),
  };
}

/** What the Cluster Autoscaler's values depend on. */
export interface AutoscalerValueInputs {
  readonly clusterName: string;
  readonly region: string;
  readonly image: string;
  readonly serviceAccount: string;
  readonly replicas: number;
  readonly scaleDownUnneededMinutes: number;
  /** Labels of the nodes the autoscaler runs on (the system pool). */
  readonly nodeSelector: Readonly<Record<string, string>>;
}

/** Values of the Cluster Autoscaler chart: auto-discovery by the tags EKS puts on managed node groups' Auto Scaling groups. */
export function clusterAutoscalerValues(v: AutoscalerValueInputs): Record<string, unknown> {
  return {
    cloudProvider: "aws",
    awsRegion: v.region,
    autoDiscovery: { clusterName: v.clusterName },
    image: { tag: v.image },
    replicaCount: v.replicas,
    rbac: { serviceAccount: { create: true, name: v.serviceAccount } },
    nodeSelector: { ...v.nodeSelector },
    extraArgs: {
      "balance-similar-node-groups": true,
      "expander": "least-waste",
      "skip-nodes-with-system-pods": false,
      "scale-down-unneeded-time": `${v.scaleDownUnneededMinutes}m`,
    },
  };
}

/** The extended resources the platform's device plugins make nodes advertise, for a pool. */
export function advertisedResources(pool: AcceleratorPoolScheduling): string[] {
  const names: string[] = [ACCELERATOR_RESOURCE[pool.kind]];
  if (pool.resources[EFA_RESOURCE]) names.push(EFA_RESOURCE);
  return names;
}
