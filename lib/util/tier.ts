/** Environment tiers, from least to most protected. */
export const TIERS = ["dev", "staging", "prod"] as const;

/** Environment tier: picks every default. */
export type Tier = (typeof TIERS)[number];

/** The value of `values` for `tier`: a tier preset written as one table. */
export function perTier<T>(tier: Tier, values: Readonly<Record<Tier, T>>): T {
  return values[tier];
}

const TIER_OF_SCOPE = Symbol.for("llmops-constructs.tier");

/** Records the tier of a stack built without an environment spec (see `Tagging.of`), for the guardrails' tier-dependent rules. */
export function markTier(scope: object, tier: Tier): void {
  (scope as Record<symbol, Tier>)[TIER_OF_SCOPE] = tier;
}

/** The tier recorded by {@link markTier}, or undefined. */
export function markedTierOf(scope: object): Tier | undefined {
  return (scope as Record<symbol, Tier | undefined>)[TIER_OF_SCOPE];
}
