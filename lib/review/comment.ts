/**
 * The pull-request comment of `llmops review <cdktf.out>`: one Markdown document with
 * a one-screen summary (per stack: resources added, changed, removed, replaced,
 * data-loss errors, guardrail errors and warnings, idle and worst-case monthly cost
 * and their change against the base), then collapsible details (diagrams, diff,
 * guardrail findings, cost lines, plan review). It stays under GitHub's comment limit
 * by cutting details, never the summary; a hidden marker lets CI update one comment.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { GuardrailReport } from "../policy/report";
import { PRICE_MARK_LEGEND, compareCosts, costReport, type CostComparison, type CostReport, type StackCost } from "./cost";
import { deltaText, figureText } from "./cost-text";
import { diffSynths, readSynthDir, type DiffReport, type StackDiff } from "./diff";
import { parsePlan, reviewPlan, type PlanReview } from "./plan";
import { commentDetails } from "./comment-details";

/** Hidden first line of the comment: the workflow finds the comment to update by it. */
export const COMMENT_MARKER = "<!-- llmops-review -->";

/** GitHub's limit on the body of an issue or pull-request comment, in characters. */
export const COMMENT_LIMIT = 65_536;

/** What `llmops review` reads. */
export interface ReviewInputs {
  /** The head synth output (`cdktf.out`). */
  readonly head: string;
  /** The base synth output, for the diff and the cost change. */
  readonly base?: string;
  /** A `terraform show -json` plan. */
  readonly plan?: string;
  /** Character limit of the document. @default COMMENT_LIMIT */
  readonly limit?: number;
}

/** Everything the comment shows, for `--json` and for tests. */
export interface ReviewData {
  readonly stacks: readonly string[];
  readonly diff?: DiffReport;
  readonly guardrails: ReadonlyMap<string, GuardrailReport>;
  readonly cost: CostReport;
  readonly costChange?: CostComparison;
  readonly plan?: PlanReview;
  readonly docs: ReadonlyMap<string, unknown>;
}

/** The comment, and what makes CI fail: data loss, guardrail errors. */
export interface ReviewComment {
  readonly markdown: string;
  readonly dataLossErrors: number;
  readonly guardrailErrors: number;
  /** Detail sections cut to stay under the limit. */
  readonly truncated: boolean;
}

function readGuardrails(dir: string, stacks: readonly string[]): Map<string, GuardrailReport> {
  const out = new Map<string, GuardrailReport>();
  for (const s of stacks) {
    const file = join(dir, "stacks", s, "guardrails.json");
    if (existsSync(file)) out.set(s, JSON.parse(readFileSync(file, "utf8")) as GuardrailReport);
  }
  return out;
}

/** Reads the synth outputs, the guardrail reports, the costs and the plan. */
export function reviewData(inputs: ReviewInputs): ReviewData {
  const head = readSynthDir(inputs.head);
  const base = inputs.base ? readSynthDir(inputs.base) : undefined;
  const stacks = [...head.keys()];
  const cost = costReport([inputs.head]);
  const baseCost = inputs.base ? costReport([inputs.base]) : undefined;
  return {
    stacks,
    diff: base ? diffSynths(base, head) : undefined,
    guardrails: readGuardrails(inputs.head, stacks),
    cost,
    costChange: baseCost ? compareCosts(baseCost, cost) : undefined,
    plan: inputs.plan ? reviewPlan(parsePlan(readFileSync(inputs.plan, "utf8")), basename(inputs.plan)) : undefined,
    docs: head,
  };
}

function count(n: number, mark: string): string {
  return n > 0 ? `**${n}**${mark ? ` ${mark}` : ""}` : "0";
}

function costCell(cost: StackCost | undefined, pick: "idle" | "worst", change: CostComparison | undefined, stack: string): string {
  if (!cost) return "-";
  const c = change?.stacks.find((s) => s.stack === stack)?.[pick];
  const delta = c && c.delta !== undefined && c.delta !== 0 ? ` (${deltaText(c)})` : c && c.before === undefined && c.after !== undefined ? " (new)" : "";
  return `${figureText(cost[pick])}${delta}`;
}

function summaryRow(data: ReviewData, stack: string): string {
  const d: StackDiff | undefined = data.diff?.stacks.find((s) => s.stack === stack);
  const losses = data.diff?.errors.filter((e) => e.stack === stack).length ?? 0;
  const g = data.guardrails.get(stack)?.summary;
  const cost = data.cost.stacks.find((s) => s.stack === stack);
  const resources = Object.values((data.docs.get(stack) as { resource?: Record<string, object> })?.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  const diffCells = d
    ? [d.status === "added" ? `${d.added.length} (new stack)` : String(d.added.length), String(d.changed.length), String(d.removed.length), count(d.changed.filter((c) => c.replacement !== "none").length, "")]
    : ["-", "-", "-", "-"];
  const guard = g ? [count(g.errors, "❌"), count(g.warnings, "⚠️")] : ["-", "-"];
  return `| ${stack} | ${resources} | ${diffCells.join(" | ")} | ${data.diff ? count(losses, "❌") : "-"} | ${guard.join(" | ")} | ${costCell(cost, "idle", data.costChange, stack)} | ${costCell(cost, "worst", data.costChange, stack)} |`;
}

/** The part of the comment that is never cut. */
export function summaryMarkdown(data: ReviewData): string {
  const dataLoss = data.diff?.errors.length ?? 0;
  const guardrailErrors = [...data.guardrails.values()].reduce((n, r) => n + (r.mode === "enforce" ? r.summary.errors : 0), 0);
  const planLoss = data.plan?.dataLoss.length ?? 0;
  const planErrors = data.plan?.findings.filter((f) => f.status === "non-compliant" && f.level === "error").length ?? 0;
  const problems = [
    dataLoss && `${dataLoss} data-loss error${dataLoss === 1 ? "" : "s"}`,
    guardrailErrors && `${guardrailErrors} guardrail error${guardrailErrors === 1 ? "" : "s"}`,
    planLoss && `${planLoss} data-loss error${planLoss === 1 ? "" : "s"} in the plan`,
    planErrors && `${planErrors} guardrail error${planErrors === 1 ? "" : "s"} in the plan`,
  ].filter(Boolean);
  const verdict = problems.length > 0 ? `❌ ${problems.join(", ")}` : `✅ no data loss, no guardrail errors${data.diff ? "" : " (no base given: no diff)"}`;
  const plan = data.plan ? [`Plan: ${(["create", "update", "replace", "delete"] as const).map((a) => `${data.plan?.actions[a] ?? 0} ${a}`).join(", ")}.`, ""] : [];
  const skipped = data.cost.skipped.length > 0 ? ` Stacks without their own cost (in-cluster platform): ${data.cost.skipped.join(", ")}.` : "";
  return [
    COMMENT_MARKER,
    "## llmops review",
    "",
    verdict,
    "",
    "| stack | resources | added | changed | removed | replaced | data loss | guardrail errors | warnings | idle / month | worst case / month |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...data.stacks.map((s) => summaryRow(data, s)),
    "",
    ...plan,
    `<sub>Monthly cost at list prices${data.cost.stacks[0]?.pricesAsOf ? ` as of ${data.cost.stacks[0].pricesAsOf}` : ""}; change against the base in brackets. ${PRICE_MARK_LEGEND}.${skipped}</sub>`,
  ].join("\n");
}

/** Builds the comment from the inputs' data, cutting detail sections to stay under `limit`. */
export function renderComment(data: ReviewData, limit = COMMENT_LIMIT): ReviewComment {
  const summary = summaryMarkdown(data);
  const sections = commentDetails(data);
  const room = (used: number) => limit - used - 700; // the closing note's room
  const parts = [summary];
  let used = summary.length;
  const cut: string[] = [];
  for (const s of sections) {
    const text = `\n\n${s.markdown}`;
    if (used + text.length <= room(0)) {
      parts.push(text);
      used += text.length;
    } else cut.push(s.title);
  }
  if (cut.length > 0) parts.push(`\n\n> Cut to stay under GitHub's ${limit.toLocaleString("en-US")}-character comment limit: ${cut.map((t) => t.replace(/[<>]/g, "")).join("; ").slice(0, 300)}. Run \`llmops review\`, \`llmops diff\` and \`llmops cost\` on the synth output (the workflow's artifacts) for everything.`);
  const dataLossErrors = (data.diff?.errors.length ?? 0) + (data.plan?.dataLoss.length ?? 0);
  const guardrailErrors = [...data.guardrails.values()].reduce((n, r) => n + (r.mode === "enforce" ? r.summary.errors : 0), 0) + (data.plan?.findings.filter((f) => f.status === "non-compliant" && f.level === "error").length ?? 0);
  return { markdown: `${parts.join("")}\n`, dataLossErrors, guardrailErrors, truncated: cut.length > 0 };
}

/** Reads the inputs and writes the comment. */
export function reviewComment(inputs: ReviewInputs): ReviewComment {
  return renderComment(reviewData(inputs), inputs.limit);
}
