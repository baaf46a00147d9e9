/**
 * `llmops-constructs/azure/platform`: what runs inside an AKS cluster (the NVIDIA device
 * plugin, the jobs' workload-identity service accounts, the DCGM exporter for managed
 * Prometheus, blob and Lustre volumes, open-model serving through KAITO or vLLM), in a
 * stack applied after the environment from inside its VNet. A subpath of its own: it
 * needs `@cdktf/provider-azurerm`, `@cdktf/provider-helm` and `@cdktf/provider-kubernetes`,
 * which `llmops-constructs/azure` never loads.
 */
export * from "./constructs/azure/accelerator-platform";
export * from "./constructs/azure/blob-volumes";
export * from "./constructs/azure/gpu-metrics";
export * from "./constructs/azure/lustre-volume";
export * from "./constructs/azure/open-model-serving";
export * from "./stacks/azure-platform-stack";
