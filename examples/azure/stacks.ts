/**
 * The acme-llm platform on Azure: a dev and a prod environment from two spec files.
 *
 * This folder is a complete project: copy it anywhere, then
 *   npm install
 *   npm run synth          # cdktf synth: writes ./cdktf.out
 * (see README.md). It imports `llmops-constructs/core`, which loads no other cloud's
 * provider package: only the azurerm provider is installed.
 */
import { join } from "node:path";
import type { App } from "cdktf";
import { addEnvironmentStacks, loadSpecFile } from "llmops-constructs/core";

/** The spec files of this example, relative to this folder. */
export const SPEC_FILES = ["specs/dev.yaml", "specs/prod.yaml"];

/** Adds the example's stacks (`acme-llm-azure-dev`, `acme-llm-azure-prod`) to an app. */
export function addAzureExampleStacks(app: App): void {
  addEnvironmentStacks(
    app,
    SPEC_FILES.map((file) => ({ source: file, spec: loadSpecFile(join(__dirname, file)) })),
  );
}

