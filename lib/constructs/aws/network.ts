import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct, Fn } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { parseCidr, isPrivateRange, splitCidr } from "../../util/cidr";
import { markComponent, type EnvironmentIdentity, type IEncryptionKey } from "../common";
import { AccountInfo } from "./private/account";
import { zoneNameProblem } from "./private/zones";
import { policyDocument } from "./private/iam";
import { LOG_RETENTION_BY_TIER, checkLogRetention } from "./private/logs";
import { Checks, isUnknown } from "../private/checks";
import { perTier, type Tier } from "../../util/tier";

/**
 * Zone ids where EKS refuses control-plane subnets (EKS User Guide, "VPC and subnet
 * requirements"). Zone names map to zone ids per account, so the network excludes them
 * by id: in us-east-1 one account in three would otherwise get `use1-az3` among its
 * first zones, and CreateCluster would fail.
 */
export const EKS_UNSUPPORTED_ZONE_IDS = ["use1-az3", "usw1-az2", "cac1-az3"] as const;

/** Interface endpoints the network creates by default: what nodes and endpoints need without NAT. */
export const DEFAULT_INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "sts", "logs", "sagemaker.api", "sagemaker.runtime"] as const;

/** Props of {@link AwsNetwork}. */
export interface AwsNetworkProps {
  /** The environment; names and tier defaults come from it. */
  readonly environment: EnvironmentIdentity;
  /** IPv4 CIDR of the VPC, /16 to /24, in a private range. @default "10.40.0.0/16" */
  readonly cidr?: string;
  /** Availability zones to spread private subnets over, 1-6. @default - 3 in prod, 2 otherwise */
  readonly zones?: number;
  /**
   * A zone name (e.g. us-east-1b, the zone of a capacity reservation) that must hold
   * the first subnet pair: the other pairs take the region's available zones in order,
   * skipping it. Apply fails with a clear message when the region has no such available
   * zone. Changing it later replaces the subnets. @default - the region's first available zones
   */
  readonly firstZone?: string;
  /** One NAT gateway for all zones, or one per zone. @default - per-zone in prod, single otherwise */
  readonly natGateways?: "single" | "per-zone";
  /** Key that encrypts the flow-log group. */
  readonly encryptionKey: IEncryptionKey;
  /** Days flow logs are kept; a value CloudWatch Logs accepts. @default - 365 in prod, 90 staging, 14 dev */
  readonly flowLogRetentionDays?: number;
  /** Interface endpoint services (the part after `com.amazonaws.<region>.`). @default DEFAULT_INTERFACE_ENDPOINTS */
  readonly interfaceEndpoints?: readonly string[];
  /**
   * Zones the interface endpoints have a network interface in (the first ones); each
   * endpoint is billed per zone-hour, and one zone serves the whole VPC (other zones'
   * calls cross a zone). @default - 1 in dev, every zone otherwise
   */
  readonly interfaceEndpointZones?: number;
}

/** What {@link AwsNetwork} uses for props left unset. */
export interface AwsNetworkDefaults {
  readonly cidr: string;
  readonly zones: number;
  readonly natGateways: "single" | "per-zone";
  readonly flowLogRetentionDays: number;
  /** Zones of the interface endpoints; undefined means every zone of the network. */
  readonly interfaceEndpointZones: number | undefined;
}

/** The props {@link AwsNetwork.validate} checks. */
export type AwsNetworkSettings = Partial<Pick<AwsNetworkProps, "cidr" | "zones" | "natGateways" | "flowLogRetentionDays" | "interfaceEndpointZones" | "firstZone">>;

/**
 * A VPC with private subnets across the tier's zones, public subnets that hold only
 * NAT gateways, an S3 gateway endpoint and interface endpoints for the services the
 * stack calls, a default security group with no rules, and VPC flow logs to a
 * KMS-encrypted log group.
 */
export class AwsNetwork extends Construct {
  public readonly vpc: Vpc;
  public readonly vpcId: string;
  public readonly cidr: string;
  public readonly zones: number;
  public readonly natGateways: "single" | "per-zone";
  public readonly flowLogRetentionDays: number;
  public readonly interfaceEndpoints: readonly string[];
  /** Zones the interface endpoints are in (the first private subnets). */
  public readonly interfaceEndpointZones: number;
  /** Private subnet ids, one per zone, in zone order. */
  public readonly privateSubnetIds: string[];
  /** Zone names of the private subnets, in the same order. */
  public readonly privateSubnetZones: string[];
  /** Security group of the interface endpoints (HTTPS from the VPC). */
  public readonly endpointSecurityGroupId: string;
  /** Prefix list of the S3 gateway endpoint: security groups allow HTTPS to S3 through it. */
  public readonly s3PrefixListId: string;
  /** Interface endpoint ids by service name. */
  public readonly endpointIds: Readonly<Record<string, string>>;
  public readonly flowLogGroupName: string;

  /** What the network uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): AwsNetworkDefaults {
    return {
      cidr: "10.40.0.0/16",
      zones: perTier(tier, { dev: 2, staging: 2, prod: 3 }),
      natGateways: perTier(tier, { dev: "single", staging: "single", prod: "per-zone" } as const),
      flowLogRetentionDays: LOG_RETENTION_BY_TIER[tier],
      interfaceEndpointZones: perTier<number | undefined>(tier, { dev: 1, staging: undefined, prod: undefined }),
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: AwsNetworkSettings): readonly ValidationProblem[] {
    const checks = new Checks();
    checks.check("cidr", settings.cidr, (cidr) => {
      const block = parseCidr(cidr);
      if (typeof block === "string") return `${block} (got ${show(cidr)})`;
      if (block.prefix < 16 || block.prefix > 24) return `a VPC takes /16 to /24, leaving room for a public and a private subnet per zone (got ${show(cidr)})`;
      if (!isPrivateRange(block)) return `must be in a private range: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10 (got ${show(cidr)})`;
      return undefined;
    });
    checks.int("zones", settings.zones, 1, 6, "An AWS network");
    checks.oneOf("natGateways", settings.natGateways, ["single", "per-zone"], "natGateways");
    checks.check("firstZone", settings.firstZone, zoneNameProblem);
    checkLogRetention(checks, "flowLogRetentionDays", settings.flowLogRetentionDays);
    checks.int("interfaceEndpointZones", settings.interfaceEndpointZones, 1, 6, "Interface endpoint zones");
    const { zones, interfaceEndpointZones: endpointZones } = settings;
    if (zones !== undefined && endpointZones !== undefined && !isUnknown(zones) && !isUnknown(endpointZones) && endpointZones > zones) {
      checks.add("interfaceEndpointZones", endpointZones, `must not exceed the network's zones (got ${endpointZones} > ${zones})`);
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    markComponent(this, "network");
    const tier = props.environment.tier;
    const defaults = AwsNetwork.defaults(tier);
    this.cidr = props.cidr ?? defaults.cidr;
    this.zones = props.zones ?? defaults.zones;
    this.natGateways = props.natGateways ?? defaults.natGateways;
    this.flowLogRetentionDays = props.flowLogRetentionDays ?? defaults.flowLogRetentionDays;
    this.interfaceEndpoints = props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS;
    this.interfaceEndpointZones = props.interfaceEndpointZones ?? defaults.interfaceEndpointZones ?? this.zones;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    problems.addAll(AwsNetwork.validate({ ...this, firstZone: props.firstZone }));
    if (isUnknown(this.cidr) || isUnknown(this.zones)) problems.add("cidr", "cidr and zones must be literal values: the subnets are carved from them at synth (got a reference)");
    const block = parseCidr(this.cidr);
    const logGroupName = namer.given("log-group", "environment.name", `/llmops/${props.environment.name}-${tier}/vpc-flow-logs`);
    const flowRoleName = namer.name("iam-role", "environment.name", "vpc-flow-logs");
    problems.addAll(namer.found);
    problems.throwIfAny(`AwsNetwork ${this.node.path}`);

    const base = `${props.environment.name}-${tier}`;
    const subnets = splitCidr(block as Exclude<typeof block, string>, this.zones * 2);
    const azs = new DataAwsAvailabilityZones(this, "zones", {
      state: "available",
      excludeZoneIds: [...EKS_UNSUPPORTED_ZONE_IDS],
      filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
    this.vpc = new Vpc(this, "vpc", { cidrBlock: this.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: base } });
    this.vpcId = this.vpc.id;
    new DefaultSecurityGroup(this, "default-sg", { vpcId: this.vpc.id, tags: { Name: `${base}-default-deny` } });

    const igw = new InternetGateway(this, "igw", { vpcId: this.vpc.id, tags: { Name: base } });
    const publicRt = new RouteTable(this, "public-rt", { vpcId: this.vpc.id, route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: { Name: `${base}-public` } });

    // With a required first zone the list is that zone, then every other available zone
    // (setsubtract returns them sorted, as the data source lists them).
    const first = props.firstZone;
    const zoneNames = first === undefined ? azs.names : Fn.concat([[first], Fn.sort(Fn.setsubtract(azs.names, [first]))]);
    const zoneCheck = first === undefined ? undefined : [{ condition: `\${contains(${azs.fqn}.names, "${first}")}`, errorMessage: `${first} is not an available zone of this region and account, or is one EKS refuses (${EKS_UNSUPPORTED_ZONE_IDS.join(", ")}; zone names map to zones per account): give the reservation's zone name as describe-capacity-reservations shows it.` }];
    this.privateSubnetIds = [];
    this.privateSubnetZones = [];
    const privateRouteTables: RouteTable[] = [];
    const nats: NatGateway[] = [];
    for (let i = 0; i < this.zones; i++) {
      const zone = Fn.element(zoneNames, i);
      const pub = new Subnet(this, `public-${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: subnets[this.zones + i],
        availabilityZone: zone,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${base}-public-${i}`, "kubernetes.io/role/elb": "1" },
      });
      new RouteTableAssociation(this, `public-rta-${i}`, { subnetId: pub.id, routeTableId: publicRt.id });
      if (i === 0 || this.natGateways === "per-zone") {
        const eip = new Eip(this, `nat-eip-${i}`, { domain: "vpc", tags: { Name: `${base}-nat-${i}` } });
        nats.push(new NatGateway(this, `nat-${i}`, { allocationId: eip.allocationId, subnetId: pub.id, tags: { Name: `${base}-nat-${i}` }, dependsOn: [igw] }));
      }
      const priv = new Subnet(this, `private-${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: subnets[i],
        availabilityZone: zone,
        tags: { Name: `${base}-private-${i}`, "kubernetes.io/role/internal-elb": "1" },
        lifecycle: i === 0 && zoneCheck ? { precondition: zoneCheck } : undefined,
      });
      const rt = new RouteTable(this, `private-rt-${i}`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[Math.min(i, nats.length - 1)].id }],
        tags: { Name: `${base}-private-${i}` },
      });
      new RouteTableAssociation(this, `private-rta-${i}`, { subnetId: priv.id, routeTableId: rt.id });
      privateRouteTables.push(rt);
      this.privateSubnetIds.push(priv.id);
      this.privateSubnetZones.push(priv.availabilityZone);
    }

    const account = new AccountInfo(this, "account");
    const s3Endpoint = new VpcEndpoint(this, "s3-endpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${account.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: privateRouteTables.map((rt) => rt.id),
      tags: { Name: `${base}-s3` },
    });
    this.s3PrefixListId = s3Endpoint.prefixListId;
    const endpointSg = new SecurityGroup(this, "endpoint-sg", {
      name: `${base}-endpoints`,
      description: "HTTPS from inside the VPC to interface endpoints",
      vpcId: this.vpc.id,
      ingress: [{ description: "HTTPS from the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [this.cidr] }],
      egress: [],
      tags: { Name: `${base}-endpoints` },
    });
    this.endpointSecurityGroupId = endpointSg.id;
    const endpointIds: Record<string, string> = {};
    for (const service of this.interfaceEndpoints) {
      endpointIds[service] = new VpcEndpoint(this, `endpoint-${service.replace(/\./g, "-")}`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${account.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: this.privateSubnetIds.slice(0, this.interfaceEndpointZones),
        securityGroupIds: [endpointSg.id],
        tags: { Name: `${base}-${service}` },
      }).id;
    }
    this.endpointIds = endpointIds;

    const logGroup = new CloudwatchLogGroup(this, "flow-log-group", {
      name: logGroupName,
      retentionInDays: this.flowLogRetentionDays,
      kmsKeyId: props.encryptionKey.keyId,
    });
    this.flowLogGroupName = logGroup.name;
    const role = new IamRole(this, "flow-log-role", {
      name: flowRoleName,
      assumeRolePolicy: policyDocument({
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
      }),
    });
    new IamRolePolicy(this, "flow-log-policy", {
      role: role.name,
      name: "write-flow-logs",
      policy: policyDocument({
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroup.arn, `${logGroup.arn}:*`],
      }),
    });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
  }
}
