/**
 * The acme-llm platform on AWS: a dev and a prod environment from two spec files.
 *
 * This folder is a complete project: copy it anywhere, then
 *   npm install
 *   npm run synth          # cdktf synth: writes ./cdktf.out
 * (see README.md).
 */
import { join } from "node:path";
import type { App } from "cdktf";
import { addEnvironmentStacks, loadSpecFile } from "llmops-constructs";
import { addPlatformStacks } from "llmops-constructs/platform";

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
    SPEC_FILES.map((file) => ({ source: file, spec: loadSpecFile(join(__dirname, file)) })),
  );
  addPlatformStacks(app, environments);
}
