import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { Testing } from "../lib/cdk";
import { loadSpecFile } from "../lib/environment/load";
import { AwsPlatformStack } from "../lib/stacks/aws-platform-stack";
import { addEnvironmentStack } from "../lib/stacks/synth";
import type { AwsLlmOpsStack } from "../lib/stacks/aws-llmops-stack";
import { resources, synthStack, type Synthesized } from "./helpers";

const EXAMPLE = join(__dirname, "..", "examples", "aws");

interface Toleration {
  key: string;
  operator?: string;
  value?: string;
  effect?: string;
}
interface PodSpec {
  serviceAccountName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  containers: { resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> } }[];
}
interface JobDoc {
  kind: string;
  metadata: { namespace: string };
  spec: { parallelism?: number; template: { spec: PodSpec } };
}

/** The environment and platform stacks a manifest runs on, synthesized. */
function stacksFor(spec: unknown): { environment: Synthesized; platform: Synthesized } {
  const app = Testing.app();
  const environment = addEnvironmentStack(app, spec) as AwsLlmOpsStack;
  const platform = new AwsPlatformStack(app, { environment });
  return { environment: synthStack(environment), platform: synthStack(platform) };
}

const devSpec = () => loadSpecFile(join(EXAMPLE, "specs", "dev.yaml")) as Record<string, unknown>;

/** Each sample job, with the spec whose pool it targets. */
const CASES = [
  { file: "nvidia-gpu.yaml", resource: "nvidia.com/gpu", spec: devSpec },
  { file: "efa-multinode.yaml", resource: "vpc.amazonaws.com/efa", spec: () => loadSpecFile(join(EXAMPLE, "specs", "prod.yaml")) },
  { file: "neuron.yaml", resource: "aws.amazon.com/neuron", spec: () => ({ ...devSpec(), training: { accelerator: "aws-trainium", acceleratorsPerNode: 16 } }) },
];

const tolerates = (tolerations: Toleration[], taint: { key: string; value: string; effect: string }) =>
  tolerations.some((t) => t.key === taint.key && (t.operator === "Exists" || t.value === taint.value) && (t.effect === undefined || t.effect === taint.effect));

const EFFECT: Record<string, string> = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" };

describe.each(CASES)("sample job examples/aws/jobs/$file", ({ file, resource, spec }) => {
  // given the manifest and the stacks of the spec it targets
  const docs = parseAllDocuments(readFileSync(join(EXAMPLE, "jobs", file), "utf8")).map((d) => d.toJS() as JobDoc);
  const job = docs.find((d) => d.kind === "Job") as JobDoc;
  const pod = job.spec.template.spec;
  const { environment, platform } = stacksFor(spec());
  const group = resources(environment, "aws_eks_node_group").find((g) => /-train$/.test(g.node_group_name as string)) as Record<string, unknown>;
  const labels = group.labels as Record<string, string>;
  const taints = (group.taint as { key: string; value: string; effect: string }[]).map((t) => ({ ...t, effect: EFFECT[t.effect] }));
  const advertised = Object.fromEntries(
    Object.entries(group.tags as Record<string, string>)
      .filter(([k]) => k.startsWith("k8s.io/cluster-autoscaler/node-template/resources/"))
      .map(([k, v]) => [k.slice("k8s.io/cluster-autoscaler/node-template/resources/".length), Number(v)]),
  );
  const releases = resources(platform, "helm_release").map((r) => ({ name: r.name as string, values: JSON.parse((r.values as string[])[0]) as Record<string, unknown> }));

  it("selects only labels the pool's nodes carry, and names the pool", () => {
    expect(pod.nodeSelector).toMatchObject({ "llmops/pool": "train" });
    for (const [key, value] of Object.entries(pod.nodeSelector ?? {})) expect(labels[key], key).toBe(value);
  });

  it("tolerates every taint of the pool", () => {
    expect(taints.length).toBeGreaterThan(0);
    for (const taint of taints) expect(tolerates(pod.tolerations ?? [], taint), taint.key).toBe(true);
  });

  it(`asks for ${resource} and only for extended resources a node of the pool advertises, at most a node's worth`, () => {
    const asked = Object.assign({}, ...pod.containers.map((c) => ({ ...(c.resources?.requests ?? {}), ...(c.resources?.limits ?? {}) }))) as Record<string, string | number>;
    const extended = Object.entries(asked).filter(([name]) => name.includes("/"));
    expect(extended.map(([name]) => name)).toContain(resource);
    for (const [name, count] of extended) {
      expect(advertised[name], `${name} is advertised to the autoscaler`).toBeGreaterThanOrEqual(Number(count));
    }
  });

  it("has a device plugin for each extended resource it asks for, on the pool's nodes, tolerating its taints", () => {
    const plugins = { "nvidia.com/gpu": "nvidia-device-plugin-train", "aws.amazon.com/neuron": "neuron-device-plugin-train", "vpc.amazonaws.com/efa": "efa-device-plugin-train" } as Record<string, string>;
    const asked = pod.containers.flatMap((c) => Object.keys(c.resources?.limits ?? {})).filter((name) => name.includes("/"));
    for (const name of asked) {
      const release = releases.find((r) => r.name === plugins[name]);
      expect(release, `release for ${name}`).toBeDefined();
      const values = (release?.values.devicePlugin ?? release?.values) as { nodeSelector: Record<string, string>; tolerations: Toleration[] };
      for (const [key, value] of Object.entries(values.nodeSelector)) expect(labels[key]).toBe(value);
      for (const taint of taints) expect(tolerates(values.tolerations, taint)).toBe(true);
    }
    expect(releases.map((r) => r.name)).toContain("cluster-autoscaler");
  });

  it("runs as a service account the platform stack creates and the environment gives a Pod Identity role", () => {
    const ns = job.metadata.namespace;
    const accounts = resources(platform, "kubernetes_service_account_v1").map((a) => a.metadata as { name: string; namespace: string });
    expect(accounts.map((a) => a.name)).toContain(pod.serviceAccountName);
    expect(resources(platform, "kubernetes_namespace_v1").map((n) => (n.metadata as { name: string }).name)).toEqual([ns]);
    expect(resources(environment, "aws_eks_pod_identity_association")).toContainEqual(expect.objectContaining({ namespace: ns, service_account: pod.serviceAccountName }));
  });

  it("fits the pool's maximum node count, one node per pod when it takes a node's accelerators", () => {
    const max = (group.scaling_config as { max_size: number }).max_size;
    expect(job.spec.parallelism ?? 1).toBeLessThanOrEqual(max);
  });
});
