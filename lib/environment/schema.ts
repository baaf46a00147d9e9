import { z } from "zod";
import { ACCELERATORS, CLOUDS } from "../catalog/types";
import { TIERS } from "../util/tier";
import { guardrailsSchema } from "./guardrails-schema";
import { virtualNetworkIdProblem } from "../util/azure-ids";
import { bounds, capped, checked, cron, email, emails, iamRoleArn, nonNegativeInt, positiveInt, region } from "./fields";

/**
 * The environment spec: plain data a person writes in YAML or JSON. This one schema
 * gives the TypeScript type (`EnvironmentSpec`), runtime validation and the JSON
 * Schema. Portable fields mean the same on every cloud; facts only one cloud has live
 * in that cloud's section (`aws:`, `gcp:`, `azure:`). Every optional field is filled
 * from the construct defaults of the spec's cloud and tier (see presets.ts).
 */

const accelerator = z.enum(ACCELERATORS).describe("A logical accelerator from the catalog.");

const reservationId = capped(128, "a reservation id").describe("The cloud's reservation (AWS: its id, cr- and 17 hex digits; Google Cloud: the Compute Engine reservation's name).");

const reservationZone = capped(32, "a zone name")
  .optional()
  .describe("The reservation's zone, e.g. us-east-1b or us-central1-a (required: AWS as describe-capacity-reservations shows it; Google Cloud as gcloud compute reservations list shows it).");

const capacity = z
  .union([
    z.enum(["spot", "on-demand"]),
    z.object({ reservation: reservationId, zone: reservationZone }).strict(),
    z.object({ capacityBlock: reservationId, zone: reservationZone }).strict(),
  ])
  .describe("Where training nodes come from: spot, on-demand, a capacity reservation, or a capacity block (AWS). A reservation lives in one zone: the pool and the Lustre file system go there.");

export const networkSchema = z
  .object({
    cidr: capped(18, "an IPv4 CIDR").optional().describe("IPv4 CIDR of the network. @default 10.40.0.0/16"),
    zones: z.number().int().min(1).max(6).optional().describe("Zones to spread over. @default - 2 in dev and staging, 3 in prod"),
    natGateways: z.enum(["single", "per-zone"]).optional().describe("One NAT gateway, or one per zone. @default - single in dev and staging, per-zone in prod"),
  })
  .strict();

export const trainingSchema = z
  .object({
    accelerator,
    acceleratorsPerNode: positiveInt.optional().describe("Accelerators per node; picks the machine size. @default - the largest size the catalog lists"),
    nodes: bounds.optional().describe("Node count bounds of the accelerator pool. @default - min 0; max 2 dev, 4 staging, 8 prod"),
    capacity: capacity.optional().describe("@default - spot in dev, on-demand otherwise"),
    allowUnlistedRegion: z.boolean().optional().describe("Accept a region the catalog does not list for this accelerator (with a warning). @default false"),
    kubernetesVersion: capped(8, "a Kubernetes minor version").optional().describe("Kubernetes minor version of the cluster, one the cloud supports (AWS; GKE clusters follow their release channel instead). @default - the catalog's default for the cloud"),
  })
  .strict();

export const sharedStorageSchema = z
  .object({
    kind: z.enum(["lustre", "object-mount"]).optional().describe("lustre: a parallel file system; object-mount: the datasets bucket mounted as a file system (no idle cost). @default - object-mount in dev, lustre otherwise"),
    capacityGiB: positiveInt.optional().describe("Lustre capacity, GiB; steps and minimums are checked per cloud. @default - per cloud and tier"),
    throughputMBpsPerTiB: positiveInt.optional().describe("Lustre throughput per TiB of storage, MB/s; tiers are checked per cloud. @default - per cloud and tier"),
    backupRetentionDays: nonNegativeInt.max(90).optional().describe("Days of daily automatic backups; 0 turns them off. @default - 0 dev, 7 staging, 30 prod"),
    importPrefix: capped(1024, "an object key prefix").optional().describe("Prefix of the datasets bucket the file system shows. @default \"datasets/\""),
  })
  .strict();

const vectorEngine = z
  .enum(["managed-search", "postgres-pgvector", "opensearch-serverless", "aurora-pgvector"])
  .describe("managed-search or postgres-pgvector; opensearch-serverless and aurora-pgvector are accepted as their AWS aliases.");

export const vectorStoreSchema = z
  .object({
    engine: vectorEngine.optional().describe("@default - postgres-pgvector in dev (pauses at 0 ACU), managed-search otherwise"),
    dimensions: positiveInt.max(16000).optional().describe("Embedding dimensions. @default 1024"),
  })
  .strict();

const model = z
  .union([
    z.object({ image: capped(128, "an image tag").describe("Serving image tag in the environment's registry (tags are immutable: name a version).") }).strict(),
    z
      .object({
        huggingFace: checked(96, "a Hugging Face model id", (v) =>
          /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(v) ? undefined : `must be a Hugging Face model id like meta-llama/Llama-3.1-8B-Instruct (got ${JSON.stringify(v.slice(0, 100))})`,
        ).describe("Open model id, served by a stock serving container; its weights are read from the artifacts bucket."),
        acceptEula: z.boolean().optional().describe("Accept the model's license (EULA); required for gated models such as meta-llama/* and google/gemma-* (Google Cloud Model Garden). @default false"),
      })
      .strict(),
  ])
  .describe("What is served: { image: <tag> } from the environment's registry, or { huggingFace: <model id> } in a stock serving container.");

export const inferenceSchema = z
  .object({
    accelerator,
    acceleratorsPerNode: positiveInt.optional().describe("Accelerators per instance; picks the instance size. @default - the smallest size the catalog lists"),
    model: model.optional().describe("@default { image: v1 }"),
    replicas: bounds.optional().describe("Instance count bounds. @default - min 1 (2 in prod); max 2 dev, 4 staging, 8 prod"),
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
    deploy: z.boolean().optional().describe("Create the endpoint. Set false for the first apply, until the image and the model files are pushed. @default true"),
    allowUnlistedRegion: z.boolean().optional().describe("Accept a region the catalog does not list for the inference accelerator (with a warning), as training.allowUnlistedRegion does for training. @default false"),
  })
  .strict();

export const budgetSchema = z
  .object({
    monthlyUsd: z.number().positive().max(1e9).describe("Monthly cost budget, USD."),
    thresholdsPercent: z.array(z.number().positive().max(1000)).min(1).max(100).optional().describe("Actual-spend alert thresholds, percent of budget. @default [50, 80, 100]"),
    forecastPercent: z.number().positive().max(1000).optional().describe("Forecast alert threshold, percent. @default 100"),
    notify: emails.describe("Who gets budget alerts."),
    startDate: capped(10, "a date").optional().describe("First month of the budget, YYYY-MM-01. Required on Azure (a consumption budget needs it and cannot change it later); not used on AWS and Google Cloud. @default - left to the cloud"),
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
        bucket: capped(63, "an S3 bucket name").describe("Bucket name (not an s3:// URL)."),
        key: capped(1024, "an S3 key").optional().describe("@default <name>-<tier>/terraform.tfstate"),
        region: region.optional().describe("@default the environment's region"),
      })
      .strict()
      .optional()
      .describe("S3 remote state with native locking; omitted: a local backend."),
    vectorStoreRoleArns: z.array(iamRoleArn).max(100).optional().describe("Roles of applications let into the OpenSearch data access policy; they need aoss:APIAccessAll in their own IAM policy. @default []"),
    clusterAdminRoleArns: z.array(iamRoleArn).max(100).optional().describe("Roles given cluster-admin through EKS access entries. @default []"),
    vectorStore: z
      .object({
        standbyReplicas: z.boolean().optional().describe("OpenSearch Serverless standby replicas. @default - off in dev, on otherwise"),
        minCapacity: z.number().min(0).max(256).optional().describe("Aurora Serverless v2 minimum ACUs; 0 lets it pause. @default - 0 dev, 0.5 staging, 2 prod"),
        maxCapacity: z.number().min(1).max(256).optional().describe("Aurora Serverless v2 maximum ACUs. @default - 4 dev, 16 staging, 64 prod"),
      })
      .strict()
      .optional()
      .describe("Settings of the AWS vector store services."),
    activateCostTag: z.boolean().optional().describe("Activate the environment tag for cost allocation: only from the management (payer) account, and only a day after the tag is first seen. @default false"),
  })
  .strict();

export const gcpSchema = z
  .object({
    project: checked(30, "a project id", (v) => (/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(v) ? undefined : `must be a Google Cloud project id: 6-30 lowercase letters, digits and hyphens, starting with a letter (got ${JSON.stringify(v)})`)),
    billingAccount: checked(20, "a billing account id", (v) => (/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/.test(v) ? undefined : `must be a billing account id like 000000-000000-000000 (got ${JSON.stringify(v)})`)),
    stateBucket: capped(63, "a Cloud Storage bucket name").optional().describe("Cloud Storage bucket for remote state (prefix <name>-<tier>); omitted: a local backend."),
    gpuNetworksCidr: capped(18, "an IPv4 CIDR")
      .optional()
      .describe("Private space the extra GPU NIC subnets of a multi-node A3 or A4 training pool are carved from (GPUDirect-TCPX: 4 /20 subnets, TCPXO: 8, RDMA: 9); it must not overlap network.cidr. @default 192.168.0.0/16"),
    tpuTopology: capped(16, "a TPU topology").optional().describe("TPU slice topology of a TPU training pool, e.g. 2x2 (one host) or 4x4 (a multi-host slice that scales atomically). @default - the machine's single-host topology"),
    huggingFaceTokenSecret: capped(300, "a Secret Manager secret").optional().describe("Secret Manager secret (id in the project, or projects/<p>/secrets/<id>) holding the Hugging Face read token a gated inference model needs; its latest version is read at plan time. Never the token itself."),
  })
  .strict();

const azureGuid = (what: string) =>
  checked(36, `${what} GUID`, (v) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? undefined : `must be ${what} GUID like 00000000-0000-0000-0000-000000000000 (got ${JSON.stringify(v)})`));

export const azureSchema = z
  .object({
    subscriptionId: azureGuid("a subscription").describe("The subscription the environment lives in (the provider's subscription_id)."),
    tenantId: azureGuid("a tenant").optional().describe("The Entra ID tenant of the subscription. @default - the tenant of the credentials Terraform runs with"),
    resourceGroup: capped(90, "a resource group name").optional().describe("The resource group the stack makes and puts every resource in. @default <name>-<tier>-rg"),
    stateBackend: z
      .object({
        resourceGroupName: capped(90, "a resource group name").describe("Resource group of the state storage account (it must exist)."),
        storageAccountName: capped(24, "a storage account name").describe("Storage account holding the state (it must exist; Terraform reads it with Entra ID)."),
        containerName: capped(63, "a blob container name").optional().describe("@default \"tfstate\""),
        key: capped(1024, "a blob name").optional().describe("@default <name>-<tier>.tfstate"),
      })
      .strict()
      .optional()
      .describe("azurerm remote state (Entra ID auth, blob lease locking); omitted: a local backend."),
    runnerVirtualNetworkIds: z
      .array(checked(512, "a virtual network ARM id", virtualNetworkIdProblem))
      .max(10)
      .optional()
      .describe(
        "ARM ids of VNets that exist before the first apply, where Terraform runs (a self-hosted CI runner, an operator VM): each is peered both ways with the environment's VNet and linked to every private DNS zone the stack makes (Key Vault, storage, registry, AKS API server ...), so the first apply reaches the private endpoints. Their address spaces must not overlap network.cidr; a VNet can serve one environment (it takes one private DNS zone of a name). @default [] (the first apply must then run inside the environment's VNet)",
      ),
    clusterAdminGroupObjectIds: z.array(azureGuid("an Entra ID group object id")).max(50).optional().describe("Entra ID groups given cluster-admin on the AKS cluster (local accounts are off). @default []"),
    postgresAdmin: z
      .object({
        objectId: azureGuid("an Entra ID object id").describe("Object id of the user, group or service principal administering the server."),
        principalName: capped(128, "a principal name").describe("Its name as PostgreSQL sees it (the group's or user's display name, or the service principal's name)."),
        principalType: z.enum(["Group", "ServicePrincipal", "User"]).describe("What the principal is."),
      })
      .strict()
      .optional()
      .describe("The Entra ID administrator of the PostgreSQL vector store (password authentication is off). Required with vectorStore.engine: postgres-pgvector."),
    openAi: z
      .object({
        model: capped(64, "an Azure OpenAI model name").describe("Model name, e.g. gpt-5.2 (az cognitiveservices model list -l <region>)."),
        version: capped(32, "a model version").describe("Model version, e.g. 2025-12-11 (kept until it retires, then Azure moves the deployment to the default version; a retired version is an error at synth)."),
        capacity: positiveInt.describe("Units of 1,000 tokens per minute (Standard, Global, Data Zone), or PTUs (provisioned), counted against the subscription's quota per region and model."),
        sku: z.enum(["Standard", "GlobalStandard", "DataZoneStandard", "GlobalBatch", "DataZoneBatch", "ProvisionedManaged", "GlobalProvisionedManaged", "DataZoneProvisionedManaged"]).optional().describe("Deployment type. @default - DataZoneStandard (prompts stay in the US or EU data zone; Standard in a region outside both) when tags.data-classification is confidential or restricted, GlobalStandard otherwise"),
      })
      .strict()
      .optional()
      .describe("A managed Azure OpenAI model deployment (private endpoint, Entra ID only, customer-managed key, a content filter). @default - none"),
    huggingFaceTokenSecret: capped(253, "a Kubernetes secret name")
      .optional()
      .describe("Kubernetes secret in the inference namespace holding a Hugging Face token under the key HF_TOKEN (made outside Terraform, so the token stays out of state): a gated inference.model { huggingFace } needs it. @default - none"),
    cosmosDbObjectId: azureGuid("an Entra ID object id")
      .optional()
      .describe(
        'Object id of the "Azure Cosmos DB" service principal in your tenant (az ad sp show --id a232010e-820c-4083-83bb-3ace5fc29d0b --query id -o tsv): the model registry (an Azure Machine Learning workspace encrypted with the customer-managed key) gives it encrypt/decrypt on the key. Required on Azure.',
      ),
    lustreResourceProviderObjectId: azureGuid("an Entra ID object id")
      .optional()
      .describe("Object id of the \"HPC Cache Resource Provider\" service principal in your tenant (az ad sp list --display-name \"HPC Cache Resource Provider\" --query \"[].id\" -o tsv): the stack gives it the two roles on the storage account that Lustre's blob integration needs. @default - none: assign them yourself before the apply"),
  })
  .strict();

export const environmentSpecSchema = z
  .object({
    $schema: capped(2048, "a schema reference").optional(),
    name: checked(16, "an environment name", (v) =>
      /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/.test(v) && !v.includes("--")
        ? undefined
        : `must be 2-16 characters of lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit: it prefixes every resource name (got ${JSON.stringify(v)})`,
    ).describe("Short lowercase name; prefixes every resource name."),
    tier: z.enum(TIERS),
    cloud: z.enum(CLOUDS as unknown as ["aws", "gcp", "azure"]),
    region,
    allowUnlistedRegion: z.boolean().optional().describe("Accept a region that is not in the catalog's region list of the cloud (with a warning). @default false"),
    owner: email.describe("Owning team's email; tagged on every resource."),
    costCenter: capped(63, "a cost center").describe("Cost center; tagged on every resource."),
    tags: z.record(capped(512, "a tag key"), capped(256, "a tag value")).optional().describe("Extra tags/labels on every resource; limits are checked per cloud."),
    network: networkSchema.optional(),
    training: trainingSchema.optional(),
    sharedStorage: z.union([z.literal(false), sharedStorageSchema]).optional().describe("Shared storage for training; false leaves it out. @default - lustre when training is set"),
    vectorStore: z.union([z.literal(false), vectorStoreSchema]).optional().describe("Vector store; false leaves it out. @default - managed-search"),
    inference: inferenceSchema.optional(),
    budget: budgetSchema,
    monitoring: monitoringSchema,
    logRetentionDays: z.number().int().positive().max(3653).optional().describe("Log retention, days; values are checked per cloud. @default - 14 dev, 90 staging, 365 prod"),
    deletionProtection: z.boolean().optional().describe("Provider-native deletion protection on stateful resources. @default - off in dev, on otherwise"),
    preventDestroy: z.boolean().optional().describe("lifecycle.prevent_destroy on stateful resources. @default - on in prod"),
    checkpointVersionDays: z.number().int().positive().optional().describe("Days non-current checkpoint versions are kept. @default - 7 dev, 14 staging, 30 prod"),
    guardrails: guardrailsSchema.optional().describe("Guardrail options: packs, levels, suppressions with reasons, report-only."),
    aws: awsSchema.optional(),
    gcp: gcpSchema.optional(),
    azure: azureSchema.optional(),
  })
  .strict();

/**
 * The environment spec as a person writes it (YAML, JSON or a TypeScript literal),
 * before the tier presets fill it: the type of `AwsLlmOpsStack`'s `spec` prop and of
 * `resolveEnvironmentSpec`'s input. Generated from the same schema as the JSON Schema
 * (`llmops schema`, `schema/environment-spec.schema.json`), so the two never differ.
 */
export type EnvironmentSpec = z.input<typeof environmentSpecSchema>;
/** Training capacity choice. */
export type TrainingCapacity = z.infer<typeof capacity>;

/** The JSON Schema of the environment spec, for editors and CI checks. */
export function environmentSpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(environmentSpecSchema, { io: "input" }) as Record<string, unknown>;
  return { ...schema, $id: "https://llmops-constructs.dev/schema/environment-spec.json", title: "llmops-constructs environment spec" };
}
