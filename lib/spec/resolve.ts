import type { z } from "zod";
import { monthlyListCost, selectMachine } from "../catalog";
import type { AcceleratorId, MachineOffer, MachineUse } from "../catalog/types";
import { ProblemCollector, show } from "../errors";
import { parseCidr, isPrivateRange } from "../util/cidr";
import { awsCronProblem, cronProblem } from "../util/cron";
import { lustreCapacityProblem } from "../util/lustre";
import { retentionProblem } from "../util/retention";
import { COMMON_DEFAULTS, TIER_PRESETS } from "./presets";
import type { Tier } from "../util/tier";
import { environmentSpecSchema, type EnvironmentSpec, type TrainingCapacity } from "./schema";

/** A replica or node count range. */
export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** The training section with every default filled and the catalog machine chosen. */
export interface ResolvedTraining {
  readonly accelerator: AcceleratorId;
  readonly machine: MachineOffer;
  readonly nodes: Bounds;
  readonly capacity: TrainingCapacity;
  readonly kubernetesVersion: string;
}

/** The inference section with every default filled and the catalog machine chosen. */
export interface ResolvedInference {
  readonly accelerator: AcceleratorId;
  readonly machine: MachineOffer;
  readonly replicas: Bounds;
  readonly targetInvocationsPerReplica: number;
  readonly scaleDownSchedule: false | { readonly cron: string; readonly scaleUpCron: string; readonly minReplicas: number };
  readonly image: string;
  readonly deploy: boolean;
}

/** An environment spec after tier presets and catalog look-ups: every field set. */
export interface ResolvedEnvironmentSpec {
  readonly name: string;
  readonly tier: Tier;
  readonly cloud: "aws" | "gcp" | "azure";
  readonly region: string;
  readonly owner: string;
  readonly costCenter: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly network: { readonly cidr: string; readonly zones: number; readonly natGateways: "single" | "per-zone" };
  readonly training?: ResolvedTraining;
  readonly sharedStorage?: { readonly capacityGiB: number; readonly throughputMBpsPerTiB: 125 | 250 | 500 | 1000; readonly backupRetentionDays: number; readonly importPrefix: string };
  readonly vectorStore?: { readonly engine: "opensearch-serverless" | "aurora-pgvector"; readonly dimensions: number; readonly standbyReplicas: boolean; readonly minCapacity: number; readonly maxCapacity: number };
  readonly inference?: ResolvedInference;
  readonly budget: {
    readonly monthlyUsd: number;
    readonly thresholdsPercent: readonly number[];
    readonly forecastPercent: number;
    readonly notify: readonly string[];
    readonly activateCostTag: boolean;
    readonly startDate?: string;
  };
  readonly monitoring: { readonly notify: readonly string[]; readonly latencyP90Ms: number; readonly gpuHighPercent: number; readonly gpuIdlePercent: number; readonly storageFreePercent: number };
  readonly logRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly preventDestroy: boolean;
  readonly checkpointVersionDays: number;
  readonly aws: {
    readonly stateBackend?: { readonly bucket: string; readonly key: string; readonly region: string };
    readonly clusterAdminRoleArns: readonly string[];
    readonly vectorStoreRoleArns: readonly string[];
  };
  /** Worst-case monthly cost: every training and inference node running all month at list price. */
  readonly worstCaseMonthlyUsd: number;
  /** Things the user should know that do not stop synth (unlisted regions, budget overrun risk). */
  readonly warnings: readonly string[];
}


function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function zodProblems(input: unknown, error: z.ZodError, problems: ProblemCollector): void {
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "(spec)";
    const got = show(valueAt(input, issue.path));
    switch (issue.code) {
      case "invalid_value":
        problems.add(path, `is not an allowed value (got ${got}; allowed: ${issue.values.map((v) => String(v)).join(", ")})`);
        break;
      case "unrecognized_keys":
        for (const key of issue.keys) {
          const name = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
          problems.add(issue.path.length ? `${path}.${name}` : name, "is not a known field (check its spelling; unknown fields are rejected)");
        }
        break;
      case "invalid_type":
        problems.add(path, issue.input === undefined ? `is required (expected ${issue.expected})` : `must be ${issue.expected} (got ${got})`);
        break;
      case "invalid_union":
        problems.add(path, `is not one of the accepted forms (got ${got})`);
        break;
      default:
        problems.add(path, `${issue.message.replace(/^Invalid input: /, "")} (got ${got})`);
    }
  }
}

/**
 * Validates raw input (parsed YAML/JSON or a literal) as an environment spec, fills
 * every unset field from the tier preset, picks catalog machines and checks every
 * cross-field rule. Throws one `LlmOpsValidationError` listing every problem.
 */
export function resolveEnvironmentSpec(input: unknown, context = "environment spec"): ResolvedEnvironmentSpec {
  const problems = new ProblemCollector();
  const parsed = environmentSpecSchema.safeParse(input);
  if (!parsed.success) {
    zodProblems(input, parsed.error, problems);
    problems.throwIfAny(context);
  }
  const spec = parsed.data as EnvironmentSpec;
  const preset = TIER_PRESETS[spec.tier];
  const warnings: string[] = [];

  const network = {
    cidr: spec.network?.cidr ?? COMMON_DEFAULTS.cidr,
    zones: spec.network?.zones ?? preset.zones,
    natGateways: spec.network?.natGateways ?? preset.natGateways,
  };
  const cidr = parseCidr(network.cidr);
  if (typeof cidr === "string") {
    problems.add("network.cidr", `${cidr} (got ${show(network.cidr)})`);
  } else {
    if (cidr.prefix < 16 || cidr.prefix > 24) problems.add("network.cidr", `prefix must be /16 to /24, the sizes a VPC accepts that leave room for ${network.zones * 2} subnets (got ${show(network.cidr)})`);
    if (!isPrivateRange(cidr)) problems.add("network.cidr", `must be in a private range: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10 (got ${show(network.cidr)})`);
  }

  const machine = (use: MachineUse, field: string, accelerator: AcceleratorId, perNode: number | undefined, allowUnlisted: boolean | undefined) => {
    const sel = selectMachine({ cloud: spec.cloud, accelerator, use, region: spec.region, acceleratorsPerNode: perNode, allowUnlistedRegion: allowUnlisted });
    for (const p of sel.problems) problems.add(p.field === "region" ? "region" : `${field}.${p.field}`, p.message);
    warnings.push(...sel.warnings.map((w) => `${field}: ${w}`));
    return sel.offer;
  };
  const bounds = (path: string, given: { min?: number; max?: number } | undefined, min: number, max: number): Bounds => {
    const b = { min: given?.min ?? min, max: given?.max ?? Math.max(max, given?.min ?? min) };
    if (b.min > b.max) problems.add(path, `min must not exceed max (got min ${b.min}, max ${b.max})`);
    return b;
  };

  let training: ResolvedTraining | undefined;
  if (spec.training) {
    const t = spec.training;
    const offer = machine("training", "training", t.accelerator, t.acceleratorsPerNode, t.allowUnlistedRegion);
    const nodes = bounds("training.nodes", t.nodes, 0, preset.trainingNodesMax);
    const capacity = t.capacity ?? preset.trainingCapacity;
    if (offer?.purchase === "capacity-block" && !(typeof capacity === "object" && "capacityBlock" in capacity)) {
      problems.add("training.capacity", `${offer.machineType} is sold only through EC2 Capacity Blocks for ML (got ${show(capacity)}; allowed: { capacityBlock: <capacity reservation id> })`);
    }
    if (typeof capacity === "object" && spec.cloud !== "aws") problems.add("training.capacity", `capacity reservations and blocks are EC2 features (got ${show(capacity)} on ${spec.cloud}; allowed: spot, on-demand)`);
    if (offer) training = { accelerator: t.accelerator, machine: offer, nodes, capacity, kubernetesVersion: t.kubernetesVersion ?? COMMON_DEFAULTS.kubernetesVersion };
  }

  let inference: ResolvedInference | undefined;
  if (spec.inference) {
    const i = spec.inference;
    const offer = machine("inference", "inference", i.accelerator, i.acceleratorsPerNode, i.allowUnlistedRegion);
    const replicas = bounds("inference.replicas", i.replicas, preset.inferenceReplicasMin, preset.inferenceReplicasMax);
    if (replicas.max < 1) problems.add("inference.replicas.max", `must be at least 1 (got ${replicas.max})`);
    const schedule =
      i.scaleDownSchedule === false || (i.scaleDownSchedule === undefined && !preset.inferenceScaleDown)
        ? false
        : {
            cron: i.scaleDownSchedule?.cron ?? COMMON_DEFAULTS.scaleDownCron,
            scaleUpCron: i.scaleDownSchedule?.scaleUpCron ?? COMMON_DEFAULTS.scaleUpCron,
            minReplicas: i.scaleDownSchedule?.minReplicas ?? COMMON_DEFAULTS.scaleDownMinReplicas,
          };
    if (schedule) {
      for (const [path, expr] of [["inference.scaleDownSchedule.cron", schedule.cron], ["inference.scaleDownSchedule.scaleUpCron", schedule.scaleUpCron]] as const) {
        const problem = spec.cloud === "aws" ? awsCronProblem(expr) : cronProblem(expr);
        if (problem) problems.add(path, problem);
      }
    }
    if (schedule && schedule.minReplicas > replicas.min) {
      problems.add("inference.scaleDownSchedule.minReplicas", `must not exceed inference.replicas.min, or the schedule would scale up (got ${schedule.minReplicas}; allowed: 0 to ${replicas.min})`);
    }
    if (offer) inference = { accelerator: i.accelerator, machine: offer, replicas, targetInvocationsPerReplica: i.targetInvocationsPerReplica ?? COMMON_DEFAULTS.targetInvocationsPerReplica, scaleDownSchedule: schedule, image: i.image ?? COMMON_DEFAULTS.image, deploy: i.deploy ?? true };
  }

  const storageInput = spec.sharedStorage;
  const sharedStorage =
    storageInput === false || (storageInput === undefined && !spec.training)
      ? undefined
      : {
          capacityGiB: storageInput?.capacityGiB ?? preset.storageCapacityGiB,
          throughputMBpsPerTiB: storageInput?.throughputMBpsPerTiB ?? preset.storageThroughputMBpsPerTiB,
          backupRetentionDays: storageInput?.backupRetentionDays ?? preset.storageBackupRetentionDays,
          importPrefix: storageInput?.importPrefix ?? COMMON_DEFAULTS.importPrefix,
        };

  if (sharedStorage && spec.cloud === "aws") {
    const capacity = lustreCapacityProblem(sharedStorage.capacityGiB, sharedStorage.throughputMBpsPerTiB);
    if (capacity) problems.add("sharedStorage.capacityGiB", capacity);
  }

  const vectorInput = spec.vectorStore;
  const vectorStore =
    vectorInput === false
      ? undefined
      : {
          engine: vectorInput?.engine ?? COMMON_DEFAULTS.vectorEngine,
          dimensions: vectorInput?.dimensions ?? COMMON_DEFAULTS.vectorDimensions,
          standbyReplicas: vectorInput?.standbyReplicas ?? preset.vectorStandbyReplicas,
          minCapacity: vectorInput?.minCapacity ?? preset.vectorMinCapacity,
          maxCapacity: vectorInput?.maxCapacity ?? Math.max(preset.vectorMaxCapacity, vectorInput?.minCapacity ?? 0),
        };
  if (vectorStore && vectorStore.minCapacity > vectorStore.maxCapacity) {
    problems.add("vectorStore.minCapacity", `must not exceed vectorStore.maxCapacity (got ${vectorStore.minCapacity} > ${vectorStore.maxCapacity})`);
  }
  if (vectorStore?.engine === "opensearch-serverless" && !spec.training && (spec.aws?.vectorStoreRoleArns ?? []).length === 0) {
    problems.add(
      "vectorStore",
      "OpenSearch Serverless needs at least one role in its data access policy (got none: there is no training section, whose vector-indexer role would be let in); add training, list application roles in aws.vectorStoreRoleArns, or set vectorStore: false",
    );
  }
  if (vectorStore && vectorStore.minCapacity % 0.5 !== 0) problems.add("vectorStore.minCapacity", `must be a multiple of 0.5 ACU (got ${vectorStore.minCapacity})`);
  if (vectorStore && vectorStore.maxCapacity % 0.5 !== 0) problems.add("vectorStore.maxCapacity", `must be a multiple of 0.5 ACU (got ${vectorStore.maxCapacity})`);

  const thresholds = spec.budget.thresholdsPercent ?? [...COMMON_DEFAULTS.budgetThresholdsPercent];
  const seen = new Set<number>();
  thresholds.forEach((t, idx) => {
    if (seen.has(t)) problems.add(`budget.thresholdsPercent.${idx}`, `duplicates another threshold (got ${t}); each threshold makes one notification, list each once`);
    seen.add(t);
  });
  if (thresholds.length > 9) problems.add("budget.thresholdsPercent", `AWS Budgets allows at most 10 notifications per budget, one is the forecast alert (got ${thresholds.length} thresholds; allowed: 1 to 9)`);

  const logRetentionDays = spec.logRetentionDays ?? preset.logRetentionDays;
  const retention = retentionProblem(logRetentionDays);
  if (retention) problems.add("logRetentionDays", retention);

  if (spec.cloud !== "aws") {
    problems.add("cloud", `only aws has an environment stack in this release (got ${show(spec.cloud)}; allowed: aws); the catalog already checks gcp and azure accelerators`);
  }
  problems.throwIfAny(context);

  const worstCaseMonthlyUsd =
    (training ? monthlyListCost(training.machine, training.nodes.max) : 0) + (inference ? monthlyListCost(inference.machine, inference.replicas.max) : 0);
  if (worstCaseMonthlyUsd > spec.budget.monthlyUsd) {
    const over = worstCaseMonthlyUsd - spec.budget.monthlyUsd;
    const parts = [
      training ? `training ${training.nodes.max} x ${training.machine.machineType} at $${training.machine.price.usdPerHour}/h` : undefined,
      inference ? `inference ${inference.replicas.max} x ${inference.machine.machineType} at $${inference.machine.price.usdPerHour}/h` : undefined,
    ].filter(Boolean);
    warnings.push(
      `budget.monthlyUsd: the worst case — every node running all month at on-demand list price (${parts.join("; ")}) — is $${Math.round(worstCaseMonthlyUsd).toLocaleString("en-US")}/month, $${Math.round(over).toLocaleString("en-US")} (${Math.round((over / spec.budget.monthlyUsd) * 100)}%) over the budget of $${spec.budget.monthlyUsd.toLocaleString("en-US")}; lower the node maxima or raise the budget`,
    );
  }

  const resolved: ResolvedEnvironmentSpec = {
    name: spec.name,
    tier: spec.tier,
    cloud: spec.cloud,
    region: spec.region,
    owner: spec.owner,
    costCenter: spec.costCenter,
    tags: spec.tags ?? {},
    network,
    training,
    sharedStorage,
    vectorStore,
    inference,
    budget: {
      monthlyUsd: spec.budget.monthlyUsd,
      thresholdsPercent: thresholds.slice().sort((a, b) => a - b),
      forecastPercent: spec.budget.forecastPercent ?? COMMON_DEFAULTS.budgetForecastPercent,
      notify: spec.budget.notify,
      activateCostTag: spec.budget.activateCostTag ?? preset.activateCostTag,
      startDate: spec.budget.startDate,
    },
    monitoring: {
      notify: spec.monitoring.notify,
      latencyP90Ms: spec.monitoring.latencyP90Ms ?? COMMON_DEFAULTS.latencyP90Ms,
      gpuHighPercent: spec.monitoring.gpuHighPercent ?? COMMON_DEFAULTS.gpuHighPercent,
      gpuIdlePercent: spec.monitoring.gpuIdlePercent ?? COMMON_DEFAULTS.gpuIdlePercent,
      storageFreePercent: spec.monitoring.storageFreePercent ?? COMMON_DEFAULTS.storageFreePercent,
    },
    logRetentionDays,
    deletionProtection: spec.deletionProtection ?? preset.deletionProtection,
    preventDestroy: spec.preventDestroy ?? preset.preventDestroy,
    checkpointVersionDays: spec.checkpointVersionDays ?? preset.checkpointVersionDays,
    aws: {
      stateBackend: spec.aws?.stateBackend
        ? { bucket: spec.aws.stateBackend.bucket, key: spec.aws.stateBackend.key ?? `${spec.name}-${spec.tier}/terraform.tfstate`, region: spec.aws.stateBackend.region ?? spec.region }
        : undefined,
      clusterAdminRoleArns: spec.aws?.clusterAdminRoleArns ?? [],
      vectorStoreRoleArns: spec.aws?.vectorStoreRoleArns ?? [],
    },
    worstCaseMonthlyUsd,
    warnings,
  };
  Object.defineProperty(resolved, RESOLVED, { value: true, enumerable: false });
  return resolved;
}

const RESOLVED = Symbol.for("llmops-constructs.resolved-spec");

/** Whether a value came out of `resolveEnvironmentSpec` (and need not be resolved again). */
export function isResolvedSpec(value: unknown): value is ResolvedEnvironmentSpec {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[RESOLVED] === true;
}
