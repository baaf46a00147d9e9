import { CapacityReservation } from "@cdktf/provider-azurerm/lib/capacity-reservation";
import { CapacityReservationGroup } from "@cdktf/provider-azurerm/lib/capacity-reservation-group";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { findAccelerator, selectMachine, type AcceleratorId, type MachineOffer } from "../../catalog";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { MIG_GPU_SIZES, MIG_PROFILES, RESERVABLE_GPU_SIZES, ROLES, UNRESERVABLE_GPU_SIZES } from "./private/facts";
import { assignRole, roleWait } from "./private/roles";
import { azureGpuScheduling, taintString, type AzureGpuPoolScheduling } from "./gpu-scheduling";
import type { AzureTrainingCluster } from "./training-cluster";

/** How a pool gets its VMs: Spot, regular on-demand, or on-demand with that many VMs held by a capacity reservation. */
export type AzureGpuCapacity = "spot" | "on-demand" | { readonly reservedNodes: number };

/** Props of {@link AzureGpuNodePool}. */
export interface AzureGpuNodePoolProps {
  /** The cluster the pool joins (its nodes subnet, tier and identity). */
  readonly cluster: AzureTrainingCluster;
  /** Pool name, unique in the cluster: 1-12 lowercase letters and digits, starting with a letter. */
  readonly name: string;
  /** Logical accelerator from the catalog, e.g. `nvidia-h100`. */
  readonly accelerator: AcceleratorId;
  /** GPUs per node: picks the VM size. @default - the largest size of the catalog */
  readonly acceleratorsPerNode?: number;
  /** Node count bounds for the cluster autoscaler; `max` at least 1 (AKS takes no max_count 0: park a pool at { min: 0, max: 1 }). @default { min: 0, max: 1 } */
  readonly nodes?: { readonly min: number; readonly max: number };
  /** How VMs are obtained. @default - "spot" in dev, "on-demand" otherwise */
  readonly capacity?: AzureGpuCapacity;
  /** The zone of the pool's nodes; InfiniBand sizes and reserved capacity are always pinned to one. @default - "1" for InfiniBand sizes and reservations, else any zone */
  readonly zone?: string;
  /** MIG profile of A100/H100/H200 sizes (immutable). @default - none */
  readonly gpuInstance?: (typeof MIG_PROFILES)[number];
  /** OS disk size, GiB. @default 256 */
  readonly osDiskGb?: number;
  /** Encrypt temp and OS disks at the host (needs the EncryptionAtHost subscription feature and a size that supports it). @default true */
  readonly hostEncryption?: boolean;
  /** Accept a region the catalog does not list for the size. @default false */
  readonly allowUnlistedRegion?: boolean;
}

/**
 * An AKS node pool of NVIDIA GPUs from the catalog's Azure offers, scaled from zero by
 * the cluster autoscaler:
 * - the GPU driver installed by AKS, set explicitly (`gpu_driver = "Install"`: left
 *   unset, azurerm plans a replacement, hashicorp/terraform-provider-azurerm#30990);
 * - the `nvidia.com/gpu=present:NoSchedule` taint, so only pods that tolerate it (GPU
 *   jobs, the NVIDIA device plugin) land there, and labels naming accelerator and pool;
 * - Spot in dev: priority Spot, eviction Delete, max price -1 (the on-demand price),
 *   with the Spot label and taint AKS documents;
 * - InfiniBand sizes (ND-series) in one zone, so the nodes can share one fabric;
 * - on-demand capacity reserved in a capacity reservation group for the sizes that
 *   support it (NC A100 v4, NVads A10 v5; never with Spot), the cluster identity made
 *   Contributor on the group; an error for ND-series and NCads H100 v5.
 *
 * Before you apply: GPU pods need the NVIDIA device plugin in the cluster (AKS installs
 * the driver, not the plugin; the platform stack deploys it); InfiniBand pools need the
 * `Microsoft.ContainerService/AKSInfinibandSupport` feature registered; reserved capacity
 * is billed at the VM rate, used or not.
 */
export class AzureGpuNodePool extends Construct {
  public readonly pool: KubernetesClusterNodePool;
  public readonly offer: MachineOffer;
  public readonly capacity: AzureGpuCapacity;
  public readonly nodes: { readonly min: number; readonly max: number };
  public readonly zone?: string;
  public readonly infiniband: boolean;
  public readonly reservationGroup?: CapacityReservationGroup;
  /** Labels, taints and GPUs of the pool's nodes: what a pod selects, tolerates and requests to land here. */
  public readonly scheduling: AzureGpuPoolScheduling;

  /** What the pool uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly capacity: AzureGpuCapacity; readonly nodes: { readonly min: number; readonly max: number }; readonly osDiskGb: number; readonly hostEncryption: boolean } {
    return { capacity: tier === "dev" ? "spot" : "on-demand", nodes: { min: 0, max: 1 }, osDiskGb: 256, hostEncryption: true };
  }

  /** Every problem of the given settings that needs no catalog, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<AzureGpuNodePoolProps, "nodes" | "capacity" | "osDiskGb" | "zone" | "gpuInstance">>): readonly ValidationProblem[] {
    const checks = new Checks().bounds("nodes", settings.nodes, 0, "The pool's node count").int("osDiskGb", settings.osDiskGb, 30, 2048, "The OS disk (GiB)").oneOf("zone", settings.zone, ["1", "2", "3"], "An availability zone").oneOf("gpuInstance", settings.gpuInstance, MIG_PROFILES, "A MIG profile");
    if (settings.nodes && !isUnknown(settings.nodes.max) && settings.nodes.max > 1000) checks.add("nodes.max", settings.nodes.max, `AKS pools hold at most 1000 nodes (got ${settings.nodes.max})`);
    const capacity = settings.capacity;
    if (typeof capacity === "object") checks.int("capacity.reservedNodes", capacity.reservedNodes, 1, undefined, "Reserved VMs");
    else if (capacity !== undefined) checks.oneOf("capacity", capacity, ["spot", "on-demand"], "Capacity");
    return checks.problems;
  }

  /** Why `vmSize` cannot take a capacity reservation, or undefined when it can. */
  public static reservationProblem(vmSize: string): string | undefined {
    if (RESERVABLE_GPU_SIZES.some((s) => s.pattern.test(vmSize))) return undefined;
    const documented = UNRESERVABLE_GPU_SIZES.find((s) => s.pattern.test(vmSize));
    const supported = RESERVABLE_GPU_SIZES.map((s) => s.series).join(", ");
    return documented
      ? `on-demand capacity reservations do not cover ${documented.series} sizes (got ${vmSize}); use capacity "on-demand" with a quota, or a size that supports them: ${supported}`
      : `${vmSize} is not a size this library knows to support capacity reservations; supported: ${supported}`;
  }

  constructor(scope: Construct, id: string, props: AzureGpuNodePoolProps) {
    super(scope, id);
    markComponent(this, "training");
    const cluster = props.cluster;
    const d = AzureGpuNodePool.defaults(cluster.tier);
    this.capacity = props.capacity ?? d.capacity;
    this.nodes = props.nodes ?? d.nodes;
    const problems = new ProblemCollector();
    const namer = new Namer({ name: "", tier: "" });
    namer.given("aks-node-pool", "name", props.name);
    problems.addAll(namer.found);

    const selection = selectMachine({ cloud: "azure", accelerator: props.accelerator, use: "training", region: cluster.location, acceleratorsPerNode: props.acceleratorsPerNode, allowUnlistedRegion: props.allowUnlistedRegion });
    for (const p of selection.problems) problems.add(p.field, p.message);
    if (selection.offer && findAccelerator(props.accelerator)?.vendor !== "nvidia") problems.add("accelerator", `is not an NVIDIA GPU (got ${show(props.accelerator)})`);
    if (!selection.offer) problems.throwIfAny(`AzureGpuNodePool ${this.node.path}`);
    this.offer = selection.offer as MachineOffer;
    const vmSize = this.offer.machineType;
    this.infiniband = this.offer.fabric === "infiniband";
    const reserved = typeof this.capacity === "object";
    this.zone = props.zone ?? (this.infiniband || reserved ? "1" : undefined);
    const osDiskGb = props.osDiskGb ?? d.osDiskGb;

    problems.addAll(AzureGpuNodePool.validate({ nodes: this.nodes, capacity: this.capacity, osDiskGb, zone: props.zone, gpuInstance: props.gpuInstance }));
    if (reserved) {
      const problem = AzureGpuNodePool.reservationProblem(vmSize);
      if (problem) problems.add("capacity", problem);
    }
    if (props.gpuInstance !== undefined && !MIG_GPU_SIZES.test(vmSize)) problems.add("gpuInstance", `MIG runs on A100, H100 and H200 sizes only (got ${show(props.gpuInstance)} on ${vmSize})`);
    problems.throwIfAny(`AzureGpuNodePool ${this.node.path}`);

    const spot = this.capacity === "spot";
    this.scheduling = azureGpuScheduling({ pool: props.name, accelerator: props.accelerator, vmSize, gpusPerNode: this.offer.acceleratorsPerNode, gpuMemoryGiB: this.offer.acceleratorMemoryGiB, spot });
    let reservationGroupId: string | undefined;
    const dependsOn = [];
    if (typeof this.capacity === "object") {
      const groupName = `${cluster.clusterName}-${props.name}-crg`;
      this.reservationGroup = new CapacityReservationGroup(this, "reservation-group", { resourceGroupName: cluster.resourceGroupName, location: cluster.location, name: groupName, zones: [this.zone as string] });
      const reservation = new CapacityReservation(this, "reservation", { name: `${groupName}-${vmSize.toLowerCase().replace(/_/g, "-")}`, capacityReservationGroupId: this.reservationGroup.id, zone: this.zone, sku: { name: vmSize, capacity: this.capacity.reservedNodes } });
      // AKS places the pool's VMs in the group as the cluster identity (learn.microsoft.com/azure/aks/use-capacity-reservation-groups).
      dependsOn.push(reservation, ...roleWait(this, [assignRole(this, "cluster", cluster.clusterIdentity, ROLES.contributor, this.reservationGroup.id)]));
      reservationGroupId = this.reservationGroup.id;
    }

    this.pool = new KubernetesClusterNodePool(this, "pool", {
      name: props.name,
      kubernetesClusterId: cluster.cluster.id,
      vmSize,
      mode: "User",
      osType: "Linux",
      osSku: "Ubuntu",
      vnetSubnetId: cluster.nodesSubnetId,
      autoScalingEnabled: true,
      minCount: this.nodes.min,
      maxCount: this.nodes.max,
      nodeCount: this.nodes.min,
      zones: this.zone === undefined ? undefined : [this.zone],
      gpuDriver: "Install",
      gpuInstance: props.gpuInstance,
      hostEncryptionEnabled: props.hostEncryption ?? d.hostEncryption,
      nodePublicIpEnabled: false,
      osDiskType: "Managed",
      osDiskSizeGb: osDiskGb,
      priority: spot ? "Spot" : "Regular",
      evictionPolicy: spot ? "Delete" : undefined,
      spotMaxPrice: spot ? -1 : undefined,
      capacityReservationGroupId: reservationGroupId,
      nodeLabels: { ...this.scheduling.labels },
      nodeTaints: this.scheduling.taints.map(taintString),
      upgradeSettings: spot ? undefined : { maxSurge: "10%" },
      dependsOn,
      // The autoscaler owns the count between the bounds.
      lifecycle: { ignoreChanges: ["node_count"] },
    });
  }
}
