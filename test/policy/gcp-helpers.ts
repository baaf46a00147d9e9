import { rmSync } from "node:fs";
import { Testing } from "../../lib/cdk";
import type { Finding } from "../../lib/policy/types";
export { check, type Raw } from "./view-helpers";
import type { EnvironmentSpec } from "../../lib/environment/schema";
import { GcpLlmOpsStack } from "../../lib/stacks/gcp-llmops-stack";
import type { Tier } from "../../lib/util/tier";

/** A Google Cloud spec with every component; `overrides` replace what a test exercises. */
export function fullGcpSpec(tier: Tier, overrides: Record<string, unknown> = {}): EnvironmentSpec {
  return <EnvironmentSpec>(<unknown>{
    name: "acme",
    tier,
    cloud: "gcp",
    region: "us-central1",
    owner: "ml@acme.example",
    costCenter: "cc-1",
    training: { accelerator: "nvidia-l4" },
    sharedStorage: { kind: "object-mount" },
    vectorStore: { engine: "postgres-pgvector" },
    inference: { accelerator: "nvidia-l4", model: { image: "v1" } },
    budget: { monthlyUsd: 100000, notify: ["finops@acme.example"] },
    monitoring: { notify: ["oncall@acme.example"] },
    gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000" },
    ...overrides,
  });
}

/** Every finding of a full synth of the Google Cloud stack from `spec` (report-only). */
export function stackFindings(spec: EnvironmentSpec): readonly Finding[] {
  const stack = new GcpLlmOpsStack(Testing.app(), { spec, guardrails: { reportOnly: true } });
  rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
  return stack.guardrails.results;
}
