/**
 * The registry of capacity models, one per cloud: how a cloud's load-dependent idle lines
 * scale (worst case and expected figures in `worst-cost.ts`). A cloud's cost module
 * registers its model when it loads; this module loads no cloud's constructs, so a
 * cloud's model joins without loading another cloud's provider package.
 */
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import type { CostLine } from "./cost-line";
import type { IdleCost } from "./idle-cost";

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

const MODELS = new Map<string, CapacityModel>();

/** Adds (or replaces) the capacity model of a cloud, for the cloud's own cost module to call. */
export function registerCapacityModel(cloud: string, model: CapacityModel): void {
  MODELS.set(cloud, model);
}

/** The capacity model of a cloud; undefined when its worst case and expected figures are not priced in this release. */
export function capacityModelOf(cloud: string): CapacityModel | undefined {
  return MODELS.get(cloud);
}

