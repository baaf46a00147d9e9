import { vendorOf } from "../catalog";
import type { VectorEngine } from "../constructs/common";
import type { TierPreset } from "./presets";
import type { ResolveContext } from "./resolve";
import type { Bounds, ResolvedEnvironmentSpec, ResolvedInference, ResolvedSharedStorage, ResolvedTraining } from "./resolved";

/** The portable part of a resolved spec: what every cloud's resolver fills the same way. */
export type PortableSections = Omit<ResolvedEnvironmentSpec, "worstCaseMonthlyUsd" | "warnings" | "aws" | "gcp" | "azure">;

/** Engine names of earlier releases, accepted as aliases of the portable names. */
const ENGINE_ALIASES: Readonly<Record<string, VectorEngine>> = { "opensearch-serverless": "managed-search", "aurora-pgvector": "postgres-pgvector" };

function bounds(given: { min?: number; max?: number } | undefined, min: number, max: number): Bounds {
  const lowest = given?.min ?? min;
  return { min: lowest, max: given?.max ?? Math.max(max, lowest) };
}

function training(context: ResolveContext, preset: TierPreset): ResolvedTraining | undefined {
  const t = context.spec.training;
  if (!t) return undefined;
  const machine = context.machine("training", "training", t.accelerator, t.acceleratorsPerNode, t.allowUnlistedRegion);
  if (!machine) return undefined;
  return {
    accelerator: t.accelerator,
    vendor: vendorOf(t.accelerator),
    machine,
    nodes: bounds(t.nodes, 0, preset.trainingNodesMax),
    capacity: t.capacity ?? preset.trainingCapacity,
    kubernetesVersion: t.kubernetesVersion ?? preset.kubernetesVersion,
  };
}

function inference(context: ResolveContext, preset: TierPreset): ResolvedInference | undefined {
  const i = context.spec.inference;
  if (!i) return undefined;
  const machine = context.machine("inference", "inference", i.accelerator, i.acceleratorsPerNode, i.allowUnlistedRegion);
  const replicas = bounds(i.replicas, preset.inferenceReplicasMin, preset.inferenceReplicasMax);
  if (replicas.max < 1) context.problems.add("inference.replicas.max", `must be at least 1: an endpoint serves from at least one replica (got ${replicas.max})`);
  const fallback = preset.inferenceScaleDown || preset.scaleDownTemplate;
  // With a minimum of 0 the endpoint already scales to zero when idle: a schedule down to 0 would change nothing.
  const idleToZero = replicas.min === 0 && (i.scaleDownSchedule === undefined || (i.scaleDownSchedule !== false && (i.scaleDownSchedule.minReplicas ?? 0) === 0));
  if (idleToZero && i.scaleDownSchedule) context.warnings.push("inference.scaleDownSchedule: has no effect with inference.replicas.min 0 (the endpoint scales to zero when idle); it is left out");
  const scaleDownSchedule =
    idleToZero || i.scaleDownSchedule === false || (i.scaleDownSchedule === undefined && !preset.inferenceScaleDown)
      ? false
      : {
          cron: i.scaleDownSchedule?.cron ?? fallback.cron,
          scaleUpCron: i.scaleDownSchedule?.scaleUpCron ?? fallback.scaleUpCron,
          minReplicas: i.scaleDownSchedule?.minReplicas ?? fallback.minReplicas,
        };
  if (!machine) return undefined;
  return {
    accelerator: i.accelerator,
    vendor: vendorOf(i.accelerator),
    machine,
    replicas,
    targetInvocationsPerReplica: i.targetInvocationsPerReplica ?? preset.targetInvocationsPerReplica,
    scaleDownSchedule,
    model: i.model ?? { image: preset.inferenceImage },
    deploy: i.deploy ?? true,
  };
}

function sharedStorage(context: ResolveContext, preset: TierPreset): ResolvedSharedStorage | undefined {
  const given = context.spec.sharedStorage;
  if (given === false || (given === undefined && !context.spec.training)) return undefined;
  // A Lustre-only field without a kind asks for Lustre, whatever the tier's default.
  const lustreField = given !== undefined && (given.capacityGiB !== undefined || given.throughputMBpsPerTiB !== undefined || given.backupRetentionDays !== undefined);
  const kind = given?.kind ?? (lustreField ? "lustre" : preset.storageKind);
  const importPrefix = given?.importPrefix ?? preset.importPrefix;
  if (kind === "object-mount") {
    for (const field of ["capacityGiB", "throughputMBpsPerTiB", "backupRetentionDays"] as const) {
      if (given?.[field] !== undefined) context.problems.add(`sharedStorage.${field}`, `applies to kind: lustre only; an object mount has no capacity, throughput or backups of its own (got ${given[field]} with kind: object-mount)`);
    }
    return { kind, importPrefix };
  }
  return {
    kind,
    capacityGiB: given?.capacityGiB ?? preset.storageCapacityGiB,
    throughputMBpsPerTiB: given?.throughputMBpsPerTiB ?? preset.storageThroughputMBpsPerTiB,
    backupRetentionDays: given?.backupRetentionDays ?? preset.storageBackupRetentionDays,
    importPrefix,
  };
}

function vectorStore(context: ResolveContext, preset: TierPreset): PortableSections["vectorStore"] {
  const given = context.spec.vectorStore;
  if (given === false) return undefined;
  const named = given?.engine ?? preset.vectorEngine;
  const engine = ENGINE_ALIASES[named] ?? (named as VectorEngine);
  if (ENGINE_ALIASES[named]) context.warnings.push(`vectorStore.engine: ${named} is the AWS name of ${engine}; write engine: ${engine} (the same on every cloud)`);
  return { engine, dimensions: given?.dimensions ?? preset.vectorDimensions };
}

/** Fills the portable sections from the spec and a cloud's preset (the cloud's constructs' defaults). */
export function portable(context: ResolveContext, preset: TierPreset): PortableSections {
  const { spec } = context;
  return {
    name: spec.name,
    tier: spec.tier,
    cloud: spec.cloud,
    region: spec.region,
    owner: spec.owner,
    costCenter: spec.costCenter,
    tags: spec.tags ?? {},
    network: { cidr: spec.network?.cidr ?? preset.cidr, zones: spec.network?.zones ?? preset.zones, natGateways: spec.network?.natGateways ?? preset.natGateways },
    training: training(context, preset),
    sharedStorage: sharedStorage(context, preset),
    vectorStore: vectorStore(context, preset),
    inference: inference(context, preset),
    budget: {
      monthlyUsd: spec.budget.monthlyUsd,
      thresholdsPercent: [...(spec.budget.thresholdsPercent ?? preset.budgetThresholdsPercent)].sort((a, b) => a - b),
      forecastPercent: spec.budget.forecastPercent ?? preset.budgetForecastPercent,
      notify: spec.budget.notify,
      startDate: spec.budget.startDate,
    },
    monitoring: {
      notify: spec.monitoring.notify,
      latencyP90Ms: spec.monitoring.latencyP90Ms ?? preset.latencyP90Ms,
      gpuHighPercent: spec.monitoring.gpuHighPercent ?? preset.gpuHighPercent,
      gpuIdlePercent: spec.monitoring.gpuIdlePercent ?? preset.gpuIdlePercent,
      storageFreePercent: spec.monitoring.storageFreePercent ?? preset.storageFreePercent,
    },
    logRetentionDays: spec.logRetentionDays ?? preset.logRetentionDays,
    deletionProtection: spec.deletionProtection ?? preset.deletionProtection,
    preventDestroy: spec.preventDestroy ?? preset.preventDestroy,
    checkpointVersionDays: spec.checkpointVersionDays ?? preset.checkpointVersionDays,
  };
}
