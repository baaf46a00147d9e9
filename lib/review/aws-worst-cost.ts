/**
 * How an AWS environment's cost scales with load: the training pool and the system
 * node group up to their maxima, the SageMaker endpoint up to its maximum replicas,
 * Aurora Serverless v2 up to its maximum ACUs. Every other idle line (NAT gateways,
 * endpoints, the EKS fee, file systems, keys, alarms) is paid the same under load.
 */
import { HOURS_PER_MONTH, instancePrice, machinePrice, priceOf } from "../catalog";
import { AwsAuroraVectorStore } from "../constructs/aws/aurora-vector-store";
import { AwsTrainingCluster } from "../constructs/aws/training-cluster";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { registerCapacityModel, type CapacityModel, type StackUsage } from "./capacity-models";
import { line, type CostLine } from "./cost-line";
import type { IdleCost } from "./idle-cost";

interface Scaled {
  readonly pool?: string;
  readonly system?: string;
  readonly acu: string;
}

/** Price ids of the idle lines that scale with load. */
function scaledIds(spec: ResolvedEnvironmentSpec): Scaled {
  const t = spec.training;
  return {
    pool: t ? machinePrice(t.machine).id : undefined,
    system: t ? instancePrice(AwsTrainingCluster.defaults(spec.tier).systemInstanceType)?.id : undefined,
    acu: "aws.aurora.serverless-v2-acu-hour",
  };
}

function isPool(l: CostLine, ids: Scaled): boolean {
  return l.component === "training" && l.priceId === ids.pool;
}

function isEndpoint(l: CostLine): boolean {
  return l.component === "inference";
}

function poolLine(spec: ResolvedEnvironmentSpec, nodes: number, hours: number, note: string): CostLine[] {
  const t = spec.training;
  return t ? [line("training", `accelerator pool (${t.machine.machineType})`, machinePrice(t.machine), nodes, { hours, note })] : [];
}

function endpointLine(spec: ResolvedEnvironmentSpec, instances: number, hours: number, note: string): CostLine[] {
  const i = spec.inference;
  return i?.deploy ? [line("inference", `endpoint instances (${i.machine.machineType})`, machinePrice(i.machine), instances, { hours, note })] : [];
}

/** Replaces the lines `drop` matches, in place of the first one (keeps the component order of the idle figure). */
function replace(lines: readonly CostLine[], drop: (l: CostLine) => boolean, by: readonly CostLine[]): CostLine[] {
  const at = lines.findIndex(drop);
  const kept = lines.filter((l) => !drop(l));
  if (at < 0) return [...kept, ...by];
  const before = lines.slice(0, at).filter((l) => !drop(l)).length;
  return [...kept.slice(0, before), ...by, ...kept.slice(before)];
}

function worstLines(spec: ResolvedEnvironmentSpec, idle: IdleCost): CostLine[] {
  const ids = scaledIds(spec);
  let lines: CostLine[] = [...idle.lines];
  const t = spec.training;
  if (t) {
    const cluster = AwsTrainingCluster.defaults(spec.tier);
    const system = instancePrice(cluster.systemInstanceType);
    lines = replace(lines, (l) => isPool(l, ids), poolLine(spec, t.nodes.max, HOURS_PER_MONTH, "the pool's maximum, all month, at the on-demand price"));
    if (system) lines = replace(lines, (l) => l.component === "training" && l.priceId === ids.system && !isPool(l, ids), [line("training", `system nodes (${cluster.systemInstanceType})`, system, cluster.systemNodes.max, { note: "the system node group's maximum" })]);
  }
  const i = spec.inference;
  if (i?.deploy) lines = replace(lines, isEndpoint, endpointLine(spec, i.replicas.max, HOURS_PER_MONTH, "the endpoint's maximum replicas, all month"));
  const v = spec.aws?.vectorStore;
  if (spec.vectorStore?.engine === "postgres-pgvector" && v) {
    const instances = AwsAuroraVectorStore.defaults(spec.tier).instances;
    lines = replace(lines, (l) => l.priceId === ids.acu, [line("vector-store", "Aurora Serverless v2 ACUs at the maximum", priceOf(ids.acu), v.maxCapacity * instances, { note: `${instances} instance${instances > 1 ? "s" : ""} x ${v.maxCapacity} ACU` })]);
  }
  return lines;
}

function expectedLines(spec: ResolvedEnvironmentSpec, idle: IdleCost, usage: StackUsage): CostLine[] {
  const ids = scaledIds(spec);
  let lines: CostLine[] = [...idle.lines];
  const t = spec.training;
  if (t && usage.training) {
    const floor = t.nodes.min * HOURS_PER_MONTH;
    const ceiling = t.nodes.max * HOURS_PER_MONTH;
    const nodeHours = Math.min(Math.max(usage.training.nodeHours, floor), ceiling);
    const note = `${usage.training.nodeHours} node-hours from the usage profile${nodeHours !== usage.training.nodeHours ? ` (held to the pool's ${nodeHours === floor ? "minimum" : "maximum"}: ${nodeHours})` : ""}`;
    lines = replace(lines, (l) => isPool(l, ids), poolLine(spec, 1, nodeHours, note));
  }
  const i = spec.inference;
  if (i?.deploy && usage.inference) {
    const instances = Math.min(Math.max(usage.inference.instances ?? 1, i.replicas.min), i.replicas.max);
    const hours = Math.min(usage.inference.hours, HOURS_PER_MONTH);
    const idleHours = idle.lines.filter(isEndpoint).reduce((sum, l) => sum + l.quantity * (l.hours ?? 0), 0);
    const served = Math.max(instances * hours, idleHours);
    lines = replace(lines, isEndpoint, endpointLine(spec, 1, Math.round(served * 10) / 10, `${instances} instance${instances > 1 ? "s" : ""} x ${hours} h serving from the usage profile${served > instances * hours ? " (the idle floor is more)" : ""}`));
  }
  return lines;
}

/** The capacity model of AWS environments. */
export const awsCapacityModel: CapacityModel = { worstLines, expectedLines };

registerCapacityModel("aws", awsCapacityModel);
