/**
 * What open-model serving on AKS relies on, as data, each with where it was read.
 */

/** A KAITO inference preset for a Hugging Face model. */
export interface KaitoPreset {
  /** `inference.preset.name` of the Workspace. */
  readonly preset: string;
  /** GPU memory the preset needs in total (KAITO's `TotalGPUMemoryRequirement`), GiB. */
  readonly totalGpuMemoryGiB: number;
  /** Whether the Hugging Face repository is gated (the pod needs a token). */
  readonly gated: boolean;
}

/**
 * KAITO inference presets by Hugging Face model id, for the KAITO release the AKS AI
 * toolchain operator add-on runs (0.6.0: MicrosoftDocs/azure-aks-docs
 * `articles/aks/ai-toolchain-operator.md`). Names and model revisions from
 * kaito-project/kaito v0.6.0 `presets/workspace/models/supported_models.yaml`; memory
 * from `presets/workspace/models/<family>/model.go` (inference parameters). A model
 * missing here is served by the stock vLLM container instead.
 */
export const KAITO_PRESETS: Readonly<Record<string, KaitoPreset>> = {
  "microsoft/Phi-4-mini-instruct": { preset: "phi-4-mini-instruct", totalGpuMemoryGiB: 8, gated: false },
  "microsoft/phi-4": { preset: "phi-4", totalGpuMemoryGiB: 40, gated: false },
  "meta-llama/Llama-3.1-8B-Instruct": { preset: "llama-3.1-8b-instruct", totalGpuMemoryGiB: 22, gated: true },
  "meta-llama/Llama-3.3-70B-Instruct": { preset: "llama-3.3-70b-instruct", totalGpuMemoryGiB: 320, gated: true },
  "mistralai/Mistral-7B-Instruct-v0.3": { preset: "mistral-7b-instruct", totalGpuMemoryGiB: 16, gated: false },
  "Qwen/Qwen2.5-Coder-7B-Instruct": { preset: "qwen2.5-coder-7b-instruct", totalGpuMemoryGiB: 24, gated: false },
  "tiiuae/falcon-7b-instruct": { preset: "falcon-7b-instruct", totalGpuMemoryGiB: 14, gated: false },
};

/** The KAITO Workspace API the add-on's KAITO 0.6.0 serves (kaito-project/kaito v0.6.0 `api/v1beta1`). */
export const KAITO_WORKSPACE_API_VERSION = "kaito.sh/v1beta1";

/**
 * The Azure VM sizes KAITO 0.6.0 knows (`pkg/sku/azure_sku_handler.go`): a Workspace
 * whose `instanceType` is not one of them fails KAITO's GPU checks. The catalog names
 * `Standard_ND96asr_v4` as Azure does; KAITO lists it as `Standard_ND96asr_A100_v4`,
 * so that size is served by vLLM.
 */
export const KAITO_AZURE_SKUS: readonly string[] = [
  "Standard_NC24ads_A100_v4",
  "Standard_NC48ads_A100_v4",
  "Standard_NC96ads_A100_v4",
  "Standard_ND96amsr_A100_v4",
  "Standard_NC40ads_H100_v5",
  "Standard_NC80adis_H100_v5",
  "Standard_ND96isr_H100_v5",
  "Standard_ND96isr_H200_v5",
  "Standard_NV36ads_A10_v5",
  "Standard_NV72ads_A10_v5",
];

/**
 * The taints KAITO 0.6.0's preset inference pods tolerate (`pkg/workspace/inference/preset_inferences.go`:
 * `nvidia.com/gpu` Exists, `sku=gpu`): a pool with another taint (Spot's) leaves them Pending.
 */
export const KAITO_TOLERATED_TAINTS: readonly { readonly key: string; readonly value?: string }[] = [{ key: "nvidia.com/gpu" }, { key: "sku", value: "gpu" }];

/** The Kubernetes secret key KAITO reads a Hugging Face token from (v0.6.0 `pkg/workspace/inference/preset_inferences.go`); the vLLM path reads the same key. */
export const HF_TOKEN_KEY = "HF_TOKEN";

/**
 * The stock vLLM OpenAI-compatible server image, pinned: a tag, never `latest`
 * (Docker Hub `vllm/vllm-openai`, tag v0.24.0).
 */
export const VLLM_IMAGE = "vllm/vllm-openai:v0.24.0";

/** Port the vLLM server listens on (its `--port` default). */
export const VLLM_PORT = 8000;
