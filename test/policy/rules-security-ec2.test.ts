import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { describe, expect, it } from "vitest";
import type { Construct } from "../../lib/cdk";
import { AwsAcceleratorNodeGroup } from "../../lib/constructs/aws/accelerator-node-group";
import { AwsAuroraVectorStore } from "../../lib/constructs/aws/aurora-vector-store";
import { AwsLustreFileSystem } from "../../lib/constructs/aws/lustre-file-system";
import { ec2Imdsv2Required } from "../../lib/policy/rules/aws/ec2/imdsv2-required";
import { ec2NoOpenIngress } from "../../lib/policy/rules/aws/ec2/no-open-ingress";
import { ec2NoPublicIp } from "../../lib/policy/rules/aws/ec2/no-public-ip";
import { DEV } from "../helpers";
import { failures, findingsOf, statuses } from "./helpers";
import { PLACEMENT, envKey, inferenceEndpoint, network, trainingCluster } from "./security-helpers";

const AMI = "ami-0123456789abcdef0";

/** A training cluster with an EFA accelerator pool: two launch templates, the pool's with EFA network interfaces. */
function clusterWithEfaPool(s: Construct): void {
  const cluster = trainingCluster(s);
  new AwsAcceleratorNodeGroup(s, "pool", {
    environment: DEV,
    pool: "train",
    cluster,
    vpcId: "vpc-123",
    nodeRoleArn: cluster.nodeRole.roleArn,
    subnetIds: ["subnet-a", "subnet-b"],
    instanceType: "p5.48xlarge",
    acceleratorsPerNode: 8,
    acceleratorKind: "nvidia",
    efaInterfaces: 4,
  });
}

describe("LLM-AWS-EC2-1 IMDSv2 required", () => {
  it("passes the launch templates of AwsTrainingCluster and AwsAcceleratorNodeGroup", () => {
    expect(statuses(findingsOf(ec2Imdsv2Required, clusterWithEfaPool))).toEqual({
      "aws_launch_template.training_system-template": "compliant",
      "aws_launch_template.pool_launch-template": "compliant",
    });
  });

  it("passes a template that turns the metadata service off, and leaves instances launched from a template to the template", () => {
    const findings = findingsOf(ec2Imdsv2Required, (s) => {
      const off = new LaunchTemplate(s, "no-imds", { metadataOptions: { httpEndpoint: "disabled" } });
      new Instance(s, "from-template", { launchTemplate: { id: off.id } });
    });
    expect(statuses(findings)).toEqual({ "aws_launch_template.no-imds": "compliant" });
  });

  it("fails a template without metadata options, one with a hop limit of 3, and an instance on IMDSv1", () => {
    // given
    const findings = findingsOf(ec2Imdsv2Required, (s) => {
      new LaunchTemplate(s, "defaults", { name: "defaults" });
      new LaunchTemplate(s, "far", { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 3 } });
      new Instance(s, "v1", { ami: AMI, instanceType: "t3.micro", metadataOptions: { httpTokens: "optional" } });
    });
    // then
    expect(statuses(findings)).toEqual({ "aws_launch_template.defaults": "non-compliant", "aws_launch_template.far": "non-compliant", "aws_instance.v1": "non-compliant" });
    expect(failures(findings)).toEqual([
      'does not require IMDSv2 (metadata_options.http_tokens is not set, not "required")',
      "lets metadata responses travel 3 hops (http_put_response_hop_limit; at most 2)",
      'does not require IMDSv2 (metadata_options.http_tokens is "optional", not "required")',
    ]);
  });
});

describe("LLM-AWS-EC2-2 no public IPs", () => {
  it("passes every subnet of AwsNetwork (public ones hold NAT gateways only) and the EFA launch template of an accelerator pool", () => {
    const findings = findingsOf(ec2NoPublicIp, (s) => {
      network(s);
      clusterWithEfaPool(s);
    });
    expect(findings.length).toBe(6);
    expect(findings.every((f) => f.status === "compliant")).toBe(true);
  });

  it("fails a subnet that maps public IPs, a template whose interface asks for one, and an instance that does", () => {
    const findings = findingsOf(ec2NoPublicIp, (s) => {
      new Subnet(s, "public", { vpcId: "vpc-123", cidrBlock: "10.40.0.0/24", mapPublicIpOnLaunch: true });
      new LaunchTemplate(s, "public-nic", { networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true" }] });
      new Instance(s, "public-instance", { ami: AMI, instanceType: "t3.micro", associatePublicIpAddress: true });
    });
    expect(statuses(findings)).toEqual({ "aws_subnet.public": "non-compliant", "aws_launch_template.public-nic": "non-compliant", "aws_instance.public-instance": "non-compliant" });
    expect(failures(findings)).toEqual([
      expect.stringMatching(/^assigns a public IP to every instance launched in it/),
      expect.stringMatching(/^associates a public IP with network interface 0/),
      expect.stringMatching(/^associates a public IP/),
    ]);
  });
});

describe("LLM-AWS-EC2-3 no ingress from the internet", () => {
  it("passes every security group of our constructs (VPC, client CIDRs or self only)", () => {
    const findings = findingsOf(ec2NoOpenIngress, (s) => {
      network(s);
      clusterWithEfaPool(s);
      new AwsLustreFileSystem(s, "fsx", { environment: DEV, vpcId: "vpc-123", subnetId: "subnet-a", clientCidrs: ["10.40.0.0/16"], encryptionKey: envKey(s) });
      new AwsAuroraVectorStore(s, "vectors", { environment: DEV, ...PLACEMENT, encryptionKey: envKey(s) });
      inferenceEndpoint(s);
    });
    expect(statuses(findings)).toEqual({
      "aws_default_security_group.network_default-sg": "compliant",
      "aws_security_group.network_endpoint-sg": "compliant",
      "aws_security_group.training_api-sg": "compliant",
      "aws_security_group.pool_efa-sg": "compliant",
      "aws_security_group.fsx_sg": "compliant",
      "aws_security_group.vectors_sg": "compliant",
      "aws_security_group.serving_sg": "compliant",
    });
  });

  it("fails a group open on SSH, an ingress rule open to IPv6, and a VPC ingress rule open on every port", () => {
    // given
    const findings = findingsOf(ec2NoOpenIngress, (s) => {
      new SecurityGroup(s, "ssh", { vpcId: "vpc-123", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] });
      new SecurityGroupRule(s, "https-v6", { type: "ingress", securityGroupId: "sg-123", protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] });
      new VpcSecurityGroupIngressRule(s, "everything", { securityGroupId: "sg-123", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });
      new SecurityGroupRule(s, "egress-anywhere", { type: "egress", securityGroupId: "sg-123", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] });
    });
    // then egress is not this rule's business
    expect(statuses(findings)).toEqual({
      "aws_security_group.ssh": "non-compliant",
      "aws_security_group_rule.https-v6": "non-compliant",
      "aws_vpc_security_group_ingress_rule.everything": "non-compliant",
    });
    expect(failures(findings)).toEqual(["allows ingress from 0.0.0.0/0 on 22-22", "allows ingress from ::/0 on 443-443", "allows ingress from 0.0.0.0/0 on all ports"]);
  });
});
