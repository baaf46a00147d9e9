import { z } from "zod";
import { ACCELERATORS } from "../catalog/types";
import { EMAIL_PATTERN, IAM_ROLE_ARN_PATTERN } from "../util/patterns";
import { TIERS } from "../util/tier";

/**
 * The environment spec: plain data a person writes in YAML or JSON. This one
 * schema gives the TypeScript type (`EnvironmentSpec`), runtime validation
 * (`parseEnvironmentSpec`) and the JSON Schema (`environmentSpecJsonSchema`).
 * Every optional field is filled from the tier preset (see presets.ts).
 */

const email = z
  .string()
  .regex(EMAIL_PATTERN, { error: "must be an email address like oncall@example.com" })
  .describe("An email address.");

const emails = z.array(email).min(1, { error: "list at least one email address: alerts that reach nobody are lost" });

const cron = z
  .string()
  .regex(/^\s*\S+\s+\S+\s+\S+\s+\S+\s+\S+\s*$/, {
    error: "must be a 5-field cron expression 'minute hour day-of-month month day-of-week', e.g. \"0 20 * * 1-5\"",
  });

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().min(0);

const accelerator = z.enum(ACCELERATORS).describe("A logical accelerator from the catalog.");

const capacity = z
  .union([
    z.enum(["spot", "on-demand"]),
    z.object({ reservation: z.string().min(1).describe("An EC2 On-Demand Capacity Reservation id (cr-...).") }).strict(),
    z.object({ capacityBlock: z.string().min(1).describe("An EC2 Capacity Block reservation id (cr-...).") }).strict(),
  ])
  .describe("Where training nodes come from: spot, on-demand, an On-Demand Capacity Reservation, or a Capacity Block.");

const replicaBounds = z
  .object({
    min: nonNegativeInt.optional().describe("Fewest replicas/nodes. @default - per tier"),
    max: positiveInt.optional().describe("Most replicas/nodes. @default - per tier"),
  })
  .strict();

export const networkSchema = z
  .object({
    cidr: z.string().optional().describe("IPv4 CIDR of the network, /16 to /24. @default 10.40.0.0/16"),
    zones: z.number().int().min(1).max(6).optional().describe("Availability zones to spread over. @default - 2 in dev and staging, 3 in prod"),
    natGateways: z.enum(["single", "per-zone"]).optional().describe("One NAT gateway, or one per zone. @default - single in dev and staging, per-zone in prod"),
  })
  .strict();

export const trainingSchema = z
  .object({
    accelerator,
    acceleratorsPerNode: positiveInt.optional().describe("Accelerators per node; picks the machine size. @default - the largest size the catalog lists"),
    nodes: replicaBounds.optional().describe("Node count bounds of the accelerator pool. @default - min 0; max 2 dev, 4 staging, 8 prod"),
    capacity: capacity.optional().describe("@default - spot in dev, on-demand otherwise"),
    allowUnlistedRegion: z.boolean().optional().describe("Accept a region the catalog does not list for this accelerator (with a warning). @default false"),
    kubernetesVersion: z.string().regex(/^1\.\d{2}$/, { error: "must be a Kubernetes minor version like \"1.33\"" }).optional().describe("Kubernetes minor version of the cluster. @default 1.33"),
  })
  .strict();

export const sharedStorageSchema = z
  .object({
    capacityGiB: positiveInt.optional().describe("File system capacity, GiB. @default - 1200 dev, 2400 staging, 4800 prod"),
    throughputMBpsPerTiB: z.union([z.literal(125), z.literal(250), z.literal(500), z.literal(1000)]).optional().describe("Throughput per TiB of storage. @default - 125 dev, 250 otherwise"),
    backupRetentionDays: nonNegativeInt.max(90).optional().describe("Days of daily automatic backups; 0 turns them off. @default - 0 dev, 7 staging, 30 prod"),
    importPrefix: z.string().optional().describe("Prefix of the datasets bucket linked into the file system. @default \"datasets/\""),
  })
  .strict();

export const vectorStoreSchema = z
  .object({
    engine: z.enum(["opensearch-serverless", "aurora-pgvector"]).optional().describe("@default opensearch-serverless"),
    dimensions: positiveInt.max(16000).optional().describe("Embedding dimensions. @default 1024"),
    standbyReplicas: z.boolean().optional().describe("OpenSearch Serverless standby replicas. @default - off in dev, on otherwise"),
    minCapacity: z.number().min(0).max(256).optional().describe("Aurora Serverless v2 minimum ACUs; 0 lets it pause. @default - 0 dev, 0.5 staging, 2 prod"),
    maxCapacity: z.number().min(1).max(256).optional().describe("Aurora Serverless v2 maximum ACUs. @default - 4 dev, 16 staging, 64 prod"),
  })
  .strict();

export const inferenceSchema = z
  .object({
    accelerator,
    acceleratorsPerNode: positiveInt.optional().describe("Accelerators per instance; picks the instance size. @default - the smallest size the catalog lists"),
    replicas: replicaBounds.optional().describe("Instance count bounds. @default - min 1 (2 in prod); max 2 dev, 4 staging, 8 prod"),
    targetInvocationsPerReplica: positiveInt.optional().describe("Invocations per instance per minute that autoscaling aims at. @default 100"),
    scaleDownSchedule: z
      .union([
        z.literal(false),
        z
          .object({
            cron: cron.describe("When to scale down (UTC)."),
            scaleUpCron: cron.optional().describe("When to scale back up (UTC). @default \"0 7 * * 1-5\""),
            minReplicas: nonNegativeInt.optional().describe("Replicas kept while scaled down. @default 0"),
          })
          .strict(),
      ])
      .optional()
      .describe("Scale down on a schedule (nights, weekends). false turns it off. @default - nights and weekends in dev and staging, off in prod"),
    image: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { error: "must be an image tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'" })
      .optional()
      .describe("Serving image tag in the environment's registry (tags are immutable: name a version). @default \"v1\""),
    deploy: z.boolean().optional().describe("Create the endpoint. Set false for the first apply, until the image and the model files are pushed. @default true"),
    allowUnlistedRegion: z.boolean().optional().describe("Accept a region the catalog does not list (with a warning). @default false"),
  })
  .strict();

export const budgetSchema = z
  .object({
    monthlyUsd: z.number().positive().describe("Monthly cost budget, USD."),
    thresholdsPercent: z.array(z.number().positive().max(1000)).min(1).optional().describe("Actual-spend alert thresholds, percent of budget. @default [50, 80, 100]"),
    forecastPercent: z.number().positive().max(1000).optional().describe("Forecast alert threshold, percent. @default 100"),
    notify: emails.describe("Who gets budget alerts."),
    activateCostTag: z.boolean().optional().describe("Activate the environment tag for cost allocation (once per organisation; needs the management account's billing rights). @default - on in prod, off otherwise"),
    startDate: z.string().regex(/^\d{4}-\d{2}-01$/, { error: "must be the first day of a month, YYYY-MM-01" }).optional().describe("First month of the budget. @default - left to the cloud"),
  })
  .strict();

export const monitoringSchema = z
  .object({
    notify: emails.describe("Who gets operational alerts."),
    latencyP90Ms: positiveInt.optional().describe("Endpoint p90 model latency alarm threshold, ms. @default 2000"),
    gpuHighPercent: z.number().min(1).max(100).optional().describe("Accelerator utilisation above which to alarm. @default 95"),
    gpuIdlePercent: z.number().min(0).max(100).optional().describe("Utilisation below which a running node counts as idle. @default 5"),
    storageFreePercent: z.number().min(1).max(99).optional().describe("Shared storage free capacity alarm threshold, percent. @default 10"),
  })
  .strict();

export const awsSchema = z
  .object({
    stateBackend: z
      .object({
        bucket: z.string().min(3),
        key: z.string().optional().describe("@default <name>-<tier>/terraform.tfstate"),
        region: z.string().optional().describe("@default the environment's region"),
      })
      .strict()
      .optional()
      .describe("S3 remote state with native locking; omitted: a local backend."),
    vectorStoreRoleArns: z
      .array(z.string().regex(IAM_ROLE_ARN_PATTERN, { error: "must be an IAM role ARN" }))
      .optional()
      .describe("Roles of applications (e.g. a retrieval service) let into the OpenSearch data access policy; they need aoss:APIAccessAll in their own IAM policy. @default []"),
    clusterAdminRoleArns: z.array(z.string().regex(IAM_ROLE_ARN_PATTERN, { error: "must be an IAM role ARN" })).optional().describe("Roles given cluster-admin through EKS access entries. @default []"),
  })
  .strict();

export const environmentSpecSchema = z
  .object({
    $schema: z.string().optional(),
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/, {
        error: "must be 2-16 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit (it prefixes every resource name)",
      })
      .describe("Short lowercase name; prefixes every resource name."),
    tier: z.enum(TIERS),
    cloud: z.enum(["aws", "gcp", "azure"]),
    region: z.string().regex(/^[a-z]{2,}[a-z0-9-]*[0-9a-z]$/, { error: "must be a cloud region id like us-east-1, us-central1 or eastus" }),
    owner: email.describe("Owning team's email; tagged on every resource."),
    costCenter: z.string().regex(/^[A-Za-z0-9_.:/=+@-]{1,63}$/, { error: "must be 1-63 letters, digits or _.:/=+@-" }).describe("Cost center; tagged on every resource."),
    tags: z.record(z.string(), z.string()).optional().describe("Extra tags/labels on every resource."),
    network: networkSchema.optional(),
    training: trainingSchema.optional(),
    sharedStorage: z.union([z.literal(false), sharedStorageSchema]).optional().describe("Shared Lustre storage; false leaves it out. @default - on when training is set"),
    vectorStore: z.union([z.literal(false), vectorStoreSchema]).optional().describe("Vector store; false leaves it out. @default - opensearch-serverless"),
    inference: inferenceSchema.optional(),
    budget: budgetSchema,
    monitoring: monitoringSchema,
    logRetentionDays: z.number().int().positive().optional().describe("Log retention, days. @default - 14 dev, 90 staging, 365 prod"),
    deletionProtection: z.boolean().optional().describe("Provider-native deletion protection on stateful resources. @default - off in dev, on otherwise"),
    preventDestroy: z.boolean().optional().describe("lifecycle.prevent_destroy on stateful resources. @default - on in prod"),
    checkpointVersionDays: z.number().int().positive().optional().describe("Days non-current checkpoint versions are kept. @default - 7 dev, 14 staging, 30 prod"),
    aws: awsSchema.optional(),
  })
  .strict();

/** What a person writes: the environment spec before tier presets fill it. */
export type EnvironmentSpec = z.input<typeof environmentSpecSchema>;
/** Training capacity choice. */
export type TrainingCapacity = z.infer<typeof capacity>;

/** The JSON Schema of the environment spec, for editors and CI checks. */
export function environmentSpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(environmentSpecSchema, { io: "input" }) as Record<string, unknown>;
  return { ...schema, $id: "https://llmops-constructs.dev/schema/environment-spec.json", title: "llmops-constructs environment spec" };
}
