/**
 * Markdown tables of idle costs and of the price table, for the README and (later)
 * the pull-request comment of `llmops review`.
 */
import { PRICES, type PriceEntry } from "../catalog";
import { byComponent, usd, type CostLine, type IdleCost } from "./idle-cost";

const STATUS_MARK: Readonly<Record<string, string>> = { list: "", derived: " (derived)", unknown: " (unverified)" };

function money(n: number): string {
  return n === 0 ? "$0" : n < 10 ? `$${n.toFixed(2)}` : usd(n);
}

/** One column per environment (headed by its tier, or by `labels`), one row per component, and the total. */
export function idleCostByTierTable(costs: readonly IdleCost[], labels: readonly string[] = costs.map((c) => c.tier)): string {
  const components = [...new Set(costs.flatMap((c) => byComponent(c).map((b) => b.component)))];
  const cell = (cost: IdleCost, component: string) => money(byComponent(cost).find((b) => b.component === component)?.monthlyUsd ?? 0);
  const rows = components.map((component) => `| ${component} | ${costs.map((c) => cell(c, component)).join(" | ")} |`);
  const uncertain = (c: IdleCost) => {
    // machine prices (catalog offers) are not in PRICES: the lines carry every price's status
    const statusOf = (id: string) => c.lines.find((l) => l.priceId === id)?.status;
    const count = (status: string) => c.uncertainPrices.filter((id) => statusOf(id) === status).length;
    const parts = [count("derived") && `${count("derived")} derived`, count("unknown") && `${count("unknown")} unverified`].filter(Boolean);
    return parts.length ? ` (uses ${parts.join(" and ")} price${c.uncertainPrices.length > 1 ? "s" : ""})` : "";
  };
  return [
    `| component | ${labels.join(" | ")} |`,
    `|---|${costs.map(() => "---:").join("|")}|`,
    ...rows,
    `| **idle total per month** | ${costs.map((c) => `**${usd(c.monthlyUsd)}**${uncertain(c)}`).join(" | ")} |`,
  ].join("\n");
}

function quantity(l: CostLine): string {
  return l.hours !== undefined && l.hours !== 730 ? `${l.quantity} × ${l.hours} h` : String(l.quantity);
}

/** Every line of one environment's idle cost, with the price each uses. */
export function idleCostLinesTable(cost: IdleCost): string {
  const rows = cost.lines.map(
    (l) => `| ${l.component} | ${l.item} | ${quantity(l)} | ${l.counted ? money(l.monthlyUsd) : "not counted"} | \`${l.priceId}\`${STATUS_MARK[l.status]} | ${l.note ?? ""} |`,
  );
  return [
    "| component | item | quantity | per month | price | why |",
    "|---|---|---:|---:|---|---|",
    ...rows,
    `| | **total** | | **${usd(cost.monthlyUsd)}** | | |`,
  ].join("\n");
}

/** A source's link text: the page path on the cloud's site, else `owner/name@commit:file` of a pinned copy. */
function sourceLabel(source: string): string {
  const url = new URL(source);
  const pinned = /^\/(.+?)\/blob\/([0-9a-f]{7})[0-9a-f]*\/(?:.*\/)?([^/]+)$/.exec(url.pathname);
  return url.hostname !== "aws.amazon.com" && pinned ? `${pinned[1]}@${pinned[2]}:${pinned[3]}` : url.pathname;
}

function unitPrice(p: PriceEntry): string {
  return `$${p.usd} per ${p.unit}`;
}

/** The service price table: id, what, price, status and source. */
export function priceTableMarkdown(): string {
  const rows = Object.values(PRICES).map((p) => `| \`${p.id}\` | ${p.description} | ${unitPrice(p)} | ${p.status}${p.rule ? `: ${p.rule}` : ""} | ${p.idle ? "yes" : "per use"} | [${sourceLabel(p.source)}](${p.source}) |`);
  return ["| id | what | list price | status | idle | source |", "|---|---|---:|---|---|---|", ...rows].join("\n");
}
