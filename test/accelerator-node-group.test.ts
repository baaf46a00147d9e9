import { describe, expect, it } from "vitest";
import type { Construct } from "../lib/cdk";
import type { EnvironmentIdentity } from "../lib/constructs/common";
import { AwsAcceleratorNodeGroup, type AwsAcceleratorNodeGroupProps } from "../lib/constructs/aws/accelerator-node-group";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { AwsTrainingCluster } from "../lib/constructs/aws/training-cluster";
import { DEV, PROD, only, resources, synthAws, type Synthesized } from "./helpers";

type Overrides = Partial<Omit<AwsAcceleratorNodeGroupProps, "environment" | "cluster">> & {
  /** Replaces the cluster the group joins, given the training cluster built for the test. */
  readonly cluster?: (c: AwsTrainingCluster) => AwsAcceleratorNodeGroupProps["cluster"];
};

/** Builds a training cluster and one accelerator pool on it (an H100 pool by default). */
function pool(s: Construct, environment: EnvironmentIdentity, overrides: Overrides = {}): AwsAcceleratorNodeGroup {
  const key = new AwsEncryptionKey(s, "key", { environment });
  const training = new AwsTrainingCluster(s, "training", { environment, vpcId: "vpc-123", vpcCidr: "10.40.0.0/16", subnetIds: ["subnet-a", "subnet-b"], encryptionKey: key });
  const { cluster, ...rest } = overrides;
  return new AwsAcceleratorNodeGroup(s, "pool", {
    environment,
    pool: "train-h100",
    cluster: cluster ? cluster(training) : training,
    vpcId: "vpc-123",
    nodeRoleArn: training.nodeRole.roleArn,
    subnetIds: ["subnet-a", "subnet-b"],
    instanceType: "p5.48xlarge",
    acceleratorsPerNode: 8,
    acceleratorKind: "nvidia",
    ...rest,
  });
}

function synthPool(overrides: Overrides = {}, environment: EnvironmentIdentity = DEV): Synthesized {
  return synthAws((s) => pool(s, environment, overrides));
}

/** The accelerator pool's node group and launch template (the cluster has its own system ones). */
function poolResources(doc: Synthesized): { group: Record<string, unknown>; template: Record<string, unknown> } {
  const group = resources(doc, "aws_eks_node_group").filter((g) => /-train-h100$/.test(g.node_group_name as string));
  const template = resources(doc, "aws_launch_template").filter((t) => /-train-h100$/.test(t.name as string));
  if (group.length !== 1 || template.length !== 1) throw new Error(`expected one pool node group and template, found ${group.length} and ${template.length}`);
  return { group: group[0], template: template[0] };
}

describe("AwsAcceleratorNodeGroup", () => {
  describe("a GPU pool", () => {
    it("uses the NVIDIA AMI, taints nodes for GPU pods only and starts at zero nodes", () => {
      // given / when
      const { group } = poolResources(synthPool());
      // then
      expect(group.ami_type).toBe("AL2023_x86_64_NVIDIA");
      expect(group.instance_types).toEqual(["p5.48xlarge"]);
      expect(group.taint).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
      expect(group.scaling_config).toEqual({ min_size: 0, max_size: 2, desired_size: 0 });
      expect(group.labels).toEqual({ "llmops/pool": "train-h100", "k8s.amazonaws.com/accelerator": "p5.48xlarge" });
    });

    it("labels GPU nodes for the autoscaler with the catalog accelerator when the stack names it", () => {
      // given a pool labelled with its catalog accelerator / when
      const { group } = poolResources(synthPool({ labels: { "llmops/accelerator": "nvidia-h100" } }));
      // then the autoscaler's GPU label carries it, so a node waiting for its device plugin counts as not ready yet
      expect(group.labels).toEqual({ "llmops/accelerator": "nvidia-h100", "k8s.amazonaws.com/accelerator": "nvidia-h100", "llmops/pool": "train-h100" });
    });

    it("runs on spot in dev and on-demand in prod by default", () => {
      expect(poolResources(synthPool()).group.capacity_type).toBe("SPOT");
      expect(poolResources(synthPool({}, PROD)).group.capacity_type).toBe("ON_DEMAND");
    });

    it("requires IMDSv2 at hop limit 1 and encrypts the root volume", () => {
      const { template } = poolResources(synthPool());
      expect(template.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
      expect(template.block_device_mappings).toEqual([expect.objectContaining({ ebs: expect.objectContaining({ encrypted: "true", volume_size: 200 }) })]);
    });

    it("tags the group for the cluster autoscaler to scale it from zero, the cluster name as plain text", () => {
      // given / when
      const tags = poolResources(synthPool()).group.tags as Record<string, string>;
      // then
      expect(tags).toMatchObject({
        "k8s.io/cluster-autoscaler/enabled": "true",
        "k8s.io/cluster-autoscaler/acme-dev-training": "owned",
        "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu": "8",
        "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "true:NoSchedule",
        "k8s.io/cluster-autoscaler/node-template/label/llmops/pool": "train-h100",
      });
      expect(Object.keys(tags).filter((k) => k.includes("${"))).toEqual([]);
    });

    it("waits for the cluster, the node role's policies and the early add-ons, and leaves the desired size to the autoscaler", () => {
      const { group } = poolResources(synthPool());
      const deps = group.depends_on as string[];
      expect(deps[0]).toMatch(/^aws_eks_cluster\./);
      expect(deps.filter((d) => d.startsWith("aws_iam_role_policy_attachment."))).toHaveLength(3);
      expect(deps.filter((d) => d.startsWith("aws_eks_addon."))).toHaveLength(3);
      expect(group.lifecycle).toEqual({ ignore_changes: ["scaling_config[0].desired_size"] });
    });
  });

  it("gives a Neuron pool the Neuron AMI and the aws.amazon.com/neuron device resource", () => {
    // given / when
    const { group } = poolResources(synthPool({ instanceType: "trn1.32xlarge", acceleratorsPerNode: 16, acceleratorKind: "neuron" }));
    // then
    expect(group.ami_type).toBe("AL2023_x86_64_NEURON");
    expect(group.taint).toEqual([{ key: "aws.amazon.com/neuron", value: "true", effect: "NO_SCHEDULE" }]);
    expect(group.tags).toMatchObject({ "k8s.io/cluster-autoscaler/node-template/resources/aws.amazon.com/neuron": "16" });
  });

  describe("with EFA", () => {
    it("advertises the EFA interfaces to the autoscaler, which reads node-group tags through eks:DescribeNodegroup at zero nodes", () => {
      // given / when
      const { group } = poolResources(synthPool({ efaInterfaces: 32 }));
      // then
      expect(group.tags).toMatchObject({ "k8s.io/cluster-autoscaler/node-template/resources/vpc.amazonaws.com/efa": "32" });
    });

    it("attaches one EFA interface per card: card 0 as device 0, every other card as device 1", () => {
      // given / when
      const { template } = poolResources(synthPool({ efaInterfaces: 32 }));
      // then
      const nics = template.network_interfaces as Record<string, unknown>[];
      expect(nics).toHaveLength(32);
      expect(nics.every((n) => n.interface_type === "efa")).toBe(true);
      expect(nics.map((n) => n.network_card_index)).toEqual(Array.from({ length: 32 }, (_, i) => i));
      expect(nics[0].device_index).toBe(0);
      expect(nics.slice(1).every((n) => n.device_index === 1)).toBe(true);
      // security groups sit on the interfaces, not on the template
      expect(template.vpc_security_group_ids).toBeUndefined();
    });

    it("puts the interfaces in a self-referencing EFA security group beside the cluster's", () => {
      // given / when
      const doc = synthPool({ efaInterfaces: 32 });
      // then
      const efaSg = resources(doc, "aws_security_group").find((sg) => sg.name === "acme-dev-train-h100-efa");
      expect(efaSg?.ingress).toEqual([expect.objectContaining({ protocol: "-1", self: true })]);
      expect(efaSg?.egress).toEqual([expect.objectContaining({ protocol: "-1", self: true })]);
      const nic = (poolResources(doc).template.network_interfaces as Record<string, unknown>[])[0];
      expect(nic.security_groups).toEqual([expect.stringMatching(/cluster_security_group_id/), expect.stringMatching(/^\$\{aws_security_group\.[\w-]*efa-sg[\w-]*\.id\}$/)]);
    });

    it("places the nodes in a cluster placement group in one subnet", () => {
      // given / when
      const doc = synthPool({ efaInterfaces: 32 });
      // then
      expect(only(doc, "aws_placement_group")).toMatchObject({ name: "acme-dev-train-h100-cluster", strategy: "cluster" });
      const { group, template } = poolResources(doc);
      expect(template.placement).toEqual({ group_name: expect.stringMatching(/aws_placement_group\./) });
      expect(group.subnet_ids).toEqual(["subnet-a"]);
    });
  });

  it("spreads a pool without EFA across every subnet, without a placement group", () => {
    const doc = synthPool();
    expect(poolResources(doc).group.subnet_ids).toEqual(["subnet-a", "subnet-b"]);
    expect(resources(doc, "aws_placement_group")).toEqual([]);
    expect(poolResources(doc).template.vpc_security_group_ids).toEqual([expect.stringMatching(/cluster_security_group_id/)]);
  });

  it("targets a Capacity Reservation in its one subnet, without a placement group", () => {
    // given an EFA pool on a reservation / when
    const doc = synthPool({ efaInterfaces: 32, capacity: { reservation: "cr-0123456789abcdef0" } });
    // then
    const { group, template } = poolResources(doc);
    expect(template.capacity_reservation_specification).toEqual({ capacity_reservation_target: { capacity_reservation_id: "cr-0123456789abcdef0" } });
    expect(template.instance_market_options).toBeUndefined();
    expect(template.placement).toBeUndefined();
    expect(resources(doc, "aws_placement_group")).toEqual([]);
    expect(group.subnet_ids).toEqual(["subnet-a"]);
    expect(group.capacity_type).toBe("ON_DEMAND");
  });

  it("runs a Capacity Block as capacity type CAPACITY_BLOCK with the capacity-block market", () => {
    // given / when
    const { group, template } = poolResources(synthPool({ capacity: { capacityBlock: "cr-0fedcba9876543210" } }));
    // then
    expect(group.capacity_type).toBe("CAPACITY_BLOCK");
    expect(template.instance_market_options).toEqual({ market_type: "capacity-block" });
    expect(template.capacity_reservation_specification).toEqual({ capacity_reservation_target: { capacity_reservation_id: "cr-0fedcba9876543210" } });
    expect(group.subnet_ids).toEqual(["subnet-a"]);
  });

  it("names a Capacity Block's instance type in the launch template and none in the node group, as EKS requires", () => {
    // given / when
    const { group, template } = poolResources(synthPool({ capacity: { capacityBlock: "cr-0fedcba9876543210", zone: "us-east-1b" } }));
    // then (EKS UG capacity-blocks-mng: InstanceType in the template; launch-templates: then none in the node group)
    expect(template.instance_type).toBe("p5.48xlarge");
    expect(group.instance_types).toBeUndefined();
  });

  it("keeps the instance type on the node group for every other capacity", () => {
    for (const capacity of ["spot", "on-demand", { reservation: "cr-0123456789abcdef0" }] as const) {
      const { group, template } = poolResources(synthPool({ capacity }));
      expect(group.instance_types).toEqual(["p5.48xlarge"]);
      expect(template.instance_type).toBeUndefined();
    }
  });

  describe("validation", () => {
    it("rejects a minimum above the maximum", () => {
      expect(() => synthPool({ nodes: { min: 3, max: 2 } })).toThrowError(/nodes\.min: must not exceed the maximum \(got min 3, max 2\)/);
    });

    it("rejects a reservation zone that is not an Availability Zone name", () => {
      expect(() => synthPool({ capacity: { reservation: "cr-0123456789abcdef0", zone: "use1-az2" } })).toThrowError(/capacity\.zone: must be an Availability Zone name like us-east-1b \(a zone id such as use1-az2 is not accepted\) \(got "use1-az2"\)/);
    });

    it("rejects more EFA cards than any machine has", () => {
      expect(() => synthPool({ efaInterfaces: 40 })).toThrowError(/efaInterfaces: EFA network cards of an EC2 machine takes a whole number from 0 to 32 \(got 40\)/);
    });

    it("rejects a cluster name given as a reference: autoscaler tag keys cannot hold one", () => {
      // given the cluster's name attribute (a token) instead of its plain name
      const byReference = (c: AwsTrainingCluster) => ({ cluster: c.cluster, clusterSecurityGroupId: c.clusterSecurityGroupId, clusterName: c.cluster.name });
      // when / then
      expect(() => synthPool({ cluster: byReference })).toThrowError(/cluster\.clusterName: must be the cluster's name as a plain string/);
    });
  });
});
