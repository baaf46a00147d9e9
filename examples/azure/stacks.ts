/**
 * The acme-llm platform on Azure: a dev and a prod environment from two spec files.
 *
 * This folder is a complete project: copy it anywhere, then
 *   npm install
 *   npm run synth          # cdktf synth: writes ./cdktf.out
 * (see README.md). It imports `llmops-constructs/core` and `llmops-constructs/azure/platform`,
 * which load no other cloud's provider package: only the azurerm, Helm and Kubernetes
 * providers are installed.
 */
import { join } from "node:path";
import type { App } from "cdktf";
import { addEnvironmentStacks, loadSpecFile } from "llmops-constructs/core";
import { addAzurePlatformStacks } from "llmops-constructs/azure/platform";

/** The spec files of this example, relative to this folder. */
export const SPEC_FILES = ["specs/dev.yaml", "specs/prod.yaml"];

/**
 * Adds the example's stacks to an app: the environments (`acme-llm-azure-dev`,
 * `acme-llm-azure-prod`), applied first, and what runs inside their AKS clusters
 * (`acme-llm-azure-platform-dev`, `acme-llm-azure-platform-prod`: the NVIDIA device
 * plugin, the jobs' workload-identity service accounts, the DCGM exporter for the GPU
 * alerts, the blob (dev) or Lustre (prod) volumes and claims), applied second from inside the VNet.
 */
export function addAzureExampleStacks(app: App): void {
  const environments = addEnvironmentStacks(
    app,
    SPEC_FILES.map((file) => ({ source: file, spec: loadSpecFile(join(__dirname, file)) })),
  );
  addAzurePlatformStacks(app, environments);
}
