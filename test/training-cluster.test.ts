import { describe, expect, it } from "vitest";
import type { Construct } from "../lib/cdk";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { AwsTrainingCluster, type AwsTrainingClusterProps } from "../lib/constructs/aws/training-cluster";
import { LlmOpsValidationError } from "../lib/errors";
import { DEV, PROD, only, resources, synthAws, type Synthesized } from "./helpers";

/** The control-plane log group (the others are Container Insights'). */
const controlPlaneLogs = (doc: Synthesized) => resources(doc, "aws_cloudwatch_log_group").find((g) => String(g.name).startsWith("/aws/eks/"))!;

type Overrides = Partial<Omit<AwsTrainingClusterProps, "encryptionKey">>;

/** Builds a training cluster with plain VPC inputs; `overrides` replace any prop but the key. */
function cluster(s: Construct, overrides: Overrides = {}): AwsTrainingCluster {
  const key = new AwsEncryptionKey(s, "key", { environment: overrides.environment ?? DEV });
  return new AwsTrainingCluster(s, "training", {
    environment: DEV,
    vpcId: "vpc-123",
    vpcCidr: "10.40.0.0/16",
    subnetIds: ["subnet-a", "subnet-b"],
    encryptionKey: key,
    ...overrides,
  });
}

function synthCluster(overrides: Overrides = {}): Synthesized {
  return synthAws((s) => cluster(s, overrides));
}

/** The synthesized resource of `type` whose attribute `field` equals `value`. */
function find(doc: Synthesized, type: string, field: string, value: unknown): Record<string, unknown> {
  const found = resources(doc, type).filter((r) => r[field] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${field}=${String(value)}, found ${found.length}`);
  return found[0];
}

const KEY_ARN = /^\$\{aws_kms_key\.key_\w+\.arn\}$/;
const CLUSTER_ADMIN = /:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/;

describe("AwsTrainingCluster", () => {
  describe("control plane", () => {
    it("exposes the Kubernetes API on a private endpoint only, reachable over HTTPS from the VPC", () => {
      // given / when
      const doc = synthCluster();
      // then
      const eks = only(doc, "aws_eks_cluster");
      expect(eks.name).toBe("acme-dev-training");
      expect(eks.version).toBe("1.36");
      expect(eks.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false, subnet_ids: ["subnet-a", "subnet-b"] });
      const sg = only(doc, "aws_security_group");
      expect(sg.ingress).toEqual([expect.objectContaining({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.40.0.0/16"] })]);
    });

    it("encrypts Kubernetes secrets with the customer-managed key", () => {
      const eks = only(synthCluster(), "aws_eks_cluster");
      expect(eks.encryption_config).toEqual({ provider: { key_arn: expect.stringMatching(KEY_ARN) }, resources: ["secrets"] });
    });

    it("sends all five control-plane log types to a KMS-encrypted log group created before the cluster", () => {
      // given / when
      const doc = synthCluster();
      // then
      const eks = only(doc, "aws_eks_cluster");
      expect(eks.enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
      const logGroup = controlPlaneLogs(doc);
      expect(logGroup.name).toBe("/aws/eks/acme-dev-training/cluster");
      expect(logGroup.kms_key_id).toMatch(KEY_ARN);
      expect(eks.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\./)]));
    });

    it("keeps control-plane logs 14 days in dev and 365 days in prod", () => {
      expect(controlPlaneLogs(synthCluster()).retention_in_days).toBe(14);
      expect(controlPlaneLogs(synthCluster({ environment: PROD })).retention_in_days).toBe(365);
    });

    it("turns deletion protection off in dev and on in prod", () => {
      expect(only(synthCluster(), "aws_eks_cluster").deletion_protection).toBe(false);
      expect(only(synthCluster({ environment: PROD }), "aws_eks_cluster").deletion_protection).toBe(true);
    });
  });

  describe("access", () => {
    it("stops the plan when an admin role belongs to another account than the one deployed to", () => {
      // given an admin role of account 123456789012
      const doc = synthCluster({ adminRoleArns: ["arn:aws:iam::123456789012:role/admin"] });
      // then its access entry carries a precondition against the caller's account, with a message naming the field
      const [entry] = resources(doc, "aws_eks_access_entry");
      const [precondition] = (entry.lifecycle as { precondition: { condition: string; error_message: string }[] }).precondition;
      expect(precondition.condition).toMatch(/^\$\{\("123456789012" == data\.aws_caller_identity\.[\w-]+\.account_id\)\}$/);
      expect(precondition.error_message).toMatch(/^aws\.clusterAdminRoleArns: arn:aws:iam::123456789012:role\/admin belongs to account 123456789012/);
    });

    it("authenticates through access entries and leaves the creator admin when no admin role is given", () => {
      // given no admin roles / when
      const doc = synthCluster();
      // then
      expect(only(doc, "aws_eks_cluster").access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: true });
      expect(resources(doc, "aws_eks_access_entry")).toEqual([]);
      expect(resources(doc, "aws_eks_access_policy_association")).toEqual([]);
    });

    it("gives each admin role an access entry with the cluster-admin policy, and no bootstrap admin", () => {
      // given
      const adminRoleArns = ["arn:aws:iam::123456789012:role/platform-admin", "arn:aws:iam::123456789012:role/break-glass"];
      // when
      const doc = synthCluster({ adminRoleArns });
      // then
      expect(only(doc, "aws_eks_cluster").access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
      const entries = resources(doc, "aws_eks_access_entry");
      expect(entries.map((e) => e.principal_arn).sort()).toEqual([...adminRoleArns].sort());
      expect(entries.every((e) => e.type === "STANDARD")).toBe(true);
      const associations = resources(doc, "aws_eks_access_policy_association");
      expect(associations).toHaveLength(2);
      for (const a of associations) {
        expect(a.policy_arn).toMatch(CLUSTER_ADMIN);
        expect(a.access_scope).toEqual({ type: "cluster" });
        expect(a.principal_arn).toMatch(/^\$\{aws_eks_access_entry\.[\w-]+\.principal_arn\}$/);
      }
    });
  });

  describe("add-ons", () => {
    it("installs the managed add-ons, those that need nodes only after the system node group", () => {
      // given / when
      const doc = synthCluster();
      // then
      const addons = resources(doc, "aws_eks_addon");
      expect(addons.map((a) => a.addon_name).sort()).toEqual(
        ["amazon-cloudwatch-observability", "aws-fsx-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"].sort(),
      );
      const waitsForSystemNodes = (name: string) => (find(doc, "aws_eks_addon", "addon_name", name).depends_on as string[] | undefined)?.some((d) => /^aws_eks_node_group\.[\w-]*system-nodes/.test(d)) ?? false;
      for (const name of ["coredns", "aws-fsx-csi-driver", "amazon-cloudwatch-observability"]) expect(waitsForSystemNodes(name), name).toBe(true);
      for (const name of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]) expect(waitsForSystemNodes(name), name).toBe(false);
      expect(only(doc, "aws_eks_cluster").bootstrap_self_managed_addons).toBe(false);
    });

    it("runs the FSx CSI driver and the CloudWatch agent under their own Pod Identity roles", () => {
      // given / when
      const doc = synthCluster();
      // then
      const podRoleArn = (addon: string) => (find(doc, "aws_eks_addon", "addon_name", addon).pod_identity_association as { role_arn: string; service_account: string }[])[0];
      expect(podRoleArn("aws-fsx-csi-driver")).toEqual({ role_arn: expect.stringMatching(/fsx-csi-role/), service_account: "fsx-csi-controller-sa" });
      expect(podRoleArn("amazon-cloudwatch-observability")).toEqual({ role_arn: expect.stringMatching(/cloudwatch-agent-role/), service_account: "cloudwatch-agent" });
      for (const name of ["acme-dev-fsx-csi", "acme-dev-cw-agent"]) {
        const trust = JSON.parse(find(doc, "aws_iam_role", "name", name).assume_role_policy as string);
        expect(trust.Statement[0].Principal).toEqual({ Service: "pods.eks.amazonaws.com" });
      }
    });
  });

  describe("system nodes", () => {
    it("runs on-demand with IMDSv2 required at hop limit 1 and an encrypted root volume", () => {
      // given / when
      const doc = synthCluster();
      // then
      const group = only(doc, "aws_eks_node_group");
      expect(group.capacity_type).toBe("ON_DEMAND");
      expect(group.scaling_config).toEqual({ min_size: 1, max_size: 3, desired_size: 1 });
      const template = only(doc, "aws_launch_template");
      expect(template.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
      expect(template.block_device_mappings).toEqual([expect.objectContaining({ ebs: expect.objectContaining({ encrypted: "true" }) })]);
      expect(group.launch_template).toEqual({ id: expect.stringMatching(/aws_launch_template\.[\w-]+\.id/), version: expect.stringMatching(/latest_version/) });
    });

    it("keeps at least two system nodes in prod", () => {
      expect(only(synthCluster({ environment: PROD }), "aws_eks_node_group").scaling_config).toMatchObject({ min_size: 2, max_size: 3 });
    });
  });

  it("attaches no *FullAccess managed policy to any role", () => {
    // given / when
    const doc = synthCluster({ adminRoleArns: ["arn:aws:iam::123456789012:role/platform-admin"] });
    // then
    const attached = resources(doc, "aws_iam_role_policy_attachment").map((a) => a.policy_arn as string);
    expect(attached.length).toBeGreaterThan(0);
    expect(attached.filter((arn) => /FullAccess/.test(arn))).toEqual([]);
    expect(JSON.stringify(doc.resource)).not.toMatch(/FullAccess/);
  });

  describe("addPodRole", () => {
    it("creates a role that pods of one service account assume through Pod Identity", () => {
      // given a cluster / when a pod role is added
      const doc = synthAws((s) => cluster(s).addPodRole("trainer", { purpose: "trainer", namespace: "ml", serviceAccount: "trainer-sa" }));
      // then
      const iamRole = find(doc, "aws_iam_role", "name", "acme-dev-trainer");
      const trust = JSON.parse(iamRole.assume_role_policy as string);
      expect(trust.Statement).toEqual([{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }]);
      const association = only(doc, "aws_eks_pod_identity_association");
      expect(association).toMatchObject({ namespace: "ml", service_account: "trainer-sa" });
      expect(association.cluster_name).toMatch(/^\$\{aws_eks_cluster\.[\w-]+\.name\}$/);
      expect(association.role_arn).toMatch(/^\$\{aws_iam_role\.[\w-]*trainer-role[\w-]*\.arn\}$/);
    });
  });

  describe("validation", () => {
    it.each([["1.3x"], ["latest"]])("rejects kubernetesVersion %j", (kubernetesVersion) => {
      expect(() => synthCluster({ kubernetesVersion })).toThrowError(new RegExp(`kubernetesVersion: must be a Kubernetes minor version like "1\\.36" \\(got "${kubernetesVersion}"\\)`));
    });

    it("rejects a single subnet: EKS needs two zones", () => {
      expect(() => synthCluster({ subnetIds: ["subnet-a"] })).toThrowError(/subnetIds: EKS needs subnets in at least two zones \(got 1\)/);
    });

    it("rejects an admin that is not an IAM role ARN, naming its position", () => {
      expect(() => synthCluster({ adminRoleArns: ["arn:aws:iam::123456789012:role/ok", "arn:aws:iam::123456789012:user/alice"] })).toThrowError(
        /adminRoleArns\.1: must be an IAM role ARN like .* \(got "arn:aws:iam::123456789012:user\/alice"\)/,
      );
    });

    it("rejects a system node group that may scale to zero (CoreDNS needs a node)", () => {
      expect(() => synthCluster({ systemNodes: { min: 0, max: 3 } })).toThrowError(/systemNodes\.min: The system node group \(CoreDNS needs a node\) minimum takes a whole number, at least 1 \(got 0\)/);
    });

    it("lists every problem in one LlmOpsValidationError", () => {
      // given / when
      let error: unknown;
      try {
        synthCluster({ kubernetesVersion: "latest", subnetIds: ["subnet-a"], systemNodes: { min: 0, max: 1 } });
      } catch (e) {
        error = e;
      }
      // then
      expect(error).toBeInstanceOf(LlmOpsValidationError);
      expect((error as LlmOpsValidationError).problems.map((p) => p.path)).toEqual(["kubernetesVersion", "systemNodes.min", "subnetIds"]);
    });
  });
});

describe("AwsTrainingCluster Container Insights logs", () => {
  it("creates the Container Insights log groups with the key and the tier's retention before the agent runs", () => {
    // given / when
    const doc = synthAws((s) => new AwsTrainingCluster(s, "training", { environment: PROD, vpcId: "vpc-1", vpcCidr: "10.40.0.0/16", subnetIds: ["subnet-a", "subnet-b"], encryptionKey: new AwsEncryptionKey(s, "key", { environment: PROD }) }));
    // then
    const groups = resources(doc, "aws_cloudwatch_log_group").filter((g) => String(g.name).startsWith("/aws/containerinsights/"));
    expect(groups.map((g) => g.name).sort()).toEqual(["application", "dataplane", "host", "performance"].map((k) => `/aws/containerinsights/acme-prod-training/${k}`));
    for (const g of groups) expect(g).toMatchObject({ retention_in_days: 365, kms_key_id: expect.stringMatching(/aws_kms_key/) });
    const agent = resources(doc, "aws_eks_addon").find((a) => a.addon_name === "amazon-cloudwatch-observability")!;
    expect((agent.depends_on as string[]).filter((d) => d.startsWith("aws_cloudwatch_log_group."))).toHaveLength(4);
  });
});
