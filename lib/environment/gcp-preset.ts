import { registerCloudPart } from "../cloud-modules";
import { protectionDefaults } from "../constructs/common";
import { GcpAcceleratorNodePool } from "../constructs/gcp/accelerator-node-pool";
import { GcpBudget } from "../constructs/gcp/budget";
import { GcpInferenceEndpoint } from "../constructs/gcp/inference-endpoint";
import { GcpLogRetention } from "../constructs/gcp/log-retention";
import { GcpLustreFileSystem } from "../constructs/gcp/lustre-file-system";
import { GcpMonitoring } from "../constructs/gcp/monitoring";
import { GcpNetwork } from "../constructs/gcp/network";
import { GcpObjectStore } from "../constructs/gcp/object-store";
import { GcpPostgresVectorStore } from "../constructs/gcp/postgres-vector-store";
import { GcpTrainingCluster } from "../constructs/gcp/training-cluster";
import type { Tier } from "../util/tier";
import type { TierPreset } from "./presets";

/**
 * Preset values no GCP construct owns: fields of the portable spec that Google Cloud has
 * no use for (Vertex AI has no scheduled scaling and autoscales on duty cycle, not
 * requests; the image tag is what CI deploys). They fill the resolved spec so that it is
 * complete; every other value of {@link gcpPreset} is a construct's `defaults(tier)`.
 */
export function gcpPendingDefaults(_tier: Tier) {
  return {
    inferenceScaleDown: false as const,
    scaleDownTemplate: { cron: "0 20 * * 1-5", scaleUpCron: "0 7 * * 1-5", minReplicas: 1 },
    inferenceImage: "v1",
    targetInvocationsPerReplica: 100,
  };
}

/**
 * The Google Cloud preset of a tier, read from the GCP constructs' own defaults (and,
 * for the parts without a construct yet, from {@link gcpPendingDefaults}).
 *
 * `network.zones` maps to the training cluster's shape: 1 is a zonal cluster (dev and
 * staging), 3 a regional one whose nodes GKE spreads over three zones (prod). Cloud NAT
 * is regional: there is one gateway, whatever `network.natGateways` says.
 * `training.kubernetesVersion` has no preset: GKE clusters follow a release channel.
 */
export function gcpPreset(tier: Tier): TierPreset {
  const network = GcpNetwork.defaults(tier);
  const cluster = GcpTrainingCluster.defaults(tier);
  const pool = GcpAcceleratorNodePool.defaults(tier);
  const protection = protectionDefaults(tier);
  const pending = gcpPendingDefaults(tier);
  const budget = GcpBudget.defaults(tier);
  const lustre = GcpLustreFileSystem.defaults(tier);
  const inference = GcpInferenceEndpoint.defaults(tier);
  const monitoring = GcpMonitoring.defaults(tier);
  return {
    cidr: network.cidr,
    zones: cluster.regional ? 3 : 1,
    natGateways: "single",
    trainingCapacity: pool.capacity === "spot" ? "spot" : "on-demand",
    trainingNodesMax: pool.nodes.max,
    kubernetesVersion: undefined,
    // Dev mounts the datasets bucket (Cloud Storage FUSE, no idle cost); Lustre starts at $1,305 a month (research brief §3).
    storageKind: tier === "dev" ? "object-mount" : "lustre",
    storageCapacityGiB: lustre.capacityGib,
    storageThroughputMBpsPerTiB: lustre.perUnitStorageThroughput,
    // Managed Lustre has no automatic backups in provider 6.50.
    storageBackupRetentionDays: 0,
    importPrefix: "datasets/",
    // Cloud SQL for PostgreSQL with pgvector: the GCP default because it takes a customer-managed key (Vector Search does not in provider 6.50).
    vectorEngine: "postgres-pgvector",
    vectorDimensions: GcpPostgresVectorStore.defaults(tier).dimensions,
    // Vertex AI endpoints keep at least one replica (no scale to zero in Terraform).
    inferenceReplicasMin: inference.replicas.min,
    inferenceReplicasMax: inference.replicas.max,
    inferenceScaleDown: pending.inferenceScaleDown,
    scaleDownTemplate: pending.scaleDownTemplate,
    inferenceImage: pending.inferenceImage,
    targetInvocationsPerReplica: pending.targetInvocationsPerReplica,
    budgetThresholdsPercent: [...budget.thresholdsPercent],
    budgetForecastPercent: budget.forecastPercent,
    latencyP90Ms: monitoring.latencyP90Ms,
    gpuHighPercent: monitoring.gpuSaturatedPercent,
    gpuIdlePercent: monitoring.gpuIdlePercent,
    storageFreePercent: monitoring.storageFreePercent,
    logRetentionDays: GcpLogRetention.defaults(tier).retentionDays,
    deletionProtection: protection.deletionProtection,
    preventDestroy: protection.preventDestroy,
    checkpointVersionDays: GcpObjectStore.defaults(tier).checkpointVersionDays,
  };
}

registerCloudPart("gcp", "preset", gcpPreset);
