import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing, type Construct } from "../../lib/cdk";
import type { Synthesized } from "../helpers";

/** The project every GCP construct test uses. */
export const PROJECT = "acme-llm-dev";
export const REGION = "us-central1";

/** Builds constructs in a fresh stack with a Google provider and returns the parsed Terraform JSON. */
export function synthGcp(build: (scope: Construct) => void): Synthesized {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new GoogleProvider(stack, "google", { project: PROJECT, region: REGION });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

/** Every resource of a type keyed by its address. */
export function byAddress(doc: Synthesized, type: string): Record<string, Record<string, unknown>> {
  return doc.resource[type] ?? {};
}
