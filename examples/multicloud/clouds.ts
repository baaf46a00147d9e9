/**
 * Where the portable spec goes: one entry per cloud, holding what only that cloud has
 * (`cloud`, `region` and its section). Adding a cloud is one more line here, e.g.
 *   azure: { cloud: "azure", region: "eastus", azure: { subscriptionId: "00000000-0000-0000-0000-000000000000" } },
 * once the library builds that cloud.
 */
export const CLOUDS = {
  aws: { cloud: "aws", region: "us-east-1" },
  gcp: { cloud: "gcp", region: "us-central1", gcp: { project: "acme-mc-dev", billingAccount: "000000-000000-000000" } },
} as const;
