import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { GcpNetwork } from "./network";
import { formatCidr, isAligned, isPrivate, overlaps, parseCidr, type Cidr } from "./private/cidr";
import { GPU_NIC_PROFILES, gpuNicProfileOf, type GpuNicProfile } from "./private/accelerators";

/** Props of {@link GcpGpuNetworks}. */
export interface GcpGpuNetworksProps {
  /** The environment; networks are named `<name>-<tier>-gpu-<n>` (TCPX, TCPXO) or `<name>-<tier>-gvnic` and `-rdma` (RDMA). */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the networks. */
  readonly project: string;
  /** The region of the subnets (the cluster's). */
  readonly region: string;
  /** The zone of the GPU pool: an RDMA network takes that zone's RoCE network profile. */
  readonly zone: string;
  /** The pool's machine type, e.g. `a3-highgpu-8g`: picks GPUDirect-TCPX, -TCPXO or RDMA and the number of NICs. */
  readonly machineType: string;
  /** Private (RFC 1918) space the extra subnets are carved from, apart from every range of the primary network. @default "192.168.0.0/16" */
  readonly cidr?: string;
  /** Prefix length of each extra subnet (one address per node on each). @default 20 */
  readonly subnetPrefixLength?: number;
  /** Ranges the extra subnets must not overlap: the primary network's space (nodes, pods, services, private services). @default [] */
  readonly avoid?: readonly string[];
}

/** What a node pool needs of the extra networks: a node NIC per entry, in order. */
export interface IGcpGpuNetworks {
  readonly machineType: string;
  readonly profile: GpuNicProfile;
  /** `additional_node_network_configs`: VPC and subnet names, one NIC each. */
  readonly nodeNetworks: readonly { readonly network: string; readonly subnetwork: string }[];
}

/** One GKE `Network` + `GKENetworkParamSet` pair a pod references to use a NIC. */
export interface GkeNetworkObject {
  readonly name: string;
  readonly vpc: string;
  readonly vpcSubnet: string;
  readonly deviceMode: "NetDevice" | "RDMA";
}

type Settings = Pick<GcpGpuNetworksProps, "cidr" | "subnetPrefixLength" | "avoid" | "machineType" | "zone" | "region">;

/**
 * The extra VPCs a multi-node A3 or A4 GPU pool needs for GPUDirect, as the GKE guides and
 * cluster-toolkit's `gke-a3-*` blueprints make them: for `a3-highgpu-8g` (GPUDirect-TCPX) 4
 * VPCs, for `a3-megagpu-8g` (TCPXO) 8, each with one subnet at MTU 8244; for `a3-ultragpu-8g`
 * and `a4-highgpu-8g` (RDMA) one VPC with the zone's RoCE network profile and 8 subnets, plus a
 * gVNIC VPC, at MTU 8896. Subnets are carved from `cidr`; firewall rules allow only traffic
 * from inside it (RoCE VPCs take no firewall rules, as in cluster-toolkit's gpu-rdma-vpc). The
 * cluster needs multi-networking (Dataplane V2) and the pool `gpuNetworks`; pods reach the NICs
 * through the GKE `Network` objects of {@link kubernetesObjects}, applied after the cluster.
 */
export class GcpGpuNetworks extends Construct implements IGcpGpuNetworks {
  public readonly machineType: string;
  public readonly profile: GpuNicProfile;
  public readonly nodeNetworks: readonly { readonly network: string; readonly subnetwork: string }[];
  public readonly networks: readonly ComputeNetwork[];
  public readonly subnets: readonly ComputeSubnetwork[];
  /** The GKE network objects pods reference (`networking.gke.io/interfaces`), by name. */
  public readonly kubernetesObjects: readonly GkeNetworkObject[];
  public readonly cidr: string;
  public readonly subnetPrefixLength: number;
  /** The extra subnets' ranges, in NIC order. */
  public readonly ranges: readonly string[];

  /** What the networks use for each prop left unset. */
  public static defaults(_tier?: Tier): { readonly cidr: string; readonly subnetPrefixLength: number } {
    return { cidr: "192.168.0.0/16", subnetPrefixLength: 20 };
  }

  /** Subnets a machine type's profile needs: its GPU NICs, and a gVNIC NIC for RDMA. */
  public static subnetCount(profile: GpuNicProfile): number {
    return profile.gpuNics + (profile.extraGvnic ? 1 : 0);
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks();
    checks.check("machineType", settings.machineType, (m) =>
      gpuNicProfileOf(m) ? undefined : `takes a multi-NIC GPU machine type: ${Object.keys(GPU_NIC_PROFILES).map((f) => `${f}-8g`).join(", ")} (got ${show(m)})`,
    );
    if (settings.region !== undefined && !isUnknown(settings.region)) {
      checks.check("zone", settings.zone, (z) => (z.startsWith(`${settings.region}-`) && /^[a-z]+-[a-z]+\d+-[a-z]$/.test(z) ? undefined : `must be a zone of ${show(settings.region)}, like "${settings.region}-b" (got ${show(z)})`));
    }
    const before = checks.problems.length;
    checks.check("cidr", settings.cidr, (v) => {
      const c = parseCidr(v);
      if (!c) return `takes an IPv4 CIDR block such as "192.168.0.0/16" (got ${show(v)})`;
      if (!isAligned(c)) return `must be a network address: no host bits set (got ${show(v)})`;
      if (!isPrivate(c)) return `must lie in private (RFC 1918) space: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (got ${show(v)})`;
      return undefined;
    });
    const valid = checks.problems.length === before && typeof settings.cidr === "string" && !isUnknown(settings.cidr);
    const space = valid ? parseCidr(settings.cidr as string) : undefined;
    checks.int("subnetPrefixLength", settings.subnetPrefixLength, 8, 29, "An extra GPU subnet (prefix length)");
    if (space && settings.subnetPrefixLength !== undefined && !isUnknown(settings.subnetPrefixLength)) {
      const profile = typeof settings.machineType === "string" ? gpuNicProfileOf(settings.machineType) : undefined;
      const need = profile ? GcpGpuNetworks.subnetCount(profile) : 1;
      const fits = settings.subnetPrefixLength >= space.prefix ? 2 ** (settings.subnetPrefixLength - space.prefix) : 0;
      if (fits < need) checks.add("cidr", settings.cidr, `holds ${fits} /${settings.subnetPrefixLength} subnets, and ${settings.machineType} needs ${need} (got ${show(settings.cidr)}); give a larger block or a longer subnetPrefixLength`);
      (settings.avoid ?? []).forEach((other) => {
        const o = isUnknown(other) ? undefined : parseCidr(other);
        if (o && overlaps(space, o)) checks.add("cidr", settings.cidr, `overlaps ${other}, a range of the primary network: every NIC of a node sits in one address space (got ${show(settings.cidr)}); pick a block apart from it, e.g. "192.168.0.0/16" beside a 10.x network`);
      });
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: GcpGpuNetworksProps) {
    super(scope, id);
    markComponent(this, "network");
    const defaults = GcpGpuNetworks.defaults(props.environment.tier);
    this.cidr = props.cidr ?? defaults.cidr;
    this.subnetPrefixLength = props.subnetPrefixLength ?? defaults.subnetPrefixLength;
    this.machineType = props.machineType;
    const problems = new ProblemCollector();
    problems.addAll(GcpGpuNetworks.validate({ ...props, cidr: this.cidr, subnetPrefixLength: this.subnetPrefixLength }));
    problems.throwIfAny(`GcpGpuNetworks ${this.node.path}`);
    this.profile = gpuNicProfileOf(props.machineType) as GpuNicProfile;

    const space = parseCidr(this.cidr) as Cidr;
    const count = GcpGpuNetworks.subnetCount(this.profile);
    const size = 2 ** (32 - this.subnetPrefixLength);
    this.ranges = Array.from({ length: count }, (_, i) => formatCidr({ base: space.base + i * size, prefix: this.subnetPrefixLength }));
    const namer = new Namer(props.environment);
    const name = (...parts: string[]) => namer.name("gce-resource", "environment.name", ...parts);
    // Flow logs as on the primary network (the subnets' traffic is the pool's).
    const flowSampling = GcpNetwork.defaults(props.environment.tier).flowLogSampling;
    const networks: ComputeNetwork[] = [];
    const subnets: ComputeSubnetwork[] = [];
    const nodeNetworks: { network: string; subnetwork: string }[] = [];
    const objects: GkeNetworkObject[] = [];
    const vpc = (vid: string, vpcName: string, networkProfile?: string) => {
      const n = new ComputeNetwork(this, vid, { project: props.project, name: vpcName, autoCreateSubnetworks: false, routingMode: "REGIONAL", mtu: this.profile.mtu, networkProfile });
      networks.push(n);
      return n;
    };
    const subnet = (sid: string, network: ComputeNetwork, subnetName: string, range: string, rdma: boolean) => {
      const s = new ComputeSubnetwork(this, sid, {
        project: props.project,
        region: props.region,
        name: subnetName,
        network: network.id,
        ipCidrRange: range,
        // RoCE subnets carry GPU-to-GPU RDMA only (cluster-toolkit's gpu-rdma-vpc sets neither).
        privateIpGoogleAccess: rdma ? undefined : true,
        logConfig: rdma ? undefined : { aggregationInterval: "INTERVAL_5_SEC", flowSampling, metadata: "INCLUDE_ALL_METADATA" },
      });
      subnets.push(s);
      nodeNetworks.push({ network: network.name, subnetwork: s.name });
      return s;
    };
    const internalOnly = (fid: string, network: ComputeNetwork, ruleName: string) =>
      new ComputeFirewall(this, fid, {
        project: props.project,
        name: ruleName,
        network: network.id,
        description: "GPU-to-GPU traffic between the pool's nodes only (llmops-constructs)",
        direction: "INGRESS",
        priority: 1000,
        sourceRanges: [this.cidr],
        allow: [{ protocol: "tcp" }, { protocol: "udp" }, { protocol: "icmp" }],
      });

    if (this.profile.kind === "gpudirect-rdma") {
      const gvnicName = name("gvnic");
      const gvnic = vpc("gvnic", gvnicName);
      subnet("gvnic-subnet", gvnic, gvnicName, this.ranges[0], false);
      internalOnly("gvnic-internal", gvnic, name("gvnic", "internal"));
      objects.push({ name: "gvnic-1", vpc: gvnicName, vpcSubnet: gvnicName, deviceMode: "NetDevice" });
      const rdmaName = name("rdma");
      const rdma = vpc("rdma", rdmaName, `projects/${props.project}/global/networkProfiles/${props.zone}-vpc-roce`);
      for (let i = 0; i < this.profile.gpuNics; i++) {
        const subnetName = name("rdma", String(i));
        subnet(`rdma-subnet-${i}`, rdma, subnetName, this.ranges[i + 1], true);
        objects.push({ name: `rdma-${i}`, vpc: rdmaName, vpcSubnet: subnetName, deviceMode: "RDMA" });
      }
    } else {
      for (let i = 1; i <= this.profile.gpuNics; i++) {
        const vpcName = name("gpu", String(i));
        const n = vpc(`gpu-${i}`, vpcName);
        subnet(`gpu-${i}-subnet`, n, vpcName, this.ranges[i - 1], false);
        internalOnly(`gpu-${i}-internal`, n, name("gpu", String(i), "internal"));
        objects.push({ name: `vpc${i}`, vpc: vpcName, vpcSubnet: vpcName, deviceMode: "NetDevice" });
      }
    }
    this.networks = networks;
    this.subnets = subnets;
    this.nodeNetworks = nodeNetworks;
    this.kubernetesObjects = objects;
  }

  /** The `Network` and `GKENetworkParamSet` manifests to `kubectl apply` once the cluster exists (GKE multi-network guides), as one YAML document stream. */
  public kubernetesManifest(): string {
    return this.kubernetesObjects
      .map((o) =>
        [
          "apiVersion: networking.gke.io/v1",
          "kind: GKENetworkParamSet",
          `metadata: { name: ${o.name} }`,
          `spec: { vpc: ${o.vpc}, vpcSubnet: ${o.vpcSubnet}, deviceMode: ${o.deviceMode} }`,
          "---",
          "apiVersion: networking.gke.io/v1",
          "kind: Network",
          `metadata: { name: ${o.name} }`,
          `spec: { type: Device, parametersRef: { group: networking.gke.io, kind: GKENetworkParamSet, name: ${o.name} } }`,
        ].join("\n"),
      )
      .join("\n---\n");
  }
}
