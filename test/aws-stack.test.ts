import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Testing } from "../lib/cdk";
import { hash8 } from "../lib/constructs/private/stable-id";
import { AwsLlmOpsStack } from "../lib/stacks/aws-llmops-stack";
import { APP_ROLE_ARN, baseSpec, resources, synthStack, type Synthesized } from "./helpers";

/** Every component, with Lustre and OpenSearch named (dev defaults to an S3 mount and Aurora). */
const FULL = {
  training: { accelerator: "nvidia-h100", nodes: { max: 2 } },
  sharedStorage: { kind: "lustre" },
  vectorStore: { engine: "managed-search" },
  inference: { accelerator: "aws-inferentia2" },
};

function synthSpec(overrides: Record<string, unknown>): { stack: AwsLlmOpsStack; doc: Synthesized } {
  const stack = new AwsLlmOpsStack(Testing.app(), { spec: baseSpec(overrides) });
  return { stack, doc: synthStack(stack) };
}

/** Resource types that take no tags in the AWS provider. */
const UNTAGGABLE = new Set([
  "aws_appautoscaling_policy",
  "aws_appautoscaling_scheduled_action",
  "aws_budgets_budget_action",
  "aws_ce_cost_allocation_tag",
  "aws_cloudcontrolapi_resource",
  "aws_cloudwatch_dashboard",
  "aws_ecr_lifecycle_policy",
  "aws_eks_access_policy_association",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_kms_alias",
  "aws_opensearchserverless_access_policy",
  "aws_opensearchserverless_security_policy",
  "aws_opensearchserverless_vpc_endpoint",
  "aws_route_table_association",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_versioning",
  "aws_sns_topic_policy",
  "aws_sns_topic_subscription",
]);

describe("AwsLlmOpsStack", () => {
  it("names the stack <name>-<tier> and builds every component from one spec", () => {
    // given / when
    const { stack, doc } = synthSpec({ tier: "staging", ...FULL });
    // then
    expect(stack.node.id).toBe("acme-aws-staging");
    for (const type of [
      "aws_kms_key",
      "aws_vpc",
      "aws_s3_bucket",
      "aws_ecr_repository",
      "aws_sagemaker_model_package_group",
      "aws_eks_cluster",
      "aws_eks_node_group",
      "aws_fsx_lustre_file_system",
      "aws_opensearchserverless_collection",
      "aws_sagemaker_endpoint",
      "aws_sns_topic",
      "aws_budgets_budget",
      "aws_cloudwatch_metric_alarm",
      "aws_cloudwatch_dashboard",
    ]) {
      expect(resources(doc, type).length, type).toBeGreaterThan(0);
    }
    expect(Object.keys(doc.output ?? {})).toEqual(
      expect.arrayContaining(["vpc_id", "training_cluster_name", "lustre_dns_name", "vector_store_endpoint", "inference_endpoint_name", "serving_repository_url"]),
    );
  });

  it("tags every resource through the provider's default tags and a component tag", () => {
    const { doc } = synthSpec({ ...FULL, tags: { team: "research" } });
    const provider = (doc.provider?.aws?.[0] ?? {}) as { default_tags: { tags: Record<string, string> }[]; region: string };
    expect(provider.region).toBe("us-east-1");
    expect(provider.default_tags[0].tags).toEqual({
      environment: "acme-dev",
      tier: "dev",
      owner: "ml@acme.example",
      "cost-center": "cc-1",
      "managed-by": "llmops-constructs",
      team: "research",
    });
    const missing: string[] = [];
    for (const [type, byName] of Object.entries(doc.resource)) {
      if (UNTAGGABLE.has(type)) continue;
      for (const [name, attrs] of Object.entries(byName)) {
        const tags = attrs.tags as Record<string, string> | undefined;
        if (!tags?.component) missing.push(`${type}.${name}`);
      }
    }
    expect(missing).toEqual([]);
    const components = new Set(Object.values(doc.resource).flatMap((byName) => Object.values(byName).map((a) => (a.tags as Record<string, string> | undefined)?.component)));
    expect([...components].filter(Boolean).sort()).toEqual(
      ["budget", "encryption", "inference", "monitoring", "network", "registry", "shared-storage", "storage", "training", "vector-store"].sort(),
    );
  });

  it("keeps state in a local file at a relative path unless the spec names a bucket", () => {
    const { doc } = synthSpec({});
    expect(doc.terraform?.backend).toEqual({ local: { path: "terraform.acme-aws-dev.tfstate" } });
  });

  it("keeps state in S3 with native locking when the spec names a bucket", () => {
    const { doc } = synthSpec({ aws: { stateBackend: { bucket: "acme-tf-state" }, vectorStoreRoleArns: [APP_ROLE_ARN] } });
    expect(doc.terraform?.backend).toEqual({ s3: { bucket: "acme-tf-state", key: "acme-dev/terraform.tfstate", region: "us-east-1", encrypt: true, use_lockfile: true } });
    // use_lockfile needs Terraform 1.10
    expect(doc.terraform?.required_version).toBe(">= 1.10");
  });

  it("protects every stateful resource in prod and none in dev", () => {
    const stateful = ["aws_kms_key", "aws_s3_bucket", "aws_ecr_repository", "aws_sagemaker_model_package_group", "aws_fsx_lustre_file_system", "aws_opensearchserverless_collection"];
    const prod = synthSpec({ tier: "prod", ...FULL }).doc;
    const dev = synthSpec({ tier: "dev", ...FULL }).doc;
    for (const type of stateful) {
      for (const r of resources(prod, type)) expect(r.lifecycle, type).toEqual({ prevent_destroy: true });
      for (const r of resources(dev, type)) expect(r.lifecycle, type).toBeUndefined();
    }
    expect(resources(prod, "aws_eks_cluster")[0].deletion_protection).toBe(true);
    expect(resources(dev, "aws_eks_cluster")[0].deletion_protection).toBe(false);
    expect(resources(prod, "aws_s3_bucket").every((b) => b.force_destroy === false)).toBe(true);
    expect(resources(dev, "aws_s3_bucket").every((b) => b.force_destroy === true)).toBe(true);
  });

  it("applies the tier presets: spot and one NAT in dev, on-demand and a NAT per zone in prod", () => {
    const dev = synthSpec({ tier: "dev", ...FULL }).doc;
    const prod = synthSpec({ tier: "prod", ...FULL }).doc;
    const pool = (doc: Synthesized) => resources(doc, "aws_eks_node_group").find((g) => (g.node_group_name as string).endsWith("-train"))!;
    expect(pool(dev).capacity_type).toBe("SPOT");
    expect(pool(prod).capacity_type).toBe("ON_DEMAND");
    expect((pool(prod).scaling_config as { min_size: number }).min_size).toBe(0);
    expect(resources(dev, "aws_nat_gateway")).toHaveLength(1);
    expect(resources(prod, "aws_nat_gateway")).toHaveLength(3);
    expect(resources(dev, "aws_fsx_lustre_file_system")[0].automatic_backup_retention_days).toBe(0);
    expect(resources(prod, "aws_fsx_lustre_file_system")[0].automatic_backup_retention_days).toBe(30);
    expect(resources(dev, "aws_opensearchserverless_collection")[0].standby_replicas).toBe("DISABLED");
    expect(resources(prod, "aws_opensearchserverless_collection")[0].standby_replicas).toBe("ENABLED");
    // dev serves from an inference component that scales to zero; prod keeps two instances
    expect(resources(dev, "aws_appautoscaling_target")[0]).toMatchObject({ min_capacity: 0, scalable_dimension: "sagemaker:inference-component:DesiredCopyCount" });
    expect(resources(prod, "aws_appautoscaling_target")[0]).toMatchObject({ min_capacity: 2, scalable_dimension: "sagemaker:variant:DesiredInstanceCount" });
    expect(resources(dev, "aws_appautoscaling_scheduled_action").length).toBe(0);
    expect(resources(prod, "aws_appautoscaling_scheduled_action").length).toBe(0);
  });

  it("builds dev from the services with no idle floor, and staging from the faster ones", () => {
    // given dev and staging specs that leave every service choice to the tier
    const spec = { training: { accelerator: "nvidia-l4" }, vectorStore: {}, inference: { accelerator: "aws-inferentia2" } };
    const dev = synthSpec({ tier: "dev", ...spec }).doc;
    const staging = synthSpec({ tier: "staging", ...spec }).doc;
    // then dev mounts the datasets bucket, keeps vectors in Aurora, and puts its interface endpoints in one zone
    expect(resources(dev, "aws_eks_addon").map((a) => a.addon_name)).toContain("aws-mountpoint-s3-csi-driver");
    expect([resources(dev, "aws_fsx_lustre_file_system").length, resources(dev, "aws_rds_cluster").length]).toEqual([0, 1]);
    const endpointSubnets = (doc: Synthesized) => resources(doc, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface").map((e) => (e.subnet_ids as string[]).length);
    expect(new Set(endpointSubnets(dev))).toEqual(new Set([1]));
    const system = (doc: Synthesized) => resources(doc, "aws_eks_node_group").find((g) => (g.node_group_name as string).endsWith("-system"))!.instance_types;
    expect(system(dev)).toEqual(["t3.large"]);
    // and staging keeps Lustre, OpenSearch, endpoints in every zone and an m7i.large system node
    expect([resources(staging, "aws_fsx_lustre_file_system").length, resources(staging, "aws_opensearchserverless_collection").length]).toEqual([1, 1]);
    expect(new Set(endpointSubnets(staging))).toEqual(new Set([2]));
    expect(system(staging)).toEqual(["m7i.large"]);
  });

  it("attaches every EFA card of the catalog machine and keeps the pool in the file system's zone", () => {
    const { doc } = synthSpec(FULL);
    const template = resources(doc, "aws_launch_template").find((t) => (t.name as string).endsWith("-train"))!;
    expect(template.network_interfaces).toHaveLength(32);
    const pool = resources(doc, "aws_eks_node_group").find((g) => (g.node_group_name as string).endsWith("-train"))!;
    const fsx = resources(doc, "aws_fsx_lustre_file_system")[0];
    expect(pool.subnet_ids).toEqual(fsx.subnet_ids);
    expect(pool.instance_types).toEqual(["p5.48xlarge"]);
  });

  it("gives a one-GPU H100 pool (p5.4xlarge) its one EFA card, the pool's EFA security group and a cluster placement group", () => {
    const { doc } = synthSpec({ training: { accelerator: "nvidia-h100", acceleratorsPerNode: 1 } });
    const template = resources(doc, "aws_launch_template").find((t) => (t.name as string).endsWith("-train"))!;
    const pool = resources(doc, "aws_eks_node_group").find((g) => (g.node_group_name as string).endsWith("-train"))!;
    expect(pool.instance_types).toEqual(["p5.4xlarge"]);
    expect(template.network_interfaces).toEqual([expect.objectContaining({ device_index: 0, network_card_index: 0, interface_type: "efa" })]);
    expect(resources(doc, "aws_security_group").filter((g) => (g.name as string).endsWith("-train-efa"))).toHaveLength(1);
    expect(resources(doc, "aws_placement_group")).toEqual([expect.objectContaining({ strategy: "cluster" })]);
  });

  it("attaches the four EFA cards of g6e.48xlarge, one per network card", () => {
    const { doc } = synthSpec({ training: { accelerator: "nvidia-l40s", acceleratorsPerNode: 8 } });
    const template = resources(doc, "aws_launch_template").find((t) => (t.name as string).endsWith("-train"))!;
    const cards = template.network_interfaces as { device_index: number; network_card_index: number; interface_type: string }[];
    expect(cards.map((c) => [c.network_card_index, c.device_index, c.interface_type])).toEqual([
      [0, 0, "efa"],
      [1, 1, "efa"],
      [2, 1, "efa"],
      [3, 1, "efa"],
    ]);
  });

  it("targets a capacity reservation named in the spec", () => {
    const { doc } = synthSpec({ tier: "prod", training: { accelerator: "nvidia-h100", capacity: { reservation: "cr-0abc0123456789def", zone: "us-east-1c" } } });
    const template = resources(doc, "aws_launch_template").find((t) => (t.name as string).endsWith("-train"))!;
    expect(template.capacity_reservation_specification).toEqual({ capacity_reservation_target: { capacity_reservation_id: "cr-0abc0123456789def" } });
  });

  it("places a reserved pool and its Lustre file system in the reservation's zone, not the region's first", () => {
    // given a reservation in us-east-1c / when
    const { doc } = synthSpec({ tier: "prod", training: { accelerator: "nvidia-h100", capacity: { reservation: "cr-0abc0123456789def", zone: "us-east-1c" } } });
    // then the first private subnet is in that zone, and the pool and the file system use only it
    const first = Object.entries(doc.resource.aws_subnet).find(([, s]) => (s.tags as Record<string, string>).Name === "acme-prod-private-0")!;
    expect(first[1].availability_zone).toMatch(/^\$\{element\(concat\(\["us-east-1c"\], /);
    const pool = resources(doc, "aws_eks_node_group").find((g) => (g.node_group_name as string).endsWith("-train"))!;
    expect(pool.subnet_ids).toEqual([`\${aws_subnet.${first[0]}.id}`]);
    expect(resources(doc, "aws_fsx_lustre_file_system")[0].subnet_ids).toEqual([`\${aws_subnet.${first[0]}.id}`]);
  });

  it("runs a Capacity Block pool with the instance type in its launch template only", () => {
    const { doc } = synthSpec({ tier: "staging", training: { accelerator: "nvidia-h100", capacity: { capacityBlock: "cr-0abc0123456789def", zone: "us-east-1b" } } });
    const template = resources(doc, "aws_launch_template").find((t) => (t.name as string).endsWith("-train"))!;
    const pool = resources(doc, "aws_eks_node_group").find((g) => (g.node_group_name as string).endsWith("-train"))!;
    expect(template).toMatchObject({ instance_type: "p5.48xlarge", instance_market_options: { market_type: "capacity-block" } });
    expect(pool).toMatchObject({ capacity_type: "CAPACITY_BLOCK" });
    expect(pool.instance_types).toBeUndefined();
  });

  it("creates the budget after the topic policy that lets Budgets publish", () => {
    const { doc } = synthSpec({});
    const [policy] = Object.keys(doc.resource.aws_sns_topic_policy);
    expect(resources(doc, "aws_budgets_budget")[0].depends_on).toEqual([`aws_sns_topic_policy.${policy}`]);
  });

  it("declares the Terraform its moved blocks need (1.5) with a local backend", () => {
    expect(synthSpec({}).doc.terraform?.required_version).toBe(">= 1.5");
  });

  it("budgets the environment by its cost-allocation tag and alerts email and the topic", () => {
    const { doc } = synthSpec({ budget: { monthlyUsd: 5000, thresholdsPercent: [80, 100], notify: ["finops@acme.example"] }, aws: { activateCostTag: true, vectorStoreRoleArns: ["arn:aws:iam::123456789012:role/rag"] } });
    const budget = resources(doc, "aws_budgets_budget")[0];
    expect(budget.cost_filter).toEqual([{ name: "TagKeyValue", values: ["user:environment$acme-dev"] }]);
    expect(budget.limit_amount).toBe("5000.00");
    expect((budget.notification as unknown[]).length).toBe(3);
    expect(resources(doc, "aws_ce_cost_allocation_tag")[0]).toMatchObject({ tag_key: "environment", status: "Active" });
  });

  it("switches the vector store engine from the spec", () => {
    const { doc } = synthSpec({ vectorStore: { engine: "aurora-pgvector" } });
    expect(resources(doc, "aws_rds_cluster")).toHaveLength(1);
    expect(resources(doc, "aws_opensearchserverless_collection")).toHaveLength(0);
  });

  it("grants training jobs the datasets, checkpoints and vector store through Pod Identity roles", () => {
    const { doc } = synthSpec(FULL);
    const associations = resources(doc, "aws_eks_pod_identity_association").map((a) => `${a.namespace}/${a.service_account}`);
    expect(associations).toEqual(["kube-system/cluster-autoscaler", "training/training-job", "training/vector-indexer"]);
    const policies = resources(doc, "aws_iam_role_policy").map((p) => p.name as string);
    expect(policies).toEqual(expect.arrayContaining(["acme-dev-datasets-us-east-1-read", "acme-dev-checkpoints-us-east-1-read-write", "acme-dev-vectors-read-write"]));
  });

  it("lets application roles named in the spec into the OpenSearch data access policy", () => {
    const { doc } = synthSpec({ vectorStore: { engine: "managed-search" } });
    const policy = JSON.parse(resources(doc, "aws_opensearchserverless_access_policy")[0].policy as string);
    expect(policy[0].Principal).toEqual([APP_ROLE_ARN]);
  });

  it("reports the budget worst case as a synth warning", () => {
    const { stack } = synthSpec({ ...FULL, budget: { monthlyUsd: 1000, notify: ["a@b.co"] } });
    const warnings = stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data as string);
    expect(warnings).toEqual([expect.stringMatching(/^budget\.monthlyUsd: the worst case .* over the budget of \$1,000/)]);
  });
});

describe("AwsLlmOpsStack guardrails", () => {
  it.each(["dev", "staging", "prod"] as const)("has zero unsuppressed findings on the %s defaults, with either vector store", (tier) => {
    for (const engine of ["opensearch-serverless", "aurora-pgvector"]) {
      // given the tier's defaults with every component
      const stack = new AwsLlmOpsStack(Testing.app(), { spec: baseSpec({ tier, ...FULL, vectorStore: { engine } }) });
      // when synthesized with the guardrails enforcing every pack
      rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
      // then nothing is open and nothing was suppressed
      const open = stack.guardrails.results
        .filter((f) => f.status !== "compliant")
        .map((f) => `${f.ruleId} ${f.resource}: ${f.message}`);
      expect(open, `${tier}/${engine}`).toEqual([]);
      expect(stack.guardrails.results.length).toBeGreaterThan(100);
    }
  });
});

describe("AwsLlmOpsStack wiring", () => {
  it("lets Lustre reach its clients: the cluster security group accepts the file servers on 988 and 1018-1023", () => {
    const { doc } = synthSpec(FULL);
    const rules = resources(doc, "aws_vpc_security_group_ingress_rule");
    // ordered by port: the rules' addresses are keyed by client group, not by position
    expect(rules.map((r) => [r.from_port as number, r.to_port as number]).sort((x, y) => x[0] - y[0])).toEqual([
      [988, 988],
      [1018, 1023],
    ]);
    for (const r of rules) {
      expect(r.security_group_id).toMatch(/^\$\{aws_eks_cluster\.[^}]+\.vpc_config\[0\]\.cluster_security_group_id\}$/);
      expect(r.referenced_security_group_id).toMatch(/^\$\{aws_security_group\.shared-storage_sg/);
    }
  });

  it("links the datasets bucket into Lustre by reference, so the bucket exists first", () => {
    const { doc } = synthSpec(FULL);
    expect(resources(doc, "aws_fsx_data_repository_association")[0].data_repository_path).toMatch(/^s3:\/\/\$\{aws_s3_bucket\.storage_datasets_bucket_[0-9A-F]{8}\.bucket\}\/datasets\/$/);
  });

  it("lets training jobs write candidate models, not the prefix the endpoint serves", () => {
    const { doc } = synthSpec(FULL);
    const policy = resources(doc, "aws_iam_role_policy").find((p) => p.name === `acme-dev-artifacts-us-east-1-read-write-models-candidates-${hash8("models/candidates/")}`)!;
    const objects = JSON.parse(policy.policy as string).Statement.find((s: { Sid: string }) => s.Sid === "Objects");
    expect(objects.Resource).toMatch(/\/models\/candidates\/\*$/);
  });

  it("leaves the endpoint out until the image and model are pushed when inference.deploy is false", () => {
    const { doc } = synthSpec({ inference: { accelerator: "aws-inferentia2", deploy: false } });
    expect(resources(doc, "aws_sagemaker_endpoint")).toEqual([]);
    expect(resources(doc, "aws_ecr_repository")).toHaveLength(1);
    expect(Object.keys(doc.output ?? {})).not.toContain("inference_endpoint_name");
  });

  it("activates no cost-allocation tag by default in any tier: only the payer account can, and only a day after the tag is seen", () => {
    for (const tier of ["dev", "staging", "prod"] as const) expect(resources(synthSpec({ tier }).doc, "aws_ce_cost_allocation_tag")).toHaveLength(0);
  });

  it("lets the endpoint reach S3 only through the gateway endpoint's prefix list, and the rest of the VPC on HTTPS", () => {
    const { doc } = synthSpec({ inference: { accelerator: "aws-inferentia2" } });
    const sg = resources(doc, "aws_security_group").find((g) => String(g.name).endsWith("-serving"))!;
    expect(sg.egress).toEqual([
      expect.objectContaining({ from_port: 443, to_port: 443, cidr_blocks: ["10.40.0.0/16"] }),
      expect.objectContaining({ from_port: 443, to_port: 443, prefix_list_ids: [expect.stringMatching(/^\$\{aws_vpc_endpoint\.network_s3-endpoint_[0-9A-F]{8}\.prefix_list_id\}$/)] }),
    ]);
    const model = resources(doc, "aws_sagemaker_model")[0];
    expect(model.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\.inference_execution-role_policy/)]);
  });
});
