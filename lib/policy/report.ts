import { VERSION } from "../version";
import type { RuleOff } from "./levels";
import type { Finding, Pack, Rule, Severity } from "./types";

/** A suppression that silenced nothing: stale, or made on the wrong construct. */
export interface UnusedSuppression {
  readonly ruleId: string;
  readonly reason: string;
  /** Path of the construct it was made on. */
  readonly at: string;
}

/** Counts of one stack's findings. */
export interface ReportSummary {
  readonly checks: number;
  readonly compliant: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly unusedSuppressions: number;
}

/** The JSON report written beside each stack: every finding, compliant or not. */
export interface GuardrailReport {
  readonly stack: string;
  readonly tool: { readonly name: string; readonly version: string };
  /** `enforce`: error findings stop synth; `report-only`: nothing stops synth. */
  readonly mode: "enforce" | "report-only";
  readonly packs: readonly Pack[];
  readonly summary: ReportSummary;
  readonly rules: readonly { readonly id: string; readonly title: string; readonly level: Severity; readonly packs: readonly Pack[]; readonly suppressible: boolean }[];
  /** Findings with the line of their resource in the synthesized file (0 when unknown). */
  readonly findings: readonly (Finding & { readonly line: number })[];
  readonly unusedSuppressions: readonly UnusedSuppression[];
  /** Rules turned off by a level override, with the reason when one was given (always, for rules that cannot be suppressed). */
  readonly rulesOff: readonly RuleOff[];
}

export const TOOL_NAME = "llmops-constructs guardrails";

/** Counts findings: errors and warnings are the non-compliant ones at each level. */
export function summarize(findings: readonly Finding[], unused: readonly UnusedSuppression[]): ReportSummary {
  const open = findings.filter((f) => f.status === "non-compliant");
  return {
    checks: findings.length,
    compliant: findings.filter((f) => f.status === "compliant").length,
    errors: open.filter((f) => f.level === "error").length,
    warnings: open.filter((f) => f.level === "warning").length,
    suppressed: findings.filter((f) => f.status === "suppressed").length,
    unusedSuppressions: unused.length,
  };
}

/** Builds the report of one stack. */
export function buildReport(args: {
  stack: string;
  mode: "enforce" | "report-only";
  packs: readonly Pack[];
  rules: readonly { rule: Rule; level: Severity }[];
  findings: readonly Finding[];
  unused: readonly UnusedSuppression[];
  rulesOff?: readonly RuleOff[];
  lineOf: (resource: string) => number;
}): GuardrailReport {
  return {
    stack: args.stack,
    tool: { name: TOOL_NAME, version: VERSION },
    mode: args.mode,
    packs: args.packs,
    summary: summarize(args.findings, args.unused),
    rules: args.rules.map(({ rule, level }) => ({ id: rule.id, title: rule.title, level, packs: rule.packs, suppressible: rule.suppressible !== false })),
    findings: args.findings.map((f) => ({ ...f, line: args.lineOf(f.resource) })),
    unusedSuppressions: args.unused,
    rulesOff: args.rulesOff ?? [],
  };
}

/** `acme-dev: 412 checks, 0 errors, 2 warnings, 12 suppressed (1 unused suppression)`. */
export function summaryLine(report: GuardrailReport): string {
  const s = report.summary;
  const unused = s.unusedSuppressions > 0 ? ` (${s.unusedSuppressions} unused suppression${s.unusedSuppressions === 1 ? "" : "s"})` : "";
  return `${report.stack}: ${s.checks} checks, ${s.errors} error${s.errors === 1 ? "" : "s"}, ${s.warnings} warning${s.warnings === 1 ? "" : "s"}, ${s.suppressed} suppressed${unused}${report.mode === "report-only" ? " [report-only]" : ""}`;
}

/**
 * Line numbers of resources in a synthesized `cdk.tf.json` (2-space indented, as cdktf
 * writes it): `type.name` -> 1-based line of `"name": {`. Stack-level findings use
 * the line of the `provider` block.
 */
export function resourceLines(text: string): Map<string, number> {
  const lines = text.split("\n");
  const found = new Map<string, number>();
  let inResources = false;
  let type: string | undefined;
  lines.forEach((line, i) => {
    const top = /^ {2}"([^"]+)": \{/.exec(line);
    if (top) {
      inResources = top[1] === "resource";
      if (top[1] === "provider") found.set("(provider)", i + 1);
      type = undefined;
      return;
    }
    if (!inResources) return;
    const t = /^ {4}"([^"]+)": \{/.exec(line);
    if (t) {
      type = t[1];
      return;
    }
    const n = /^ {6}"([^"]+)": \{/.exec(line);
    if (n && type) found.set(`${type}.${n[1]}`, i + 1);
  });
  return found;
}
