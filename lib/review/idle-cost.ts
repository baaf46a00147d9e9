/**
 * What an environment costs idle: no training job, no request, no data beyond what the
 * stack itself creates. Pools sit at their minimum, endpoints at what their minimum and
 * schedule leave running, and every fixed fee and provisioned capacity is paid. Each
 * line names the price it uses (from `lib/catalog/prices.ts`), so a `derived` or
 * `unknown` price shows in every figure built on it. `llmops cost` builds on this.
 */
import { cloudPart } from "../cloud-modules";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { costOf, round2, type CostLine } from "./cost-line";

export { line, type CostLine } from "./cost-line";

/** The idle monthly cost of one environment. */
export interface IdleCost {
  /** `<name>-<tier>`. */
  readonly environment: string;
  readonly cloud: string;
  readonly tier: string;
  /** Sum of the counted lines, US dollars a month. */
  readonly monthlyUsd: number;
  readonly lines: readonly CostLine[];
  /** Ids of the `derived` or `unknown` prices the counted lines use. */
  readonly uncertainPrices: readonly string[];
  /** Date of the service prices used. */
  readonly pricesAsOf: string;
}


/**
 * The idle monthly cost of a resolved environment spec at list prices, line by line.
 * Each cloud's lines come from its own module, listed in `lib/cloud-modules.ts` (part
 * `idleCost`) and loaded on first use. Throws for a cloud whose idle cost is not in
 * this release.
 */
export function idleMonthlyCost(spec: ResolvedEnvironmentSpec): IdleCost {
  const idleLines = cloudPart(spec.cloud, "idleCost");
  if (!idleLines) throw new Error(`idle cost: the ${spec.cloud} idle cost is not in this release`);
  return costOf(spec, idleLines(spec));
}

/** US dollars, rounded to the dollar, with thousands separators. */
export function usd(n: number): string {
  return `$${Math.round(n).toLocaleString("en-US")}`;
}

/** The monthly cost of each component (counted lines), in order of first appearance. */
export function byComponent(cost: IdleCost): { readonly component: string; readonly monthlyUsd: number }[] {
  const sums = new Map<string, number>();
  for (const l of cost.lines) sums.set(l.component, (sums.get(l.component) ?? 0) + l.monthlyUsd);
  return [...sums].map(([component, monthlyUsd]) => ({ component, monthlyUsd: round2(monthlyUsd) }));
}
