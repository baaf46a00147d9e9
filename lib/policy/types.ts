import type { Cloud } from "../catalog/types";
import type { Tier } from "../util/tier";

/** How bad a finding is: `error` stops synth (unless report-only), `warning` does not. */
export type Severity = "error" | "warning";

/** A rule's level after the user's overrides; `off` skips the rule. */
export type Level = Severity | "off";

/** A rule turned off with the reason a reviewer reads; rules that cannot be suppressed are turned off only this way. */
export interface LevelOff {
  readonly level: "off";
  /** Why the rule does not apply to this stack: at least a sentence, as for a suppression. */
  readonly reason: string;
}

/** A level override in the guardrail options: a level, or `off` with a reason. */
export type LevelSetting = Level | LevelOff;

/** Rule packs a stack can run. */
export const PACKS = ["security", "reliability", "cost", "tagging"] as const;
export type Pack = (typeof PACKS)[number];

/** One synthesized Terraform resource, as a rule sees it. */
export interface ResourceView {
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Terraform name (the logical id), e.g. `storage_datasets_bucket_1A2B3C4D`. */
  readonly name: string;
  /** `type.name`: the resource address in the plan. */
  readonly address: string;
  /** Attributes as synthesized (snake_case; references appear as `${type.name.attr}`), with `lifecycle` and `depends_on`. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Path of the construct that made it. */
  readonly constructPath: string;
  /** Whether the resource type takes tags (or labels). */
  readonly taggable: boolean;
}

/** The rest of the stack, for rules that need a link between resources (find them with `companionsOf` in rules/helpers). */
export interface StackView {
  /** Stack name. */
  readonly name: string;
  /** Every resource of the stack, in synthesized order. */
  readonly resources: readonly ResourceView[];
  /** Tier of the environment: from the provider's `tier` default tag, else the guardrail options. */
  readonly tier?: Tier;
  /** Tags or labels every resource gets from the provider (`default_tags`). */
  readonly defaultTags: Readonly<Record<string, string>>;
  /** Resources of one type. */
  ofType(type: string): readonly ResourceView[];
}

/** What a check says about one resource. */
export type Outcome = { readonly status: "pass" } | { readonly status: "fail"; readonly message: string } | { readonly status: "skip" };

/** Builders of outcomes, for rule bodies. */
export const pass: Outcome = { status: "pass" };
export const skip: Outcome = { status: "skip" };
export function fail(message: string): Outcome {
  return { status: "fail", message };
}

/** What every guardrail rule has besides its check: identity, text for reviewers, level and packs. */
interface RuleBase {
  /** Stable id, `LLM-<CLOUD>-<SERVICE>-<n>`. */
  readonly id: string;
  /** One line: what a compliant resource is. */
  readonly title: string;
  /** Why it matters. */
  readonly rationale: string;
  /** What to change when it fails. */
  readonly fix: string;
  /** Level unless the user overrides it. */
  readonly severity: Severity;
  /** Packs the rule belongs to. */
  readonly packs: readonly Pack[];
  /** Cloud of the resources it reads; `any` for cloud-neutral rules. */
  readonly cloud: Cloud | "any";
  /** False for rules no suppression may silence (e.g. public data stores); turning one off needs a reason. @default true */
  readonly suppressible?: boolean;
}

/** A rule over one synthesized resource at a time (the rest of the stack at hand for links). */
export interface ResourceRule extends RuleBase {
  /**
   * Terraform types it checks, `taggable` for every resource that takes tags (or labels),
   * or a pattern of type names for families too large to list (the 400-odd Google
   * `*_iam_member` / `_binding` / `_policy` types).
   */
  readonly appliesTo: readonly string[] | "taggable" | RegExp;
  /** The check of one resource it applies to. */
  check(resource: ResourceView, stack: StackView): Outcome;
}

/** A rule over the whole stack, run once per stack (e.g. "the environment has a budget"). */
export interface StackRule extends RuleBase {
  readonly appliesTo: "stack";
  /** The check of the stack. */
  check(stack: StackView): Outcome;
}

/** A guardrail rule: a small pure function over one synthesized resource, or over the stack. */
export type Rule = ResourceRule | StackRule;

/** What a finding concluded. */
export type FindingStatus = "compliant" | "non-compliant" | "suppressed";

/** The result of one rule on one resource (or the stack). */
export interface Finding {
  readonly ruleId: string;
  /** Level the rule ran at. */
  readonly level: Severity;
  readonly status: FindingStatus;
  /** Resource address, or the stack name for stack rules. */
  readonly resource: string;
  readonly resourceType?: string;
  readonly constructPath: string;
  /** What is wrong (non-compliant and suppressed findings). */
  readonly message?: string;
  /** Why it is suppressed. */
  readonly suppressionReason?: string;
  /** Where the suppression was made. */
  readonly suppressedAt?: string;
}
