import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { STATEFUL_TYPES } from "../policy/rules/common/stateful-prevent-destroy";
import { replacementOf } from "./replacement/index";

/** The parts of a synthesized `cdk.tf.json` the diff reads. */
export interface SynthesizedDocument {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly moved?: readonly { readonly from: string; readonly to: string }[];
}

/** Whether a change replaces the resource: `forced` by the table, `possible` (type not in the table, or a replaced reference), `none`. */
export type Replacement = "forced" | "possible" | "none";

/** One resource present in both synths (at the same address or moved) whose attributes differ, or that a replaced reference drags along. */
export interface ChangedResource {
  readonly address: string;
  readonly type: string;
  /** Address in the base when a `moved` block carried it to `address`. */
  readonly movedFrom?: string;
  /** Changed attribute paths (`scaling_config.0.max_size`; lists of values as one path). */
  readonly paths: readonly string[];
  readonly replacement: Replacement;
  /** Why it is (or may be) replaced: the forcing paths, or the reference. */
  readonly cause?: string;
}

/** What changed in one stack. */
export interface StackDiff {
  readonly stack: string;
  /** `added`/`removed`: the whole stack is new or gone. */
  readonly status: "added" | "removed" | "changed" | "unchanged";
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly moved: readonly { readonly from: string; readonly to: string }[];
  readonly changed: readonly ChangedResource[];
}

/** A change that loses data: a stateful resource removed or replaced. */
export interface DataLossError {
  readonly stack: string;
  readonly address: string;
  readonly message: string;
}

export interface DiffReport {
  readonly stacks: readonly StackDiff[];
  readonly errors: readonly DataLossError[];
}

type Resources = Map<string, Record<string, unknown>>;

/** Reads every `stacks/<name>/cdk.tf.json` of a cdktf output folder. */
export function readSynthDir(dir: string): Map<string, SynthesizedDocument> {
  const stacksDir = join(dir, "stacks");
  if (!existsSync(stacksDir)) throw new Error(`${dir}: no stacks/ folder (is it a cdktf.out folder?)`);
  const docs = new Map<string, SynthesizedDocument>();
  for (const entry of readdirSync(stacksDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(stacksDir, entry.name, "cdk.tf.json");
    if (entry.isDirectory() && existsSync(file)) docs.set(entry.name, JSON.parse(readFileSync(file, "utf8")) as SynthesizedDocument);
  }
  return docs;
}

function resourcesOf(doc: SynthesizedDocument | undefined): Resources {
  const out: Resources = new Map();
  for (const [type, byName] of Object.entries(doc?.resource ?? {})) {
    for (const [name, raw] of Object.entries(byName)) {
      const { "//": _meta, ...attributes } = raw;
      out.set(`${type}.${name}`, attributes);
    }
  }
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function isBlockList(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.some((x) => x !== null && typeof x === "object");
}

/** Leaf paths where `a` and `b` differ; a list of plain values is one leaf, blocks are walked into. */
export function changedPaths(a: unknown, b: unknown, prefix = ""): string[] {
  const at = (k: string | number) => (prefix ? `${prefix}.${k}` : String(k));
  if (isPlain(a) || isPlain(b)) {
    const x = isPlain(a) ? a : {};
    const y = isPlain(b) ? b : {};
    if (!isPlain(a) && a !== undefined) return [prefix];
    if (!isPlain(b) && b !== undefined) return [prefix];
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
    return keys.flatMap((k) => changedPaths(x[k], y[k], at(k)));
  }
  if (isBlockList(a) || isBlockList(b)) {
    const x = Array.isArray(a) ? a : [];
    const y = Array.isArray(b) ? b : [];
    return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => changedPaths(x[i], y[i], at(i))).flat();
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
}

/** Paths Terraform does not send to the provider: they never force a replacement. */
function isMeta(path: string): boolean {
  return /^(lifecycle|depends_on|provider|count|for_each|provisioner|connection)(\.|$)/.test(path);
}

function classify(type: string, paths: readonly string[]): { replacement: Replacement; cause?: string } {
  const args = paths.filter((p) => !isMeta(p));
  if (args.length === 0) return { replacement: "none" };
  const r = replacementOf(type, args);
  if (r.kind === "forced") return { replacement: "forced", cause: `changing ${r.by.join(", ")} forces a new resource` };
  if (r.kind === "unknown") return { replacement: "possible", cause: `${type} is not in the replacement table: any change may force a new resource; check terraform plan` };
  return { replacement: "none" };
}

/** Resources whose forcing attributes refer to a replaced resource are replaced too (the reference is unknown until apply). */
function propagate(head: Resources, changed: Map<string, ChangedResource>): void {
  for (let grew = true; grew; ) {
    grew = false;
    const replaced = [...changed.values()].filter((c) => c.replacement !== "none").map((c) => c.address);
    for (const [address, attrs] of head) {
      const current = changed.get(address);
      if (current && current.replacement !== "none") continue;
      const type = address.slice(0, address.indexOf("."));
      for (const target of replaced) {
        const refs = referencePaths(attrs, `\${${target}.`);
        const r = replacementOf(type, refs);
        if (r.kind === "none" || refs.length === 0 || target === address) continue;
        const how = r.kind === "forced" ? "forced" : "possible";
        changed.set(address, { address, type, movedFrom: current?.movedFrom, paths: current?.paths ?? [], replacement: how, cause: `${(r.by.length ? r.by : refs).join(", ")} refers to ${target}, which is replaced` });
        grew = true;
        break;
      }
    }
  }
}

/** Paths of attributes whose value mentions `needle` (a `${type.name.` reference). */
function referencePaths(value: unknown, needle: string, prefix = ""): string[] {
  if (typeof value === "string") return value.includes(needle) ? [prefix] : [];
  if (Array.isArray(value)) return value.some((v) => typeof v === "string" && v.includes(needle)) ? [prefix] : value.flatMap((v, i) => referencePaths(v, needle, prefix ? `${prefix}.${i}` : String(i)));
  if (isPlain(value)) return Object.entries(value).flatMap(([k, v]) => (isMeta(k) && !prefix ? [] : referencePaths(v, needle, prefix ? `${prefix}.${k}` : k)));
  return [];
}

/** Compares one stack's synths. */
export function diffStack(stack: string, base: SynthesizedDocument | undefined, head: SynthesizedDocument | undefined): StackDiff {
  const b = resourcesOf(base);
  const h = resourcesOf(head);
  const moves = (head?.moved ?? []).filter((m) => b.has(m.from) && h.has(m.to) && !h.has(m.from));
  const movedTo = new Map(moves.map((m) => [m.to, m.from]));
  const movedFrom = new Set(moves.map((m) => m.from));
  const added = [...h.keys()].filter((a) => !b.has(a) && !movedTo.has(a)).sort();
  const removed = [...b.keys()].filter((a) => !h.has(a) && !movedFrom.has(a)).sort();
  const changed = new Map<string, ChangedResource>();
  for (const [address, attrs] of h) {
    const from = movedTo.get(address) ?? address;
    const before = b.get(from);
    if (!before) continue;
    const paths = changedPaths(before, attrs);
    if (paths.length === 0) continue;
    const type = address.slice(0, address.indexOf("."));
    changed.set(address, { address, type, ...(from !== address ? { movedFrom: from } : {}), paths, ...classify(type, paths) });
  }
  propagate(h, changed);
  const status = !base ? "added" : !head ? "removed" : added.length + removed.length + moves.length + changed.size > 0 ? "changed" : "unchanged";
  return { stack, status, added, removed, moved: moves, changed: [...changed.values()].sort((x, y) => x.address.localeCompare(y.address)) };
}

function isStateful(address: string): boolean {
  return STATEFUL_TYPES.includes(address.slice(0, address.indexOf(".")));
}

/** The data-loss errors of one stack's diff: stateful resources removed, replaced, or possibly replaced. */
export function dataLossErrors(d: StackDiff): DataLossError[] {
  const errors: DataLossError[] = [];
  const renamed = (address: string) => d.added.some((a) => a.slice(0, a.indexOf(".")) === address.slice(0, address.indexOf(".")));
  for (const address of d.removed.filter(isStateful)) {
    const why = d.status === "removed" ? "its stack is gone" : renamed(address) ? "it is removed and a resource of the same type added: a renamed construct id without a moved block" : "it is no longer in the stack";
    errors.push({ stack: d.stack, address, message: `removed: ${why}; Terraform destroys it with its data` });
  }
  for (const c of d.changed.filter((x) => x.replacement !== "none" && isStateful(x.address))) {
    const verb = c.replacement === "forced" ? "replaced" : "may be replaced";
    errors.push({ stack: d.stack, address: c.address, message: `${verb}: ${c.cause}; Terraform destroys the old one with its data` });
  }
  return errors;
}

/** Compares two synth outputs stack by stack. */
export function diffSynths(base: Map<string, SynthesizedDocument>, head: Map<string, SynthesizedDocument>): DiffReport {
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const stacks = names.map((n) => diffStack(n, base.get(n), head.get(n)));
  return { stacks, errors: stacks.flatMap(dataLossErrors) };
}
