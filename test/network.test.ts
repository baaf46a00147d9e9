import { describe, expect, it } from "vitest";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { AwsNetwork, type AwsNetworkProps } from "../lib/constructs/aws/network";
import { LlmOpsValidationError } from "../lib/errors";
import { DEV, PROD, only, resources, synthAws, type Synthesized } from "./helpers";

type Props = Omit<AwsNetworkProps, "encryptionKey">;

/** Synthesizes one network with a fresh key of the same environment. */
function synthNetwork(props: Props): Synthesized {
  return synthAws((s) => new AwsNetwork(s, "net", { ...props, encryptionKey: new AwsEncryptionKey(s, "key", { environment: props.environment }) }));
}

/** Terraform references (`${type.address.attr}`) to every resource of a type whose address contains `part`. */
function refs(doc: Synthesized, type: string, part: string, attr = "id"): string[] {
  return Object.keys(doc.resource[type] ?? {})
    .filter((address) => address.includes(part))
    .map((address) => `\${${type}.${address}.${attr}}`);
}

/** The subnets whose Name tag contains `kind` (`private` or `public`), in zone order. */
function subnets(doc: Synthesized, kind: "private" | "public"): Record<string, unknown>[] {
  return resources(doc, "aws_subnet")
    .filter((s) => (s.tags as Record<string, string>).Name.includes(`-${kind}-`))
    .sort((a, b) => (a.tags as Record<string, string>).Name.localeCompare((b.tags as Record<string, string>).Name));
}

describe("AwsNetwork", () => {
  describe("with the dev defaults", () => {
    const doc = synthNetwork({ environment: DEV });

    it("creates a VPC with the default CIDR and DNS support and host names", () => {
      const vpc = only(doc, "aws_vpc");
      expect(vpc.cidr_block).toBe("10.40.0.0/16");
      expect(vpc.enable_dns_support).toBe(true);
      expect(vpc.enable_dns_hostnames).toBe(true);
    });

    it("splits the CIDR into one private and one public subnet per zone, private first", () => {
      expect(subnets(doc, "private").map((s) => s.cidr_block)).toEqual(["10.40.0.0/18", "10.40.64.0/18"]);
      expect(subnets(doc, "public").map((s) => s.cidr_block)).toEqual(["10.40.128.0/18", "10.40.192.0/18"]);
      expect(subnets(doc, "private").map((s) => s.availability_zone)).toEqual(subnets(doc, "public").map((s) => s.availability_zone));
    });

    it("never gives an instance a public IP on launch", () => {
      for (const subnet of resources(doc, "aws_subnet")) expect(subnet.map_public_ip_on_launch).not.toBe(true);
      for (const subnet of subnets(doc, "public")) expect(subnet.map_public_ip_on_launch).toBe(false);
    });

    it("shares one NAT gateway between the zones", () => {
      expect(resources(doc, "aws_nat_gateway")).toHaveLength(1);
      expect(resources(doc, "aws_eip")).toHaveLength(1);
    });

    it("routes every private route table to the internet through the NAT gateway", () => {
      const [nat] = refs(doc, "aws_nat_gateway", "nat-");
      const privateTables = Object.entries(doc.resource.aws_route_table).filter(([address]) => address.includes("private-rt"));
      expect(privateTables).toHaveLength(2);
      for (const [, table] of privateTables) {
        expect(table.route).toEqual([expect.objectContaining({ cidr_block: "0.0.0.0/0", nat_gateway_id: nat, gateway_id: null })]);
      }
    });

    it("reaches S3 through a gateway endpoint on the private route tables", () => {
      const s3 = resources(doc, "aws_vpc_endpoint").find((e) => e.vpc_endpoint_type === "Gateway");
      expect(s3?.service_name).toMatch(/^com\.amazonaws\.\$\{data\.aws_region\.[^}]+\}\.s3$/);
      expect(s3?.route_table_ids).toEqual(refs(doc, "aws_route_table", "private-rt"));
    });

    it("reaches ECR, STS, Logs and SageMaker through interface endpoints with private DNS, HTTPS from the VPC only", () => {
      // given the security group of the endpoints
      const sg = only(doc, "aws_security_group");
      const [sgRef] = refs(doc, "aws_security_group", "endpoint-sg");
      // when we read the interface endpoints
      const endpoints = resources(doc, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface");
      // then there is one per service, each private-DNS enabled, in the first private subnet only (dev), behind that group
      expect(endpoints.map((e) => (e.service_name as string).replace(/^com\.amazonaws\.\$\{data\.aws_region\.[^}]+\}\./, "")).sort()).toEqual(
        ["ecr.api", "ecr.dkr", "logs", "sagemaker.api", "sagemaker.runtime", "sts"],
      );
      for (const endpoint of endpoints) {
        expect(endpoint.private_dns_enabled).toBe(true);
        expect(endpoint.security_group_ids).toEqual([sgRef]);
        expect(endpoint.subnet_ids).toEqual(refs(doc, "aws_subnet", "private-").slice(0, 1));
      }
      expect(sg.ingress).toEqual([expect.objectContaining({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.40.0.0/16"] })]);
      expect(sg.egress).toEqual([]);
    });

    it("takes every rule away from the default security group", () => {
      const sg = only(doc, "aws_default_security_group");
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    });

    it("logs ALL traffic to a log group encrypted with the key, kept 14 days", () => {
      const flowLog = only(doc, "aws_flow_log");
      const group = only(doc, "aws_cloudwatch_log_group");
      expect(flowLog.traffic_type).toBe("ALL");
      expect(flowLog.log_destination_type).toBe("cloud-watch-logs");
      expect(flowLog.log_destination).toBe(refs(doc, "aws_cloudwatch_log_group", "flow-log-group", "arn")[0]);
      expect(group.kms_key_id).toBe(refs(doc, "aws_kms_key", "key", "arn")[0]);
      expect(group.retention_in_days).toBe(14);
    });

    it("lets the flow-log role write to that log group only", () => {
      const policy = JSON.parse(only(doc, "aws_iam_role_policy").policy as string);
      const [groupArn] = refs(doc, "aws_cloudwatch_log_group", "flow-log-group", "arn");
      expect(policy.Statement).toHaveLength(1);
      expect(policy.Statement[0].Resource).toEqual([groupArn, `${groupArn}:*`]);
      expect(policy.Statement[0].Action).not.toContain("*");
      const trust = JSON.parse(only(doc, "aws_iam_role").assume_role_policy as string);
      expect(trust.Statement[0].Principal).toEqual({ Service: "vpc-flow-logs.amazonaws.com" });
    });
  });

  describe("with the prod defaults", () => {
    const doc = synthNetwork({ environment: PROD });

    it("spreads over three zones with a NAT gateway and an Elastic IP in each", () => {
      expect(subnets(doc, "private")).toHaveLength(3);
      expect(subnets(doc, "public")).toHaveLength(3);
      expect(resources(doc, "aws_nat_gateway")).toHaveLength(3);
      expect(resources(doc, "aws_eip")).toHaveLength(3);
    });

    it("routes each private route table through the NAT gateway of its own zone", () => {
      const nats = refs(doc, "aws_nat_gateway", "nat-");
      const routed = Object.entries(doc.resource.aws_route_table)
        .filter(([address]) => address.includes("private-rt"))
        .map(([, table]) => (table.route as { nat_gateway_id: string }[])[0].nat_gateway_id);
      expect(routed).toEqual(nats);
    });

    it("keeps flow logs for 365 days", () => {
      expect(only(doc, "aws_cloudwatch_log_group").retention_in_days).toBe(365);
    });
  });

  it("uses the given CIDR for the VPC and the endpoint security group", () => {
    const doc = synthNetwork({ environment: DEV, cidr: "172.20.0.0/20", zones: 3 });
    expect(only(doc, "aws_vpc").cidr_block).toBe("172.20.0.0/20");
    expect(subnets(doc, "private").map((s) => s.cidr_block)).toEqual(["172.20.0.0/23", "172.20.2.0/23", "172.20.4.0/23"]);
    expect(subnets(doc, "public").map((s) => s.cidr_block)).toEqual(["172.20.6.0/23", "172.20.8.0/23", "172.20.10.0/23"]);
    expect((only(doc, "aws_security_group").ingress as { cidr_blocks: string[] }[])[0].cidr_blocks).toEqual(["172.20.0.0/20"]);
  });

  it("puts the first subnet pair in a required zone (a capacity reservation's) and the others in the remaining available zones", () => {
    // given / when
    const doc = synthNetwork({ environment: DEV, firstZone: "us-east-1b" });
    // then zone 0 is the required one, the next skips it, and apply stops with a message if the region has no such zone
    const zones = subnets(doc, "private").map((s) => s.availability_zone);
    expect(zones).toEqual(subnets(doc, "public").map((s) => s.availability_zone));
    expect(zones[0]).toMatch(/^\$\{element\(concat\(\["us-east-1b"\], sort\(setsubtract\(data\.aws_availability_zones\.\w+\.names, \["us-east-1b"\]\)\)\), 0\)\}$/);
    expect(zones[1]).toMatch(/, 1\)\}$/);
    const [check] = (subnets(doc, "private")[0].lifecycle as { precondition: { condition: string; error_message: string }[] }).precondition;
    expect(check.condition).toMatch(/^\$\{contains\(data\.aws_availability_zones\.\w+\.names, "us-east-1b"\)\}$/);
    expect(check.error_message).toMatch(/us-east-1b is not an available zone of this region/);
  });

  it("keeps the region's first zones, unchanged, when no zone is required", () => {
    const doc = synthNetwork({ environment: DEV });
    expect(subnets(doc, "private").map((s) => s.availability_zone)).toEqual([expect.stringMatching(/^\$\{element\(data\.aws_availability_zones\.\w+\.names, 0\)\}$/), expect.stringMatching(/, 1\)\}$/)]);
    expect(subnets(doc, "private")[0].lifecycle).toBeUndefined();
  });

  describe("validation", () => {
    it("rejects a required zone that is no zone name", () => {
      expect(() => synthNetwork({ environment: DEV, firstZone: "use1-az2" })).toThrowError(/firstZone: must be an Availability Zone name like us-east-1b/);
    });

    it.each([
      ["text that is no CIDR", "10.40.0.0", /cidr: is not an IPv4 CIDR block like 10\.40\.0\.0\/16 \(got "10\.40\.0\.0"\)/],
      ["host bits set", "10.40.1.0/16", /cidr: has host bits set; the network address for \/16 is 10\.40\.0\.0\/16/],
      ["a /8 prefix", "10.0.0.0/8", /cidr: a VPC takes \/16 to \/24.*\(got "10\.0\.0\.0\/8"\)/],
      ["a /28 prefix", "10.40.0.0/28", /cidr: a VPC takes \/16 to \/24.*\(got "10\.40\.0\.0\/28"\)/],
      ["a public range", "8.8.0.0/16", /cidr: must be in a private range: 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16 or 100\.64\.0\.0\/10 \(got "8\.8\.0\.0\/16"\)/],
    ])("rejects a CIDR with %s", (_, cidr, message) => {
      expect(() => synthNetwork({ environment: DEV, cidr })).toThrowError(message);
    });

    it.each([0, 7])("rejects %i zones", (zones) => {
      expect(() => synthNetwork({ environment: DEV, zones })).toThrowError(new RegExp(`zones: An AWS network takes a whole number from 1 to 6 \\(got ${zones}\\)`));
    });

    it("rejects interface endpoints in more zones than the network has", () => {
      expect(() => synthNetwork({ environment: DEV, zones: 2, interfaceEndpointZones: 3 })).toThrowError(/interfaceEndpointZones: must not exceed the network's zones \(got 3 > 2\)/);
    });

    it("puts interface endpoints in every zone when asked, in dev too", () => {
      // given a dev network whose endpoints should survive a zone outage
      const doc = synthNetwork({ environment: DEV, interfaceEndpointZones: 2 });
      // then each endpoint has a network interface in both private subnets
      for (const e of resources(doc, "aws_vpc_endpoint").filter((x) => x.vpc_endpoint_type === "Interface")) expect(e.subnet_ids).toHaveLength(2);
    });

    it("rejects a flow-log retention CloudWatch Logs does not accept", () => {
      expect(() => synthNetwork({ environment: DEV, flowLogRetentionDays: 10 })).toThrowError(
        /flowLogRetentionDays: is not a retention CloudWatch Logs accepts \(got 10; allowed: 1, 3, 5, 7, 14, .*\)/,
      );
    });

    it("reports every problem together in one LlmOpsValidationError", () => {
      // given three mistakes at once
      let error: unknown;
      // when the network is built
      try {
        synthNetwork({ environment: DEV, cidr: "8.8.0.0/16", zones: 7, flowLogRetentionDays: 10 });
      } catch (e) {
        error = e;
      }
      // then one error lists each of them
      expect(error).toBeInstanceOf(LlmOpsValidationError);
      const problems = (error as LlmOpsValidationError).problems;
      expect(problems.map((p) => p.path)).toEqual(["cidr", "zones", "flowLogRetentionDays"]);
      expect((error as Error).message).toMatch(/^AwsNetwork test\/net: 3 problems\n/);
    });
  });
});
