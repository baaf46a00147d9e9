/** Environment tiers, from least to most protected. */
export const TIERS = ["dev", "staging", "prod"] as const;

/** Environment tier: picks every default. */
export type Tier = (typeof TIERS)[number];
