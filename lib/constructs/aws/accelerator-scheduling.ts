/**
 * How pods find an accelerator pool: the labels its nodes carry, the taints they
 * repel other pods with, and the extended resources each node advertises once its
 * device plugins run. One function computes it, so the node group, the in-cluster
 * platform (device plugins, autoscaler) and the sample jobs agree by construction.
 */

/** `nvidia` GPUs or AWS `neuron` devices (Inferentia, Trainium). */
export type AcceleratorKind = "nvidia" | "neuron";

/** The extended resource each accelerator kind's device plugin advertises. */
export const ACCELERATOR_RESOURCE: Readonly<Record<AcceleratorKind, string>> = { nvidia: "nvidia.com/gpu", neuron: "aws.amazon.com/neuron" };

/** The extended resource the EFA device plugin advertises (one per EFA interface). */
export const EFA_RESOURCE = "vpc.amazonaws.com/efa";

/** Node label naming the pool. */
export const POOL_LABEL = "llmops/pool";

/** Node label naming the catalog accelerator (set by the environment stack). */
export const ACCELERATOR_LABEL = "llmops/accelerator";

/**
 * The label Cluster Autoscaler on AWS reads to know a node has GPUs before the device
 * plugin has advertised them, so it does not add a second node for the same pods
 * (cluster-autoscaler/cloudprovider/aws/README.md, "Special note on GPU instances").
 */
export const AUTOSCALER_GPU_LABEL = "k8s.amazonaws.com/accelerator";

/** A Kubernetes taint as pods see it. */
export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule";
}

/** What a pod needs to land on a pool: what {@link acceleratorScheduling} returns. */
export interface AcceleratorPoolScheduling {
  /** The pool name (value of `llmops/pool`). */
  readonly pool: string;
  readonly kind: AcceleratorKind;
  /** EC2 instance type of the pool's nodes. */
  readonly instanceType: string;
  /** Labels every node of the pool carries: select on them. */
  readonly labels: Readonly<Record<string, string>>;
  /** Taints every node carries: tolerate them. */
  readonly taints: readonly NodeTaint[];
  /** Extended resources per node once the device plugins run, e.g. `{ "nvidia.com/gpu": 8, "vpc.amazonaws.com/efa": 32 }`. */
  readonly resources: Readonly<Record<string, number>>;
}

/** What {@link acceleratorScheduling} needs to know of a pool. */
export interface AcceleratorPoolShape {
  readonly pool: string;
  readonly kind: AcceleratorKind;
  readonly instanceType: string;
  readonly acceleratorsPerNode: number;
  /** EFA interfaces per node; 0 for none. */
  readonly efaInterfaces: number;
  /** Extra labels (the stack passes `llmops/accelerator`). */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Labels, taints and per-node resources of an accelerator pool. */
export function acceleratorScheduling(shape: AcceleratorPoolShape): AcceleratorPoolScheduling {
  const resource = ACCELERATOR_RESOURCE[shape.kind];
  const extra = shape.labels ?? {};
  const gpuLabel: Record<string, string> = shape.kind === "nvidia" ? { [AUTOSCALER_GPU_LABEL]: extra[ACCELERATOR_LABEL] ?? shape.instanceType } : {};
  const resources: Record<string, number> = { [resource]: shape.acceleratorsPerNode };
  if (shape.efaInterfaces > 0) resources[EFA_RESOURCE] = shape.efaInterfaces;
  return {
    pool: shape.pool,
    kind: shape.kind,
    instanceType: shape.instanceType,
    labels: { ...extra, ...gpuLabel, [POOL_LABEL]: shape.pool },
    taints: [{ key: resource, value: "true", effect: "NoSchedule" }],
    resources,
  };
}

/** Pod tolerations for a pool's taints (`operator: Equal`). */
export function tolerationsFor(scheduling: AcceleratorPoolScheduling): { key: string; operator: "Equal"; value: string; effect: "NoSchedule" }[] {
  return scheduling.taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect }));
}
