import { describe, expect, it } from "vitest";
import { Testing, TerraformStack } from "../lib/cdk";
import { AwsAcceleratorPlatform, PLATFORM_CHARTS, type AwsAcceleratorPlatformProps } from "../lib/constructs/aws/accelerator-platform";
import { acceleratorScheduling } from "../lib/constructs/aws/accelerator-scheduling";
import { addEnvironmentStack } from "../lib/stacks/synth";
import type { AwsLlmOpsStack } from "../lib/stacks/aws-llmops-stack";
import { AwsPlatformStack } from "../lib/stacks/aws-platform-stack";
import { baseSpec, problemsOf, resources, synthStack, type Synthesized } from "./helpers";

const GPU_POOL = acceleratorScheduling({ pool: "train", kind: "nvidia", instanceType: "p5.48xlarge", acceleratorsPerNode: 8, efaInterfaces: 32, labels: { "llmops/accelerator": "nvidia-h100" } });
const NEURON_POOL = acceleratorScheduling({ pool: "train", kind: "neuron", instanceType: "trn1.32xlarge", acceleratorsPerNode: 16, efaInterfaces: 0 });

function synthPlatform(overrides: Partial<AwsAcceleratorPlatformProps> = {}): Synthesized {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsAcceleratorPlatform(stack, "platform", { environment: { name: "acme", tier: "dev" }, clusterName: "acme-dev-training", region: "us-east-1", kubernetesVersion: "1.36", pools: [GPU_POOL], ...overrides });
  return synthStack(stack);
}

function release(doc: Synthesized, name: string): { version: string; chart: string; repository: string; values: Record<string, unknown> } {
  const found = resources(doc, "helm_release").find((r) => r.name === name);
  if (!found) throw new Error(`no release ${name}`);
  return { version: found.version as string, chart: found.chart as string, repository: found.repository as string, values: JSON.parse((found.values as string[])[0]) as Record<string, unknown> };
}

const TOLERATE_GPU = { key: "nvidia.com/gpu", operator: "Equal", value: "true", effect: "NoSchedule" };

describe("AwsAcceleratorPlatform", () => {
  it("pins every chart to an exact version", () => {
    // given a GPU pool with EFA / when
    const doc = synthPlatform();
    // then each release names the pinned chart and version
    const names = resources(doc, "helm_release").map((r) => r.name).sort();
    expect(names).toEqual(["cluster-autoscaler", "efa-device-plugin-train", "nvidia-device-plugin-train"]);
    for (const r of resources(doc, "helm_release")) {
      const pinned = Object.values(PLATFORM_CHARTS).find((c) => c.chart === r.chart);
      expect(r).toMatchObject({ repository: pinned?.repository, version: pinned?.version, namespace: "kube-system" });
      expect(r.version).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  it("runs the NVIDIA device plugin on the pool's nodes only, tolerating its taint, without node-feature-discovery affinity", () => {
    const { values } = release(synthPlatform(), "nvidia-device-plugin-train");
    expect(values.nodeSelector).toEqual({ "llmops/pool": "train" });
    expect(values.tolerations).toContainEqual(TOLERATE_GPU);
    expect(values.affinity).toBeNull();
  });

  it("runs the EFA device plugin on the pool's instance type and nodes, tolerating the GPU taint", () => {
    const { values } = release(synthPlatform(), "efa-device-plugin-train");
    expect(values).toEqual({ supportedInstanceLabels: { keys: ["node.kubernetes.io/instance-type"], values: ["p5.48xlarge"] }, nodeSelector: { "llmops/pool": "train" }, tolerations: [TOLERATE_GPU] });
  });

  it("installs the Neuron device plugin alone (no scheduler extension, no problem detector) for a Neuron pool without EFA", () => {
    // given a Neuron pool / when
    const doc = synthPlatform({ pools: [NEURON_POOL] });
    // then
    expect(resources(doc, "helm_release").map((r) => r.name).sort()).toEqual(["cluster-autoscaler", "neuron-device-plugin-train"]);
    const { values, repository } = release(doc, "neuron-device-plugin-train");
    expect(repository).toBe("oci://public.ecr.aws/neuron");
    expect(values).toMatchObject({ neuronInstances: ["trn1.32xlarge"], scheduler: { enabled: false }, npd: { enabled: false } });
    expect(values.devicePlugin).toMatchObject({ nodeSelector: { "llmops/pool": "train" } });
    expect((values.devicePlugin as { tolerations: unknown[] }).tolerations).toContainEqual({ key: "aws.amazon.com/neuron", operator: "Equal", value: "true", effect: "NoSchedule" });
  });

  it("configures the autoscaler for the cluster: auto-discovery, region, its Pod Identity service account, the image of the cluster's minor version, the system nodes", () => {
    const { values } = release(synthPlatform({ kubernetesVersion: "1.35" }), "cluster-autoscaler");
    expect(values).toMatchObject({
      cloudProvider: "aws",
      awsRegion: "us-east-1",
      autoDiscovery: { clusterName: "acme-dev-training" },
      image: { tag: "v1.35.2" },
      rbac: { serviceAccount: { create: true, name: "cluster-autoscaler" } },
      nodeSelector: { "llmops/pool": "system" },
      replicaCount: 1,
    });
    expect(values.extraArgs).toMatchObject({ "scale-down-unneeded-time": "5m" });
  });

  it("takes tier defaults: one autoscaler replica and 5 minutes in dev, two and 10 minutes in prod", () => {
    expect(AwsAcceleratorPlatform.defaults("dev")).toMatchObject({ autoscalerReplicas: 1, scaleDownUnneededMinutes: 5 });
    expect(AwsAcceleratorPlatform.defaults("prod")).toMatchObject({ autoscalerReplicas: 2, scaleDownUnneededMinutes: 10 });
    expect(AwsAcceleratorPlatform.defaults("staging").chartVersions).toEqual(Object.fromEntries(Object.entries(PLATFORM_CHARTS).map(([k, c]) => [k, c.version])));
  });

  it("creates the jobs' namespace and service accounts", () => {
    const doc = synthPlatform({ jobNamespaces: [{ namespace: "training", serviceAccounts: ["training-job"] }] });
    expect(resources(doc, "kubernetes_namespace_v1").map((n) => (n.metadata as { name: string }).name)).toEqual(["training"]);
    expect(resources(doc, "kubernetes_service_account_v1").map((n) => (n.metadata as { name: string }).name)).toEqual(["training-job"]);
  });

  it("rejects a Kubernetes version without an autoscaler image, a chart version range, and a pool listed twice", () => {
    expect(problemsOf(() => synthPlatform({ kubernetesVersion: "1.29", chartVersions: { clusterAutoscaler: "^9.0.0" }, pools: [GPU_POOL, GPU_POOL] }))).toEqual([
      expect.stringMatching(/^kubernetesVersion: .*accepts 1\.33, 1\.34, 1\.35, 1\.36 \(got "1\.29"\)/),
      expect.stringMatching(/^chartVersions\.clusterAutoscaler: must be an exact chart version/),
      expect.stringMatching(/^pools\.1\.pool: names a pool listed twice/),
    ]);
  });
});

describe("AwsPlatformStack", () => {
  it("is named <name>-aws-platform-<tier>, reads the cluster by name and keeps its state beside the environment's", () => {
    // given an environment with a training cluster and an S3 backend
    const app = Testing.app();
    const environment = addEnvironmentStack(app, baseSpec({ tier: "prod", training: { accelerator: "nvidia-h100" }, aws: { stateBackend: { bucket: "acme-state" }, clusterAdminRoleArns: ["arn:aws:iam::123456789012:role/admin"] } })) as AwsLlmOpsStack;
    // when
    const stack = new AwsPlatformStack(app, { environment });
    const doc = synthStack(stack);
    // then
    expect(stack.node.id).toBe("acme-aws-platform-prod");
    expect(Object.values(doc.data?.aws_eks_cluster ?? {})).toEqual([expect.objectContaining({ name: "acme-prod-training" })]);
    expect((doc.terraform?.backend as { s3: { key: string } }).s3.key).toBe("platform/acme-prod/terraform.tfstate");
    expect(doc.provider?.helm).toEqual([{ kubernetes: expect.objectContaining({ host: "${data.aws_eks_cluster.cluster.endpoint}", token: "${data.aws_eks_cluster_auth.cluster-auth.token}" }) }]);
    expect(JSON.stringify(doc)).not.toContain("terraform_remote_state");
  });

  it("refuses an environment without a training cluster", () => {
    const app = Testing.app();
    const environment = addEnvironmentStack(app, baseSpec()) as AwsLlmOpsStack;
    expect(problemsOf(() => new AwsPlatformStack(app, { environment }))).toEqual([expect.stringMatching(/^training: /)]);
  });
});
