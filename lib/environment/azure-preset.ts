import { registerCloudPart } from "../cloud-modules";
import { protectionDefaults } from "../constructs/common";
import { AzureBudget } from "../constructs/azure/budget";
import { AzureGpuNodePool } from "../constructs/azure/gpu-node-pool";
import { AzureLustreFileSystem, LUSTRE_SKUS } from "../constructs/azure/lustre-file-system";
import { AzureMonitoring } from "../constructs/azure/monitoring";
import { AzureNetwork } from "../constructs/azure/network";
import { AzureStorage } from "../constructs/azure/storage";
import type { Tier } from "../util/tier";
import type { TierPreset } from "./presets";

/**
 * Preset values no Azure construct owns (vector dimensions and inference replicas and
 * schedules, which the Azure stack reads from the spec; Azure Managed Lustre has no
 * automatic backups in azurerm 4.55). Every other value of {@link azurePreset} is an
 * Azure construct's `defaults(tier)`.
 */
export function azurePendingDefaults(_tier: Tier) {
  return {
    storageBackupRetentionDays: 0,
    vectorDimensions: 1024,
    inferenceReplicasMin: 1,
    inferenceReplicasMax: 2,
    scaleDownTemplate: { cron: "0 20 * * 1-5", scaleUpCron: "0 7 * * 1-5", minReplicas: 0 },
    inferenceImage: "v1",
    targetInvocationsPerReplica: 100,
    latencyP90Ms: 2000,
    storageFreePercent: 10,
  };
}

/**
 * The Azure preset of a tier, read from the Azure constructs' own defaults.
 *
 * `network.zones` says where the AKS system pool runs: 1 (no zone pinning) in dev, zones
 * 1-3 otherwise, as `AzureTrainingCluster` places it; the NAT gateway is one per network
 * (its public IP spans zones 1-3 in prod). `training.kubernetesVersion` has no preset:
 * AKS takes the region's default version and the `patch` upgrade channel follows it.
 */
export function azurePreset(tier: Tier): TierPreset {
  const network = AzureNetwork.defaults(tier);
  const pool = AzureGpuNodePool.defaults(tier);
  const protection = protectionDefaults(tier);
  const budget = AzureBudget.defaults(tier);
  const monitoring = AzureMonitoring.defaults(tier);
  const pending = azurePendingDefaults(tier);
  const lustre = AzureLustreFileSystem.defaults(tier);
  return {
    cidr: network.cidr,
    zones: tier === "dev" ? 1 : 3,
    natGateways: "single",
    trainingCapacity: pool.capacity === "spot" ? "spot" : "on-demand",
    trainingNodesMax: pool.nodes.max,
    kubernetesVersion: undefined,
    storageKind: tier === "dev" ? "object-mount" : "lustre",
    storageCapacityGiB: lustre.capacityTiB * 1024,
    storageThroughputMBpsPerTiB: LUSTRE_SKUS[lustre.sku].mbpsPerTiB,
    storageBackupRetentionDays: pending.storageBackupRetentionDays,
    importPrefix: "datasets/",
    vectorEngine: "postgres-pgvector",
    vectorDimensions: pending.vectorDimensions,
    inferenceReplicasMin: pending.inferenceReplicasMin,
    inferenceReplicasMax: pending.inferenceReplicasMax,
    inferenceScaleDown: false,
    scaleDownTemplate: pending.scaleDownTemplate,
    inferenceImage: pending.inferenceImage,
    targetInvocationsPerReplica: pending.targetInvocationsPerReplica,
    budgetThresholdsPercent: [...budget.thresholdsPercent],
    budgetForecastPercent: budget.forecastPercent,
    latencyP90Ms: pending.latencyP90Ms,
    gpuHighPercent: monitoring.gpuSaturatedPercent,
    gpuIdlePercent: monitoring.gpuIdlePercent,
    storageFreePercent: pending.storageFreePercent,
    logRetentionDays: monitoring.retentionDays,
    deletionProtection: protection.deletionProtection,
    preventDestroy: protection.preventDestroy,
    checkpointVersionDays: AzureStorage.defaults(tier).versionRetentionDays,
  };
}

registerCloudPart("azure", "preset", azurePreset);
