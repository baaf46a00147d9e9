/**
 * What an environment costs idle: no training job, no request, no data beyond what the
 * stack itself creates. Pools sit at their minimum, endpoints at what their minimum and
 * schedule leave running, and every fixed fee and provisioned capacity is paid. Each
 * line names the price it uses (from `lib/catalog/prices.ts`), so a `derived` or
 * `unknown` price shows in every figure built on it. `llmops cost` builds on this.
 */
import { HOURS_PER_MONTH, PRICES_AS_OF, type PriceEntry, type PriceStatus } from "../catalog";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { awsIdleLines } from "./aws-idle-cost";

/** One priced quantity of an environment at idle. */
export interface CostLine {
  /** The part of the environment (`network`, `training`, `shared-storage`, ...). */
  readonly component: string;
  /** What is paid for, in words. */
  readonly item: string;
  /** How many units run (instances, zones, GB, keys). */
  readonly quantity: number;
  /** Hours a month they run, for hourly prices (730 all month). */
  readonly hours?: number;
  /** US dollars a month. */
  readonly monthlyUsd: number;
  /** The id of the price used. */
  readonly priceId: string;
  readonly status: PriceStatus;
  /** Whether the line is in the total: per-use charges whose idle volume is not known are shown, not counted. */
  readonly counted: boolean;
  /** Why the quantity is what it is. */
  readonly note?: string;
}

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

/** A line of `quantity` units of `entry`, running `hours` a month for hourly prices. */
export function line(component: string, item: string, entry: PriceEntry, quantity: number, options: { hours?: number; note?: string; counted?: boolean } = {}): CostLine {
  const hourly = entry.unit === "hour";
  const hours = hourly ? (options.hours ?? HOURS_PER_MONTH) : undefined;
  const counted = options.counted ?? true;
  const monthlyUsd = counted ? round2(hourly ? entry.usd * quantity * (hours ?? 0) : entry.usd * quantity) : 0;
  return { component, item, quantity, hours, monthlyUsd, priceId: entry.id, status: entry.status, counted, note: options.note };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * The idle monthly cost of a resolved environment spec at list prices, line by line.
 * Throws for a cloud whose environment stack is not in this release.
 */
export function idleMonthlyCost(spec: ResolvedEnvironmentSpec): IdleCost {
  if (spec.cloud !== "aws") throw new Error(`idle cost: the ${spec.cloud} environment stack is not in this release`);
  const lines = awsIdleLines(spec);
  const counted = lines.filter((l) => l.counted);
  return {
    environment: `${spec.name}-${spec.tier}`,
    cloud: spec.cloud,
    tier: spec.tier,
    monthlyUsd: round2(counted.reduce((sum, l) => sum + l.monthlyUsd, 0)),
    lines,
    uncertainPrices: [...new Set(counted.filter((l) => l.status !== "list" && l.monthlyUsd > 0).map((l) => l.priceId))].sort(),
    pricesAsOf: PRICES_AS_OF,
  };
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
