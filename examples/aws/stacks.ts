/**
 * The acme-llm platform on AWS: a dev and a prod environment from two spec files.
 *
 * Copying this folder into your own repository:
 *   npm install llmops-constructs cdktf constructs
 *   delete tsconfig.json's "paths" (it points at this repository's sources)
 *   cdktf synth            # or: npx tsx main.ts
 */
import { join } from "node:path";
import type { App } from "cdktf";
import { addEnvironmentStacks, addPlatformStacks, loadSpecFile } from "llmops-constructs";

/** The spec files of this example, relative to this folder. */
export const SPEC_FILES = ["specs/dev.yaml", "specs/prod.yaml"];

/**
 * Adds the example's stacks to an app: the environments (`acme-llm-aws-dev`,
 * `acme-llm-aws-prod`), applied first, and what runs inside their training clusters
 * (`acme-llm-aws-platform-dev`, `acme-llm-aws-platform-prod`: device plugins, the
 * Cluster Autoscaler, the jobs' service accounts), applied second from inside the VPC.
 */
export function addAwsExampleStacks(app: App): void {
  const environments = addEnvironmentStacks(
    app,
    SPEC_FILES.map((file) => ({ source: `examples/aws/${file}`, spec: loadSpecFile(join(__dirname, file)) })),
  );
  addPlatformStacks(app, environments);
}
