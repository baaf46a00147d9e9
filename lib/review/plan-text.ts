import type { PlanAction, PlanReview } from "./plan";

const MARK: Record<PlanAction, string> = { create: "+", update: "~", replace: "-/+", delete: "-", "no-op": " ", read: "<=", forget: "x" };

/** The plan review as text: a count line, one line per resource that changes, data-loss errors, and open guardrail findings. */
export function planText(review: PlanReview, fixOf: (ruleId: string) => string | undefined = () => undefined): string[] {
  const order: PlanAction[] = ["create", "update", "replace", "delete", "read", "forget", "no-op"];
  const lines = [`plan: ${order.map((a) => `${review.actions[a] ?? 0} ${a}`).join(", ")}`];
  for (const c of review.changes.filter((x) => x.action !== "no-op")) {
    lines.push(`  ${MARK[c.action]} ${c.address}${c.replacePaths ? ` (forced by ${c.replacePaths.join(", ")})` : ""}`);
  }
  for (const d of review.dataLoss) lines.push(`error: ${d.address} ${d.message}`);
  const open = review.findings.filter((f) => f.status === "non-compliant");
  for (const f of open) {
    const fix = fixOf(f.ruleId);
    lines.push(`${f.level}: [${f.ruleId}] ${f.resource}: ${f.message}${fix ? ` Fix: ${fix}` : ""}`);
  }
  const errors = open.filter((f) => f.level === "error").length;
  lines.push(`${review.dataLoss.length} data-loss error${review.dataLoss.length === 1 ? "" : "s"}, ${review.findings.length} guardrail checks, ${errors} error${errors === 1 ? "" : "s"}, ${open.length - errors} warning${open.length - errors === 1 ? "" : "s"}`);
  return lines;
}
