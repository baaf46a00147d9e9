import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { App } from "../lib/cdk";
import { EKS_VERSIONS, kubernetesSupport } from "../lib/catalog/kubernetes";
import { AwsAcceleratorNodeGroup } from "../lib/constructs/aws/accelerator-node-group";
import { AwsInferenceEndpoint } from "../lib/constructs/aws/inference-endpoint";
import { AwsLustreFileSystem } from "../lib/constructs/aws/lustre-file-system";
import { AwsNetwork } from "../lib/constructs/aws/network";
import { tierPresets } from "../lib/environment/presets";
import { awsServiceChoices } from "../lib/constructs/aws/service-choices";
import { resolveEnvironmentSpec } from "../lib/environment/resolve";
import { addEnvironmentStacks } from "../lib/stacks/synth";
import { toLabelValue } from "../lib/stacks/tagging";
import { baseSpec, problemsOf } from "./helpers";


/** A spec with only portable fields: no cloud section. */
const PORTABLE = {
  name: "acme",
  tier: "dev",
  owner: "ml@acme.example",
  costCenter: "cc-1",
  training: { accelerator: "nvidia-h100", nodes: { min: 0, max: 2 } },
  sharedStorage: { kind: "object-mount" },
  vectorStore: { engine: "postgres-pgvector" },
  inference: { accelerator: "nvidia-l4", model: { huggingFace: "meta-llama/Llama-3.1-8B-Instruct" } },
  budget: { monthlyUsd: 100000, notify: ["finops@acme.example"] },
  monitoring: { notify: ["oncall@acme.example"] },
};

describe("portable spec", () => {
  it("builds the full AWS stack from portable fields alone; and the full GCP stack; and the full Azure stack once its own facts are given", () => {
    // given the same portable spec on each cloud
    const app = Testing.app();
    const [stack] = addEnvironmentStacks(app as App, [{ source: "aws.yaml", spec: { ...PORTABLE, cloud: "aws", region: "us-east-1" } }]);
    const doc = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    // then AWS has every component: EKS, the S3 mount, Aurora pgvector and an open-model endpoint
    expect(stack.node.id).toBe("acme-aws-dev");
    expect(Object.values(doc.resource.aws_eks_addon).map((a) => a.addon_name)).toContain("aws-mountpoint-s3-csi-driver");
    expect(doc.resource.aws_fsx_lustre_file_system).toBeUndefined();
    expect(Object.keys(doc.resource.aws_rds_cluster)).toHaveLength(1);
    const model = Object.values(doc.resource.aws_sagemaker_model)[0] as { primary_container: { image: string; environment: Record<string, string>; model_data_source: { s3_data_source: { s3_uri: string }[] } } };
    expect(model.primary_container.image).toBe("763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.36.0-lmi28.0.0-cu130");
    expect(model.primary_container.environment).toEqual({ HF_MODEL_ID: "/opt/ml/model", HF_HUB_OFFLINE: "1", LLMOPS_MODEL: "meta-llama/Llama-3.1-8B-Instruct", TENSOR_PARALLEL_DEGREE: "1", OPTION_MAX_MODEL_LEN: "8192" });
    expect(model.primary_container.model_data_source.s3_data_source[0].s3_uri).toMatch(/\/models\/huggingface\/meta-llama\/Llama-3\.1-8B-Instruct\/$/);
    // and the same portable spec builds the full GCP stack: a GKE cluster with an H100 pool, Cloud SQL, the Model Garden deployment
    // (the gated Llama model needs its license accepted and a token on Google Cloud's Model Garden)
    const gcp = { project: "acme-llm-dev", billingAccount: "000000-000000-000000", huggingFaceTokenSecret: "hf-read-token" };
    const inference = { ...PORTABLE.inference, model: { ...PORTABLE.inference.model, acceptEula: true } };
    const [gcpStack] = addEnvironmentStacks(Testing.app() as App, [{ source: "gcp.yaml", spec: { ...PORTABLE, inference, cloud: "gcp", region: "us-central1", gcp } }]);
    const gcpDoc = JSON.parse(Testing.synth(gcpStack)) as { resource: Record<string, Record<string, { name?: string; node_config?: { machine_type: string } }>> };
    expect(gcpStack.node.id).toBe("acme-gcp-dev");
    expect(Object.values(gcpDoc.resource.google_container_node_pool).find((p) => p.name === "train")?.node_config?.machine_type).toBe("a3-highgpu-8g");
    for (const type of ["google_sql_database_instance", "google_vertex_ai_endpoint_with_model_garden_deployment", "google_billing_budget"]) expect(Object.keys(gcpDoc.resource[type] ?? {}), type).toHaveLength(1);
    // and Azure reaches its resolver, which names what Azure needs beyond the portable fields
    const azure = { subscriptionId: "00000000-0000-0000-0000-000000000000", cosmosDbObjectId: "33333333-3333-3333-3333-333333333333" };
    expect(problemsOf(() => resolveEnvironmentSpec({ ...PORTABLE, cloud: "azure", region: "eastus", azure })).sort()).toEqual([
      expect.stringMatching(/^azure\.postgresAdmin: is required with vectorStore\.engine: postgres-pgvector/),
      expect.stringMatching(/^budget\.startDate: is required on Azure/),
      // (the catalog speaks first: Azure has no L4 offer)
      expect.stringMatching(/^inference\.accelerator: NVIDIA L4 24GB is not offered for inference on azure/),
    ]);
    // and with those given (the model served on the training pool's H100), the full Azure stack: AKS with the H100 pool, the Blob CSI mount, PostgreSQL, the served model
    const h100 = { accelerator: "nvidia-h100", acceleratorsPerNode: 1 };
    const azureSpec = {
      ...PORTABLE,
      cloud: "azure",
      region: "eastus",
      training: { ...PORTABLE.training, ...h100 },
      inference: { ...PORTABLE.inference, ...h100 },
      budget: { ...PORTABLE.budget, startDate: "2026-12-01" },
      azure: { ...azure, huggingFaceTokenSecret: "hf-read-token", postgresAdmin: { objectId: "00000000-0000-0000-0000-000000000001", principalName: "db-admins", principalType: "Group" } },
    };
    const [azureStack] = addEnvironmentStacks(Testing.app() as App, [{ source: "azure.yaml", spec: azureSpec }]);
    const azureDoc = JSON.parse(Testing.synth(azureStack)) as { resource: Record<string, Record<string, { vm_size?: string; storage_profile?: unknown }>> };
    expect(Object.values(azureDoc.resource.azurerm_kubernetes_cluster_node_pool)[0].vm_size).toBe("Standard_NC40ads_H100_v5");
    expect(Object.values(azureDoc.resource.azurerm_kubernetes_cluster)[0].storage_profile).toEqual({ blob_driver_enabled: true });
    expect(Object.keys(azureDoc.resource.azurerm_postgresql_flexible_server)).toHaveLength(1);
    expect((azureStack as unknown as { servingModel?: { huggingFace: string } }).servingModel?.huggingFace).toBe("meta-llama/Llama-3.1-8B-Instruct");
  });

  it("rejects a section for another cloud than cloud:", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ gcp: { project: "acme-llm-prod", billingAccount: "000000-000000-000000" } })))).toEqual([
      expect.stringMatching(/^gcp: is the section of Google Cloud facts, but this spec is for AWS/),
    ]);
  });

  it("keeps stack names unique per cloud, ending with the tier", () => {
    const app = Testing.app();
    const stacks = addEnvironmentStacks(app as App, [{ source: "a", spec: baseSpec() }]);
    expect(stacks[0].node.id).toBe("acme-aws-dev");
    expect(stacks[0].environmentId).toBe("acme-dev");
  });
});

describe("one source of every default", () => {
  it.each(["dev", "staging", "prod"] as const)("constructs built with no optional props observe the %s preset", (tier) => {
    // given the preset and the constructs' own defaults
    const preset = tierPresets("aws")![tier];
    // then they agree value for value
    expect(AwsNetwork.defaults(tier)).toMatchObject({ zones: preset.zones, natGateways: preset.natGateways, cidr: preset.cidr, flowLogRetentionDays: preset.logRetentionDays });
    expect(AwsAcceleratorNodeGroup.defaults(tier)).toMatchObject({ capacity: preset.trainingCapacity, nodes: { min: 0, max: preset.trainingNodesMax } });
    expect(AwsLustreFileSystem.defaults(tier)).toMatchObject({ capacityGiB: preset.storageCapacityGiB, throughputMBpsPerTiB: preset.storageThroughputMBpsPerTiB, backupRetentionDays: preset.storageBackupRetentionDays });
    expect(AwsInferenceEndpoint.defaults(tier).replicas).toEqual({ min: preset.inferenceReplicasMin, max: preset.inferenceReplicasMax });
    expect(awsServiceChoices(tier)).toEqual({ sharedStorage: preset.storageKind, vectorEngine: preset.vectorEngine });
    // and the resolver fills an empty spec with the same values
    const spec = resolveEnvironmentSpec(baseSpec({ tier, training: { accelerator: "nvidia-l4" }, inference: { accelerator: "nvidia-l4" } }));
    expect(spec.training?.nodes.max).toBe(preset.trainingNodesMax);
    expect(spec.inference?.replicas).toEqual({ min: preset.inferenceReplicasMin, max: preset.inferenceReplicasMax });
    expect(spec.logRetentionDays).toBe(preset.logRetentionDays);
  });
});

describe("spec validation defects", () => {
  it.each([
    ["region", { region: `us-${"a".repeat(1_000_000)}!` }],
    ["owner", { owner: `${"a.".repeat(500_000)}@x` }],
    ["budget.notify.0", { budget: { monthlyUsd: 1, notify: [`${"a".repeat(1_000_000)}@b.c`] } }],
    ["network.cidr", { network: { cidr: "1".repeat(1_000_000) } }],
  ])("rejects a 1 MB %s in well under a second", (path, overrides) => {
    const started = performance.now();
    const problems = problemsOf(() => resolveEnvironmentSpec(baseSpec(overrides)));
    expect(performance.now() - started).toBeLessThan(500);
    expect(problems[0]).toMatch(new RegExp(`^${path.replace(/\./g, "\\.")}: is longer than`));
  });

  it("names the field inside a false-or-section union, not the section", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ training: { accelerator: "nvidia-l4" }, sharedStorage: { capacityGiB: 1.5 } })))).toEqual([
      expect.stringMatching(/^sharedStorage\.capacityGiB: /),
    ]);
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ sharedStorage: { kind: "nfs" } })))).toEqual([expect.stringMatching(/^sharedStorage\.kind: is not an allowed value \(got "nfs"; allowed: lustre, object-mount\)/)]);
  });

  it("says what a wrong-typed value was instead of calling it missing", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ costCenter: 1234 })))).toEqual(["costCenter: must be string (got a number: 1234)"]);
  });

  it("reports construct checks at the spec's path", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ monitoring: { notify: ["oncall@acme.example"], gpuIdlePercent: 99, gpuHighPercent: 90 } })))).toEqual([
      "monitoring.gpuIdlePercent: must be below gpuHighPercent (got 99 >= 90)",
    ]);
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ budget: { monthlyUsd: 1, notify: ["a@b.co"], startDate: "2026-12-02" } })))).toEqual([
      expect.stringMatching(/^budget\.startDate: must be the first day of a month/),
    ]);
  });

  it.each([
    ["an IAM role ARN with spaces", { aws: { clusterAdminRoleArns: ["arn:aws:iam::123456789012:role/my admin"] } }, /^aws\.clusterAdminRoleArns\.0: must be an IAM role ARN/],
    ["a CIDR with leading zeros", { network: { cidr: "010.040.000.000/16" } }, /^network\.cidr: has a number with a leading zero/],
    ["a cron step of 0", { inference: { accelerator: "nvidia-l4", scaleDownSchedule: { cron: "*/0 20 * * 1-5" } } }, /^inference\.scaleDownSchedule\.cron: minute step "\/0" never advances/],
    ["an import prefix over 1024 bytes", { training: { accelerator: "nvidia-l4" }, sharedStorage: { importPrefix: "é".repeat(600) } }, /^sharedStorage\.importPrefix: S3 key prefixes are at most 1024 bytes/],
    ["an email with ..", { owner: "ml..team@acme.example" }, /^owner: must be an email address/],
    ["a region no cloud has", { region: "moon-base-1" }, /^region: is not a AWS region \(got "moon-base-1"\)/],
    ["a state bucket given as a URL", { aws: { stateBackend: { bucket: "s3://acme-state" } } }, /^aws\.stateBackend\.bucket: must be the bucket name, not an s3:\/\/ URL/],
    ["a state key starting with /", { aws: { stateBackend: { bucket: "acme-state", key: "/env/terraform.tfstate" } } }, /^aws\.stateBackend\.key: must not start with "\/"/],
    ["a tag with the aws: prefix", { tags: { "aws:team": "ml" } }, /^tags\.aws:team: AWS reserves tag keys starting with "aws:"/],
    ["a tag value over 256 characters", { tags: { team: "x".repeat(257) } }, /^tags\.team: /],
    ["a reservation id that is not cr-…", { training: { accelerator: "nvidia-h100", capacity: { reservation: "res-1" } } }, /^training\.capacity\.reservation: must be an EC2 capacity reservation id/],
    ["a Kubernetes version past extended support", { training: { accelerator: "nvidia-l4", kubernetesVersion: "1.29" } }, /^training\.kubernetesVersion: Amazon EKS support for Kubernetes 1\.29 ended on 2026-03-23/],
    ["a moved field", { inference: { accelerator: "nvidia-l4", image: "v2" } }, /^inference\.image: moved to inference\.model\.image/],
  ])("rejects %s", (_, overrides, message) => {
    const problems = problemsOf(() => resolveEnvironmentSpec(baseSpec(overrides)));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it("warns about a Kubernetes version in extended support and near the end of standard support", () => {
    expect(kubernetesSupport(EKS_VERSIONS, "1.33", "2026-11-30").warning).toMatch(/left Amazon EKS standard support on 2026-07-29/);
    expect(kubernetesSupport(EKS_VERSIONS, "1.34", "2026-11-30").warning).toMatch(/leaves Amazon EKS standard support on 2026-12-02/);
    expect(kubernetesSupport(EKS_VERSIONS, EKS_VERSIONS.defaultVersion, "2026-11-30")).toEqual({});
  });

  it("accepts the old AWS engine names as aliases, with a warning", () => {
    const spec = resolveEnvironmentSpec(baseSpec({ vectorStore: { engine: "aurora-pgvector" } }));
    expect(spec.vectorStore?.engine).toBe("postgres-pgvector");
    expect(spec.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^vectorStore\.engine: aurora-pgvector is the AWS name of postgres-pgvector/)]));
  });
});

describe("tags and labels", () => {
  it("encodes an owner email as a Google Cloud label value by the documented rule", () => {
    expect(toLabelValue("ml-platform@acme.example")).toBe("ml-platform_at_acme_example");
    expect(toLabelValue("X".repeat(100))).toHaveLength(63);
  });

  it("tags the instances, volumes and network interfaces every launch template launches", () => {
    const app = Testing.app();
    const [stack] = addEnvironmentStacks(app as App, [{ source: "a", spec: baseSpec({ training: { accelerator: "nvidia-l4" } }) }]);
    const doc = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, { tag_specifications?: { resource_type: string; tags: Record<string, string> }[] }>> };
    const templates = Object.values(doc.resource.aws_launch_template);
    expect(templates).toHaveLength(2);
    for (const template of templates) {
      expect(template.tag_specifications?.map((t) => t.resource_type).sort()).toEqual(["instance", "network-interface", "volume"]);
      for (const spec of template.tag_specifications ?? []) expect(spec.tags).toMatchObject({ environment: "acme-dev", tier: "dev", component: "training", owner: "ml@acme.example", "cost-center": "cc-1" });
    }
  });
});

describe("checks skip values known only at apply", () => {
  it("accepts Terraform variables where numbers are checked, instead of reporting a false error", async () => {
    const { TerraformVariable } = await import("cdktf");
    const { AwsEncryptionKey } = await import("../lib/constructs/aws/encryption-key");
    const { AwsMonitoring } = await import("../lib/constructs/aws/monitoring");
    const { synthAws, DEV } = await import("./helpers");
    // given numbers that are Terraform variables
    const build = () =>
      synthAws((s) => {
        const days = new TerraformVariable(s, "days", { type: "number" }).numberValue;
        const key = new AwsEncryptionKey(s, "key", { environment: DEV });
        new AwsLustreFileSystem(s, "fsx", { environment: DEV, vpcId: "vpc-1", subnetId: "subnet-1", clientCidrs: ["10.0.0.0/16"], encryptionKey: key, backupRetentionDays: days });
        new AwsMonitoring(s, "monitoring", { environment: DEV, region: "us-east-1", topicArn: "arn:aws:sns:us-east-1:123456789012:t", latencyP90Ms: days });
      });
    // then synth goes through: the values are checked by the cloud at apply
    expect(build).not.toThrow();
  });
});

describe("inference schedules", () => {
  it("leaves out a schedule down to zero when the minimum is already zero, and says so when the spec asked for one", () => {
    const quiet = resolveEnvironmentSpec(baseSpec({ inference: { accelerator: "nvidia-l4", replicas: { min: 0, max: 1 } } }));
    expect(quiet.inference?.scaleDownSchedule).toBe(false);
    const asked = resolveEnvironmentSpec(baseSpec({ inference: { accelerator: "nvidia-l4", replicas: { min: 0, max: 1 }, scaleDownSchedule: { cron: "0 20 * * 1-5" } } }));
    expect(asked.inference?.scaleDownSchedule).toBe(false);
    expect(asked.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^inference\.scaleDownSchedule: has no effect with inference\.replicas\.min 0/)]));
  });
});
