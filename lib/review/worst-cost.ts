/**
 * The two load-dependent monthly figures beside the idle cost: the **worst case**
 * (every pool, endpoint and capacity unit at its maximum, 730 hours a month, plus the
 * idle figure's fixed lines) and the **expected** cost under a usage profile (training
 * node-hours per pool, serving hours per endpoint). Each cloud brings a
 * {@link CapacityModel} that knows which of its idle lines scale with load; a cloud
 * without one is "not priced" (undefined), never zero.
 */
import { PRICES_AS_OF } from "../catalog";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { awsCapacityModel } from "./aws-worst-cost";
import type { CostLine, IdleCost } from "./idle-cost";

/** The usage of one environment in a month, for the expected figure. */
export interface StackUsage {
  /** Node-hours the training pool runs in a month (a node for an hour is one node-hour). */
  readonly training?: { readonly nodeHours: number };
  /** Hours the endpoint serves in a month, with how many instances. */
  readonly inference?: { readonly hours: number; readonly instances?: number };
}

/** How a cloud's load-dependent lines scale; built on that cloud's idle lines. */
export interface CapacityModel {
  /** Every cost line of the worst case: each pool and endpoint at its maximum all month, the rest as at idle. */
  worstLines(spec: ResolvedEnvironmentSpec, idle: IdleCost): CostLine[];
  /** Every cost line under `usage`: what the usage does not say stays as at idle. */
  expectedLines(spec: ResolvedEnvironmentSpec, idle: IdleCost, usage: StackUsage): CostLine[];
}

const MODELS = new Map<string, CapacityModel>([["aws", awsCapacityModel]]);

/** Adds (or replaces) the capacity model of a cloud, for the cloud's own cost module to call. */
export function registerCapacityModel(cloud: string, model: CapacityModel): void {
  MODELS.set(cloud, model);
}

/** The capacity model of a cloud; undefined when its worst case and expected figures are not priced in this release. */
export function capacityModelOf(cloud: string): CapacityModel | undefined {
  return MODELS.get(cloud);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Sums counted lines into the same shape as the idle figure. */
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

/** The worst-case monthly cost; undefined when the cloud has no capacity model. */
export function worstMonthlyCost(spec: ResolvedEnvironmentSpec, idle: IdleCost): IdleCost | undefined {
  const model = capacityModelOf(spec.cloud);
  return model ? costOf(spec, model.worstLines(spec, idle)) : undefined;
}

/** The expected monthly cost under a usage profile; undefined when the cloud has no capacity model. */
export function expectedMonthlyCost(spec: ResolvedEnvironmentSpec, idle: IdleCost, usage: StackUsage): IdleCost | undefined {
  const model = capacityModelOf(spec.cloud);
  return model ? costOf(spec, model.expectedLines(spec, idle, usage)) : undefined;
}
