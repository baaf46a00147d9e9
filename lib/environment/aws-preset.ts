import { registerCloudPart } from "../cloud-modules";
import { AwsAcceleratorNodeGroup } from "../constructs/aws/accelerator-node-group";
import { AwsAuroraVectorStore } from "../constructs/aws/aurora-vector-store";
import { AwsBudget } from "../constructs/aws/budget";
import { AwsInferenceEndpoint, NIGHTS_AND_WEEKENDS } from "../constructs/aws/inference-endpoint";
import { AwsLustreFileSystem } from "../constructs/aws/lustre-file-system";
import { AwsMonitoring } from "../constructs/aws/monitoring";
import { AwsNetwork } from "../constructs/aws/network";
import { AwsObjectStore } from "../constructs/aws/object-store";
import { AwsOpenSearchVectorStore } from "../constructs/aws/opensearch-vector-store";
import { awsServiceChoices } from "../constructs/aws/service-choices";
import { AwsTrainingCluster } from "../constructs/aws/training-cluster";
import { protectionDefaults } from "../constructs/common";
import type { Tier } from "../util/tier";
import type { AwsTierPreset } from "./presets";

/** The AWS preset of a tier, read from the AWS constructs' own defaults. */
export function awsPreset(tier: Tier): AwsTierPreset {
  const network = AwsNetwork.defaults(tier);
  const pool = AwsAcceleratorNodeGroup.defaults(tier);
  const lustre = AwsLustreFileSystem.defaults(tier);
  const aurora = AwsAuroraVectorStore.defaults(tier);
  const endpoint = AwsInferenceEndpoint.defaults(tier);
  const budget = AwsBudget.defaults(tier);
  const monitoring = AwsMonitoring.defaults(tier);
  const protection = protectionDefaults(tier);
  const choices = awsServiceChoices(tier);
  return {
    cidr: network.cidr,
    zones: network.zones,
    natGateways: network.natGateways,
    trainingCapacity: pool.capacity,
    trainingNodesMax: pool.nodes.max,
    kubernetesVersion: AwsTrainingCluster.defaults(tier).kubernetesVersion,
    storageKind: choices.sharedStorage,
    storageCapacityGiB: lustre.capacityGiB,
    storageThroughputMBpsPerTiB: lustre.throughputMBpsPerTiB,
    storageBackupRetentionDays: lustre.backupRetentionDays,
    importPrefix: "datasets/",
    vectorEngine: choices.vectorEngine,
    vectorDimensions: aurora.dimensions,
    vectorStandbyReplicas: AwsOpenSearchVectorStore.defaults(tier).standbyReplicas,
    vectorMinCapacity: aurora.minCapacity,
    vectorMaxCapacity: aurora.maxCapacity,
    inferenceReplicasMin: endpoint.replicas.min,
    inferenceReplicasMax: endpoint.replicas.max,
    inferenceScaleDown: endpoint.scaleDownSchedule ?? false,
    scaleDownTemplate: NIGHTS_AND_WEEKENDS,
    inferenceImage: endpoint.imageTag,
    targetInvocationsPerReplica: endpoint.targetInvocationsPerReplica,
    budgetThresholdsPercent: budget.thresholdsPercent,
    budgetForecastPercent: budget.forecastPercent,
    activateCostTag: budget.activateCostTag,
    latencyP90Ms: monitoring.latencyP90Ms,
    gpuHighPercent: monitoring.gpuHighPercent,
    gpuIdlePercent: monitoring.gpuIdlePercent,
    storageFreePercent: monitoring.storageFreePercent,
    logRetentionDays: network.flowLogRetentionDays,
    deletionProtection: protection.deletionProtection,
    preventDestroy: protection.preventDestroy,
    checkpointVersionDays: AwsObjectStore.defaults(tier).checkpointVersionDays,
  };
}

registerCloudPart("aws", "preset", awsPreset);
