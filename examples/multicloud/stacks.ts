/**
 * The acme-mc platform on AWS, Google Cloud and Azure from one portable spec.
 *
 * This folder is a complete project: copy it anywhere, then
 *   npm install
 *   npm run synth          # cdktf synth: writes ./cdktf.out
 * (see README.md). `llmops-constructs/core` loads a cloud's modules only for the specs of
 * that cloud; `llmops-constructs/platform` and `llmops-constructs/azure/platform` add what
 * runs inside the AWS and Azure training clusters.
 */
import { join } from "node:path";
import type { App } from "cdktf";
import { addEnvironmentStacks, loadSpecFile, type LlmOpsStack } from "llmops-constructs/core";
import { addPlatformStacks } from "llmops-constructs/platform";
import { addAzurePlatformStacks } from "llmops-constructs/azure/platform";
import { CLOUDS } from "./clouds";

/** The portable spec of this example, relative to this folder. */
export const SPEC_FILE = "specs/portable.yaml";

/** The portable spec completed for each cloud of clouds.ts: its `cloud`, `region` and section added. */
export function specsPerCloud(): { readonly source: string; readonly spec: unknown }[] {
  const portable = loadSpecFile(join(__dirname, SPEC_FILE)) as unknown as Record<string, unknown>;
  return Object.entries(CLOUDS).map(([name, cloud]) => ({ source: `${SPEC_FILE} on ${name}`, spec: { ...portable, ...cloud } }));
}

/**
 * Adds the example's stacks to an app: one environment per cloud (`acme-mc-aws-dev`,
 * `acme-mc-gcp-dev`, `acme-mc-azure-dev`) and, for AWS and Azure, what runs inside the
 * training cluster (`acme-mc-aws-platform-dev`, `acme-mc-azure-platform-dev`: device
 * plugins, the Cluster Autoscaler on AWS, the jobs' service accounts), applied second
 * from inside the network.
 */
export function addMulticloudExampleStacks(app: App): LlmOpsStack[] {
  const environments = addEnvironmentStacks(app, specsPerCloud());
  addPlatformStacks(app, environments);
  addAzurePlatformStacks(app, environments);
  return environments;
}
