import { Aspects, type TerraformStack } from "../cdk";
import type { EnvironmentIdentity } from "../constructs/common";
import { markTier } from "../util/tier";
import { ResourceTags, environmentTags, type TagScheme } from "./tagging";

/** The environment's attribution, for a stack of your own built from the constructs. */
export interface TaggingOptions {
  /** The environment's name and tier: tagged as `environment=<name>-<tier>` and `tier=<tier>`. */
  readonly environment: EnvironmentIdentity;
  /** Owning team's email, tagged as `owner`. */
  readonly owner: string;
  /** Cost center, tagged as `cost-center`. */
  readonly costCenter: string;
  /** Extra tags on every resource (the environment's own keys win). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * How the cloud carries them. `resource-tags` writes the full set on every resource
   * that takes tags (AWS and Azure), so the provider needs no `default_tags`.
   * @default "resource-tags"
   */
  readonly scheme?: TagScheme;
}

/**
 * The one line of setup a stack of your own needs for the constructs to pass their
 * tagging guardrails: every taggable resource gets `environment`, `tier`, `component`
 * (from the construct that made it), `owner`, `cost-center` and `managed-by`, and
 * every launch template passes them to what it launches, by the same aspect the
 * environment stacks use. It also records the tier for the guardrails' tier rules.
 *
 * ```ts
 * Tagging.of(stack, { environment: { name: "acme", tier: "dev" }, owner: "ml@acme.example", costCenter: "ml-1234" });
 * ```
 */
export class Tagging {
  /** Tags every resource of `stack`; returns the tags applied (before `component`). */
  public static of(stack: TerraformStack, options: TaggingOptions): Readonly<Record<string, string>> {
    const { name, tier } = options.environment;
    const scheme = options.scheme ?? "resource-tags";
    const tags = environmentTags(scheme, { environment: `${name}-${tier}`, tier, owner: options.owner, costCenter: options.costCenter, tags: options.tags ?? {} });
    Aspects.of(stack).add(new ResourceTags(scheme, tags));
    markTier(stack, tier);
    return tags;
  }
}

/** The same as {@link Tagging.of}. */
export function applyEnvironmentTags(stack: TerraformStack, options: TaggingOptions): Readonly<Record<string, string>> {
  return Tagging.of(stack, options);
}
