/** Environment tiers, from least to most protected. */
export const TIERS = ["dev", "staging", "prod"] as const;

/** Environment tier: picks every default. */
export type Tier = (typeof TIERS)[number];

/** The value of `values` for `tier`: a tier preset written as one table. */
export function perTier<T>(tier: Tier, values: Readonly<Record<Tier, T>>): T {
  return values[tier];
}
