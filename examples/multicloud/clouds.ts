/**
 * Where the portable spec goes: one entry per cloud, holding what only that cloud has
 * (`cloud`, `region` and its section). Adding a cloud is one more line here. An entry may
 * also replace a portable section the cloud needs otherwise: Azure has no L4 (the A10 serves
 * dev there), and its budget needs a start date.
 */
export const CLOUDS = {
  aws: { cloud: "aws", region: "us-east-1" },
  gcp: { cloud: "gcp", region: "us-central1", gcp: { project: "acme-mc-dev", billingAccount: "000000-000000-000000" } },
  azure: { cloud: "azure", region: "eastus2", training: { accelerator: "nvidia-a10g", acceleratorsPerNode: 1, nodes: { min: 0, max: 1 } }, budget: { monthlyUsd: 3000, thresholdsPercent: [50, 80, 100], notify: ["finops@acme.example"], startDate: "2026-12-01" }, azure: { subscriptionId: "00000000-0000-0000-0000-000000000000", cosmosDbObjectId: "33333333-3333-3333-3333-333333333333", postgresAdmin: { objectId: "00000000-0000-0000-0000-000000000000", principalName: "acme-ml-db-admins", principalType: "Group" } } },
} as const;
