import { LlmOpsValidationError, type ValidationProblem } from "../errors";
import { reasonProblem } from "./suppressions";
import type { Level, LevelSetting, Rule } from "./types";

/** A rule turned off by a level override, and the reason given (required for rules that cannot be suppressed). */
export interface RuleOff {
  readonly id: string;
  readonly title: string;
  readonly reason?: string;
}

/** Levels by rule id, as the engine reads them, and the rules turned off. */
export interface ResolvedLevels {
  readonly levels: Readonly<Record<string, Level>>;
  readonly off: readonly RuleOff[];
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The three values of `known` closest to `value` (edit distance, case-insensitive). */
export function closest(value: string, known: readonly string[]): string[] {
  const upper = value.toUpperCase();
  return [...new Set(known)]
    .map((k) => ({ k, d: distance(upper, k.toUpperCase()) }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k, "en", { numeric: true }))
    .slice(0, 3)
    .map((x) => x.k);
}

/** `no rule has the id X (closest: A, B, C)`: for level overrides and suppressions naming a rule that does not exist. */
export function unknownRuleMessage(id: string, known: readonly string[]): string {
  return `no rule has the id ${id} (closest: ${closest(id, known).join(", ")})`;
}

function problemOf(id: string, setting: LevelSetting, rule: Rule | undefined, known: readonly string[]): string | undefined {
  if (!rule) return unknownRuleMessage(id, known);
  const level = typeof setting === "string" ? setting : setting?.level;
  const reason = typeof setting === "string" ? undefined : setting?.reason;
  if (!["error", "warning", "off"].includes(level as string)) return `must be "error", "warning", "off" or { level: "off", reason: "..." } (got ${JSON.stringify(setting)})`;
  if (level !== "off") return reason === undefined ? undefined : `a reason is only taken with level "off" (got level ${JSON.stringify(level)})`;
  if (reason === undefined && rule.suppressible === false) {
    return `${id} cannot be suppressed, so turning it off needs a reason a reviewer would accept: write { level: "off", reason: "<why it does not apply here>" }`;
  }
  return reason === undefined ? undefined : reasonProblem(reason);
}

/**
 * Checks the level overrides of the guardrail options against `rules` and resolves
 * them: every id must name a rule; turning off a rule that cannot be suppressed needs
 * a reason, checked like a suppression's. Throws one LlmOpsValidationError listing
 * every problem.
 */
export function resolveLevels(settings: Readonly<Record<string, LevelSetting>>, rules: readonly Rule[]): ResolvedLevels {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const known = [...byId.keys()];
  const problems: ValidationProblem[] = [];
  const levels: Record<string, Level> = {};
  const off: RuleOff[] = [];
  for (const [id, setting] of Object.entries(settings)) {
    const rule = byId.get(id);
    const problem = problemOf(id, setting, rule, known);
    if (problem) {
      problems.push({ path: `levels.${id}`, message: problem });
      continue;
    }
    const level = typeof setting === "string" ? setting : setting.level;
    levels[id] = level;
    if (level === "off" && rule) off.push({ id, title: rule.title, ...(typeof setting !== "string" && typeof setting.reason === "string" ? { reason: setting.reason.trim() } : {}) });
  }
  if (problems.length > 0) throw new LlmOpsValidationError("guardrail levels", problems);
  return { levels, off: off.sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true })) };
}
