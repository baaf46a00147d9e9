import type { Cloud } from "../catalog/types";
import { cloudPart } from "../cloud-modules";
import { TIERS, type Tier } from "../util/tier";

/**
 * Tier presets: every value a spec may leave unset, per cloud and tier. They are not
 * written here: each is read from the defaults of the construct that owns it (e.g.
 * `AwsNetwork.defaults(tier).zones`), so a construct used alone and a spec agree.
 */
export interface TierPreset {
  readonly zones: number;
  readonly natGateways: "single" | "per-zone";
  readonly trainingCapacity: "spot" | "on-demand";
  readonly trainingNodesMax: number;
  /** Kubernetes minor version new clusters get; undefined where the cloud picks it (GKE release channels). */
  readonly kubernetesVersion?: string;
  readonly storageKind: "lustre" | "object-mount";
  readonly storageCapacityGiB: number;
  readonly storageThroughputMBpsPerTiB: number;
  readonly storageBackupRetentionDays: number;
  readonly vectorEngine: "managed-search" | "postgres-pgvector";
  readonly vectorDimensions: number;
  readonly inferenceReplicasMin: number;
  readonly inferenceReplicasMax: number;
  readonly inferenceScaleDown: false | { readonly cron: string; readonly scaleUpCron: string; readonly minReplicas: number };
  /** What a spec's `scaleDownSchedule` fills unset fields from when the tier has no schedule of its own. */
  readonly scaleDownTemplate: { readonly cron: string; readonly scaleUpCron: string; readonly minReplicas: number };
  readonly inferenceImage: string;
  readonly targetInvocationsPerReplica: number;
  readonly budgetThresholdsPercent: readonly number[];
  readonly budgetForecastPercent: number;
  readonly latencyP90Ms: number;
  readonly gpuHighPercent: number;
  readonly gpuIdlePercent: number;
  readonly storageFreePercent: number;
  readonly logRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly preventDestroy: boolean;
  readonly checkpointVersionDays: number;
  readonly cidr: string;
  readonly importPrefix: string;
}

/** The AWS preset: the portable fields and the defaults of the `aws:` section. */
export interface AwsTierPreset extends TierPreset {
  readonly kubernetesVersion: string;
  readonly vectorStandbyReplicas: boolean;
  readonly vectorMinCapacity: number;
  readonly vectorMaxCapacity: number;
  readonly activateCostTag: boolean;
}

/** The presets of every tier of a cloud that has an environment stack. */
export function tierPresets(cloud: Cloud): Readonly<Record<Tier, TierPreset>> | undefined {
  // Loaded on first use: a cloud's presets read its constructs, which load its provider package.
  const preset = cloudPart(cloud, "preset");
  return preset ? (Object.fromEntries(TIERS.map((t) => [t, preset(t)])) as Record<Tier, TierPreset>) : undefined;
}
