/**
 * `llmops cost`: per stack and per component, three monthly figures at list prices:
 * idle (from {@link idleMonthlyCost}), worst case and expected (from the cloud's
 * capacity model, see worst-cost.ts). Input: spec files, or `cdktf.out` folders whose
 * environment stacks carry their resolved spec (`llmops-spec.json`, written at synth).
 * A figure resting on a `derived` price is marked `~`, on an `unknown` one `?`; a
 * figure this release cannot price is "not priced", never zero.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadSpecFile } from "../environment/load";
import { resolveEnvironmentSpec } from "../environment/resolve";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { stackNameOf } from "../stacks/llmops-stack";
import { readResolvedSpec, SPEC_FILE } from "../stacks/spec-file";
import { idleMonthlyCost, type CostLine, type IdleCost } from "./idle-cost";
import { usageOf, type UsageProfile } from "./usage-profile";
import { expectedMonthlyCost, worstMonthlyCost } from "./worst-cost";

/** A resolved spec and the stack it gives. */
export interface CostSource {
  readonly stack: string;
  readonly spec: ResolvedEnvironmentSpec;
}

/** `~`: rests on a derived price; `?`: on an unknown (unverified) one; empty: list prices only. */
export type PriceMark = "" | "~" | "?";

/** One monthly figure: priced (with its lines) or not. */
export interface CostFigure {
  readonly priced: boolean;
  /** US dollars a month (0 when not priced). */
  readonly monthlyUsd: number;
  readonly mark: PriceMark;
  readonly lines: readonly CostLine[];
  /** Why the figure is not priced. */
  readonly reason?: string;
}

/** The three figures of one component. */
export interface ComponentCost {
  readonly component: string;
  readonly idle: CostFigure;
  readonly worst: CostFigure;
  readonly expected?: CostFigure;
}

/** The cost of one stack. */
export interface StackCost {
  readonly stack: string;
  readonly cloud: string;
  readonly tier: string;
  readonly pricesAsOf?: string;
  readonly idle: CostFigure;
  readonly worst: CostFigure;
  /** Set when a usage profile says something of this stack. */
  readonly expected?: CostFigure;
  readonly components: readonly ComponentCost[];
}

export interface CostReport {
  readonly stacks: readonly StackCost[];
  /** Stacks of a cdktf.out folder without a resolved spec (platform stacks: no cost of their own). */
  readonly skipped: readonly string[];
}

/** What the marks mean, for every output that shows them. */
export const PRICE_MARK_LEGEND = "~ rests on a derived price (computed by a stated rule), ? on an unknown (unverified) price; not priced: this release has no price model for it";

/** The stacks a `cdktf.out` folder holds, with their resolved specs. */
function fromSynthDir(dir: string): { sources: CostSource[]; skipped: string[] } {
  const stacksDir = join(dir, "stacks");
  const sources: CostSource[] = [];
  const skipped: string[] = [];
  for (const name of readdirSync(stacksDir).sort()) {
    if (!existsSync(join(stacksDir, name, "cdk.tf.json"))) continue;
    const spec = readResolvedSpec(join(stacksDir, name));
    if (spec) sources.push({ stack: name, spec });
    else skipped.push(name);
  }
  return { sources, skipped };
}

/** Reads spec files and `cdktf.out` folders (a folder with `stacks/`); spec problems throw `LlmOpsValidationError`. */
export function loadCostSources(paths: readonly string[]): { sources: CostSource[]; skipped: string[] } {
  const sources: CostSource[] = [];
  const skipped: string[] = [];
  for (const path of paths) {
    if (existsSync(path) && statSync(path).isDirectory()) {
      if (!existsSync(join(path, "stacks"))) throw new Error(`${path}: no stacks/ folder (give spec files or a cdktf.out folder)`);
      const r = fromSynthDir(path);
      if (r.sources.length === 0 && r.skipped.length > 0) throw new Error(`${path}: no stack has ${SPEC_FILE} (synthesized by an older version?); synthesize again`);
      sources.push(...r.sources);
      skipped.push(...r.skipped);
    } else {
      const spec = resolveEnvironmentSpec(loadSpecFile(path), path);
      sources.push({ stack: stackNameOf(spec), spec });
    }
  }
  return { sources, skipped };
}

function markOf(lines: readonly CostLine[]): PriceMark {
  const used = lines.filter((l) => l.counted && l.monthlyUsd > 0);
  return used.some((l) => l.status === "unknown") ? "?" : used.some((l) => l.status === "derived") ? "~" : "";
}

function figure(cost: IdleCost | undefined, reason: string): CostFigure {
  if (!cost) return { priced: false, monthlyUsd: 0, mark: "", lines: [], reason };
  return { priced: true, monthlyUsd: cost.monthlyUsd, mark: markOf(cost.lines), lines: cost.lines };
}

function ofComponent(f: CostFigure, component: string): CostFigure {
  if (!f.priced) return f;
  const lines = f.lines.filter((l) => l.component === component);
  return { priced: true, monthlyUsd: Math.round(lines.reduce((s, l) => s + l.monthlyUsd, 0) * 100) / 100, mark: markOf(lines), lines };
}

/** The three figures of one stack; `usage` gives the expected one. */
export function stackCost(source: CostSource, profile?: UsageProfile): StackCost {
  const { spec } = source;
  let idle: IdleCost | undefined;
  let reason = "";
  try {
    idle = idleMonthlyCost(spec);
  } catch (e) {
    reason = (e as Error).message;
  }
  const usage = usageOf(profile, source.stack);
  const notPriced = `the ${spec.cloud} worst case is not priced in this release`;
  const idleFigure = figure(idle, reason);
  const worst = figure(idle && worstMonthlyCost(spec, idle), idle ? notPriced : reason);
  const expected = usage ? figure(idle && expectedMonthlyCost(spec, idle, usage), idle ? notPriced.replace("worst case", "expected cost") : reason) : undefined;
  const names = [...new Set([idleFigure, worst, expected].flatMap((f) => f?.lines.map((l) => l.component) ?? []))];
  return {
    stack: source.stack,
    cloud: spec.cloud,
    tier: spec.tier,
    pricesAsOf: idle?.pricesAsOf,
    idle: idleFigure,
    worst,
    ...(expected ? { expected } : {}),
    components: names.map((component) => ({ component, idle: ofComponent(idleFigure, component), worst: ofComponent(worst, component), ...(expected ? { expected: ofComponent(expected, component) } : {}) })),
  };
}

/** The cost of every stack the paths give. */
export function costReport(paths: readonly string[], profile?: UsageProfile): CostReport {
  const { sources, skipped } = loadCostSources(paths);
  return { stacks: sources.map((s) => stackCost(s, profile)), skipped };
}

/** A change of one figure: before and after (undefined: absent or not priced). */
export interface FigureChange {
  readonly before?: number;
  readonly after?: number;
  /** after - before when both are priced. */
  readonly delta?: number;
  /** The price mark of the figures compared (the stronger of the two). */
  readonly mark: PriceMark;
}

/** The change of one cost line (keyed by component and item). */
export interface LineChange {
  readonly component: string;
  readonly item: string;
  readonly idle: FigureChange;
  readonly worst: FigureChange;
}

/** The change of one stack's cost between two inputs. */
export interface StackCostChange {
  readonly stack: string;
  readonly status: "added" | "removed" | "changed" | "unchanged";
  readonly idle: FigureChange;
  readonly worst: FigureChange;
  readonly components: readonly { readonly component: string; readonly idle: FigureChange; readonly worst: FigureChange }[];
  readonly lines: readonly LineChange[];
}

export interface CostComparison {
  readonly stacks: readonly StackCostChange[];
}

function change(before: CostFigure | undefined, after: CostFigure | undefined): FigureChange {
  const b = before?.priced ? before.monthlyUsd : undefined;
  const a = after?.priced ? after.monthlyUsd : undefined;
  const marks = [before?.mark, after?.mark];
  const mark: PriceMark = marks.includes("?") ? "?" : marks.includes("~") ? "~" : "";
  return { before: b, after: a, ...(a !== undefined && b !== undefined ? { delta: Math.round((a - b) * 100) / 100 } : {}), mark };
}

function lineFigure(f: CostFigure | undefined, key: string): CostFigure | undefined {
  if (!f?.priced) return undefined;
  const lines = f.lines.filter((l) => `${l.component}\u0000${l.item}` === key);
  return lines.length ? { priced: true, monthlyUsd: lines.reduce((s, l) => s + l.monthlyUsd, 0), mark: markOf(lines), lines } : undefined;
}

function moved(c: FigureChange): boolean {
  return c.before !== c.after;
}

/** Compares two cost reports stack by stack, component by component and line by line. */
export function compareCosts(base: CostReport, head: CostReport): CostComparison {
  const names = [...new Set([...base.stacks, ...head.stacks].map((s) => s.stack))].sort();
  return {
    stacks: names.map((stack) => {
      const b = base.stacks.find((s) => s.stack === stack);
      const h = head.stacks.find((s) => s.stack === stack);
      const components = [...new Set([...(b?.components ?? []), ...(h?.components ?? [])].map((c) => c.component))].map((component) => {
        const [x, y] = [b, h].map((s) => s?.components.find((c) => c.component === component));
        return { component, idle: change(x?.idle, y?.idle), worst: change(x?.worst, y?.worst) };
      });
      const keys = [...new Set([b, h].flatMap((s) => [...(s?.idle.lines ?? []), ...(s?.worst.lines ?? [])].map((l) => `${l.component}\u0000${l.item}`)))];
      const lines = keys
        .map((key) => {
          const [component, item] = key.split("\u0000");
          return { component, item, idle: change(lineFigure(b?.idle, key), lineFigure(h?.idle, key)), worst: change(lineFigure(b?.worst, key), lineFigure(h?.worst, key)) };
        })
        .filter((l) => moved(l.idle) || moved(l.worst));
      const idle = change(b?.idle, h?.idle);
      const worst = change(b?.worst, h?.worst);
      const status = !b ? "added" : !h ? "removed" : lines.length > 0 || moved(idle) || moved(worst) ? "changed" : "unchanged";
      return { stack, status, idle, worst, components: components.filter((c) => moved(c.idle) || moved(c.worst)), lines };
    }),
  };
}
