/**
 * The expected figure's arithmetic every cloud shares: a pool's node-hours from a usage
 * profile, held between its minimum and maximum, and an endpoint's serving hours, never
 * below what idle already runs.
 */
import { HOURS_PER_MONTH, type PriceEntry } from "../catalog";
import type { Bounds } from "../environment/resolved";
import { line, replaceLines, type CostLine } from "./cost-line";
import type { StackUsage } from "./capacity-models";

/** The pool's line under a usage profile: one line of node-hours. */
export function expectedPool(lines: readonly CostLine[], isPool: (l: CostLine) => boolean, pool: { component: string; item: string; entry: PriceEntry; nodes: Bounds }, usage: StackUsage["training"]): CostLine[] {
  if (!usage) return [...lines];
  const floor = pool.nodes.min * HOURS_PER_MONTH;
  const ceiling = pool.nodes.max * HOURS_PER_MONTH;
  const nodeHours = Math.min(Math.max(usage.nodeHours, floor), ceiling);
  const note = `${usage.nodeHours} node-hours from the usage profile${nodeHours !== usage.nodeHours ? ` (held to the pool's ${nodeHours === floor ? "minimum" : "maximum"}: ${nodeHours})` : ""}`;
  return replaceLines(lines, isPool, [line(pool.component, pool.item, pool.entry, 1, { hours: nodeHours, note })]);
}

/** The endpoint's line under a usage profile: instances x hours, never below the idle figure's instance-hours. */
export function expectedEndpoint(lines: readonly CostLine[], isEndpoint: (l: CostLine) => boolean, endpoint: { component: string; item: string; entry: PriceEntry; replicas: Bounds }, usage: StackUsage["inference"]): CostLine[] {
  if (!usage) return [...lines];
  const instances = Math.min(Math.max(usage.instances ?? 1, endpoint.replicas.min), endpoint.replicas.max);
  const hours = Math.min(usage.hours, HOURS_PER_MONTH);
  const idleHours = lines.filter(isEndpoint).reduce((sum, l) => sum + l.quantity * (l.hours ?? 0), 0);
  const served = Math.max(instances * hours, idleHours);
  const note = `${instances} instance${instances > 1 ? "s" : ""} x ${hours} h serving from the usage profile${served > instances * hours ? " (the idle floor is more)" : ""}`;
  return replaceLines(lines, isEndpoint, [line(endpoint.component, endpoint.item, endpoint.entry, 1, { hours: Math.round(served * 10) / 10, note })]);
}
