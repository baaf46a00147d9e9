import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Construct, type ITerraformDependable } from "../../cdk";
import { LlmOpsValidationError, ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { carve, formatCidr, isAligned, isPrivate, parseCidr, type Cidr } from "../private/cidr";
import { stableId } from "../private/stable-id";
import { virtualNetworkIdProblem } from "../../util/azure-ids";
import { linkZoneToRunners, peerRunners, runnerNetworksOf, type RunnerVirtualNetwork } from "./private/runner-reach";
import { ALL_PRIVATE_ENDPOINT_KINDS, API_SERVER_MAX_PREFIX, DELEGATIONS, LUSTRE_MIN_TIB, PRIVATE_ENDPOINT_KINDS, lustrePrefixFor, type PrivateEndpointKind } from "./private/facts";

export { PRIVATE_ENDPOINT_KINDS, type PrivateEndpointKind } from "./private/facts";

/** Props of {@link AzureNetwork}. */
export interface AzureNetworkProps {
  /** The environment; resources are named `<name>-<tier>-<part>`. */
  readonly environment: EnvironmentIdentity;
  /** The resource group every resource goes in (made by the caller, e.g. the environment stack, or one that exists). */
  readonly resourceGroupName: string;
  /** The Azure region, e.g. `eastus2`. */
  readonly location: string;
  /** Private (RFC 1918) address space of the VNet; every subnet is carved from it. @default "10.20.0.0/16" */
  readonly cidr?: string;
  /** Prefix length of the nodes' subnet (Azure CNI overlay: node IPs only; pods take the overlay pod CIDR), /16-/27. @default 22 */
  readonly nodesPrefixLength?: number;
  /** Prefix length of the API server subnet (delegated to AKS), /16-/28; AKS needs at least a /28. @default 28 */
  readonly apiServerPrefixLength?: number;
  /** Prefix length of the private endpoints' subnet, /16-/28. @default 24 */
  readonly privateEndpointsPrefixLength?: number;
  /** Make a subnet delegated to PostgreSQL flexible servers. @default true */
  readonly postgres?: boolean;
  /** Prefix length of the PostgreSQL subnet, /16-/28. @default 28 */
  readonly postgresPrefixLength?: number;
  /** Capacity of the Azure Managed Lustre file system the network will hold, TiB (at least 4): makes its own subnet, sized by the documented table. @default - no Lustre subnet */
  readonly lustreCapacityTiB?: number;
  /** Prefix length of the Lustre subnet; at most the documented size for `lustreCapacityTiB` (required above 400 TiB, where the table ends). @default - from the table (4-16 TiB /27 ... 200-400 TiB /23) */
  readonly lustrePrefixLength?: number;
  /** Private endpoint kinds whose private DNS zone the network makes and links to the VNet. @default ["vault", "blob"] */
  readonly privateEndpointKinds?: readonly PrivateEndpointKind[];
  /** Spread the NAT gateway's public IP over zones 1-3 (the Standard NAT gateway itself is zonal: Azure places it). @default - on in prod */
  readonly zoneRedundantEgress?: boolean;
  /**
   * ARM ids of VNets that exist before the first apply, where Terraform runs (a self-hosted
   * CI runner, an operator VM): each is peered both ways with this VNet and linked to every
   * private DNS zone the network makes, so the runner reaches the private endpoints and the
   * private AKS API server. Their address spaces must not overlap `cidr` (unknown at synth:
   * not checked). A VNet takes one zone of a name: it must not already be linked to another
   * zone named like these (another environment's, a hub's). @default []
   */
  readonly runnerVirtualNetworkIds?: readonly string[];
  /** The subscription the network is made in: a runner VNet in another one is peered back through a provider aliased to its subscription. @default - every runner VNet is peered back through an aliased provider */
  readonly subscriptionId?: string;
}

/** The subnets a network carves, as CIDR blocks. */
export interface AzureNetworkRanges {
  readonly nodes: string;
  readonly apiServer: string;
  readonly privateEndpoints: string;
  readonly postgres?: string;
  readonly lustre?: string;
}

type Settings = Pick<AzureNetworkProps, "cidr" | "nodesPrefixLength" | "apiServerPrefixLength" | "privateEndpointsPrefixLength" | "postgres" | "postgresPrefixLength" | "lustreCapacityTiB" | "lustrePrefixLength" | "privateEndpointKinds" | "zoneRedundantEgress" | "runnerVirtualNetworkIds">;
type Resolved = Required<Omit<Settings, "lustreCapacityTiB" | "lustrePrefixLength">> & Pick<Settings, "lustreCapacityTiB" | "lustrePrefixLength">;

/**
 * A private VNet for an LLMOps environment, in a resource group the caller names:
 * subnets for AKS nodes (egress through a NAT gateway with a Standard static public
 * IP), the AKS API server (/28 or larger, delegated to `Microsoft.ContainerService/managedClusters`),
 * private endpoints (network policies on), optionally PostgreSQL (delegated) and Azure
 * Managed Lustre (sized to its capacity); no subnet has default outbound access: the
 * nodes, Lustre (which needs AzureCloud) and PostgreSQL (Azure Storage and Entra ID)
 * leave through the NAT gateway; each has its own NSG, which denies inbound from the
 * Internet (the default rules keep traffic inside the VNet open: AKS, Lustre's TCP 988
 * and 1019-1023) and, on Lustre's and PostgreSQL's, allows the outbound service tags
 * their documents ask for. Private DNS zones
 * for each private endpoint kind are linked to the VNet, keyed by zone name.
 *
 * With `runnerVirtualNetworkIds`, the VNet is peered both ways with each runner VNet and
 * every zone (the private AKS API server's too, {@link clusterPrivateDnsZone}) is linked
 * to it; private endpoints wait for both ({@link reachDependables}), so a first apply run
 * from such a VNet reaches the vault's data plane as soon as the vault's endpoint exists.
 */
export class AzureNetwork extends Construct {
  public readonly virtualNetwork: VirtualNetwork;
  public readonly nodesSubnet: Subnet;
  public readonly apiServerSubnet: Subnet;
  public readonly privateEndpointsSubnet: Subnet;
  public readonly postgresSubnet?: Subnet;
  public readonly lustreSubnet?: Subnet;
  public readonly natGateway: NatGateway;
  public readonly egressIp: PublicIp;
  public readonly resourceGroupName: string;
  public readonly location: string;
  public readonly cidr: string;
  public readonly ranges: AzureNetworkRanges;
  public readonly privateEndpointKinds: readonly PrivateEndpointKind[];
  public readonly zoneRedundantEgress: boolean;
  /** What the node subnet's egress needs in place (NAT association): the cluster waits for it. */
  public readonly egressDependables: readonly ITerraformDependable[];
  /** The runner VNets' ARM ids, as given. */
  public readonly runnerVirtualNetworkIds: readonly string[];
  /** What a runner outside the VNet needs to reach its private endpoints: the peerings and the zones' links to the runner VNets (empty without runners). Private endpoints wait for them. */
  public readonly reachDependables: readonly ITerraformDependable[];
  /** The Lustre subnet's NAT association (Managed Lustre reaches AzureCloud from its subnet): the file system waits for it. */
  public readonly lustreEgress?: ITerraformDependable;
  /** The PostgreSQL subnet's NAT association (the server reaches Azure Storage and Entra ID): the server waits for it. */
  public readonly postgresEgress?: ITerraformDependable;
  private readonly zones: Partial<Record<PrivateEndpointKind, PrivateDnsZone>> = {};
  private readonly runners: readonly RunnerVirtualNetwork[];
  private readonly environment: EnvironmentIdentity;
  private clusterZone?: { readonly zone: PrivateDnsZone; readonly links: readonly ITerraformDependable[] };

  /** What the network uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): Required<Omit<Settings, "lustreCapacityTiB" | "lustrePrefixLength">> {
    return {
      cidr: "10.20.0.0/16",
      nodesPrefixLength: 22,
      apiServerPrefixLength: 28,
      privateEndpointsPrefixLength: 24,
      postgres: true,
      postgresPrefixLength: 28,
      privateEndpointKinds: ["vault", "blob"],
      zoneRedundantEgress: tier === "prod",
      runnerVirtualNetworkIds: [],
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .int("nodesPrefixLength", settings.nodesPrefixLength, 16, 27, "The nodes' subnet (prefix length)")
      .int("apiServerPrefixLength", settings.apiServerPrefixLength, 16, API_SERVER_MAX_PREFIX, "The API server subnet (prefix length; AKS needs at least a /28)")
      .int("privateEndpointsPrefixLength", settings.privateEndpointsPrefixLength, 16, 28, "The private endpoints' subnet (prefix length)")
      .int("postgresPrefixLength", settings.postgresPrefixLength, 16, 28, "The PostgreSQL subnet (prefix length)")
      .int("lustreCapacityTiB", settings.lustreCapacityTiB, LUSTRE_MIN_TIB, undefined, "Azure Managed Lustre capacity (TiB)");
    checks.check("cidr", settings.cidr, (v) => {
      const c = parseCidr(v);
      if (!c) return `takes an IPv4 CIDR block such as "10.20.0.0/16" (got ${show(v)})`;
      if (!isAligned(c)) return `must be a network address: no host bits set (got ${show(v)})`;
      if (!isPrivate(c)) return `must lie in private (RFC 1918) space: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (got ${show(v)})`;
      return undefined;
    });
    const seen = new Set<string>();
    (settings.privateEndpointKinds ?? []).forEach((kind, i) => {
      checks.oneOf(`privateEndpointKinds.${i}`, kind, ALL_PRIVATE_ENDPOINT_KINDS, "A private endpoint kind");
      if (seen.has(kind)) checks.add(`privateEndpointKinds.${i}`, kind, `repeats ${show(kind)}: list each kind once, it keys one private DNS zone`);
      seen.add(kind);
    });
    const runners = new Set<string>();
    (settings.runnerVirtualNetworkIds ?? []).forEach((id, i) => {
      checks.check(`runnerVirtualNetworkIds.${i}`, id, (v) => virtualNetworkIdProblem(v));
      if (typeof id === "string" && !isUnknown(id) && runners.has(id.toLowerCase())) checks.add(`runnerVirtualNetworkIds.${i}`, id, `repeats ${show(id)}: list each runner VNet once, it keys one peering`);
      if (typeof id === "string") runners.add(id.toLowerCase());
    });
    const capacity = settings.lustreCapacityTiB;
    if (capacity !== undefined && !isUnknown(capacity) && capacity >= LUSTRE_MIN_TIB) {
      const documented = lustrePrefixFor(capacity);
      if (settings.lustrePrefixLength === undefined && documented === undefined) {
        checks.add("lustrePrefixLength", capacity, `is required above 400 TiB, where the documented subnet table ends (got lustreCapacityTiB ${capacity}); give a prefix length of at most 23`);
      }
      checks.check("lustrePrefixLength", settings.lustrePrefixLength, (p) =>
        Number.isInteger(p) && p >= 16 && p <= (documented ?? 23) ? undefined : `must be a whole number from 16 to ${documented ?? 23}: Azure Managed Lustre of ${capacity} TiB needs a /${documented ?? 23} or larger subnet (got ${show(p)})`,
      );
    } else if (settings.lustrePrefixLength !== undefined && capacity === undefined) {
      checks.add("lustrePrefixLength", settings.lustrePrefixLength, `applies only with lustreCapacityTiB (got ${show(settings.lustrePrefixLength)})`);
    }
    const space = typeof settings.cidr === "string" && !isUnknown(settings.cidr) ? parseCidr(settings.cidr) : undefined;
    const effective = { ...settings, lustrePrefixLength: settings.lustrePrefixLength ?? (capacity === undefined || isUnknown(capacity) ? undefined : lustrePrefixFor(capacity)) };
    if (space && checks.problems.length === 0 && isResolved(effective)) {
      const prefixes = subnetPrefixes(effective);
      if (!carve(space, prefixes)) {
        const need = Object.values(prefixes).reduce((sum: number, l) => sum + 2 ** (32 - l), 0);
        checks.add("cidr", settings.cidr, `is too small for the subnets: they need ${need} addresses, /${space.prefix} holds ${2 ** (32 - space.prefix)} (got ${show(settings.cidr)}); give a larger block or longer prefix lengths`);
      }
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    markComponent(this, "network");
    const d = AzureNetwork.defaults(props.environment.tier);
    const settings: Resolved = {
      cidr: props.cidr ?? d.cidr,
      nodesPrefixLength: props.nodesPrefixLength ?? d.nodesPrefixLength,
      apiServerPrefixLength: props.apiServerPrefixLength ?? d.apiServerPrefixLength,
      privateEndpointsPrefixLength: props.privateEndpointsPrefixLength ?? d.privateEndpointsPrefixLength,
      postgres: props.postgres ?? d.postgres,
      postgresPrefixLength: props.postgresPrefixLength ?? d.postgresPrefixLength,
      lustreCapacityTiB: props.lustreCapacityTiB,
      lustrePrefixLength: props.lustrePrefixLength ?? (props.lustreCapacityTiB === undefined || isUnknown(props.lustreCapacityTiB) ? undefined : lustrePrefixFor(props.lustreCapacityTiB)),
      privateEndpointKinds: props.privateEndpointKinds ?? d.privateEndpointKinds,
      zoneRedundantEgress: props.zoneRedundantEgress ?? d.zoneRedundantEgress,
      runnerVirtualNetworkIds: props.runnerVirtualNetworkIds ?? d.runnerVirtualNetworkIds,
    };
    this.cidr = settings.cidr;
    this.environment = props.environment;
    this.runnerVirtualNetworkIds = settings.runnerVirtualNetworkIds;
    this.privateEndpointKinds = settings.privateEndpointKinds;
    this.zoneRedundantEgress = settings.zoneRedundantEgress;
    this.resourceGroupName = props.resourceGroupName;
    this.location = props.location;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    namer.given("azure-resource-group", "resourceGroupName", props.resourceGroupName);
    const name = (part: string) => namer.name("azure-network", "environment.name", part);
    const names = { vnet: name("vnet"), nodes: name("nodes"), api: name("apiserver"), pe: name("endpoints"), pg: name("postgres"), lustre: name("lustre"), nat: name("nat"), ip: name("nat-ip") };
    problems.addAll(namer.found);
    problems.addAll(AzureNetwork.validate({ ...props, ...settings, lustrePrefixLength: props.lustrePrefixLength }));
    problems.throwIfAny(`AzureNetwork ${this.node.path}`);
    this.runners = runnerNetworksOf(this.runnerVirtualNetworkIds);

    const carved = carve(parseCidr(this.cidr) as Cidr, subnetPrefixes(settings)) as Record<string, Cidr>;
    this.ranges = Object.fromEntries(Object.entries(carved).map(([k, v]) => [k, formatCidr(v)])) as unknown as AzureNetworkRanges;
    const base = { resourceGroupName: props.resourceGroupName, location: props.location };
    this.virtualNetwork = new VirtualNetwork(this, "vnet", { ...base, name: names.vnet, addressSpace: [this.cidr] });

    const subnet = (sid: string, subnetName: string, range: string, extra: Partial<ConstructorParameters<typeof Subnet>[2]> = {}, outbound: readonly (typeof DENY_INTERNET_INBOUND)[] = []): Subnet => {
      const s = new Subnet(this, sid, { resourceGroupName: props.resourceGroupName, virtualNetworkName: this.virtualNetwork.name, name: subnetName, addressPrefixes: [range], defaultOutboundAccessEnabled: false, ...extra });
      const nsg = new NetworkSecurityGroup(this, `${sid}-nsg`, { ...base, name: `${subnetName}-nsg`, securityRule: [DENY_INTERNET_INBOUND, ...outbound] });
      new SubnetNetworkSecurityGroupAssociation(this, `${sid}-nsg-association`, { subnetId: s.id, networkSecurityGroupId: nsg.id });
      return s;
    };
    this.nodesSubnet = subnet("nodes", names.nodes, this.ranges.nodes);
    this.apiServerSubnet = subnet("apiserver", names.api, this.ranges.apiServer, { delegation: [delegation("aks", DELEGATIONS.apiServer)] });
    this.privateEndpointsSubnet = subnet("endpoints", names.pe, this.ranges.privateEndpoints, { privateEndpointNetworkPolicies: "Enabled" });
    if (this.ranges.postgres) this.postgresSubnet = subnet("postgres", names.pg, this.ranges.postgres, { delegation: [delegation("postgres", DELEGATIONS.postgres)] }, POSTGRES_OUTBOUND);
    if (this.ranges.lustre) this.lustreSubnet = subnet("lustre", names.lustre, this.ranges.lustre, {}, LUSTRE_OUTBOUND);

    this.egressIp = new PublicIp(this, "nat-ip", { ...base, name: names.ip, allocationMethod: "Static", sku: "Standard", zones: this.zoneRedundantEgress ? ["1", "2", "3"] : undefined });
    this.natGateway = new NatGateway(this, "nat", { ...base, name: names.nat, skuName: "Standard", idleTimeoutInMinutes: 4 });
    const ipAssociation = new NatGatewayPublicIpAssociation(this, "nat-ip-association", { natGatewayId: this.natGateway.id, publicIpAddressId: this.egressIp.id });
    const natAssociation = new SubnetNatGatewayAssociation(this, "nodes-nat", { subnetId: this.nodesSubnet.id, natGatewayId: this.natGateway.id });
    this.egressDependables = [ipAssociation, natAssociation];
    // Default outbound access is off on every subnet: Managed Lustre (AzureCloud) and PostgreSQL
    // (Azure Storage for WAL archiving, Entra ID) leave through the same NAT gateway.
    if (this.lustreSubnet) this.lustreEgress = new SubnetNatGatewayAssociation(this, "lustre-nat", { subnetId: this.lustreSubnet.id, natGatewayId: this.natGateway.id });
    if (this.postgresSubnet) this.postgresEgress = new SubnetNatGatewayAssociation(this, "postgres-nat", { subnetId: this.postgresSubnet.id, natGatewayId: this.natGateway.id });

    const reach: ITerraformDependable[] = [];
    for (const kind of this.privateEndpointKinds) {
      const zoneName = PRIVATE_ENDPOINT_KINDS[kind].zone;
      // Keyed by the zone's name: adding or removing another kind moves nothing.
      const zone = new PrivateDnsZone(this, stableId("zone", zoneName, kind), { resourceGroupName: props.resourceGroupName, name: zoneName });
      new PrivateDnsZoneVirtualNetworkLink(this, stableId("zone-link", zoneName, kind), {
        resourceGroupName: props.resourceGroupName,
        name: `${names.vnet}-link`,
        privateDnsZoneName: zone.name,
        virtualNetworkId: this.virtualNetwork.id,
        registrationEnabled: false,
      });
      reach.push(...linkZoneToRunners(this, zone, zoneName, props.resourceGroupName, this.runners));
      this.zones[kind] = zone;
    }
    reach.push(...peerRunners(this, { id: this.virtualNetwork.id, name: names.vnet, nameAttribute: this.virtualNetwork.name, resourceGroupName: props.resourceGroupName }, this.runners, props.subscriptionId));
    this.reachDependables = reach;
  }

  /**
   * The private DNS zone of a private AKS cluster with API server VNet integration in this
   * network, made on first call: `<name>-<tier>.private.<location>.azmk8s.io` (the documented
   * subzone form for VNet-integrated clusters; a subzone per environment, so one runner VNet
   * can resolve several clusters of a region), linked to this VNet and every runner VNet.
   * The cluster's identity needs Private DNS Zone Contributor on it.
   */
  public clusterPrivateDnsZone(): { readonly zone: PrivateDnsZone; readonly links: readonly ITerraformDependable[] } {
    if (this.clusterZone) return this.clusterZone;
    const subzone = `${this.environment.name}-${this.environment.tier}`;
    if (!/^[a-zA-Z0-9-]{1,32}$/.test(subzone)) {
      throw new LlmOpsValidationError(`AzureNetwork ${this.node.path}`, [{ path: "environment.name", message: `with the tier names the AKS API server's private DNS subzone: letters, digits and hyphens, at most 32 characters (got ${show(subzone)}); shorten the name` }]);
    }
    const zoneName = `${subzone}.private.${this.location}.azmk8s.io`;
    const zone = new PrivateDnsZone(this, "aks-zone", { resourceGroupName: this.resourceGroupName, name: zoneName });
    const own = new PrivateDnsZoneVirtualNetworkLink(this, "aks-zone-link", { resourceGroupName: this.resourceGroupName, name: `${this.virtualNetwork.name}-link`, privateDnsZoneName: zone.name, virtualNetworkId: this.virtualNetwork.id, registrationEnabled: false });
    const runnerLinks = linkZoneToRunners(this, zone, zoneName, this.resourceGroupName, this.runners);
    this.clusterZone = { zone, links: [own, ...runnerLinks] };
    return this.clusterZone;
  }

  /** The VNet-linked private DNS zone of a private endpoint kind; an error when the network was not asked for that kind. */
  public privateDnsZone(kind: PrivateEndpointKind): PrivateDnsZone {
    const zone = this.zones[kind];
    if (!zone) {
      throw new LlmOpsValidationError(`AzureNetwork ${this.node.path}`, [{ path: "privateEndpointKinds", message: `has no ${show(kind)} zone (got ${show(this.privateEndpointKinds)}); add ${show(kind)} so its private endpoints resolve` }]);
    }
    return zone;
  }
}

const DENY_INTERNET_INBOUND = {
  name: "deny-internet-inbound",
  description: "No inbound from the Internet (llmops-constructs); traffic inside the VNet keeps the default rules",
  priority: 4096,
  direction: "Inbound",
  access: "Deny",
  protocol: "*",
  sourceAddressPrefix: "Internet",
  sourcePortRange: "*",
  destinationAddressPrefix: "*",
  destinationPortRange: "*",
};

/** An outbound allow rule to a service tag. */
function allowOutbound(name: string, priority: number, tag: string, protocol: string, port: string, description: string) {
  return { name, description, priority, direction: "Outbound", access: "Allow", protocol, sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: tag, destinationPortRange: port };
}

/** AMLFS prerequisites, "Azure cloud service access": an outbound rule to the AzureCloud service tag from the file system's subnet. */
const LUSTRE_OUTBOUND = [allowOutbound("allow-azurecloud-outbound", 100, "AzureCloud", "*", "*", "Azure Managed Lustre reaches Azure cloud services from its subnet (AMLFS prerequisites)")];

/** PostgreSQL flexible server private access: outbound to Azure Storage on 443 (WAL and log archival) and to Entra ID (Entra authentication). */
const POSTGRES_OUTBOUND = [
  allowOutbound("allow-storage-outbound", 100, "Storage", "Tcp", "443", "PostgreSQL archives WAL and logs to Azure Storage (flexible server networking with private access)"),
  allowOutbound("allow-entra-outbound", 110, "AzureActiveDirectory", "Tcp", "443", "PostgreSQL validates Entra ID sign-ins (flexible server networking with private access)"),
];

function delegation(name: string, d: { readonly name: string; readonly actions: readonly string[] }) {
  return { name, serviceDelegation: { name: d.name, actions: [...d.actions] } };
}

function isResolved(s: Partial<Settings>): s is Resolved {
  const lengths = [s.nodesPrefixLength, s.apiServerPrefixLength, s.privateEndpointsPrefixLength, s.postgresPrefixLength, s.lustrePrefixLength];
  return s.cidr !== undefined && s.nodesPrefixLength !== undefined && s.apiServerPrefixLength !== undefined && s.privateEndpointsPrefixLength !== undefined && s.postgresPrefixLength !== undefined && !lengths.some(isUnknown);
}

function subnetPrefixes(s: Resolved): Record<string, number> {
  return {
    nodes: s.nodesPrefixLength,
    privateEndpoints: s.privateEndpointsPrefixLength,
    ...(s.lustrePrefixLength !== undefined && s.lustreCapacityTiB !== undefined ? { lustre: s.lustrePrefixLength } : {}),
    ...(s.postgres ? { postgres: s.postgresPrefixLength } : {}),
    apiServer: s.apiServerPrefixLength,
  };
}
