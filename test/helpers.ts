import type { EnvironmentSpec } from "../lib/environment/schema";
import { LlmOpsValidationError } from "../lib/errors";
import { App, Testing, TerraformStack, type Construct } from "../lib/cdk";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";

/** A synthesized Terraform JSON document. */
export interface Synthesized {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown[]>;
}

/** Builds constructs in a fresh stack with an AWS provider and returns the parsed Terraform JSON. */
export function synthAws(build: (scope: Construct) => void): Synthesized {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

/** Synthesizes a stack that is already built. */
export function synthStack(stack: TerraformStack): Synthesized {
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

/** Every resource of a type, as a list of attribute objects. */
export function resources(doc: Synthesized, type: string): Record<string, unknown>[] {
  return Object.values(doc.resource[type] ?? {});
}

/** The one resource of a type; fails when there is not exactly one. */
export function only(doc: Synthesized, type: string): Record<string, unknown> {
  const list = resources(doc, type);
  if (list.length !== 1) throw new Error(`expected one ${type}, found ${list.length}`);
  return list[0];
}

/** A fresh app for stack tests (no output written). */
export function testApp(): App {
  return Testing.app();
}

/** An application role let into the vector store by default, so specs without training stay valid. */
export const APP_ROLE_ARN = "arn:aws:iam::123456789012:role/rag-service";

/** The base of a valid AWS spec; tests override what they exercise (invalid overrides too, so it is typed loosely as well). */
export function baseSpec(overrides: Record<string, unknown> = {}): EnvironmentSpec & Record<string, unknown> {
  return <EnvironmentSpec & Record<string, unknown>>{
    name: "acme",
    tier: "dev",
    cloud: "aws",
    region: "us-east-1",
    owner: "ml@acme.example",
    costCenter: "cc-1",
    budget: { monthlyUsd: 100000, notify: ["finops@acme.example"] },
    monitoring: { notify: ["oncall@acme.example"] },
    aws: { vectorStoreRoleArns: [APP_ROLE_ARN] },
    ...overrides,
  };
}

/** A minimal environment identity for construct tests. */
export const DEV = { name: "acme", tier: "dev" } as const;
export const PROD = { name: "acme", tier: "prod" } as const;

/** The `path: message` lines of the LlmOpsValidationError `fn` throws (fails when it throws anything else, or nothing). */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof LlmOpsValidationError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error("expected an LlmOpsValidationError, nothing was thrown");
}
