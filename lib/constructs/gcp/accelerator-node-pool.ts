import { ContainerNodePool, type ContainerNodePoolConfig } from "@cdktf/provider-google/lib/container-node-pool";
import { findAccelerator, gcpZoneListText, gcpZonesOf, selectMachine, type AcceleratorId, type MachineOffer } from "../../catalog";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent } from "../common";
import { Checks, isUnknown } from "../private/checks";
import type { IGcpGpuNetworks } from "./gpu-networks";
import { FLEX_START_COMPACT, TPU_MACHINES, bootDiskTypeOf, familyOf, gpuNicProfileOf, gpuTypeOf, tpuSliceNodes } from "./private/accelerators";
import type { GcpTrainingCluster } from "./training-cluster";

/** How a pool gets its machines. */
export type GcpCapacity = "spot" | "on-demand" | "flex-start" | "queued" | { readonly reservation: string };

/** Props of {@link GcpAcceleratorNodePool}. */
export interface GcpAcceleratorNodePoolProps {
  /** The cluster the pool joins; its nodes use the cluster's service account, key and labels. */
  readonly cluster: GcpTrainingCluster;
  /** Pool name, unique in the cluster; the node pool is named as is. */
  readonly name: string;
  /** Logical accelerator from the catalog, e.g. `nvidia-h100` or `google-tpu-v5e`. */
  readonly accelerator: AcceleratorId;
  /** Accelerators (GPUs, TPU chips) per node: picks the machine type. @default - the largest machine of the catalog */
  readonly acceleratorsPerNode?: number;
  /** Node count bounds; GPU pools and single-host TPU pools scale within them, from 0. A multi-host TPU slice is all or nothing: 0 to its host count. @default - { min: 0, max: 1 } (a multi-host slice: 0 to its hosts) */
  readonly nodes?: { readonly min: number; readonly max: number };
  /** How machines are obtained. @default - "spot" in dev, "on-demand" otherwise */
  readonly capacity?: GcpCapacity;
  /** TPU topology of a TPU pool, checked against the machine type. @default - the machine's single-host topology */
  readonly tpuTopology?: string;
  /** The zone of the pool's nodes (GPU and TPU capacity is zonal), one the catalog lists for the machine. @default - the cluster's zone, or for a regional cluster the catalog's first zone of the region offering the machine */
  readonly zone?: string;
  /** Place GPU nodes close together (COMPACT placement, one zone) for multi-node training. @default - on when the pool can hold more than one node */
  readonly compactPlacement?: boolean;
  /** Hours a flex-start node runs before GKE reclaims it, 1-168: flex-start nodes run at most seven days (GKE "About flex-start", concepts/dws); the 1-hour floor is this library's. @default 24 */
  readonly maxRunHours?: number;
  /** Boot disk size, GiB. @default 200 */
  readonly diskSizeGb?: number;
  /** The extra GPU NICs of a multi-node A3 or A4 pool (`GcpGpuNetworks` for the same machine type); the cluster must have multi-networking on. @default - none (required when such a pool can hold more than one node) */
  readonly gpuNetworks?: IGcpGpuNetworks;
  /** Accept a region the catalog does not list for the machine (a warning is not raised here: the caller reports it). @default false */
  readonly allowUnlistedRegion?: boolean;
}

/**
 * A GKE node pool of accelerators from the catalog, scaling from zero:
 * - GPU pools: the GPUs as guest accelerators with the driver installed by GKE
 *   (`LATEST`), the `nvidia.com/gpu=present:NoSchedule` taint GKE itself puts on GPU
 *   nodes, COMPACT placement in one zone for multi-node training;
 * - TPU slice pools (v5e, v5p, v6e): the topology checked against the machine type; a
 *   multi-host slice scales atomically from 0 to all of its hosts.
 * Capacity is spot (dev default), on-demand, a specific reservation, flex-start or
 * queued provisioning, each with the settings GKE requires of it.
 */
export class GcpAcceleratorNodePool extends Construct {
  public readonly pool: ContainerNodePool;
  public readonly offer: MachineOffer;
  public readonly vendor: "nvidia" | "google-tpu";
  public readonly capacity: GcpCapacity;
  public readonly nodes: { readonly min: number; readonly max: number };
  public readonly zone: string;
  public readonly compactPlacement: boolean;
  /** TPU topology of a TPU pool. */
  public readonly tpuTopology?: string;
  /** Nodes in one TPU slice (1 for GPU pools and single-host slices). */
  public readonly sliceNodes: number;
  /** The extra GPU NICs the nodes carry, if any. */
  public readonly gpuNetworks?: IGcpGpuNetworks;

  /** The zone a pool on `cluster` uses when none is given: the cluster's zone, or `<region>-b` for a regional cluster. */
  public static defaultZone(cluster: Pick<GcpTrainingCluster, "zones" | "region">): string {
    return cluster.zones[0] ?? `${cluster.region}-b`;
  }

  /** What the pool uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly capacity: GcpCapacity; readonly nodes: { readonly min: number; readonly max: number }; readonly maxRunHours: number; readonly diskSizeGb: number } {
    return { capacity: tier === "dev" ? "spot" : "on-demand", nodes: { min: 0, max: 1 }, maxRunHours: 24, diskSizeGb: 200 };
  }

  /** Every problem of the given settings that needs no catalog, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<GcpAcceleratorNodePoolProps, "nodes" | "capacity" | "maxRunHours" | "diskSizeGb" | "compactPlacement">>): readonly ValidationProblem[] {
    const checks = new Checks().bounds("nodes", settings.nodes, 0, "The pool's node count").int("maxRunHours", settings.maxRunHours, 1, 168, "Flex-start run time (hours)").int("diskSizeGb", settings.diskSizeGb, 10, 65536, "The boot disk (GiB)");
    const capacity = settings.capacity;
    if (typeof capacity === "object") {
      checks.check("capacity.reservation", capacity.reservation, (r) => (/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(r) ? undefined : `takes a Compute Engine reservation name: lowercase letters, digits and hyphens, starting with a letter (got ${show(r)})`));
    } else if (capacity !== undefined) {
      checks.oneOf("capacity", capacity, ["spot", "on-demand", "flex-start", "queued"], "Capacity");
    }
    if (capacity === "queued" && settings.nodes && !isUnknown(settings.nodes.min) && settings.nodes.min !== 0) {
      checks.add("nodes.min", settings.nodes.min, `queued provisioning needs a minimum of 0 nodes (got ${settings.nodes.min}); set nodes.min: 0`);
    }
    return checks.problems;
  }

  /**
   * Problems of a TPU machine's topology and node bounds: the topology must be one the
   * machine type accepts, and a multi-host slice scales atomically, so its bounds must be
   * `{ min: 0, max: <hosts of the slice> }` when given.
   */
  public static validateTopology(machineType: string, topology: string | undefined, nodes?: { readonly min: number; readonly max: number }): readonly ValidationProblem[] {
    if (topology === undefined || isUnknown(topology)) return [];
    const machine = TPU_MACHINES[machineType];
    const sliceNodes = tpuSliceNodes(machineType, topology);
    if (sliceNodes === undefined) {
      return [{ path: "tpuTopology", message: `${machineType} accepts ${machine ? `single-host ${machine.singleHost.join(", ")}; multi-host ${machine.multiHostText}` : "no topology this library knows"} (got ${show(topology)}); pick another topology or acceleratorsPerNode` }];
    }
    if (sliceNodes > 1 && nodes !== undefined && !isUnknown(nodes.min) && !isUnknown(nodes.max) && (nodes.min !== 0 || nodes.max !== sliceNodes)) {
      return [{ path: "nodes", message: `a ${topology} slice of ${machineType} spans ${sliceNodes} nodes and scales atomically: nodes must be { min: 0, max: ${sliceNodes} } (got ${show(nodes)}); add a pool for another slice` }];
    }
    return [];
  }

  /**
   * The zone of a pool of `machineType` in `region`: the given one, checked against the
   * catalog's zones of the machine, or the catalog's default zone of the region. With
   * `allowUnlistedRegion` an unlisted zone is accepted (the caller warns); a region with
   * no listed zone then needs the zone given.
   */
  public static zoneFor(machineType: string, region: string, given?: string, allowUnlistedRegion = false): { readonly zone?: string; readonly problems: readonly ValidationProblem[] } {
    if (given !== undefined && isUnknown(given)) return { zone: given, problems: [] };
    if (isUnknown(region)) return { zone: given, problems: [] };
    const zones = gcpZonesOf(machineType, region);
    if (zones === undefined) return { zone: given ?? `${region}-b`, problems: [] };
    if (given !== undefined) {
      if (zones.includes(given) || allowUnlistedRegion) return { zone: given, problems: [] };
      const where = zones.length > 0 ? `zones of ${region} offering it: ${zones.join(", ")}` : `no zone of ${region} is listed for it; listed: ${gcpZoneListText(machineType)}`;
      return { problems: [{ path: "zone", message: `${machineType} is not offered in ${given} by the catalog (got ${show(given)}; ${where}); if the catalog is out of date, set allowUnlistedRegion: true` }] };
    }
    if (zones.length > 0) return { zone: zones[0], problems: [] };
    return { problems: [{ path: "zone", message: `no zone of ${region} is listed for ${machineType} by the catalog (listed: ${gcpZoneListText(machineType)}); pick one of those regions, or name a zone you know offers it and set allowUnlistedRegion: true` }] };
  }

  constructor(scope: Construct, id: string, props: GcpAcceleratorNodePoolProps) {
    super(scope, id);
    markComponent(this, "training");
    const cluster = props.cluster;
    const defaults = GcpAcceleratorNodePool.defaults(cluster.tier);
    this.capacity = props.capacity ?? defaults.capacity;
    const problems = new ProblemCollector();
    const namer = new Namer({ name: "", tier: "" });
    namer.given("gke-node-pool", "name", props.name);
    problems.addAll(namer.found);

    const selection = selectMachine({ cloud: "gcp", accelerator: props.accelerator, use: "training", region: cluster.region, acceleratorsPerNode: props.acceleratorsPerNode, allowUnlistedRegion: props.allowUnlistedRegion });
    for (const p of selection.problems) problems.add(p.field, p.message);
    const vendor = findAccelerator(props.accelerator)?.vendor;
    if (vendor === "aws-neuron") problems.add("accelerator", `is an AWS accelerator (got ${show(props.accelerator)})`);
    // Everything below reads the machine: without one, report what was found so far.
    if (!selection.offer || vendor === "aws-neuron") problems.throwIfAny(`GcpAcceleratorNodePool ${this.node.path}`);
    this.offer = selection.offer as MachineOffer;
    this.vendor = vendor as "nvidia" | "google-tpu";
    const tpu = this.vendor === "google-tpu";

    this.tpuTopology = tpu ? (props.tpuTopology ?? TPU_MACHINES[this.offer.machineType]?.singleHost[0]) : props.tpuTopology;
    const sliceNodes = tpu && this.tpuTopology !== undefined ? tpuSliceNodes(this.offer.machineType, this.tpuTopology) : 1;
    this.sliceNodes = sliceNodes ?? 1;
    this.nodes = props.nodes ?? (this.sliceNodes > 1 ? { min: 0, max: this.sliceNodes } : defaults.nodes);
    const zoneChoice = GcpAcceleratorNodePool.zoneFor(this.offer.machineType, cluster.region, props.zone ?? cluster.zones[0], props.allowUnlistedRegion);
    for (const p of zoneChoice.problems) problems.add(props.zone === undefined && cluster.zones.length > 0 ? "cluster.zone" : p.path, p.message);
    this.zone = zoneChoice.zone ?? `${cluster.region}-b`;
    this.gpuNetworks = props.gpuNetworks;
    this.compactPlacement = !tpu && (props.compactPlacement ?? defaultCompact(this.capacity, this.offer.machineType, this.nodes.max));
    const maxRunHours = props.maxRunHours ?? defaults.maxRunHours;
    const diskSizeGb = props.diskSizeGb ?? defaults.diskSizeGb;

    problems.addAll(GcpAcceleratorNodePool.validate({ nodes: this.nodes, capacity: this.capacity, maxRunHours, diskSizeGb }));
    this.checkPlacement(problems, props, sliceNodes);
    problems.throwIfAny(`GcpAcceleratorNodePool ${this.node.path}`);

    const machineType = this.offer.machineType;
    const nodeConfig = cluster.nodeConfig({ machineType, diskSizeGb, diskType: bootDiskTypeOf(machineType) });
    const config: ContainerNodePoolConfig = {
      project: cluster.project,
      name: props.name,
      cluster: cluster.cluster.id,
      location: cluster.location,
      nodeLocations: [this.zone],
      initialNodeCount: 0,
      // Within one zone, total and per-zone bounds agree; per-zone bounds are what TPU flex-start needs (cluster-toolkit PR #5111).
      autoscaling: tpu ? { minNodeCount: this.nodes.min, maxNodeCount: this.nodes.max, locationPolicy: "ANY" } : { totalMinNodeCount: this.nodes.min, totalMaxNodeCount: this.nodes.max, locationPolicy: "ANY" },
      management: { autoRepair: this.capacity !== "flex-start", autoUpgrade: true },
      nodeConfig: {
        ...nodeConfig,
        guestAccelerator: tpu ? undefined : [{ type: gpuTypeOf(machineType) as string, count: this.offer.acceleratorsPerNode, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } }],
        // The taint GKE puts on GPU nodes itself, written so the plan shows it and never drifts.
        taint: tpu ? undefined : [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
        labels: { "llmops/accelerator": props.accelerator, "llmops/pool": props.name },
        spot: this.capacity === "spot",
        flexStart: this.capacity === "flex-start" ? true : undefined,
        maxRunDuration: this.capacity === "flex-start" ? `${maxRunHours * 3600}s` : undefined,
        reservationAffinity: reservationAffinity(this.capacity),
        gvnic: this.gpuNetworks ? { enabled: true } : undefined,
      },
      // One NIC per extra subnet; GPUDirect needs gVNIC (GKE GPUDirect-TCPX/TCPXO/RDMA guides).
      networkConfig: this.gpuNetworks ? { additionalNodeNetworkConfigs: this.gpuNetworks.nodeNetworks.map((n) => ({ network: n.network, subnetwork: n.subnetwork })) } : undefined,
      queuedProvisioning: this.capacity === "queued" ? { enabled: true } : undefined,
      placementPolicy: tpu ? (this.sliceNodes > 1 ? { type: "COMPACT", tpuTopology: this.tpuTopology } : undefined) : this.compactPlacement ? { type: "COMPACT" } : undefined,
      dependsOn: [cluster.systemPool],
    };
    this.pool = new ContainerNodePool(this, "pool", config);
  }

  private checkPlacement(problems: ProblemCollector, props: GcpAcceleratorNodePoolProps, sliceNodes: number | undefined): void {
    const cluster = props.cluster;
    const machineType = this.offer.machineType;
    if (!isUnknown(this.zone) && !isUnknown(cluster.region) && !this.zone.startsWith(`${cluster.region}-`)) problems.add("zone", `must be a zone of the cluster's region ${show(cluster.region)} (got ${show(this.zone)})`);
    if (cluster.zones.length > 0 && props.zone !== undefined && !cluster.zones.includes(props.zone)) problems.add("zone", `a zonal cluster runs nodes in its own zone ${show(cluster.zones[0])} only (got ${show(props.zone)})`);
    if (this.vendor === "google-tpu") {
      problems.addAll(GcpAcceleratorNodePool.validateTopology(machineType, this.tpuTopology, props.nodes));
      if (sliceNodes === undefined && this.tpuTopology === undefined) problems.add("tpuTopology", `${machineType} has no topology this library knows`);
      // Flex-start serves single-host TPU slice pools only (GKE "About flex-start", concepts/dws, "When to use flex-start").
      if (props.compactPlacement !== undefined) problems.add("compactPlacement", `applies to GPU pools; a multi-host TPU slice is placed by its topology (got ${show(props.compactPlacement)})`);
    } else if (props.tpuTopology !== undefined) {
      problems.add("tpuTopology", `applies to TPU pools only (got ${show(props.tpuTopology)} for ${show(props.accelerator)})`);
    }
    this.checkGpuNetworks(problems, props);
    problems.addAll(capacityPlacementProblems(this.capacity, machineType, this.vendor === "google-tpu", this.compactPlacement, this.sliceNodes, this.tpuTopology));
  }

  /** A multi-node pool of a multi-NIC machine needs its GPU NICs (else NCCL falls back to the primary NIC); the NICs need the same machine and a multi-networking cluster. */
  private checkGpuNetworks(problems: ProblemCollector, props: GcpAcceleratorNodePoolProps): void {
    const machineType = this.offer.machineType;
    const profile = gpuNicProfileOf(machineType);
    const nets = props.gpuNetworks;
    if (!nets) {
      if (profile && !isUnknown(this.nodes.max) && this.nodes.max > 1) {
        problems.add("gpuNetworks", `a ${machineType} pool of up to ${this.nodes.max} nodes needs its ${profile.kind} NICs for multi-node training (got none); pass gpuNetworks: new GcpGpuNetworks(..., { machineType: "${machineType}" }) and multiNetworking: true on the cluster, or keep nodes.max at 1`);
      }
      return;
    }
    if (!profile) problems.add("gpuNetworks", `apply to multi-NIC GPU machines (A3 High, A3 Mega, A3 Ultra, A4 8-GPU shapes) only (got ${machineType})`);
    else if (nets.machineType !== machineType) problems.add("gpuNetworks", `were made for ${nets.machineType}, and the pool runs ${machineType}; make them with machineType: "${machineType}"`);
    if (!props.cluster.multiNetworking) problems.add("gpuNetworks", "need GKE multi-networking: set multiNetworking: true on the cluster");
  }
}

/**
 * Whether a GPU pool is placed COMPACT when `compactPlacement` is unset: for pools of more
 * than one node, unless the capacity forbids it (queued provisioning; flex-start outside
 * A3 Ultra, A4 and H4D).
 */
function defaultCompact(capacity: GcpCapacity, machineType: string, maxNodes: number): boolean {
  if (capacity === "queued") return false;
  if (capacity === "flex-start" && !FLEX_START_COMPACT.includes(familyOf(machineType))) return false;
  return maxNodes > 1;
}

/**
 * Capacity and placement combinations GKE refuses (cluster-toolkit gke-node-pool
 * preconditions; GKE "About flex-start" and "queued provisioning" pages):
 * - queued provisioning takes no COMPACT placement on GPU pools (TPU slices keep theirs);
 * - flex-start takes COMPACT placement on A3 Ultra, A4 and H4D machines only;
 * - flex-start runs single-host TPU slices; a multi-host slice goes through queued provisioning.
 */
export function capacityPlacementProblems(capacity: GcpCapacity, machineType: string, tpu: boolean, compactPlacement: boolean, sliceNodes: number, topology?: string): ValidationProblem[] {
  const found: ValidationProblem[] = [];
  if (capacity === "queued" && !tpu && compactPlacement) {
    found.push({ path: "compactPlacement", message: `queued provisioning takes no COMPACT placement on GPU pools (got compactPlacement: true for ${machineType}); set compactPlacement: false, or capacity on-demand or a reservation` });
  }
  if (capacity === "flex-start" && !tpu && compactPlacement && !FLEX_START_COMPACT.includes(familyOf(machineType))) {
    found.push({ path: "compactPlacement", message: `flex-start takes COMPACT placement on A3 Ultra, A4 and H4D machines only (got ${machineType}); set compactPlacement: false or another capacity` });
  }
  if (capacity === "flex-start" && tpu && sliceNodes > 1) {
    found.push({ path: "capacity", message: `flex-start runs single-host TPU slices only (got ${show(topology)}, a slice of ${sliceNodes} ${machineType} hosts); use capacity: "queued" for a multi-host slice, or a single-host topology` });
  }
  return found;
}

/** Reservation settings per capacity: spot, flex-start and queued nodes consume none (GKE rejects it; cluster-toolkit preconditions). */
function reservationAffinity(capacity: GcpCapacity): { consumeReservationType: string; key?: string; values?: string[] } {
  if (typeof capacity === "object") return { consumeReservationType: "SPECIFIC_RESERVATION", key: "compute.googleapis.com/reservation-name", values: [capacity.reservation] };
  return { consumeReservationType: capacity === "on-demand" ? "ANY_RESERVATION" : "NO_RESERVATION" };
}
