/**
 * The acme-llm platform on Google Cloud: a dev and a prod environment from two spec files.
 *
 * Copying this folder into your own repository:
 *   npm install llmops-constructs cdktf constructs
 *   delete tsconfig.json's "paths" (it points at this repository's sources)
 *   cdktf synth            # or: npx tsx main.ts
 */
import { join } from "node:path";
import type { App } from "cdktf";
import { addEnvironmentStacks, loadSpecFile } from "llmops-constructs";

/** The spec files of this example, relative to this folder. */
export const SPEC_FILES = ["specs/dev.yaml", "specs/prod.yaml"];

/** Adds the example's stacks (`acme-llm-gcp-dev`, `acme-llm-gcp-prod`) to an app. */
export function addGcpExampleStacks(app: App): void {
  addEnvironmentStacks(
    app,
    SPEC_FILES.map((file) => ({ source: `examples/gcp/${file}`, spec: loadSpecFile(join(__dirname, file)) })),
  );
}

