import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { PlacementGroup } from "@cdktf/provider-aws/lib/placement-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct, Token, type ITerraformDependable } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { Checks, isUnknown } from "../private/checks";
import { perTier, type Tier } from "../../util/tier";
import { Namer } from "../../naming";
import { zoneNameProblem } from "./private/zones";
import { markComponent, type EnvironmentIdentity } from "../common";
import { acceleratorScheduling, type AcceleratorPoolScheduling } from "./accelerator-scheduling";

/** What a node group needs of its cluster. */
export interface IEksCluster {
  /** Cluster name, known at synth (it appears in tag keys, which cannot hold references). */
  readonly clusterName: string;
  /** The cluster security group (EKS puts it on every node it manages). */
  readonly clusterSecurityGroupId: string;
  /** The cluster resource the node group must wait for. */
  readonly cluster: ITerraformDependable;
  /** What nodes need before they join (node role policies, the VPC CNI add-on). @default [] */
  readonly nodeDependencies?: readonly ITerraformDependable[];
}

/**
 * Where accelerator nodes come from. A reservation or Capacity Block lives in one
 * Availability Zone (`zone`, a zone name such as us-east-1b): the group launches only
 * in the first of `subnetIds`, which must be in that zone.
 */
export type NodeCapacity = "spot" | "on-demand" | { readonly reservation: string; readonly zone?: string } | { readonly capacityBlock: string; readonly zone?: string };

/** EC2 capacity reservation ids (On-Demand Capacity Reservations and Capacity Blocks alike): `cr-` and 17 hex digits. */
export const CAPACITY_RESERVATION_ID_PATTERN = /^cr-[0-9a-f]{17}$/;

/** Why `id` is not an EC2 capacity reservation id, or undefined. */
export function capacityReservationProblem(id: string): string | undefined {
  return CAPACITY_RESERVATION_ID_PATTERN.test(id) ? undefined : `must be an EC2 capacity reservation id: "cr-" and 17 hex digits, e.g. cr-0123456789abcdef0 (got ${JSON.stringify(id.slice(0, 40))})`;
}

/** Props of {@link AwsAcceleratorNodeGroup}. */
export interface AwsAcceleratorNodeGroupProps {
  /** The environment; the group is `<name>-<tier>-<pool>`. */
  readonly environment: EnvironmentIdentity;
  /** Short pool name, e.g. `train-h100`. */
  readonly pool: string;
  /** The EKS cluster: its name as a plain string (tags use it), its security group, and what to wait for. */
  readonly cluster: IEksCluster;
  /** VPC of the cluster. */
  readonly vpcId: string;
  /** Node IAM role ARN. */
  readonly nodeRoleArn: string;
  /** Private subnets; EFA, reserved and Capacity Block groups use only the first (one zone: the placement group's, or the reservation's). */
  readonly subnetIds: readonly string[];
  /** EC2 instance type from the catalog, e.g. `p5.48xlarge`. */
  readonly instanceType: string;
  /** Accelerators per node (advertised for scale-from-zero). */
  readonly acceleratorsPerNode: number;
  /** `nvidia` GPUs or AWS `neuron` devices: picks the AMI, taint and device resource. */
  readonly acceleratorKind: "nvidia" | "neuron";
  /** EFA network cards to attach; 0 attaches none. @default 0 */
  readonly efaInterfaces?: number;
  /** Node count bounds; a minimum of 0 lets the pool scale to zero. @default - min 0; max 2 dev, 4 staging, 8 prod */
  readonly nodes?: { readonly min: number; readonly max: number };
  /** Spot, on-demand, a Capacity Reservation or a Capacity Block. @default - spot in dev, on-demand otherwise */
  readonly capacity?: NodeCapacity;
  /** Root volume size, GiB (images of ML frameworks are large). @default 200 */
  readonly rootVolumeGiB?: number;
  /** Kubernetes labels every node carries, besides `llmops/pool=<pool>` and, on NVIDIA pools, `k8s.amazonaws.com/accelerator` (the stack adds `llmops/accelerator`). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Tags put on instances, volumes and network interfaces the group launches. @default {} */
  readonly instanceTags?: Readonly<Record<string, string>>;
}

const AMI_TYPE = { nvidia: "AL2023_x86_64_NVIDIA", neuron: "AL2023_x86_64_NEURON" } as const;

/** What {@link AwsAcceleratorNodeGroup} uses for props left unset. */
export interface AwsAcceleratorNodeGroupDefaults {
  readonly nodes: { readonly min: number; readonly max: number };
  readonly capacity: "spot" | "on-demand";
  readonly efaInterfaces: number;
  readonly rootVolumeGiB: number;
}

/** The props {@link AwsAcceleratorNodeGroup.validate} checks. */
export type AwsAcceleratorNodeGroupSettings = Partial<Pick<AwsAcceleratorNodeGroupProps, "nodes" | "capacity" | "efaInterfaces" | "rootVolumeGiB">>;

/**
 * An EKS managed node group of accelerator machines: scales from zero, spot in dev,
 * IMDSv2 required (hop limit 1: pods use Pod Identity, not the node's role), encrypted
 * root volume, tainted so only pods that ask for accelerators land there. For EFA
 * machine types it attaches every EFA card through the launch template, stays in one
 * zone and joins a cluster placement group; it can target a Capacity Reservation or
 * a Capacity Block.
 */
export class AwsAcceleratorNodeGroup extends Construct {
  public readonly nodeGroup: EksNodeGroup;
  public readonly nodeGroupName: string;
  public readonly nodes: { readonly min: number; readonly max: number };
  public readonly capacity: NodeCapacity;
  public readonly efaInterfaces: number;
  public readonly rootVolumeGiB: number;
  /** GPUs (`nvidia`) or Neuron devices (`neuron`): what the monitoring reads. */
  public readonly acceleratorKind: "nvidia" | "neuron";
  /** The placement group name, for EFA groups without a reservation. */
  public readonly placementGroupName?: string;
  /** Labels, taints and per-node extended resources: what jobs, device plugins and the autoscaler match on. */
  public readonly scheduling: AcceleratorPoolScheduling;

  /** What the node group uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): AwsAcceleratorNodeGroupDefaults {
    return {
      nodes: { min: 0, max: perTier(tier, { dev: 2, staging: 4, prod: 8 }) },
      capacity: perTier(tier, { dev: "spot", staging: "on-demand", prod: "on-demand" } as const),
      efaInterfaces: 0,
      rootVolumeGiB: 200,
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: AwsAcceleratorNodeGroupSettings): readonly ValidationProblem[] {
    const checks = new Checks();
    checks.bounds("nodes", settings.nodes, 0, "An EKS node group");
    checks.int("rootVolumeGiB", settings.rootVolumeGiB, 20, 16384, "A gp3 root volume (GiB)");
    checks.int("efaInterfaces", settings.efaInterfaces, 0, 32, "EFA network cards of an EC2 machine");
    const capacity = settings.capacity;
    if (typeof capacity === "object") {
      const [key, id] = "reservation" in capacity ? ["reservation", capacity.reservation] : ["capacityBlock", capacity.capacityBlock];
      checks.check(`capacity.${key}`, id, capacityReservationProblem);
      checks.check("capacity.zone", capacity.zone, zoneNameProblem);
    } else {
      checks.oneOf("capacity", capacity, ["spot", "on-demand"], "Node capacity");
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AwsAcceleratorNodeGroupProps) {
    super(scope, id);
    markComponent(this, "training");
    const tier = props.environment.tier;
    const defaults = AwsAcceleratorNodeGroup.defaults(tier);
    this.nodes = props.nodes ?? defaults.nodes;
    this.capacity = props.capacity ?? defaults.capacity;
    this.efaInterfaces = props.efaInterfaces ?? defaults.efaInterfaces;
    this.rootVolumeGiB = props.rootVolumeGiB ?? defaults.rootVolumeGiB;
    this.acceleratorKind = props.acceleratorKind;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.nodeGroupName = namer.name("eks-node-group", "pool", props.pool);
    const templateName = namer.name("launch-template", "pool", props.pool);
    problems.addAll(namer.found);
    problems.addAll(AwsAcceleratorNodeGroup.validate(this));
    const { min, max } = this.nodes;
    if (!isUnknown(props.subnetIds) && props.subnetIds.length === 0) problems.add("subnetIds", "list at least one private subnet");
    if (Token.isUnresolved(props.cluster.clusterName)) problems.add("cluster.clusterName", "must be the cluster's name as a plain string (it is part of autoscaler tag keys), not a reference");
    problems.throwIfAny(`AwsAcceleratorNodeGroup ${this.node.path}`);

    const base = `${props.environment.name}-${tier}-${props.pool}`;
    const efa = this.efaInterfaces > 0;
    const reservationId = typeof this.capacity === "object" ? ("reservation" in this.capacity ? this.capacity.reservation : this.capacity.capacityBlock) : undefined;
    const isBlock = typeof this.capacity === "object" && "capacityBlock" in this.capacity;

    let securityGroups = [props.cluster.clusterSecurityGroupId];
    if (efa) {
      const efaSg = new SecurityGroup(this, "efa-sg", {
        name: `${base}-efa`,
        description: "EFA traffic between the nodes of one training pool",
        vpcId: props.vpcId,
        ingress: [{ description: "All traffic within the pool (EFA requires it)", protocol: "-1", fromPort: 0, toPort: 0, selfAttribute: true }],
        egress: [{ description: "All traffic within the pool (EFA requires it)", protocol: "-1", fromPort: 0, toPort: 0, selfAttribute: true }],
        tags: { Name: `${base}-efa` },
      });
      securityGroups = [props.cluster.clusterSecurityGroupId, efaSg.id];
      if (!reservationId) {
        this.placementGroupName = new PlacementGroup(this, "placement-group", { name: `${base}-cluster`, strategy: "cluster" }).name;
      }
    }
    const tagged = { ...(props.instanceTags ?? {}), Name: base };
    const template = new LaunchTemplate(this, "launch-template", {
      name: templateName,
      description: `Nodes of ${base}`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: this.rootVolumeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
      vpcSecurityGroupIds: efa ? undefined : securityGroups,
      networkInterfaces: efa
        ? Array.from({ length: this.efaInterfaces }, (_, card) => ({
            deviceIndex: card === 0 ? 0 : 1,
            networkCardIndex: card,
            interfaceType: "efa",
            deleteOnTermination: "true",
            securityGroups,
          }))
        : undefined,
      placement: this.placementGroupName ? { groupName: this.placementGroupName } : undefined,
      capacityReservationSpecification: reservationId ? { capacityReservationTarget: { capacityReservationId: reservationId } } : undefined,
      instanceMarketOptions: isBlock ? { marketType: "capacity-block" } : undefined,
      // EKS requires a Capacity Block's instance type in the launch template, and then none in the node group (EKS UG capacity-blocks-mng, launch-templates).
      instanceType: isBlock ? props.instanceType : undefined,
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags: tagged })),
    });
    this.scheduling = acceleratorScheduling({
      pool: props.pool,
      kind: props.acceleratorKind,
      instanceType: props.instanceType,
      acceleratorsPerNode: props.acceleratorsPerNode,
      efaInterfaces: this.efaInterfaces,
      labels: props.labels,
    });
    const { labels, taints, resources } = this.scheduling;
    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.cluster.clusterName,
      nodeGroupName: this.nodeGroupName,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: efa || reservationId ? [props.subnetIds[0]] : [...props.subnetIds],
      amiType: AMI_TYPE[props.acceleratorKind],
      instanceTypes: isBlock ? undefined : [props.instanceType],
      capacityType: isBlock ? "CAPACITY_BLOCK" : this.capacity === "spot" ? "SPOT" : "ON_DEMAND",
      scalingConfig: { minSize: min, maxSize: max, desiredSize: min },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: template.id, version: template.latestVersion.toString() },
      labels: { ...labels },
      taint: taints.map((t) => ({ key: t.key, value: t.value, effect: "NO_SCHEDULE" })),
      // Cluster Autoscaler reads a managed node group's labels and taints, and the
      // node-template/resources tags, through eks:DescribeNodegroup when the group is
      // at zero (aws_manager.go, buildNodeFromTemplate): that is how it learns Neuron
      // and EFA counts, which its instance-type table lacks. EKS does not copy these
      // tags to the Auto Scaling group; the autoscaler does not need it to.
      tags: {
        "k8s.io/cluster-autoscaler/enabled": "true",
        [`k8s.io/cluster-autoscaler/${props.cluster.clusterName}`]: "owned",
        ...Object.fromEntries(Object.entries(resources).map(([name, count]) => [`k8s.io/cluster-autoscaler/node-template/resources/${name}`, String(count)])),
        ...Object.fromEntries(taints.map((t) => [`k8s.io/cluster-autoscaler/node-template/taint/${t.key}`, `${t.value}:${t.effect}`])),
        ...Object.fromEntries(Object.entries(labels).map(([k, v]) => [`k8s.io/cluster-autoscaler/node-template/label/${k}`, v])),
      },
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: [props.cluster.cluster, ...(props.cluster.nodeDependencies ?? [])],
    });
  }
}
