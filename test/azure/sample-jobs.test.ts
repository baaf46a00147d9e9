import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { Testing } from "../../lib/cdk";
import { AzureGpuNodePool, type AzureGpuNodePoolProps } from "../../lib/constructs/azure/gpu-node-pool";
import { AZURE_JOB_SERVICE_ACCOUNT, AzurePlatformStack } from "../../lib/stacks/azure-platform-stack";
import { DEV, PROD, only, resources, synthStack, type Synthesized } from "../helpers";
import { cluster, synthAzure, type Env } from "./helpers";

const SAMPLE = join(__dirname, "..", "..", "examples", "azure", "jobs", "nvidia-gpu.yaml");

interface Toleration {
  key: string;
  operator?: string;
  value?: string;
  effect?: string;
}
interface JobDoc {
  kind: string;
  metadata: { namespace: string };
  spec: {
    parallelism?: number;
    template: {
      metadata?: { labels?: Record<string, string> };
      spec: { serviceAccountName?: string; nodeSelector?: Record<string, string>; tolerations?: Toleration[]; containers: { resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> } }[] };
    };
  };
}

/** The environment's GPU pool (as the Azure environment stack names it) and the platform stack on it, synthesized. */
function stacksFor(env: Env, props: Partial<AzureGpuNodePoolProps>): { pool: Record<string, unknown>; platform: Synthesized; gpusPerNode: number } {
  let gpu: AzureGpuNodePool | undefined;
  const doc = synthAzure((s) => {
    gpu = new AzureGpuNodePool(s, "gpu-pool", { cluster: cluster(s, env), name: "train", accelerator: "nvidia-a100", ...props });
  });
  const made = gpu as AzureGpuNodePool;
  const platform = new AzurePlatformStack(Testing.app(), { environment: env, subscriptionId: "00000000-0000-0000-0000-000000000001", resourceGroupName: "acme-dev-rg", clusterName: "acme-dev-aks", pools: [made.scheduling] });
  return { pool: only(doc, "azurerm_kubernetes_cluster_node_pool"), platform: synthStack(platform), gpusPerNode: made.offer.acceleratorsPerNode };
}

const tolerates = (tolerations: Toleration[], taint: { key: string; value: string; effect: string }) =>
  tolerations.some((t) => t.key === taint.key && (t.operator === "Exists" || t.value === taint.value) && (t.effect === undefined || t.effect === taint.effect));

const parseTaint = (s: string) => {
  const [kv, effect] = s.split(":");
  const [key, value] = kv.split("=");
  return { key, value, effect };
};

const CASES = [
  { name: "a dev Spot pool of one A100 per node", env: DEV, props: { acceleratorsPerNode: 1 } },
  { name: "a prod on-demand pool of eight H100 per node", env: PROD, props: { accelerator: "nvidia-h100" as const, acceleratorsPerNode: 8, nodes: { min: 0, max: 2 } } },
];

describe.each(CASES)("sample job examples/azure/jobs/nvidia-gpu.yaml on $name", ({ env, props }) => {
  // given the manifest and the stacks of the pool it targets
  const job = parseAllDocuments(readFileSync(SAMPLE, "utf8"))
    .map((d) => d.toJS() as JobDoc)
    .find((d) => d.kind === "Job") as JobDoc;
  const pod = job.spec.template.spec;
  const { pool, platform, gpusPerNode } = stacksFor(env, props);
  const labels = pool.node_labels as Record<string, string>;
  const taints = (pool.node_taints as string[]).map(parseTaint);

  it("selects only labels the pool's nodes carry, and names the pool", () => {
    expect(pod.nodeSelector).toMatchObject({ "llmops/pool": "train" });
    for (const [key, value] of Object.entries(pod.nodeSelector ?? {})) expect(labels[key], key).toBe(value);
  });

  it("tolerates every taint of the pool", () => {
    expect(taints.length).toBeGreaterThan(0);
    for (const taint of taints) expect(tolerates(pod.tolerations ?? [], taint), taint.key).toBe(true);
  });

  it("asks for nvidia.com/gpu, at most a node's worth, and the device plugin that advertises it runs on the pool tolerating its taints", () => {
    const asked = Object.assign({}, ...pod.containers.map((c) => ({ ...(c.resources?.requests ?? {}), ...(c.resources?.limits ?? {}) }))) as Record<string, string | number>;
    expect(Object.keys(asked).filter((n) => n.includes("/"))).toEqual(["nvidia.com/gpu"]);
    expect(Number(asked["nvidia.com/gpu"])).toBeLessThanOrEqual(gpusPerNode);
    const release = resources(platform, "helm_release").find((r) => r.name === "nvidia-device-plugin-train");
    const values = JSON.parse((release?.values as string[])[0]) as { nodeSelector: Record<string, string>; tolerations: Toleration[] };
    for (const [key, value] of Object.entries(values.nodeSelector)) expect(labels[key]).toBe(value);
    for (const taint of taints) expect(tolerates(values.tolerations, taint)).toBe(true);
    expect(pool.gpu_driver).toBe("Install");
    expect(pool.auto_scaling_enabled).toBe(true);
  });

  it("runs as the workload-identity service account the platform stack creates, with the pod label the webhook needs", () => {
    expect(job.metadata.namespace).toBe(AZURE_JOB_SERVICE_ACCOUNT.namespace);
    expect(pod.serviceAccountName).toBe(AZURE_JOB_SERVICE_ACCOUNT.name);
    expect(job.spec.template.metadata?.labels).toMatchObject({ "azure.workload.identity/use": "true" });
    const account = only(platform, "kubernetes_service_account_v1").metadata as { name: string; annotations: Record<string, string> };
    expect(account.name).toBe(pod.serviceAccountName);
    expect(Object.keys(account.annotations)).toEqual(["azure.workload.identity/client-id"]);
    expect(resources(platform, "kubernetes_namespace_v1").map((n) => (n.metadata as { name: string }).name)).toEqual([job.metadata.namespace]);
  });

  it("fits the pool's maximum node count", () => {
    expect(job.spec.parallelism ?? 1).toBeLessThanOrEqual(pool.max_count as number);
  });
});
