/**
 * The price table: one dated list price, with its source and a status, for every AWS
 * thing the stacks create that costs money (whether or not it is idle). Accelerator
 * machines (EC2 training nodes, SageMaker instances) stay in the accelerator catalog
 * (`data.ts`) and are read through {@link machinePrice}, so the idle estimate, the
 * `llmops cost` command and the spec's budget check use the same numbers.
 *
 * Status of a price:
 * - `list`: the cloud's on-demand list price, read from the source named (the cloud's
 *   pricing page, or a dated public copy of it that matched it).
 * - `derived`: computed from list prices by the rule given in `rule`.
 * - `unknown`: a value the table could not verify against a public source; figures
 *   that use it say so.
 *
 * Region: us-east-1. Hours per month: 730 (the cloud price pages' convention).
 */
import { HOURS_PER_MONTH, type MachineOffer } from "./types";

/** Whether a price was read, computed, or could not be verified. */
export type PriceStatus = "list" | "derived" | "unknown";

/** What a price is charged per. */
export type PriceUnit = "hour" | "GB-month" | "GB" | "month";

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
  vpc: "https://aws.amazon.com/vpc/pricing/",
  privateLink: "https://aws.amazon.com/privatelink/pricing/",
  ec2: "https://aws.amazon.com/ec2/pricing/on-demand/",
  ebs: "https://aws.amazon.com/ebs/pricing/",
  fsx: "https://aws.amazon.com/fsx/lustre/pricing/",
  s3: "https://aws.amazon.com/s3/pricing/",
  ecr: "https://aws.amazon.com/ecr/pricing/",
  aurora: "https://aws.amazon.com/rds/aurora/pricing/",
  aoss: "https://aws.amazon.com/opensearch-service/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
  secrets: "https://aws.amazon.com/secrets-manager/pricing/",
  budgets: "https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/",
} as const;

type Row = Omit<PriceEntry, "region" | "asOf"> & { readonly asOf?: string };
const FSX_UNVERIFIED = "the us-east-1 rate of this throughput tier was not found in a stored copy of the pricing page; the value is the last one known to this table";

const ROWS: readonly Row[] = [
  { id: "aws.eks.cluster-hour", description: "EKS cluster, standard support", usd: 0.1, unit: "hour", status: "list", source: SRC.eks, idle: true },
  { id: "aws.vpc.nat-gateway-hour", description: "NAT gateway", usd: 0.045, unit: "hour", status: "list", source: SRC.vpc, idle: true },
  { id: "aws.vpc.nat-gateway-gb", description: "NAT gateway data processed", usd: 0.045, unit: "GB", status: "list", source: SRC.vpc, idle: false },
  { id: "aws.vpc.public-ipv4-hour", description: "Public IPv4 address (the NAT gateway's Elastic IP)", usd: 0.005, unit: "hour", status: "list", source: SRC.vpc, idle: true },
  { id: "aws.vpc.interface-endpoint-az-hour", description: "Interface VPC endpoint, per zone it is in", usd: 0.01, unit: "hour", status: "list", source: SRC.privateLink, idle: true },
  { id: "aws.vpc.interface-endpoint-gb", description: "Interface VPC endpoint data processed (first PB)", usd: 0.01, unit: "GB", status: "list", source: SRC.privateLink, idle: false },
  { id: "aws.ec2.m7i.large-hour", description: "EC2 m7i.large (2 vCPU, 8 GiB), Linux on-demand", usd: 0.1008, unit: "hour", status: "list", source: SRC.ec2, idle: true },
  { id: "aws.ec2.t3.large-hour", description: "EC2 t3.large (2 vCPU, 8 GiB, burstable), Linux on-demand", usd: 0.0832, unit: "hour", status: "list", source: SRC.ec2, idle: true },
  { id: "aws.ec2.t3.medium-hour", description: "EC2 t3.medium (2 vCPU, 4 GiB, burstable), Linux on-demand", usd: 0.0416, unit: "hour", status: "list", source: SRC.ec2, idle: true },
  { id: "aws.ebs.gp3-gb-month", description: "EBS gp3 volume storage (3,000 IOPS and 125 MB/s included)", usd: 0.08, unit: "GB-month", status: "list", source: SRC.ebs, idle: true },
  { id: "aws.fsx.lustre-persistent2-125-gb-month", description: "FSx for Lustre PERSISTENT_2 SSD, 125 MB/s/TiB", usd: 0.145, unit: "GB-month", status: "list", source: SRC.fsx, idle: true },
  { id: "aws.fsx.lustre-persistent2-250-gb-month", description: "FSx for Lustre PERSISTENT_2 SSD, 250 MB/s/TiB", usd: 0.21, unit: "GB-month", status: "unknown", rule: FSX_UNVERIFIED, source: SRC.fsx, idle: true },
  { id: "aws.fsx.lustre-persistent2-500-gb-month", description: "FSx for Lustre PERSISTENT_2 SSD, 500 MB/s/TiB", usd: 0.34, unit: "GB-month", status: "unknown", rule: FSX_UNVERIFIED, source: SRC.fsx, idle: true },
  { id: "aws.fsx.lustre-persistent2-1000-gb-month", description: "FSx for Lustre PERSISTENT_2 SSD, 1000 MB/s/TiB", usd: 0.6, unit: "GB-month", status: "unknown", rule: FSX_UNVERIFIED, source: SRC.fsx, idle: true },
  { id: "aws.s3.standard-gb-month", description: "S3 Standard storage (first 50 TB)", usd: 0.023, unit: "GB-month", status: "list", source: SRC.s3, idle: true },
  { id: "aws.ecr.storage-gb-month", description: "ECR private repository storage", usd: 0.1, unit: "GB-month", status: "list", source: SRC.ecr, idle: true },
  { id: "aws.aurora.serverless-v2-acu-hour", description: "Aurora PostgreSQL Serverless v2 capacity (0 while paused at 0 ACU)", usd: 0.12, unit: "hour", status: "list", source: SRC.aurora, idle: true },
  { id: "aws.aurora.storage-gb-month", description: "Aurora Standard storage", usd: 0.1, unit: "GB-month", status: "list", source: SRC.aurora, idle: true },
  { id: "aws.aoss.ocu-hour", description: "OpenSearch Serverless compute unit (indexing or search); a vector collection keeps 0.5+0.5 OCU without standby replicas, 1+1 with them, even idle", usd: 0.24, unit: "hour", status: "list", source: SRC.aoss, idle: true },
  { id: "aws.aoss.storage-gb-month", description: "OpenSearch Serverless managed storage", usd: 0.024, unit: "GB-month", status: "list", source: SRC.aoss, idle: true },
  { id: "aws.kms.key-month", description: "KMS customer-managed key", usd: 1, unit: "month", status: "list", source: SRC.kms, idle: true },
  { id: "aws.secretsmanager.secret-month", description: "Secrets Manager secret (Aurora's managed master password)", usd: 0.4, unit: "month", status: "list", source: SRC.secrets, idle: true },
  { id: "aws.cloudwatch.alarm-month", description: "CloudWatch standard-resolution alarm, per metric", usd: 0.1, unit: "month", status: "list", source: SRC.cloudwatch, idle: true },
  { id: "aws.cloudwatch.dashboard-month", description: "CloudWatch dashboard (the account's first 3 are free; not counted here)", usd: 3, unit: "month", status: "list", source: SRC.cloudwatch, idle: true },
  { id: "aws.logs.ingestion-gb", description: "CloudWatch Logs ingestion (standard class; vended logs such as VPC flow logs from the first 10 TB)", usd: 0.5, unit: "GB", status: "list", source: SRC.cloudwatch, idle: false },
  { id: "aws.budgets.budget-month", description: "AWS Budgets budget without actions", usd: 0, unit: "month", status: "list", source: SRC.budgets, idle: true },
];

/** Every service price of the table, by id (accelerator machines are in the catalog). */
export const PRICES: Readonly<Record<string, PriceEntry>> = Object.fromEntries(ROWS.map((r) => [r.id, { ...r, region: REGION, asOf: r.asOf ?? PRICES_AS_OF }]));

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

/** A catalog machine's price as a table entry (`aws.sagemaker.<type>-hour` or `aws.ec2.<type>-hour`). */
export function machinePrice(offer: MachineOffer): PriceEntry {
  const service = offer.machineType.startsWith("ml.") ? "sagemaker" : "ec2";
  return {
    id: `aws.${service}.${offer.machineType}-hour`,
    description: `${service === "sagemaker" ? "SageMaker hosting" : "EC2"} ${offer.machineType}, on-demand`,
    usd: offer.price.usdPerHour,
    unit: "hour",
    status: "list",
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
