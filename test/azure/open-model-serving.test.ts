import { describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "../../lib/cdk";
import { azureGpuScheduling } from "../../lib/constructs/azure/gpu-scheduling";
import { AzureOpenModelServing, KAITO_PRESETS, VLLM_IMAGE, type AzureOpenModelServingProps } from "../../lib/constructs/azure/open-model-serving";
import { DEV, only, problemsOf, resources, synthStack, type Synthesized } from "../helpers";

const A100 = azureGpuScheduling({ pool: "serve", accelerator: "nvidia-a100", vmSize: "Standard_NC24ads_A100_v4", gpusPerNode: 1, gpuMemoryGiB: 80, spot: false });
const A100_SPOT = azureGpuScheduling({ pool: "serve", accelerator: "nvidia-a100", vmSize: "Standard_NC24ads_A100_v4", gpusPerNode: 1, gpuMemoryGiB: 80, spot: true });
const H100X2 = azureGpuScheduling({ pool: "serve", accelerator: "nvidia-h100", vmSize: "Standard_NC80adis_H100_v5", gpusPerNode: 2, gpuMemoryGiB: 94, spot: false });
const A10 = azureGpuScheduling({ pool: "serve", accelerator: "nvidia-a10", vmSize: "Standard_NV36ads_A10_v5", gpusPerNode: 1, gpuMemoryGiB: 24, spot: false });

type Props = Partial<AzureOpenModelServingProps>;
function synthServing(props: Props = {}): { doc: Synthesized; serving: AzureOpenModelServing } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  const serving = new AzureOpenModelServing(stack, "serving", { environment: DEV, pool: A100, poolNodes: { min: 1, max: 2 }, huggingFace: "microsoft/Phi-4-mini-instruct", ...props });
  return { doc: synthStack(stack), serving };
}

interface Container {
  image: string;
  args: string[];
  resources: { limits: Record<string, string>; requests: Record<string, string> };
  readiness_probe: { http_get: { path: string; port: string } };
  env?: { name: string; value_from: { secret_key_ref: { name: string; key: string } } }[];
}
const podSpec = (doc: Synthesized) =>
  (only(doc, "kubernetes_deployment_v1").spec as { template: { spec: { node_selector: Record<string, string>; toleration: unknown[]; container: Container[] } } }).template.spec;

describe("AzureOpenModelServing", () => {
  it("serves a model with a KAITO preset through a Workspace on the pool's nodes when the pool keeps a node up", () => {
    // given Phi-4-mini (a KAITO preset) on an A100 pool with min 1 / when
    const { doc, serving } = synthServing();
    // then
    expect(serving.engine).toBe("kaito");
    const workspace = only(doc, "kubernetes_manifest").manifest as Record<string, unknown>;
    expect(workspace).toEqual({
      apiVersion: "kaito.sh/v1beta1",
      kind: "Workspace",
      metadata: { name: "phi-4-mini-instruct", namespace: "inference", labels: { "app.kubernetes.io/managed-by": "llmops-constructs" } },
      resource: { count: 1, instanceType: "Standard_NC24ads_A100_v4", labelSelector: { matchLabels: { "llmops/pool": "serve" } } },
      inference: { preset: { name: "phi-4-mini-instruct" } },
    });
    expect(only(doc, "kubernetes_manifest").computed_fields).toEqual(["metadata.annotations", "metadata.labels", "inference.preset.accessMode"]);
    expect(resources(doc, "kubernetes_deployment_v1")).toEqual([]);
    expect(serving.url).toBe("http://phi-4-mini-instruct.inference.svc.cluster.local");
  });

  it("passes the Hugging Face token secret of a gated model to KAITO", () => {
    const { doc } = synthServing({ huggingFace: "meta-llama/Llama-3.1-8B-Instruct", huggingFaceTokenSecret: "hf-token" });
    expect((only(doc, "kubernetes_manifest").manifest as { inference: unknown }).inference).toEqual({ preset: { name: "llama-3.1-8b-instruct", presetOptions: { modelAccessSecret: "hf-token" } } });
  });

  it("serves a model without a preset with the pinned vLLM image, all of a node's GPUs, tensor parallel = GPUs per node", () => {
    // given a model KAITO has no preset for, on a 2-GPU pool / when
    const { doc, serving } = synthServing({ huggingFace: "Qwen/Qwen3-8B", pool: H100X2, huggingFaceTokenSecret: "hf-token", maxModelLen: 8192 });
    // then
    expect(serving.engine).toBe("vllm");
    expect(serving.tensorParallel).toBe(2);
    const spec = podSpec(doc);
    const [c] = spec.container;
    expect(c.image).toBe(VLLM_IMAGE);
    expect(VLLM_IMAGE).toMatch(/^vllm\/vllm-openai:v\d+\.\d+\.\d+$/);
    expect(c.args).toEqual(["--model", "Qwen/Qwen3-8B", "--served-model-name", "Qwen/Qwen3-8B", "--port", "8000", "--tensor-parallel-size", "2", "--max-model-len", "8192"]);
    expect(c.resources).toEqual({ limits: { "nvidia.com/gpu": "2" }, requests: { "nvidia.com/gpu": "2" } });
    expect(c.readiness_probe.http_get).toEqual({ path: "/health", port: "8000" });
    expect(c.env).toEqual([{ name: "HF_TOKEN", value_from: { secret_key_ref: { name: "hf-token", key: "HF_TOKEN" } } }]);
    expect(spec.node_selector).toEqual({ "llmops/pool": "serve" });
    expect(spec.toleration).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }]);
    expect(only(doc, "kubernetes_deployment_v1").wait_for_rollout).toBe(false);
    const service = only(doc, "kubernetes_service_v1").spec as { type: string; port: unknown[] };
    expect(service).toMatchObject({ type: "ClusterIP", port: [{ name: "http", port: 80, target_port: "8000" }] });
  });

  it("serves a preset model with vLLM when the pool scales from zero, so a Pending replica makes the pool's autoscaler add a node", () => {
    // given a Spot pool at min 0 (dev) / when
    const { doc, serving } = synthServing({ pool: A100_SPOT, poolNodes: { min: 0, max: 1 } });
    // then
    expect(serving.engine).toBe("vllm");
    expect(podSpec(doc).toleration).toContainEqual({ key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" });
    expect(AzureOpenModelServing.defaultEngine("microsoft/Phi-4-mini-instruct", A100, 1, 1)).toBe("kaito");
    expect(AzureOpenModelServing.defaultEngine("microsoft/Phi-4-mini-instruct", A100, 0, 1)).toBe("vllm");
  });

  it("serves a preset model with vLLM on a Spot pool, even one that keeps nodes up: KAITO's pods do not tolerate the Spot taint, and refuses KAITO there", () => {
    // given a Spot pool with min 1 / when
    const { serving } = synthServing({ pool: A100_SPOT, poolNodes: { min: 1, max: 2 } });
    // then
    expect(serving.engine).toBe("vllm");
    expect(AzureOpenModelServing.defaultEngine("microsoft/Phi-4-mini-instruct", A100_SPOT, 1, 1)).toBe("vllm");
    expect(problemsOf(() => synthServing({ engine: "kaito", pool: A100_SPOT }))).toEqual([
      expect.stringMatching(/^engine: KAITO's preset pods tolerate only the nvidia\.com\/gpu and sku=gpu taints, not kubernetes\.azure\.com\/scalesetpriority=spot of pool serve .* use engine "vllm", or a pool without that taint/),
    ]);
  });

  it("refuses KAITO where it would provision nodes of its own, lacks a preset, or does not know the VM size", () => {
    expect(problemsOf(() => synthServing({ engine: "kaito", poolNodes: { min: 0, max: 1 } }))).toEqual([expect.stringMatching(/^engine: KAITO serves on the pool only from nodes already ready .* raise the pool's minimum to 1, or use engine "vllm"/)]);
    expect(problemsOf(() => synthServing({ engine: "kaito", huggingFace: "Qwen/Qwen3-8B" }))).toEqual([expect.stringMatching(/^engine: KAITO has no preset for "Qwen\/Qwen3-8B"/)]);
    const nd = azureGpuScheduling({ pool: "serve", accelerator: "nvidia-a100", vmSize: "Standard_ND96asr_v4", gpusPerNode: 8, gpuMemoryGiB: 40, spot: false });
    expect(problemsOf(() => synthServing({ engine: "kaito", pool: nd }))).toEqual([expect.stringMatching(/^engine: KAITO does not know the VM size Standard_ND96asr_v4/)]);
  });

  it("refuses a model whose GPU memory exceeds a node's, a gated model without a token, and more replicas than the pool has nodes", () => {
    expect(problemsOf(() => synthServing({ huggingFace: "microsoft/phi-4", pool: A10 }))).toEqual([expect.stringMatching(/^huggingFace: needs 40 GiB of GPU memory, more than a node of pool serve has \(1 x 24 GiB on Standard_NV36ads_A10_v5\)/)]);
    expect(problemsOf(() => synthServing({ huggingFace: "meta-llama/Llama-3.1-8B-Instruct" }))).toEqual([expect.stringMatching(/^huggingFaceTokenSecret: meta-llama\/Llama-3\.1-8B-Instruct is a gated Hugging Face model/)]);
    expect(problemsOf(() => synthServing({ replicas: 3, engine: "vllm" }))).toEqual([expect.stringMatching(/^replicas: Each replica takes a whole node of pool serve; the pool's maximum takes a whole number from 0 to 2 \(got 3\)/)]);
    expect(problemsOf(() => synthServing({ huggingFace: "phi-4", name: "Phi" }))).toEqual([expect.stringMatching(/^huggingFace: takes a Hugging Face model id/), expect.stringMatching(/^name: takes a DNS label/)]);
  });

  it("names the server after the model and keeps one namespace and replica by default", () => {
    expect(AzureOpenModelServing.nameOf("mistralai/Mistral-7B-Instruct-v0.3")).toBe("mistral-7b-instruct-v0-3");
    expect(AzureOpenModelServing.defaults("prod")).toEqual({ namespace: "inference", replicas: 1, vllmImage: VLLM_IMAGE });
  });

  it("maps every preset to a KAITO preset name and a GPU memory figure", () => {
    for (const [model, preset] of Object.entries(KAITO_PRESETS)) {
      expect(model).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(preset.preset).toMatch(/^[a-z0-9.-]+$/);
      expect(preset.totalGpuMemoryGiB).toBeGreaterThan(0);
    }
  });
});
