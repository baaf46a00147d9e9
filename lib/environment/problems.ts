import type { z } from "zod";
import { ProblemCollector, show } from "../errors";

/** Fields that moved in this release: the old path, and where to write it now. */
export const MOVED_FIELDS: Readonly<Record<string, string>> = {
  "inference.image": "inference.model.image",
  "vectorStore.standbyReplicas": "aws.vectorStore.standbyReplicas",
  "vectorStore.minCapacity": "aws.vectorStore.minCapacity",
  "vectorStore.maxCapacity": "aws.vectorStore.maxCapacity",
  "budget.activateCostTag": "aws.activateCostTag",
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function present(input: unknown, path: readonly PropertyKey[]): boolean {
  const parent = valueAt(input, path.slice(0, -1));
  return parent !== null && typeof parent === "object" && path.length > 0 && Object.prototype.hasOwnProperty.call(parent, path[path.length - 1]);
}

/** A short rendering of a value for a message: long strings are cut, so a 1 MB input stays a one-line message. */
function brief(value: unknown): string {
  const text = show(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a section";
  return `a ${typeof value}`;
}

type Issue = z.core.$ZodIssue;

/**
 * The branch of a failed union that matches the input's shape best: the one whose
 * issues are deepest (an object branch failing on a field beats a literal branch
 * failing on the whole value), so the message names the field, not the section.
 */
function bestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  let best: readonly Issue[] | undefined;
  let depth = -1;
  for (const issues of branches) {
    const d = Math.min(...issues.map((i) => (i.code === "invalid_type" || i.code === "invalid_value" ? i.path.length : i.path.length + 1)));
    if (d > depth) {
      best = issues;
      depth = d;
    }
  }
  return depth > 0 ? best : undefined;
}

function describe(input: unknown, issue: Issue, base: readonly PropertyKey[], problems: ProblemCollector): void {
  const full = [...base, ...issue.path];
  const path = full.map(String).join(".") || "(spec)";
  const got = brief(valueAt(input, full));
  switch (issue.code) {
    case "invalid_value":
      problems.add(path, `is not an allowed value (got ${got}; allowed: ${issue.values.map((v) => String(v)).join(", ")})`);
      return;
    case "unrecognized_keys":
      for (const key of issue.keys) {
        const name = /^[A-Za-z_$][\w$-]{0,60}$/.test(key) ? key : brief(key);
        const at = full.length ? `${path}.${name}` : name;
        const moved = MOVED_FIELDS[at];
        problems.add(at, moved ? `moved to ${moved} in this release (see the README's changelog)` : "is not a known field (check its spelling; unknown fields are rejected)");
      }
      return;
    case "invalid_type":
      problems.add(path, present(input, full) ? `must be ${issue.expected} (got ${kindOf(valueAt(input, full))}: ${got})` : `is required (expected ${issue.expected})`);
      return;
    case "invalid_union": {
      const branch = bestBranch(issue.errors);
      if (branch) {
        for (const inner of branch) describe(input, inner, full, problems);
        return;
      }
      problems.add(path, `is not one of the accepted forms (got ${got})`);
      return;
    }
    case "custom":
      problems.add(path, issue.message);
      return;
    default:
      problems.add(path, `${issue.message.replace(/^Invalid input: /, "").replace(/^Too (big|small): expected \w+ to (have|be) /, "must be ")} (got ${got})`);
  }
}

/** Translates a zod error into problems addressed by spec path, each saying what was given and what is expected. */
export function zodProblems(input: unknown, error: z.ZodError, problems: ProblemCollector): void {
  for (const issue of error.issues) describe(input, issue, [], problems);
}
