import { Token } from "../cdk";
import { LlmOpsValidationError, show } from "../errors";
import { NAME_RULES, type NameKind, type NameRule } from "./rules";

export { NAME_RULES, type NameKind, type NameRule, type Uniqueness } from "./rules";

/**
 * Every way `name` breaks the naming rule of `kind`, as messages (empty when it
 * complies). Unresolved tokens are not checked: their value is known only at apply.
 */
export function checkName(kind: NameKind, name: string): string[] {
  if (Token.isUnresolved(name)) return [];
  const rule: NameRule = NAME_RULES[kind];
  const problems: string[] = [];
  const got = `got ${show(name)}`;
  if (name.length < rule.minLength || name.length > rule.maxLength) {
    problems.push(`${rule.title} names are ${rule.minLength}-${rule.maxLength} characters (${got}, ${name.length} characters)`);
  }
  if (!rule.pattern.test(name)) problems.push(`${rule.title} names allow ${rule.allowed} (${got})`);
  for (const p of rule.reservedPrefixes ?? []) if (name.startsWith(p)) problems.push(`${rule.title} names must not start with the reserved prefix ${show(p)} (${got})`);
  for (const s of rule.reservedSuffixes ?? []) if (name.endsWith(s)) problems.push(`${rule.title} names must not end with the reserved suffix ${show(s)} (${got})`);
  for (const x of rule.extra ?? []) if (!x.test(name)) problems.push(`${rule.title} names ${x.message} (${got})`);
  return problems;
}

/** Throws an `LlmOpsValidationError` at `path` when `name` breaks the rule of `kind`. */
export function assertName(kind: NameKind, name: string, path: string, context: string): string {
  const problems = checkName(kind, name);
  if (problems.length > 0) throw new LlmOpsValidationError(context, problems.map((message) => ({ path, message })));
  return name;
}

/** What every name of one environment starts with. */
export interface NamePrefix {
  /** The environment's short name, e.g. `acme-llm`. */
  readonly name: string;
  /** The tier, e.g. `prod`. */
  readonly tier: string;
}

/**
 * The one deterministic name builder: `<name>-<tier>-<part>[-<part>...]` (KMS aliases
 * get their `alias/` prefix). Nothing is rewritten silently: a name that breaks the
 * kind's rule comes back with the problems, so the user fixes the input.
 */
export function buildName(kind: NameKind, prefix: NamePrefix, ...parts: string[]): { name: string; problems: string[] } {
  const raw = [prefix.name, prefix.tier, ...parts].filter((p) => p.length > 0).join("-");
  const name = kind === "kms-alias" ? `alias/${raw}` : raw;
  return { name, problems: checkName(kind, name) };
}

/**
 * The composition rule for kinds that take no hyphens (storage accounts, container
 * registries, AKS node pools): the same parts as {@link buildName}, with every hyphen
 * of every part dropped and the parts joined with nothing: `acme-llm`, `prod`, `data`
 * gives `acmellmproddata`. This is the documented rule, not a repair: anything else
 * that breaks the kind's rule (length, other characters, upper case) comes back as a
 * problem, so the user shortens or fixes the input.
 */
export function compactName(kind: NameKind, prefix: NamePrefix, ...parts: string[]): { name: string; problems: string[] } {
  const name = [prefix.name, prefix.tier, ...parts].map((p) => p.replace(/-/g, "")).join("");
  return { name, problems: checkName(kind, name) };
}

/**
 * Collects names for one construct and reports every one that breaks a rule in
 * one `LlmOpsValidationError`.
 */
export class Namer {
  private readonly problems: { path: string; message: string }[] = [];

  constructor(private readonly prefix: NamePrefix) {}

  /** Builds a name of `kind`; `path` is the prop the user would change to fix it. */
  public name(kind: NameKind, path: string, ...parts: string[]): string {
    const built = buildName(kind, this.prefix, ...parts);
    for (const message of built.problems) this.problems.push({ path, message: `${message}; shorten the environment name or the part` });
    return built.name;
  }

  /** Builds a name of a kind that takes no hyphens by {@link compactName}. */
  public compact(kind: NameKind, path: string, ...parts: string[]): string {
    const built = compactName(kind, this.prefix, ...parts);
    for (const message of built.problems) this.problems.push({ path, message: `${message}; shorten the environment name or the part, or give the name yourself` });
    return built.name;
  }

  /** Checks a name the user gave verbatim. */
  public given(kind: NameKind, path: string, name: string): string {
    for (const message of checkName(kind, name)) this.problems.push({ path, message });
    return name;
  }

  /** Problems found so far. */
  public get found(): readonly { path: string; message: string }[] {
    return this.problems;
  }
}
