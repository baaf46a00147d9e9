import type { Finding, Level, Outcome, Pack, ResourceRule, ResourceView, Rule, Severity, StackView } from "./types";

/** How to run rules over a stack. */
export interface EngineOptions {
  /** Packs to run. */
  readonly packs: readonly Pack[];
  /** Level overrides by rule id. */
  readonly levels: Readonly<Record<string, Level>>;
}

/** Finds the suppression covering a rule at a construct path, and records its use. */
export type SuppressionLookup = (ruleId: string, constructPath: string) => { readonly reason: string; readonly at: string } | undefined;

/** The level a rule runs at, or undefined when it does not run. */
export function levelOf(rule: Rule, options: EngineOptions): Severity | undefined {
  const override = options.levels[rule.id];
  if (override === "off") return undefined;
  if (override) return override;
  return rule.packs.some((p) => options.packs.includes(p)) ? rule.severity : undefined;
}

function applies(rule: ResourceRule, resource: ResourceView): boolean {
  if (rule.appliesTo === "taggable") return resource.taggable;
  if (rule.appliesTo instanceof RegExp) return rule.appliesTo.test(resource.type);
  return rule.appliesTo.includes(resource.type);
}

/** One run of a rule: on a resource, or (no resource) on the stack. */
interface Target {
  readonly resource?: ResourceView;
  readonly check: () => Outcome;
}

/** What a rule runs on: the stack once, or each resource it applies to, in synthesized order. */
function targetsOf(rule: Rule, stack: StackView): Target[] {
  if (rule.appliesTo === "stack") {
    const stackRule = rule;
    return [{ check: () => stackRule.check(stack) }];
  }
  const resourceRule = rule;
  return stack.resources.filter((r) => applies(resourceRule, r)).map((resource) => ({ resource, check: () => resourceRule.check(resource, stack) }));
}

/** `engine error: rule <id> threw: <message>`: the finding recorded when a rule's check throws. */
export function engineErrorMessage(rule: Rule, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `engine error: rule ${rule.id} threw: ${message}`;
}

/**
 * Runs every selected rule over every resource it applies to (and the stack rules
 * once), in a stable order: rules by id, resources in synthesized order. A check
 * that throws becomes an error finding on that resource (never suppressed), and the
 * evaluation goes on.
 */
export function evaluate(stack: StackView, rules: readonly Rule[], options: EngineOptions, suppressionFor: SuppressionLookup): Finding[] {
  const findings: Finding[] = [];
  for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }))) {
    const level = levelOf(rule, options);
    if (!level) continue;
    for (const { resource, check } of targetsOf(rule, stack)) {
      const where = { resource: resource?.address ?? stack.name, resourceType: resource?.type, constructPath: resource?.constructPath ?? stack.name };
      let outcome: Outcome;
      try {
        outcome = check();
      } catch (error) {
        // A broken rule is a finding on the resource it broke on, not a crash of synth; the others still run.
        findings.push({ ruleId: rule.id, level: "error", status: "non-compliant", ...where, message: engineErrorMessage(rule, error) });
        continue;
      }
      if (outcome.status === "skip") continue;
      if (outcome.status === "pass") {
        findings.push({ ruleId: rule.id, level, status: "compliant", ...where });
        continue;
      }
      const suppression = suppressionFor(rule.id, where.constructPath);
      if (suppression && rule.suppressible !== false) {
        findings.push({ ruleId: rule.id, level, status: "suppressed", ...where, message: outcome.message, suppressionReason: suppression.reason, suppressedAt: suppression.at });
      } else {
        const note = suppression ? ` (a suppression at ${suppression.at} was ignored: ${rule.id} cannot be suppressed)` : "";
        findings.push({ ruleId: rule.id, level, status: "non-compliant", ...where, message: `${outcome.message}${note}` });
      }
    }
  }
  return findings;
}
