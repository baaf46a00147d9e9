import { rmSync } from "node:fs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing, type Construct } from "../../lib/cdk";
import { Guardrails, type GuardrailOptions } from "../../lib/policy/guardrails";
import type { Finding, Rule } from "../../lib/policy/types";
import type { Tier } from "../../lib/util/tier";

/** Every required tag, for providers of test stacks. */
export const TAGS = { environment: "acme-dev", tier: "dev", owner: "ml@acme.example", "cost-center": "cc-1" };

/**
 * Builds resources in a fresh stack whose AWS provider carries the tier tag, runs the
 * guardrails through a real synth (report-only, so nothing throws) and returns the
 * findings of `rule` (or of every rule when `rule` is undefined).
 */
export function findingsOf(rule: Rule | undefined, build: (scope: Construct) => void, opts: { tier?: Tier; guardrails?: GuardrailOptions } = {}): Finding[] {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags: [{ tags: { ...TAGS, tier: opts.tier ?? "dev" } }] });
  build(stack);
  const guardrails = Guardrails.of(stack, { reportOnly: true, ...(rule ? { rules: [rule] } : {}), ...opts.guardrails });
  const outdir = Testing.fullSynth(stack);
  rmSync(outdir, { recursive: true, force: true });
  return guardrails.results.filter((f) => !rule || f.ruleId === rule.id);
}

/** `address prefix -> status` of findings, for compact assertions (`aws_s3_bucket.data` style prefixes). */
export function statuses(findings: readonly Finding[]): Record<string, string> {
  return Object.fromEntries(findings.map((f) => [f.resource.replace(/_[0-9A-F]{8}$/, ""), f.status]));
}

/** The non-compliant findings' messages. */
export function failures(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.status === "non-compliant").map((f) => f.message ?? "");
}
