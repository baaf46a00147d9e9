import { rmSync } from "node:fs";
import { Testing } from "../../lib/cdk";
import { evaluate } from "../../lib/policy/engine";
import { stackView } from "../../lib/policy/stack-view";
import { PACKS, type Finding, type Rule } from "../../lib/policy/types";
import type { EnvironmentSpec } from "../../lib/environment/schema";
import { GcpLlmOpsStack } from "../../lib/stacks/gcp-llmops-stack";
import type { Tier } from "../../lib/util/tier";

/** One hand-written resource: type, Terraform name and attributes as synthesized (snake_case). */
export type Raw = readonly [type: string, name: string, attributes: Record<string, unknown>];

/**
 * Runs `rule` on hand-written Google resources, as the engine runs it on a synthesized
 * stack whose provider carries the tier label (none with `tier` undefined).
 */
export function check(rule: Rule, tier: Tier | undefined, ...resources: Raw[]): Finding[] {
  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [type, name, attributes] of resources) resource[type] = { ...(resource[type] ?? {}), [name]: attributes };
  const labels = tier ? { tier } : {};
  const view = stackView("test", { resource, provider: { google: [{ default_labels: labels }] } }, () => false, tier);
  return evaluate(view, [rule], { packs: PACKS, levels: {} }, () => undefined);
}

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
