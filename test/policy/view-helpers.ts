import { evaluate } from "../../lib/policy/engine";
import { stackView } from "../../lib/policy/stack-view";
import { PACKS, type Finding, type Rule } from "../../lib/policy/types";
import type { Tier } from "../../lib/util/tier";

/** One hand-written resource: type, Terraform name and attributes as synthesized (snake_case). */
export type Raw = readonly [type: string, name: string, attributes: Record<string, unknown>];

/**
 * Runs `rule` on hand-written resources of any cloud, as the engine runs it on a
 * synthesized stack of that tier (none with `tier` undefined).
 */
export function check(rule: Rule, tier: Tier | undefined, ...resources: Raw[]): Finding[] {
  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [type, name, attributes] of resources) resource[type] = { ...(resource[type] ?? {}), [name]: attributes };
  const view = stackView("test", { resource }, () => false, tier);
  return evaluate(view, [rule], { packs: PACKS, levels: {} }, () => undefined);
}

