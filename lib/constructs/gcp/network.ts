import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import { Construct, type ITerraformDependable } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { carve, formatCidr, isAligned, isPrivate, parseCidr, type Cidr } from "./private/cidr";
import { RANGE_LIMITS } from "./private/facts";

/** Props of {@link GcpNetwork}. */
export interface GcpNetworkProps {
  /** The environment; resources are named `<name>-<tier>-<part>`. */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the network. */
  readonly project: string;
  /** The region of the subnet, router and NAT, e.g. `us-central1`. */
  readonly region: string;
  /** Private (RFC 1918) space every range is carved from: nodes, pods, services and the private services access range. @default "10.10.0.0/16" */
  readonly cidr?: string;
  /** Prefix length of the subnet's primary range (nodes and internal load balancers), /8-/29. @default 20 */
  readonly nodesPrefixLength?: number;
  /** Prefix length of the pods' secondary range, /11-/24 (each node takes a /24 at 110 pods). @default 17 */
  readonly podsPrefixLength?: number;
  /** Prefix length of the services' secondary range, /16-/27. @default 20 */
  readonly servicesPrefixLength?: number;
  /** Prefix length of the private services access range (Cloud SQL, Managed Lustre, Vertex AI peering), /16-/24. @default 20 */
  readonly privateServicesPrefixLength?: number;
  /** Share of flows the subnet's flow logs sample, above 0, at most 1. @default - 0.1 dev, 0.5 staging and prod */
  readonly flowLogSampling?: number;
}

/** What a GKE cluster needs of its network. */
export interface IGcpClusterNetwork {
  readonly networkId: string;
  readonly subnetId: string;
  readonly podsRangeName: string;
  readonly servicesRangeName: string;
  /** The subnet's primary range: the cluster's control plane accepts it as an authorized network. */
  readonly ranges: Pick<GcpNetworkRanges, "nodes">;
}

/** What a managed service with a private IP (Cloud SQL, Managed Lustre, Vertex AI peering) needs of its network. */
export interface IGcpPrivateServicesNetwork {
  /** `projects/<project>/global/networks/<name>`. */
  readonly networkId: string;
  /** The private services access peering: the service's resource waits for it. */
  readonly privateServicesConnection: ITerraformDependable;
}

/** The ranges a network carves, as CIDR blocks. */
export interface GcpNetworkRanges {
  readonly nodes: string;
  readonly pods: string;
  readonly services: string;
  readonly privateServices: string;
}

type Settings = Pick<GcpNetworkProps, "cidr" | "nodesPrefixLength" | "podsPrefixLength" | "servicesPrefixLength" | "privateServicesPrefixLength" | "flowLogSampling">;

/**
 * A private VPC for an LLMOps environment: custom-mode network; one regional subnet with
 * Private Google Access, secondary ranges for GKE pods and services and flow logs; a
 * Cloud Router with Cloud NAT for egress (errors logged); a private services access
 * range peered with `servicenetworking.googleapis.com`; and firewall rules that deny all
 * ingress at the lowest priority and allow only traffic from the network's own ranges.
 * Every range is carved deterministically from `cidr`.
 */
export class GcpNetwork extends Construct implements IGcpClusterNetwork, IGcpPrivateServicesNetwork {
  public readonly network: ComputeNetwork;
  public readonly subnet: ComputeSubnetwork;
  public readonly router: ComputeRouter;
  public readonly nat: ComputeRouterNat;
  public readonly privateServicesRange: ComputeGlobalAddress;
  /** The peering with Google's service producers: managed services (Cloud SQL private IP, Managed Lustre) must depend on it. */
  public readonly privateServicesConnection: ServiceNetworkingConnection;
  /** `projects/<project>/global/networks/<name>`, the form Lustre and Vertex AI ask for. */
  public readonly networkId: string;
  public readonly networkName: string;
  public readonly subnetName: string;
  /** `projects/<project>/regions/<region>/subnetworks/<name>`. */
  public readonly subnetId: string;
  /** Name of the pods' secondary range (GKE `cluster_secondary_range_name`). */
  public readonly podsRangeName: string;
  /** Name of the services' secondary range (GKE `services_secondary_range_name`). */
  public readonly servicesRangeName: string;
  public readonly region: string;
  public readonly project: string;
  public readonly cidr: string;
  public readonly ranges: GcpNetworkRanges;
  public readonly flowLogSampling: number;

  /** What the network uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): Required<Settings> {
    return {
      cidr: "10.10.0.0/16",
      nodesPrefixLength: 20,
      podsPrefixLength: 17,
      servicesPrefixLength: 20,
      privateServicesPrefixLength: 20,
      flowLogSampling: perTier(tier, { dev: 0.1, staging: 0.5, prod: 0.5 }),
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .int("nodesPrefixLength", settings.nodesPrefixLength, RANGE_LIMITS.nodes.min, RANGE_LIMITS.nodes.max, "A subnet's primary range (prefix length)")
      .int("podsPrefixLength", settings.podsPrefixLength, RANGE_LIMITS.pods.min, RANGE_LIMITS.pods.max, "The GKE pods range (prefix length)")
      .int("servicesPrefixLength", settings.servicesPrefixLength, RANGE_LIMITS.services.min, RANGE_LIMITS.services.max, "The GKE services range (prefix length)")
      .int("privateServicesPrefixLength", settings.privateServicesPrefixLength, RANGE_LIMITS.privateServices.min, RANGE_LIMITS.privateServices.max, "A private services access range (prefix length)")
      .positive("flowLogSampling", settings.flowLogSampling, 1, "Flow log sampling");
    checks.check("cidr", settings.cidr, (v) => {
      const c = parseCidr(v);
      if (!c) return `takes an IPv4 CIDR block such as "10.10.0.0/16" (got ${show(v)})`;
      if (!isAligned(c)) return `must be a network address: no host bits set (got ${show(v)}; did you mean ${show(formatCidr({ base: c.base - (c.base % 2 ** (32 - c.prefix)), prefix: c.prefix }))}?)`;
      if (!isPrivate(c)) return `must lie in private (RFC 1918) space: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (got ${show(v)})`;
      return undefined;
    });
    const space = typeof settings.cidr === "string" && !isUnknown(settings.cidr) ? parseCidr(settings.cidr) : undefined;
    const lengths = [settings.nodesPrefixLength, settings.podsPrefixLength, settings.servicesPrefixLength, settings.privateServicesPrefixLength];
    if (space && checks.problems.length === 0 && lengths.every((l) => l !== undefined && !isUnknown(l)) && !carveRanges(space, settings as Required<Settings>)) {
      const need = lengths.reduce((sum: number, l) => sum + 2 ** (32 - (l as number)), 0);
      checks.add("cidr", settings.cidr, `is too small for the nodes, pods, services and private services ranges: they need ${need} addresses, /${settings.cidr?.split("/")[1]} holds ${2 ** (32 - space.prefix)} (got ${show(settings.cidr)}); give a larger block or longer prefix lengths`);
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    markComponent(this, "network");
    const defaults = GcpNetwork.defaults(props.environment.tier);
    const settings: Required<Settings> = {
      cidr: props.cidr ?? defaults.cidr,
      nodesPrefixLength: props.nodesPrefixLength ?? defaults.nodesPrefixLength,
      podsPrefixLength: props.podsPrefixLength ?? defaults.podsPrefixLength,
      servicesPrefixLength: props.servicesPrefixLength ?? defaults.servicesPrefixLength,
      privateServicesPrefixLength: props.privateServicesPrefixLength ?? defaults.privateServicesPrefixLength,
      flowLogSampling: props.flowLogSampling ?? defaults.flowLogSampling,
    };
    this.cidr = settings.cidr;
    this.flowLogSampling = settings.flowLogSampling;
    this.region = props.region;
    this.project = props.project;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.networkName = namer.name("gce-resource", "environment.name", "vpc");
    this.subnetName = namer.name("gce-resource", "environment.name", "nodes");
    const names = {
      router: namer.name("gce-resource", "environment.name", "router"),
      nat: namer.name("gce-resource", "environment.name", "nat"),
      psa: namer.name("gce-resource", "environment.name", "private-services"),
      denyIngress: namer.name("gce-resource", "environment.name", "deny-all-ingress"),
      allowInternal: namer.name("gce-resource", "environment.name", "allow-internal"),
    };
    this.podsRangeName = "pods";
    this.servicesRangeName = "services";
    problems.addAll(namer.found);
    problems.addAll(GcpNetwork.validate(settings));
    problems.throwIfAny(`GcpNetwork ${this.node.path}`);

    const carved = carveRanges(parseCidr(this.cidr) as Cidr, settings) as Record<keyof GcpNetworkRanges, Cidr>;
    this.ranges = {
      nodes: formatCidr(carved.nodes),
      pods: formatCidr(carved.pods),
      services: formatCidr(carved.services),
      privateServices: formatCidr(carved.privateServices),
    };
    const project = props.project;
    this.network = new ComputeNetwork(this, "network", {
      project,
      name: this.networkName,
      autoCreateSubnetworks: false,
      routingMode: "REGIONAL",
      deleteDefaultRoutesOnCreate: false,
    });
    this.networkId = this.network.id;
    this.subnet = new ComputeSubnetwork(this, "subnet", {
      project,
      region: props.region,
      name: this.subnetName,
      network: this.network.id,
      ipCidrRange: this.ranges.nodes,
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: this.podsRangeName, ipCidrRange: this.ranges.pods },
        { rangeName: this.servicesRangeName, ipCidrRange: this.ranges.services },
      ],
      logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: this.flowLogSampling, metadata: "INCLUDE_ALL_METADATA" },
    });
    this.subnetId = this.subnet.id;
    this.router = new ComputeRouter(this, "router", { project, region: props.region, name: names.router, network: this.network.id });
    this.nat = new ComputeRouterNat(this, "nat", {
      project,
      region: props.region,
      name: names.nat,
      router: this.router.name,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetwork: [{ name: this.subnet.id, sourceIpRangesToNat: ["ALL_IP_RANGES"] }],
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
    this.privateServicesRange = new ComputeGlobalAddress(this, "private-services-range", {
      project,
      name: names.psa,
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      address: formatCidr(carved.privateServices).split("/")[0],
      prefixLength: carved.privateServices.prefix,
      network: this.network.id,
    });
    this.privateServicesConnection = new ServiceNetworkingConnection(this, "private-services", {
      network: this.network.id,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [this.privateServicesRange.name],
      // Cloud SQL keeps the peering in use for days after its instance is deleted:
      // abandon it on destroy, as the provider documents, so `terraform destroy` ends.
      deletionPolicy: "ABANDON",
    });
    new ComputeFirewall(this, "deny-all-ingress", {
      project,
      name: names.denyIngress,
      network: this.network.id,
      description: "No ingress from anywhere unless a higher-priority rule allows it (llmops-constructs)",
      direction: "INGRESS",
      priority: 65534,
      sourceRanges: ["0.0.0.0/0"],
      deny: [{ protocol: "all" }],
      // Every denied packet is a log entry: kept outside dev; a dev network with no external IPs logs none.
      logConfig: props.environment.tier === "dev" ? undefined : { metadata: "INCLUDE_ALL_METADATA" },
    });
    new ComputeFirewall(this, "allow-internal", {
      project,
      name: names.allowInternal,
      network: this.network.id,
      description: "Traffic between nodes, pods and private managed services (llmops-constructs)",
      direction: "INGRESS",
      priority: 1000,
      sourceRanges: [this.ranges.nodes, this.ranges.pods, this.ranges.privateServices],
      allow: [{ protocol: "tcp" }, { protocol: "udp" }, { protocol: "icmp" }],
    });
  }
}

function carveRanges(space: Cidr, s: Required<Settings>): Record<keyof GcpNetworkRanges, Cidr> | undefined {
  return carve(space, { pods: s.podsPrefixLength, nodes: s.nodesPrefixLength, services: s.servicesPrefixLength, privateServices: s.privateServicesPrefixLength });
}
