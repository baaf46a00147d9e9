import type { Tier } from "../util/tier";

/**
 * Tier presets: every value a spec may leave unset, per tier. Presets, not
 * forks: a spec can override any value here.
 */
export interface TierPreset {
  readonly zones: number;
  readonly natGateways: "single" | "per-zone";
  readonly trainingCapacity: "spot" | "on-demand";
  readonly trainingNodesMax: number;
  readonly storageCapacityGiB: number;
  readonly storageThroughputMBpsPerTiB: 125 | 250 | 500 | 1000;
  readonly storageBackupRetentionDays: number;
  readonly vectorStandbyReplicas: boolean;
  readonly vectorMinCapacity: number;
  readonly vectorMaxCapacity: number;
  readonly inferenceReplicasMin: number;
  readonly inferenceReplicasMax: number;
  readonly inferenceScaleDown: boolean;
  readonly activateCostTag: boolean;
  readonly logRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly preventDestroy: boolean;
  readonly checkpointVersionDays: number;
}

/** The presets of each tier; the README's tier table is generated from the same values. */
export const TIER_PRESETS: Readonly<Record<Tier, TierPreset>> = {
  dev: {
    zones: 2,
    natGateways: "single",
    trainingCapacity: "spot",
    trainingNodesMax: 2,
    storageCapacityGiB: 1200,
    storageThroughputMBpsPerTiB: 125,
    storageBackupRetentionDays: 0,
    vectorStandbyReplicas: false,
    vectorMinCapacity: 0,
    vectorMaxCapacity: 4,
    inferenceReplicasMin: 1,
    inferenceReplicasMax: 2,
    inferenceScaleDown: true,
    activateCostTag: false,
    logRetentionDays: 14,
    deletionProtection: false,
    preventDestroy: false,
    checkpointVersionDays: 7,
  },
  staging: {
    zones: 2,
    natGateways: "single",
    trainingCapacity: "on-demand",
    trainingNodesMax: 4,
    storageCapacityGiB: 2400,
    storageThroughputMBpsPerTiB: 250,
    storageBackupRetentionDays: 7,
    vectorStandbyReplicas: true,
    vectorMinCapacity: 0.5,
    vectorMaxCapacity: 16,
    inferenceReplicasMin: 1,
    inferenceReplicasMax: 4,
    inferenceScaleDown: true,
    activateCostTag: false,
    logRetentionDays: 90,
    deletionProtection: true,
    preventDestroy: false,
    checkpointVersionDays: 14,
  },
  prod: {
    zones: 3,
    natGateways: "per-zone",
    trainingCapacity: "on-demand",
    trainingNodesMax: 8,
    storageCapacityGiB: 4800,
    storageThroughputMBpsPerTiB: 250,
    storageBackupRetentionDays: 30,
    vectorStandbyReplicas: true,
    vectorMinCapacity: 2,
    vectorMaxCapacity: 64,
    inferenceReplicasMin: 2,
    inferenceReplicasMax: 8,
    inferenceScaleDown: false,
    activateCostTag: true,
    logRetentionDays: 365,
    deletionProtection: true,
    preventDestroy: true,
    checkpointVersionDays: 30,
  },
};

/** Defaults that do not depend on the tier. */
export const COMMON_DEFAULTS = {
  cidr: "10.40.0.0/16",
  kubernetesVersion: "1.33",
  vectorEngine: "opensearch-serverless",
  vectorDimensions: 1024,
  importPrefix: "datasets/",
  targetInvocationsPerReplica: 100,
  scaleUpCron: "0 7 * * 1-5",
  scaleDownCron: "0 20 * * 1-5",
  scaleDownMinReplicas: 0,
  image: "v1",
  budgetThresholdsPercent: [50, 80, 100],
  budgetForecastPercent: 100,
  latencyP90Ms: 2000,
  gpuHighPercent: 95,
  gpuIdlePercent: 5,
  storageFreePercent: 10,
} as const;
