/**
 * One line of an idle cost: a priced quantity, the price it uses and its status. The
 * clouds' idle-cost modules build their lines with {@link line}.
 */
import { HOURS_PER_MONTH, PRICES_AS_OF, type PriceEntry, type PriceStatus } from "../catalog";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import type { IdleCost } from "./idle-cost";

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

/** A line of `quantity` units of `entry`, running `hours` a month for hourly prices. */
export function line(component: string, item: string, entry: PriceEntry, quantity: number, options: { hours?: number; note?: string; counted?: boolean } = {}): CostLine {
  const hourly = entry.unit === "hour";
  const hours = hourly ? (options.hours ?? HOURS_PER_MONTH) : undefined;
  const counted = options.counted ?? true;
  const monthlyUsd = counted ? round2(hourly ? entry.usd * quantity * (hours ?? 0) : entry.usd * quantity) : 0;
  return { component, item, quantity, hours, monthlyUsd, priceId: entry.id, status: entry.status, counted, note: options.note };
}

/** Dollars to the cent. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Sums an environment's counted lines into a monthly figure (idle, worst case or expected), with the prices it could not confirm. */
export function costOf(spec: ResolvedEnvironmentSpec, lines: readonly CostLine[]): IdleCost {
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

/** Replaces the lines `drop` matches with `by`, in place of the first one (keeps the component order of the idle figure). */
export function replaceLines(lines: readonly CostLine[], drop: (l: CostLine) => boolean, by: readonly CostLine[]): CostLine[] {
  const at = lines.findIndex(drop);
  const kept = lines.filter((l) => !drop(l));
  if (at < 0) return [...kept, ...by];
  const before = lines.slice(0, at).filter((l) => !drop(l)).length;
  return [...kept.slice(0, before), ...by, ...kept.slice(before)];
}
