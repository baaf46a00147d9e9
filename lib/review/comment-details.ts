/** The collapsible detail sections of the pull-request comment, in the order they are kept when the comment must be cut. */
import { diffText } from "./diff-text";
import { stackDiagram } from "./diagram";
import type { SynthesizedDocument } from "./diff";
import { planText } from "./plan-text";
import { figureText } from "./cost-text";
import type { StackCost } from "./cost";
import type { CostLine } from "./idle-cost";
import type { ReviewData } from "./comment";

/** One `<details>` block. */
export interface DetailSection {
  /** The summary line, also named in the note when the section is cut. */
  readonly title: string;
  readonly markdown: string;
}

/** A table cell: pipes escaped, one line. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function details(title: string, body: string): DetailSection {
  return { title, markdown: `<details><summary>${title}</summary>\n\n${body}\n\n</details>` };
}

function fence(lines: readonly string[], lang = ""): string {
  return ["```" + lang, ...lines.map((l) => l.replace(/```/g, "'''")), "```"].join("\n");
}

function diffSections(data: ReviewData): DetailSection[] {
  if (!data.diff) return [];
  return data.diff.stacks
    .filter((d) => d.status !== "unchanged")
    .map((d) => {
      const errors = data.diff?.errors.filter((e) => e.stack === d.stack) ?? [];
      const lines = diffText({ stacks: [d], errors });
      return details(`Diff: ${d.stack} (${d.added.length} added, ${d.changed.length} changed, ${d.removed.length} removed${errors.length ? `, ${errors.length} data-loss error${errors.length === 1 ? "" : "s"}` : ""})`, fence(lines, "diff"));
    });
}

function guardrailSection(data: ReviewData): DetailSection[] {
  const rows: string[] = [];
  let suppressed = 0;
  for (const [stack, report] of data.guardrails) {
    suppressed += report.summary.suppressed;
    for (const f of report.findings.filter((x) => x.status === "non-compliant")) {
      rows.push(`| ${stack} | ${f.level === "error" && report.mode === "enforce" ? "❌ error" : "⚠️ warning"} | \`${f.ruleId}\` | \`${cell(f.resource)}\` | ${cell(f.message ?? "")} |`);
    }
  }
  const checks = [...data.guardrails.values()].reduce((n, r) => n + r.summary.checks, 0);
  const body = rows.length
    ? ["| stack | level | rule | resource | finding |", "|---|---|---|---|---|", ...rows].join("\n")
    : `No open finding in ${checks} checks of ${data.guardrails.size} stacks.`;
  return [details(`Guardrail findings (${rows.length} open, ${suppressed} suppressed)`, `${body}\n\nEach stack's \`guardrails.sarif\` is uploaded to code scanning; \`guardrails.json\` lists every check.`)];
}

function planSection(data: ReviewData): DetailSection[] {
  if (!data.plan) return [];
  const n = data.plan.changes.filter((c) => c.action !== "no-op").length;
  return [details(`Plan review (${n} resource${n === 1 ? " changes" : "s change"})`, fence(planText(data.plan)))];
}

function quantity(hours: number | undefined, quantity: number): string {
  return hours !== undefined && hours !== 730 ? `${quantity} x ${hours} h` : String(quantity);
}

/** Dollars with cents and thousands separators. */
function cents(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function markOf(status: string): string {
  return status === "derived" ? "~" : status === "unknown" ? "?" : "";
}

/**
 * The worst-case lines of each idle line: the same item, else (a line renamed at its
 * maximum, e.g. Aurora's ACUs) the same price in the same component, not claimed by
 * another idle line's item.
 */
function worstByIdleLine(s: StackCost): { matched: CostLine[][]; extra: CostLine[] } {
  const key = (l: CostLine) => `${l.component}\u0000${l.item}`;
  const idleItems = new Set(s.idle.lines.map(key));
  const used = new Set<CostLine>();
  const matched = s.idle.lines.map((l, i) => {
    let w = s.worst.lines.filter((x) => key(x) === key(l));
    const firstWithPrice = s.idle.lines.findIndex((x) => x.component === l.component && x.priceId === l.priceId) === i;
    if (w.length === 0 && firstWithPrice) w = s.worst.lines.filter((x) => x.component === l.component && x.priceId === l.priceId && !idleItems.has(key(x)));
    for (const x of w) used.add(x);
    return w;
  });
  return { matched, extra: s.worst.lines.filter((x) => !used.has(x)) };
}

function costSection(s: StackCost): DetailSection {
  if (!s.idle.priced) return details(`Cost: ${s.stack} (not priced)`, cell(s.idle.reason ?? "not priced in this release"));
  const { matched, extra } = worstByIdleLine(s);
  const rows = s.idle.lines.map((l, i) => {
    const w = matched[i];
    const worst = !s.worst.priced ? "not priced" : `${cents(w.reduce((n, x) => n + x.monthlyUsd, 0))}${w.length ? markOf(l.status) : ""}`;
    const idle = l.counted ? `${cents(l.monthlyUsd)}${markOf(l.status)}` : "not counted";
    return `| ${l.component} | ${cell(l.item)} | ${quantity(l.hours, l.quantity)} | ${idle} | ${worst} | \`${l.priceId}\` (${l.status}) |`;
  });
  for (const w of extra) rows.push(`| ${w.component} | ${cell(w.item)} | 0 | $0.00 | ${cents(w.monthlyUsd)}${markOf(w.status)} | \`${w.priceId}\` (${w.status}) |`);
  const table = ["| component | item | quantity (idle) | idle | worst case | price |", "|---|---|---:|---:|---:|---|", ...rows, `| | **total** | | **${figureText(s.idle)}** | **${figureText(s.worst)}** | |`].join("\n");
  return details(`Cost: ${s.stack} (idle ${figureText(s.idle)}, worst case ${figureText(s.worst)} a month)`, table);
}

function costChangeSection(data: ReviewData): DetailSection[] {
  const changed = data.costChange?.stacks.filter((s) => s.status !== "unchanged" && s.lines.length > 0) ?? [];
  if (changed.length === 0) return [];
  const money = (n: number | undefined) => (n === undefined ? "-" : cents(n));
  const rows = changed.flatMap((s) => s.lines.map((l) => `| ${s.stack} | ${l.component} | ${cell(l.item)} | ${money(l.idle.before)} → ${money(l.idle.after)} | ${money(l.worst.before)} → ${money(l.worst.after)} |`));
  return [details(`Cost change by line (${rows.length} lines)`, ["| stack | component | item | idle | worst case |", "|---|---|---|---:|---:|", ...rows].join("\n"))];
}

function diagramSections(data: ReviewData): DetailSection[] {
  return data.cost.stacks.map((s) => details(`Diagram: ${s.stack}`, fence(stackDiagram(data.docs.get(s.stack) as SynthesizedDocument).split("\n"), "mermaid")));
}

/** Every detail section, most important first. */
export function commentDetails(data: ReviewData): DetailSection[] {
  return [...diffSections(data), ...guardrailSection(data), ...planSection(data), ...costChangeSection(data), ...data.cost.stacks.map(costSection), ...diagramSections(data)];
}
