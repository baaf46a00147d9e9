/** Hours in an average month, the convention cloud price pages use. */
export const HOURS_PER_MONTH = 730;

/** The clouds this library provisions on. */
export type Cloud = "aws" | "gcp" | "azure";

/** Every cloud, in a stable order. */
export const CLOUDS: readonly Cloud[] = ["aws", "gcp", "azure"];

/** Logical accelerator names a spec may use; the catalog maps each to machines per cloud. */
export const ACCELERATORS = [
  "nvidia-h100",
  "nvidia-h200",
  "nvidia-a100",
  "nvidia-l40s",
  "nvidia-l4",
  "nvidia-a10g",
  "aws-trainium",
  "aws-trainium2",
  "aws-inferentia2",
  "google-tpu-v5e",
  "google-tpu-v5p",
  "google-tpu-v6e",
] as const;

/** A logical accelerator name. */
export type AcceleratorId = (typeof ACCELERATORS)[number];

/** What a machine is used for: a training node, or a managed-inference instance. */
export type MachineUse = "training" | "inference";

/** The high-speed interconnect a machine offers for multi-node training. */
export type Fabric = "efa" | "infiniband" | "gpudirect-tcpx" | "gpudirect-rdma" | "ici" | "none";

/** Whether a price was read (`list`), computed from list prices by a stated rule (`derived`), or could not be verified (`unknown`). */
export type PriceStatus = "list" | "derived" | "unknown";

/** A dated list price, with where it was read. */
export interface ListPrice {
  /** On-demand list price of one machine (node) per hour, in US dollars. */
  readonly usdPerHour: number;
  /** How sure the price is. @default "list" */
  readonly status?: PriceStatus;
  /** How a `derived` price was computed, or why a price is `unknown`. */
  readonly rule?: string;
  /** The region the price was read for. */
  readonly region: string;
  /** Date the price was read, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** Where the price comes from (the cloud's pricing page or price list). */
  readonly source: string;
}

/** One machine type (node size) that carries a logical accelerator on one cloud. */
export interface MachineOffer {
  /**
   * The cloud's machine type: EC2 instance type (`p5.48xlarge`), SageMaker instance
   * type (`ml.p5.48xlarge`), GCE machine type (`a3-highgpu-8g`) or TPU type
   * (`v5litepod-8`), Azure VM size (`Standard_ND96isr_H100_v5`).
   */
  readonly machineType: string;
  /** Training node or managed-inference instance. */
  readonly use: MachineUse;
  /** Accelerators (GPUs, chips) per machine. */
  readonly acceleratorsPerNode: number;
  /** Memory of one accelerator, GiB. */
  readonly acceleratorMemoryGiB: number;
  /** vCPUs of the machine. */
  readonly vcpus: number;
  /** Host memory of the machine, GiB. */
  readonly memoryGiB: number;
  /** Multi-node interconnect of the machine. */
  readonly fabric: Fabric;
  /** EFA interfaces the machine supports (AWS only; 0 elsewhere). */
  readonly efaInterfaces?: number;
  /**
   * The accelerator type the cloud API wants beside the machine type, where it
   * wants one (Vertex AI `NVIDIA_H100_80GB`, `TPU_V5_LITEPOD`).
   */
  readonly cloudAcceleratorType?: string;
  /** On-demand list price (for capacity-block-only machines, the Capacity Block rate). */
  readonly price: ListPrice;
  /**
   * How the machine can be bought, where it is restricted: `capacity-block` machines
   * are sold only through EC2 Capacity Blocks for ML. @default - on-demand, spot and reservations
   */
  readonly purchase?: "capacity-block";
  /** Regions where this machine type is offered (for its `use`). */
  readonly regions: readonly string[];
}

/**
 * Who makes the accelerator, which decides the device plugin, the Kubernetes resource
 * name and the metrics: NVIDIA GPUs, AWS Neuron devices (Trainium, Inferentia) or Google TPUs.
 */
export type AcceleratorVendor = "nvidia" | "aws-neuron" | "google-tpu";

/** A logical accelerator and every machine that carries it. */
export interface AcceleratorEntry {
  /** Logical name. */
  readonly id: AcceleratorId;
  /** Who makes it. */
  readonly vendor: AcceleratorVendor;
  /** Human-readable name, e.g. "NVIDIA H100 80GB". */
  readonly displayName: string;
  /** The only cloud that offers it, for cloud-specific silicon (Trainium, TPU). */
  readonly exclusiveTo?: Cloud;
  /** Machines per cloud; a cloud missing here does not offer the accelerator. */
  readonly offers: Partial<Record<Cloud, readonly MachineOffer[]>>;
}
