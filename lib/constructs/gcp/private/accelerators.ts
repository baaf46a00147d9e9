/**
 * GKE facts about accelerator machines, as data: the Compute Engine accelerator type
 * each GPU machine family carries, the boot disks it takes, and the TPU topologies
 * each TPU machine type accepts.
 */

/** The Compute Engine accelerator type (`guest_accelerator.type`) of each GPU machine family (cloud.google.com/compute/docs/gpus). */
export const GPU_TYPES: Readonly<Record<string, string>> = {
  "a2-highgpu": "nvidia-tesla-a100",
  "a2-megagpu": "nvidia-tesla-a100",
  "a2-ultragpu": "nvidia-a100-80gb",
  "a3-highgpu": "nvidia-h100-80gb",
  "a3-megagpu": "nvidia-h100-mega-80gb",
  "a3-ultragpu": "nvidia-h200-141gb",
  "g2-standard": "nvidia-l4",
};

/** The accelerator type of a GPU machine type, by family (`a3-highgpu-8g` → `nvidia-h100-80gb`), or undefined. */
export function gpuTypeOf(machineType: string): string | undefined {
  return GPU_TYPES[machineType.split("-").slice(0, 2).join("-")];
}

/**
 * Machine families that boot only from Hyperdisk (A3 Ultra, A4: cloud.google.com/compute/docs/accelerator-optimized-machines;
 * TPU v6e, `ct6e-standard`: "v6e: Hyperdisk Balanced, Hyperdisk ML", cloud.google.com/tpu/docs/setup-persistent-disk,
 * where v5e and v5p take Balanced Persistent Disk).
 */
export const HYPERDISK_ONLY = ["a3-ultragpu", "a4-highgpu", "ct6e-standard"];

/** The boot disk type a pool of the machine type gets: Hyperdisk Balanced where only Hyperdisk boots, Balanced Persistent Disk otherwise. */
export function bootDiskTypeOf(machineType: string): "hyperdisk-balanced" | "pd-balanced" {
  return HYPERDISK_ONLY.includes(familyOf(machineType)) ? "hyperdisk-balanced" : "pd-balanced";
}

/** Machine families where flex-start may be combined with COMPACT placement (cluster-toolkit gke-node-pool precondition). */
export const FLEX_START_COMPACT = ["a3-ultragpu", "a4-highgpu", "h4d-highmem", "h4d-standard"];

/** The family of a machine type: its first two parts. */
export function familyOf(machineType: string): string {
  return machineType.split("-").slice(0, 2).join("-");
}

/** The topologies one TPU machine type accepts. */
export interface TpuMachine {
  /** Chips on one VM (one node). */
  readonly chipsPerHost: number;
  /** Single-host topologies: one node is a whole slice. */
  readonly singleHost: readonly string[];
  /** Multi-host topologies: a slice spans chips ÷ chipsPerHost nodes that scale together. */
  readonly multiHost: readonly string[] | ((topology: string) => boolean);
  /** The same rule in words, for messages. */
  readonly multiHostText: string;
}

const V5E_V6E_MULTI = ["4x4", "4x8", "8x8", "8x16", "16x16"];

/** v5p: 3-D topologies A≤B≤C, each a multiple of 4, up to 16x16x24, beyond the small ones (cloud.google.com/tpu/docs/v5p). */
function v5pMultiHost(topology: string): boolean {
  if (["2x2x2", "2x2x4", "2x4x4"].includes(topology)) return true;
  const dims = topology.split("x").map(Number);
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d <= 0 || d % 4 !== 0)) return false;
  const [a, b, c] = dims;
  return a <= b && b <= c && b <= 16 && c <= 24;
}

/**
 * TPU machine types and their topologies (GKE "Plan TPUs" tables, cloud.google.com/tpu/docs/v5e,
 * v5p, v6e; the research brief's summary): v5e and v6e single-host 1x1, 2x2, 2x4 by chips per VM,
 * multi-host only with the 4-chip types; v5p 2x2x1 on one host, larger 3-D slices across hosts.
 */
export const TPU_MACHINES: Readonly<Record<string, TpuMachine>> = {
  "ct5lp-hightpu-1t": { chipsPerHost: 1, singleHost: ["1x1"], multiHost: [], multiHostText: "none" },
  "ct5lp-hightpu-4t": { chipsPerHost: 4, singleHost: ["2x2"], multiHost: V5E_V6E_MULTI, multiHostText: V5E_V6E_MULTI.join(", ") },
  "ct5lp-hightpu-8t": { chipsPerHost: 8, singleHost: ["2x4"], multiHost: [], multiHostText: "none" },
  "ct6e-standard-1t": { chipsPerHost: 1, singleHost: ["1x1"], multiHost: [], multiHostText: "none" },
  "ct6e-standard-4t": { chipsPerHost: 4, singleHost: ["2x2"], multiHost: V5E_V6E_MULTI, multiHostText: V5E_V6E_MULTI.join(", ") },
  "ct6e-standard-8t": { chipsPerHost: 8, singleHost: ["2x4"], multiHost: [], multiHostText: "none" },
  "ct5p-hightpu-4t": { chipsPerHost: 4, singleHost: ["2x2x1"], multiHost: v5pMultiHost, multiHostText: "2x2x2, 2x2x4, 2x4x4, then AxBxC with A≤B≤C multiples of 4 up to 16x16x24" },
};

/** How a topology fits a TPU machine: the nodes of one slice, or undefined when the machine does not accept it. */
export function tpuSliceNodes(machineType: string, topology: string): number | undefined {
  const machine = TPU_MACHINES[machineType];
  if (!machine) return undefined;
  if (machine.singleHost.includes(topology)) return 1;
  const multi = typeof machine.multiHost === "function" ? machine.multiHost(topology) : machine.multiHost.includes(topology);
  if (!multi) return undefined;
  const chips = topology.split("x").reduce((p, d) => p * Number(d), 1);
  return chips / machine.chipsPerHost;
}

/** How a GPU machine's extra NICs carry GPU-to-GPU traffic between nodes. */
export type GpuNicKind = "gpudirect-tcpx" | "gpudirect-tcpxo" | "gpudirect-rdma";

/** The extra networks one multi-NIC GPU machine family needs for multi-node training. */
export interface GpuNicProfile {
  readonly kind: GpuNicKind;
  /** GPU NICs, one subnet each: TCPX and TCPXO put each in its own VPC; RDMA puts all in one RoCE VPC. */
  readonly gpuNics: number;
  /** MTU of the extra VPCs. */
  readonly mtu: number;
  /** RDMA machines also take a second gVNIC NIC in its own VPC, beside the RoCE VPC. */
  readonly extraGvnic: boolean;
  /** The plugin NCCL uses over these NICs, for messages and docs. */
  readonly nccl: string;
}

/**
 * Multi-NIC GPU machine families, their 8-GPU shape only (the smaller A3 High shapes carry no
 * GPU NICs). A3 High: GPUDirect-TCPX, 4 VPCs at MTU 8244 (cluster-toolkit examples/gke-a3-highgpu,
 * modules/network/multivpc; GKE "Maximize GPU network bandwidth ... GPUDirect-TCPX"). A3 Mega:
 * GPUDirect-TCPXO, 8 VPCs at MTU 8244 (examples/gke-a3-megagpu). A3 Ultra and A4: GPUDirect RDMA,
 * one VPC with the `<zone>-vpc-roce` network profile and 8 subnets, plus one gVNIC VPC, MTU 8896
 * (examples/gke-a3-ultragpu, modules/network/gpu-rdma-vpc; compute/docs/gpus/create-gpu-vm-a3u-a4).
 */
export const GPU_NIC_PROFILES: Readonly<Record<string, GpuNicProfile>> = {
  "a3-highgpu": { kind: "gpudirect-tcpx", gpuNics: 4, mtu: 8244, extraGvnic: false, nccl: "the NCCL GPUDirect-TCPX plugin" },
  "a3-megagpu": { kind: "gpudirect-tcpxo", gpuNics: 8, mtu: 8244, extraGvnic: false, nccl: "the NCCL GPUDirect-TCPXO (FasTrak) plugin" },
  "a3-ultragpu": { kind: "gpudirect-rdma", gpuNics: 8, mtu: 8896, extraGvnic: true, nccl: "the NCCL gIB (RDMA) plugin" },
  "a4-highgpu": { kind: "gpudirect-rdma", gpuNics: 8, mtu: 8896, extraGvnic: true, nccl: "the NCCL gIB (RDMA) plugin" },
};

/** The multi-NIC profile of a GPU machine type (`a3-highgpu-8g` → TCPX), or undefined for one without GPU NICs. */
export function gpuNicProfileOf(machineType: string): GpuNicProfile | undefined {
  return machineType.endsWith("-8g") ? GPU_NIC_PROFILES[familyOf(machineType)] : undefined;
}
