/** `llmops cost` as text: one table per stack, a compare listing, and the legend of price marks. */
import { usd } from "./idle-cost";
import { PRICE_MARK_LEGEND, type CostComparison, type CostFigure, type CostReport, type FigureChange, type StackCost } from "./cost";

/** Dollars a month: cents under $10, whole dollars above. */
export function money(n: number): string {
  const sign = n < 0 ? "-" : "";
  const a = Math.abs(n);
  return a === 0 ? "$0" : a < 10 ? `${sign}$${a.toFixed(2)}` : `${sign}${usd(a)}`;
}

/** A figure with its price mark, or `not priced`. */
export function figureText(f: CostFigure | undefined): string {
  if (!f) return "-";
  return f.priced ? `${money(f.monthlyUsd)}${f.mark}` : "not priced";
}

/** A change: `+$12`, `-$3.50`, `$0`, or `new`/`gone`/`not priced`. */
export function deltaText(c: FigureChange): string {
  const mark = c.delta === 0 ? "" : c.mark;
  if (c.delta !== undefined) return `${c.delta > 0 ? `+${money(c.delta)}` : money(c.delta)}${mark}`;
  if (c.before === undefined && c.after !== undefined) return `new ${money(c.after)}${mark}`;
  if (c.before !== undefined && c.after === undefined) return `gone (was ${money(c.before)}${mark})`;
  return "not priced";
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd());
}

function stackTable(s: StackCost): string[] {
  const withExpected = s.expected !== undefined;
  const head = ["component", "idle", "worst case", ...(withExpected ? ["expected"] : [])];
  const rows = s.components.map((c) => [c.component, figureText(c.idle), figureText(c.worst), ...(withExpected ? [figureText(c.expected)] : [])]);
  const total = ["total per month", figureText(s.idle), figureText(s.worst), ...(withExpected ? [figureText(s.expected)] : [])];
  const notes = [s.idle, s.worst, s.expected].filter((f): f is CostFigure => !!f && !f.priced && !!f.reason).map((f) => `  (${f.reason})`);
  return [`${s.stack} (${s.cloud}, ${s.tier}${s.pricesAsOf ? `, list prices as of ${s.pricesAsOf}` : ""})`, ...table([head, ...rows, total]).map((l) => `  ${l}`), ...[...new Set(notes)]];
}

/** The cost report as text: one table per stack, then the legend. */
export function costText(report: CostReport): string[] {
  const lines = report.stacks.flatMap((s) => [...stackTable(s), ""]);
  if (report.skipped.length > 0) lines.push(`not priced (no resolved spec: platform stacks cost nothing of their own): ${report.skipped.join(", ")}`);
  lines.push(`legend: ${PRICE_MARK_LEGEND}`);
  return lines;
}

/** The comparison as text: per stack the totals, the components and the lines that moved. */
export function compareText(cmp: CostComparison): string[] {
  const lines: string[] = [];
  for (const s of cmp.stacks) {
    const note = s.status === "added" ? " [new stack]" : s.status === "removed" ? " [stack removed]" : "";
    lines.push(`${s.stack}: idle ${deltaText(s.idle)}, worst case ${deltaText(s.worst)} per month${note}${s.status === "unchanged" ? " (no change)" : ""}`);
    if (s.status === "unchanged") continue;
    for (const c of s.components) lines.push(`  ${c.component}: idle ${deltaText(c.idle)}, worst case ${deltaText(c.worst)}`);
    for (const l of s.lines) lines.push(`    ${l.component} / ${l.item}: idle ${deltaText(l.idle)}, worst case ${deltaText(l.worst)}`);
  }
  lines.push(`legend: ${PRICE_MARK_LEGEND}`);
  return lines;
}
