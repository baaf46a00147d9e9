import { Token } from "../../cdk";
import { show, type ValidationProblem } from "../../errors";

/**
 * Whether a value is known only at apply: an unresolved token (a reference, a
 * Terraform variable) or a list holding one. Checks skip such values.
 */
export function isUnknown(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some(isUnknown);
  return (typeof value === "string" || typeof value === "number") && Token.isUnresolved(value);
}

/**
 * Static checks of construct props, shared by the constructs' `validate` statics and
 * so by the environment spec. Every check skips values that are unknown until apply,
 * and every message says what was given and what is allowed.
 */
export class Checks {
  private readonly items: ValidationProblem[] = [];

  /** Records a problem at `path` (skipped when `value` is unknown until apply). */
  public add(path: string, value: unknown, message: string): this {
    if (!isUnknown(value)) this.items.push({ path, message });
    return this;
  }

  /** Runs `problem(value)` unless the value is unset or unknown; records what it returns. */
  public check<T>(path: string, value: T | undefined, problem: (v: T) => string | undefined): this {
    if (value === undefined || isUnknown(value)) return this;
    const message = problem(value);
    if (message) this.items.push({ path, message });
    return this;
  }

  /** A whole number from `min` to `max` (no upper limit when `max` is omitted); `what` names the limit's owner in the message. */
  public int(path: string, value: number | undefined, min: number, max: number | undefined, what: string): this {
    const allowed = max === undefined ? `a whole number, at least ${min}` : `a whole number from ${min} to ${max}`;
    return this.check(path, value, (v) => (Number.isInteger(v) && v >= min && (max === undefined || v <= max) ? undefined : `${what} takes ${allowed} (got ${show(v)})`));
  }

  /** A number above 0, at most `max`. */
  public positive(path: string, value: number | undefined, max: number, what: string): this {
    return this.check(path, value, (v) => (Number.isFinite(v) && v > 0 && v <= max ? undefined : `${what} takes a number above 0, at most ${max} (got ${show(v)})`));
  }

  /** A number from `min` to `max` in steps of `step` (when given). */
  public number(path: string, value: number | undefined, min: number, max: number, what: string, step?: number): this {
    return this.check(path, value, (v) => {
      const inRange = Number.isFinite(v) && v >= min && v <= max && (step === undefined || Math.abs(v / step - Math.round(v / step)) < 1e-9);
      return inRange ? undefined : `${what} takes ${min} to ${max}${step === undefined ? "" : ` in steps of ${step}`} (got ${show(v)})`;
    });
  }

  /** One of `allowed`. */
  public oneOf<T extends string | number>(path: string, value: T | undefined, allowed: readonly T[], what: string): this {
    return this.check(path, value, (v) => (allowed.includes(v) ? undefined : `${what} accepts ${allowed.join(", ")} (got ${show(v)})`));
  }

  /** `min <= max` for a pair of bounds at `path` (`path.min`, `path.max`). */
  public bounds(path: string, value: { readonly min: number; readonly max: number } | undefined, lowest: number, what: string): this {
    if (!value) return this;
    this.int(`${path}.min`, value.min, lowest, undefined, `${what} minimum`);
    this.int(`${path}.max`, value.max, Math.max(1, lowest), undefined, `${what} maximum`);
    if (!isUnknown(value.min) && !isUnknown(value.max) && value.min > value.max) {
      this.items.push({ path: `${path}.min`, message: `must not exceed the maximum (got min ${show(value.min)}, max ${show(value.max)})` });
    }
    return this;
  }

  /** The problems found. */
  public get problems(): readonly ValidationProblem[] {
    return this.items;
  }
}

/**
 * Re-addresses construct problems for another reader (the environment spec): each
 * problem whose path starts with a key of `paths` (the longest that matches) gets that key replaced by its value;
 * others keep their path.
 */
export function remapProblems(problems: readonly ValidationProblem[], paths: Readonly<Record<string, string>>): ValidationProblem[] {
  return problems.map((p) => {
    const parts = p.path.split(".");
    for (let n = parts.length; n > 0; n--) {
      const mapped = paths[parts.slice(0, n).join(".")];
      if (mapped !== undefined) return { path: [mapped, ...parts.slice(n)].join("."), message: p.message };
    }
    return p;
  });
}
