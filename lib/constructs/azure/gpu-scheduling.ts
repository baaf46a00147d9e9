/**
 * How pods find an AKS GPU pool: the labels its nodes carry, the taints that keep other
 * pods off, and the GPUs each node advertises once the NVIDIA device plugin runs. One
 * function computes it, so the node pool ({@link AzureGpuNodePool}), the in-cluster
 * platform (device plugin, serving) and the sample jobs agree by construction. Plain
 * data: no provider is loaded.
 */
import { SPOT_LABEL } from "./private/facts";

/** Node label naming the pool. */
export const AZURE_POOL_LABEL = "llmops/pool";

/** Node label naming the catalog accelerator. */
export const AZURE_ACCELERATOR_LABEL = "llmops/accelerator";

/** The extended resource the NVIDIA device plugin advertises. */
export const NVIDIA_GPU_RESOURCE = "nvidia.com/gpu";

/** The taint every GPU pool carries: only pods that tolerate it (GPU work, the device plugin) land there. */
export const GPU_TAINT = { key: NVIDIA_GPU_RESOURCE, value: "present", effect: "NoSchedule" } as const;

/** A Kubernetes taint as pods see it. */
export interface AzureNodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule";
}

/** What a pod needs to land on an AKS GPU pool: what {@link azureGpuScheduling} returns. */
export interface AzureGpuPoolScheduling {
  /** The pool name (value of `llmops/pool`). */
  readonly pool: string;
  /** The VM size of the pool's nodes, e.g. `Standard_NC24ads_A100_v4`. */
  readonly vmSize: string;
  /** GPUs per node. */
  readonly gpusPerNode: number;
  /** Memory of one GPU, GiB (from the catalog). */
  readonly gpuMemoryGiB: number;
  /** Whether the nodes are Spot VMs (they carry the Spot label and taint). */
  readonly spot: boolean;
  /** Labels every node of the pool carries: select on them. */
  readonly labels: Readonly<Record<string, string>>;
  /** Taints every node carries: tolerate them. */
  readonly taints: readonly AzureNodeTaint[];
  /** Extended resources per node once the device plugin runs: `{ "nvidia.com/gpu": <gpusPerNode> }`. */
  readonly resources: Readonly<Record<string, number>>;
}

/** What {@link azureGpuScheduling} needs to know of a pool. */
export interface AzureGpuPoolShape {
  readonly pool: string;
  readonly accelerator: string;
  readonly vmSize: string;
  readonly gpusPerNode: number;
  readonly gpuMemoryGiB: number;
  readonly spot: boolean;
}

/** Labels, taints and per-node GPUs of an AKS GPU pool (Spot pools add the label and taint AKS documents for Spot). */
export function azureGpuScheduling(shape: AzureGpuPoolShape): AzureGpuPoolScheduling {
  const spotTaint: AzureNodeTaint[] = shape.spot ? [{ key: SPOT_LABEL.key, value: SPOT_LABEL.value, effect: "NoSchedule" }] : [];
  return {
    pool: shape.pool,
    vmSize: shape.vmSize,
    gpusPerNode: shape.gpusPerNode,
    gpuMemoryGiB: shape.gpuMemoryGiB,
    spot: shape.spot,
    labels: { [AZURE_ACCELERATOR_LABEL]: shape.accelerator, [AZURE_POOL_LABEL]: shape.pool, ...(shape.spot ? { [SPOT_LABEL.key]: SPOT_LABEL.value } : {}) },
    taints: [GPU_TAINT, ...spotTaint],
    resources: { [NVIDIA_GPU_RESOURCE]: shape.gpusPerNode },
  };
}

/** A taint as azurerm's `node_taints` writes it: `key=value:Effect`. */
export function taintString(taint: AzureNodeTaint): string {
  return `${taint.key}=${taint.value}:${taint.effect}`;
}

/** Pod tolerations for a pool's taints (`operator: Equal`). */
export function azureTolerationsFor(scheduling: AzureGpuPoolScheduling): { key: string; operator: "Equal"; value: string; effect: "NoSchedule" }[] {
  return scheduling.taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect }));
}
