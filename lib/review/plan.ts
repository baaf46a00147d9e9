import { evaluate } from "../policy/engine";
import { STATEFUL_TYPES } from "../policy/rules/common/stateful-prevent-destroy";
import { ALL_RULES } from "../policy/rules/index";
import { PACKS, type Finding, type ResourceView, type Rule, type StackView } from "../policy/types";
import { TIERS, type Tier } from "../util/tier";

/** What Terraform will do to one resource, from its `change.actions`. */
export type PlanAction = "create" | "update" | "replace" | "delete" | "no-op" | "read" | "forget";

/** One entry of `resource_changes`. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly action: PlanAction;
  /** Attribute paths that force the replacement (`replace_paths`), when the plan says. */
  readonly replacePaths?: readonly string[];
}

/** A stateful resource the plan deletes or replaces. */
export interface PlanDataLoss {
  readonly address: string;
  readonly message: string;
}

export interface PlanReview {
  readonly terraformVersion?: string;
  readonly changes: readonly PlannedChange[];
  /** Count of resources per action. */
  readonly actions: Readonly<Partial<Record<PlanAction, number>>>;
  readonly dataLoss: readonly PlanDataLoss[];
  /** Guardrail findings on the planned values (non-compliant and compliant alike). */
  readonly findings: readonly Finding[];
}

interface PlanModule {
  readonly resources?: readonly { address: string; mode?: string; type: string; name: string; values?: Record<string, unknown> | null }[];
  readonly child_modules?: readonly PlanModule[];
}

interface PlanJson {
  readonly format_version?: string;
  readonly terraform_version?: string;
  readonly planned_values?: { readonly root_module?: PlanModule };
  readonly resource_changes?: readonly { address: string; mode?: string; type: string; change?: { actions?: readonly string[]; replace_paths?: readonly (readonly (string | number)[])[] } }[];
}

/** Reads `terraform show -json` output; throws when the text is not a plan. */
export function parsePlan(text: string): PlanJson {
  const doc = JSON.parse(text) as unknown;
  if (!doc || typeof doc !== "object" || Array.isArray(doc) || !("resource_changes" in doc || "planned_values" in doc)) {
    throw new Error("is not a Terraform plan in JSON ('terraform show -json plan.out'): no resource_changes or planned_values");
  }
  return doc as PlanJson;
}

/** `["delete","create"]` and `["create","delete"]` are replacements (destroy first, or create first). */
export function actionOf(actions: readonly string[] | undefined): PlanAction {
  const a = [...(actions ?? ["no-op"])].sort().join(",");
  if (a === "create,delete") return "replace";
  if (["create", "update", "delete", "no-op", "read", "forget"].includes(a)) return a as PlanAction;
  throw new Error(`unknown change actions ${JSON.stringify(actions)}`);
}

function typeOf(address: string, type: string): string {
  return type || address.split(".").slice(-2)[0];
}

/** The planned resources (root and child modules, managed only) as the guardrail rules see them. */
export function planResources(plan: PlanJson): ResourceView[] {
  const out: ResourceView[] = [];
  const walk = (m: PlanModule | undefined) => {
    for (const r of m?.resources ?? []) {
      if (r.mode === "data") continue;
      const attributes = r.values ?? {};
      out.push({ type: r.type, name: r.name, address: r.address, attributes, constructPath: r.address, taggable: "tags" in attributes || "labels" in attributes });
    }
    for (const c of m?.child_modules ?? []) walk(c);
  };
  walk(plan.planned_values?.root_module);
  return out;
}

/** A StackView over a plan's planned values: the tier is the `tier` tag or label every resource shares, when they do. */
export function planStackView(name: string, resources: readonly ResourceView[]): StackView {
  const byType = new Map<string, ResourceView[]>();
  for (const r of resources) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  const tiers = new Set(resources.filter((r) => r.taggable).map((r) => ((r.attributes.tags ?? r.attributes.labels) as Record<string, unknown> | null)?.tier));
  const [only] = [...tiers];
  const tier = tiers.size === 1 && (TIERS as readonly unknown[]).includes(only) ? (only as Tier) : undefined;
  return { name, resources, tier, defaultTags: {}, ofType: (type) => byType.get(type) ?? [] };
}

/**
 * Reviews a plan of any Terraform configuration: the action on each resource, the
 * stateful resources it deletes or replaces (data loss), and every guardrail rule
 * of every pack run on the planned values (child modules included).
 */
export function reviewPlan(plan: PlanJson, name = "plan", rules: readonly Rule[] = ALL_RULES): PlanReview {
  const changes: PlannedChange[] = (plan.resource_changes ?? []).map((rc) => {
    const action = rc.mode === "data" ? "read" : actionOf(rc.change?.actions);
    const replacePaths = rc.change?.replace_paths?.map((p) => p.join("."));
    return { address: rc.address, type: typeOf(rc.address, rc.type), action, ...(replacePaths?.length ? { replacePaths } : {}) };
  });
  const actions: Partial<Record<PlanAction, number>> = {};
  for (const c of changes) actions[c.action] = (actions[c.action] ?? 0) + 1;
  const dataLoss = changes
    .filter((c) => (c.action === "delete" || c.action === "replace") && STATEFUL_TYPES.includes(c.type))
    .map((c) => ({
      address: c.address,
      message: c.action === "delete" ? "deleted: Terraform destroys it with its data" : `replaced${c.replacePaths ? ` (${c.replacePaths.join(", ")} forces a new resource)` : ""}: Terraform destroys the old one with its data`,
    }));
  const view = planStackView(name, planResources(plan));
  const findings = evaluate(view, rules, { packs: PACKS, levels: {} }, () => undefined);
  return { terraformVersion: plan.terraform_version, changes, actions, dataLoss, findings };
}
