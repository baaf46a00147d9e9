import type { AcceleratorId, AcceleratorVendor, Cloud, MachineOffer } from "../catalog/types";
import type { VectorEngine } from "../constructs/common";
import type { Tier } from "../util/tier";
import type { SpecGuardrails } from "./guardrails-schema";
import type { TrainingCapacity } from "./schema";

/** A replica or node count range. */
export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** The training section with every default filled and the catalog machine chosen. */
export interface ResolvedTraining {
  readonly accelerator: AcceleratorId;
  /** Who makes the accelerator (from the catalog): picks device plugins, resources and metrics. */
  readonly vendor: AcceleratorVendor;
  readonly machine: MachineOffer;
  readonly nodes: Bounds;
  readonly capacity: TrainingCapacity;
  /** Kubernetes minor version; undefined where the cloud picks it (GKE follows its release channel). */
  readonly kubernetesVersion?: string;
}

/** What an endpoint serves: an image in the environment's registry, or an open model in a stock container. */
export type ResolvedModel = { readonly image: string } | { readonly huggingFace: string; readonly acceptEula?: boolean };

/** The inference section with every default filled and the catalog machine chosen. */
export interface ResolvedInference {
  readonly accelerator: AcceleratorId;
  readonly vendor: AcceleratorVendor;
  readonly machine: MachineOffer;
  readonly replicas: Bounds;
  readonly targetInvocationsPerReplica: number;
  readonly scaleDownSchedule: false | { readonly cron: string; readonly scaleUpCron: string; readonly minReplicas: number };
  readonly model: ResolvedModel;
  readonly deploy: boolean;
}

/** Shared storage: a parallel file system, or the datasets bucket mounted as a file system. */
export type ResolvedSharedStorage =
  | { readonly kind: "lustre"; readonly capacityGiB: number; readonly throughputMBpsPerTiB: number; readonly backupRetentionDays: number; readonly importPrefix: string }
  | { readonly kind: "object-mount"; readonly importPrefix: string };

/** The AWS section with every default filled. */
export interface ResolvedAwsSection {
  readonly stateBackend?: { readonly bucket: string; readonly key: string; readonly region: string };
  readonly clusterAdminRoleArns: readonly string[];
  readonly vectorStoreRoleArns: readonly string[];
  readonly vectorStore: { readonly standbyReplicas: boolean; readonly minCapacity: number; readonly maxCapacity: number };
  readonly activateCostTag: boolean;
}

/** The Google Cloud section with every default filled. */
export interface ResolvedGcpSection {
  readonly project: string;
  readonly billingAccount: string;
  /** Remote state in Cloud Storage; undefined: a local backend. */
  readonly stateBackend?: { readonly bucket: string; readonly prefix: string };
  /** TPU slice topology of a TPU training pool (e.g. `2x2`, `4x4`); undefined for GPU pools. */
  readonly tpuTopology?: string;
  /** Private space of the extra GPU NIC subnets of a multi-node A3 or A4 pool; undefined when the pool needs none. */
  readonly gpuNetworksCidr?: string;
  /** The training pool's zone (and a zonal cluster's): the reservation's, or the catalog's default zone of the region offering the machine. */
  readonly trainingZone?: string;
  /** Secret Manager secret holding the Hugging Face token of a gated inference model. */
  readonly huggingFaceTokenSecret?: string;
  /** Whether the training zone is one the catalog does not list for the machine (accepted with training.allowUnlistedRegion, and a warning). */
  readonly trainingZoneUnlisted?: boolean;
}

/** The Azure section with every default filled. */
export interface ResolvedAzureSection {
  readonly subscriptionId: string;
  readonly tenantId?: string;
  /** The resource group the stack makes. */
  readonly resourceGroupName: string;
  /** azurerm remote state; undefined: a local backend. */
  readonly stateBackend?: { readonly resourceGroupName: string; readonly storageAccountName: string; readonly containerName: string; readonly key: string };
  readonly clusterAdminGroupObjectIds: readonly string[];
  /** ARM ids of the VNets Terraform runs from (peered with the environment's VNet, linked to its private DNS zones); empty: the first apply must run inside the environment's VNet. */
  readonly runnerVirtualNetworkIds: readonly string[];
  /** The Entra ID administrator of the PostgreSQL vector store. */
  readonly postgresAdmin?: { readonly objectId: string; readonly principalName: string; readonly principalType: "Group" | "ServicePrincipal" | "User" };
  /** Object id of the HPC Cache Resource Provider service principal (Lustre blob integration's roles). */
  readonly lustreResourceProviderObjectId?: string;
  /** Object id of the Azure Cosmos DB service principal in the tenant (the model registry's key grant), lowercased. */
  readonly cosmosDbObjectId: string;
  /** Kubernetes secret holding the Hugging Face token a gated served model needs. */
  readonly huggingFaceTokenSecret?: string;
  /** A managed Azure OpenAI model deployment. */
  readonly openAi?: { readonly model: string; readonly version: string; readonly capacity: number; readonly sku: "Standard" | "GlobalStandard" | "DataZoneStandard" | "GlobalBatch" | "DataZoneBatch" | "ProvisionedManaged" | "GlobalProvisionedManaged" | "DataZoneProvisionedManaged" };
}

/** An environment spec after presets and catalog look-ups: every field set. */
export interface ResolvedEnvironmentSpec {
  readonly name: string;
  readonly tier: Tier;
  readonly cloud: Cloud;
  readonly region: string;
  readonly owner: string;
  readonly costCenter: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly network: { readonly cidr: string; readonly zones: number; readonly natGateways: "single" | "per-zone" };
  readonly training?: ResolvedTraining;
  readonly sharedStorage?: ResolvedSharedStorage;
  readonly vectorStore?: { readonly engine: VectorEngine; readonly dimensions: number };
  readonly inference?: ResolvedInference;
  readonly budget: {
    readonly monthlyUsd: number;
    readonly thresholdsPercent: readonly number[];
    readonly forecastPercent: number;
    readonly notify: readonly string[];
    readonly startDate?: string;
  };
  readonly monitoring: { readonly notify: readonly string[]; readonly latencyP90Ms: number; readonly gpuHighPercent: number; readonly gpuIdlePercent: number; readonly storageFreePercent: number };
  readonly logRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly preventDestroy: boolean;
  readonly checkpointVersionDays: number;
  /** The spec's guardrail options, checked (unset: the stack's defaults). */
  readonly guardrails?: SpecGuardrails;
  /** The AWS section (set when `cloud` is aws). */
  readonly aws?: ResolvedAwsSection;
  /** The Google Cloud section (set when `cloud` is gcp). */
  readonly gcp?: ResolvedGcpSection;
  /** The Azure section (set when `cloud` is azure). */
  readonly azure?: ResolvedAzureSection;
  /** Worst-case monthly cost: every training and inference node running all month at list price. */
  readonly worstCaseMonthlyUsd: number;
  /** Things the user should know that do not stop synth (unlisted regions, budget overrun risk, support dates). */
  readonly warnings: readonly string[];
}
