import type { DiffReport, StackDiff } from "./diff";

function counts(d: StackDiff): string {
  const replaced = d.changed.filter((c) => c.replacement === "forced").length;
  const maybe = d.changed.filter((c) => c.replacement === "possible").length;
  const extra = [replaced ? `${replaced} replaced` : "", maybe ? `${maybe} possibly replaced` : ""].filter(Boolean).join(", ");
  return `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed${extra ? ` (${extra})` : ""}, ${d.moved.length} moved`;
}

/**
 * The diff as text, one block per stack that changed:
 * `+` added, `-` removed, `~` changed in place, `-/+` replaced, `?/+` possibly
 * replaced, `>` moved; then one `error:` line per data-loss error.
 */
export function diffText(report: DiffReport): string[] {
  const lines: string[] = [];
  for (const d of report.stacks) {
    const note = d.status === "added" ? " [new stack]" : d.status === "removed" ? " [stack removed]" : "";
    lines.push(`${d.stack}: ${d.status === "unchanged" ? "no changes" : counts(d)}${note}`);
    for (const a of d.added) lines.push(`  + ${a}`);
    for (const r of d.removed) lines.push(`  - ${r}`);
    for (const m of d.moved) lines.push(`  > ${m.from} -> ${m.to}`);
    for (const c of d.changed) {
      const mark = c.replacement === "forced" ? "-/+" : c.replacement === "possible" ? "?/+" : "~";
      const paths = c.paths.length > 0 ? `: ${c.paths.join(", ")}` : "";
      lines.push(`  ${mark} ${c.address}${paths}${c.cause ? ` (${c.cause})` : ""}`);
    }
  }
  for (const e of report.errors) lines.push(`error: ${e.stack}: ${e.address} ${e.message}`);
  const n = report.errors.length;
  lines.push(n === 0 ? "no data loss: no stateful resource is removed or replaced" : `${n} data-loss error${n === 1 ? "" : "s"}`);
  return lines;
}
