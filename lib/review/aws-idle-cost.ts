/**
 * The idle cost lines of an AWS environment. Quantities come from the resolved spec
 * and, for what the spec does not carry (system nodes, endpoint zones, Aurora
 * instances), from the same construct defaults the stack uses; a test checks them
 * against the synthesized resources.
 */
import { instancePrice, lustrePrice, machinePrice, priceOf, HOURS_PER_MONTH } from "../catalog";
import { AwsAuroraVectorStore } from "../constructs/aws/aurora-vector-store";
import { AwsNetwork, DEFAULT_INTERFACE_ENDPOINTS } from "../constructs/aws/network";
import { AwsTrainingCluster, SYSTEM_NODE_VOLUME_GIB } from "../constructs/aws/training-cluster";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { cronWindowShare } from "../util/cron";
import { registerCloudPart } from "../cloud-modules";
import { line, type CostLine } from "./cost-line";

function networkLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const { zones, natGateways } = spec.network;
  const nats = natGateways === "single" ? 1 : zones;
  const endpointZones = Math.min(AwsNetwork.defaults(spec.tier).interfaceEndpointZones ?? zones, zones);
  const endpoints = DEFAULT_INTERFACE_ENDPOINTS.length;
  return [
    line("network", "NAT gateways", priceOf("aws.vpc.nat-gateway-hour"), nats, { note: `${natGateways} NAT gateway${nats > 1 ? "s" : ""}; data processed is per use` }),
    line("network", "public IPv4 addresses (NAT Elastic IPs)", priceOf("aws.vpc.public-ipv4-hour"), nats),
    line("network", "interface endpoint zone-hours", priceOf("aws.vpc.interface-endpoint-az-hour"), endpoints * endpointZones, { note: `${endpoints} endpoints (${DEFAULT_INTERFACE_ENDPOINTS.join(", ")}) x ${endpointZones} zone${endpointZones > 1 ? "s" : ""}` }),
  ];
}

function trainingLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const t = spec.training;
  if (!t) return [];
  const cluster = AwsTrainingCluster.defaults(spec.tier);
  const systemPrice = instancePrice(cluster.systemInstanceType);
  if (!systemPrice) throw new Error(`the price table has no ${cluster.systemInstanceType}`);
  const nodes = cluster.systemNodes.min;
  const pool = machinePrice(t.machine);
  return [
    line("training", "EKS control plane", priceOf("aws.eks.cluster-hour"), 1),
    line("training", `system nodes (${cluster.systemInstanceType})`, systemPrice, nodes, { note: "the system node group's minimum" }),
    line("training", "system node root volumes (GB)", priceOf("aws.ebs.gp3-gb-month"), nodes * SYSTEM_NODE_VOLUME_GIB),
    line("training", `accelerator pool (${t.machine.machineType})`, pool, t.nodes.min, {
      note: t.nodes.min === 0 ? "scales to zero when no job runs" : `the pool's minimum${t.capacity === "spot" ? " at the on-demand price (spot is cheaper, not listed)" : ""}`,
    }),
  ];
}

function storageLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const s = spec.sharedStorage;
  const lines = [line("storage", "S3 buckets (datasets, checkpoints, artifacts), GB stored", priceOf("aws.s3.standard-gb-month"), 0, { note: "empty at idle; billed per GB once data lands" })];
  lines.push(line("storage", "ECR serving repository, GB stored", priceOf("aws.ecr.storage-gb-month"), 0, { note: "empty until an image is pushed" }));
  if (s?.kind === "lustre") {
    const backups = s.backupRetentionDays > 0 ? `; backups of the data written are extra (${s.backupRetentionDays} days kept)` : "";
    lines.push(line("shared-storage", `FSx for Lustre ${s.throughputMBpsPerTiB} MB/s/TiB, GB provisioned`, lustrePrice(s.throughputMBpsPerTiB), s.capacityGiB, { note: `billed for its capacity, idle or not${backups}` }));
  } else if (s) {
    lines.push(line("shared-storage", "Mountpoint for S3 (the datasets bucket)", priceOf("aws.s3.standard-gb-month"), 0, { note: "no charge of its own: a CSI driver on the cluster's nodes" }));
  }
  return lines;
}

function vectorLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const v = spec.vectorStore;
  if (!v || !spec.aws) return [];
  const settings = spec.aws.vectorStore;
  if (v.engine === "managed-search") {
    const ocus = settings.standbyReplicas ? 2 : 1;
    return [
      line("vector-store", "OpenSearch Serverless OCUs (the collection's floor)", priceOf("aws.aoss.ocu-hour"), ocus, {
        note: `a vector collection never goes below ${settings.standbyReplicas ? "1 indexing + 1 search OCU with standby replicas" : "0.5 indexing + 0.5 search OCU without standby replicas"}`,
      }),
    ];
  }
  const instances = AwsAuroraVectorStore.defaults(spec.tier).instances;
  const acus = settings.minCapacity * instances;
  return [
    line("vector-store", "Aurora Serverless v2 ACUs at the minimum", priceOf("aws.aurora.serverless-v2-acu-hour"), acus, {
      note: acus === 0 ? "pauses at 0 ACU when no connection is open" : `${instances} instance${instances > 1 ? "s" : ""} x ${settings.minCapacity} ACU`,
    }),
    line("vector-store", "Aurora storage, GB", priceOf("aws.aurora.storage-gb-month"), 0, { note: "billed on data stored" }),
    line("vector-store", "managed master password", priceOf("aws.secretsmanager.secret-month"), 1),
  ];
}

function inferenceLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const i = spec.inference;
  if (!i?.deploy) return [];
  const entry = machinePrice(i.machine);
  const item = `endpoint instances (${i.machine.machineType})`;
  const schedule = i.scaleDownSchedule || undefined;
  if (!schedule) {
    const note = i.replicas.min === 0 ? "an inference component at 0 copies: managed instance scaling releases every instance; the first request wakes one (minutes)" : "the endpoint's minimum, all month";
    return [line("inference", item, entry, i.replicas.min, { note })];
  }
  const upHours = Math.round(cronWindowShare(schedule.scaleUpCron, schedule.cron) * HOURS_PER_MONTH * 10) / 10;
  const window = `from \`${schedule.scaleUpCron}\` to \`${schedule.cron}\` (UTC)`;
  return [
    line("inference", item, entry, i.replicas.min, { hours: upHours, note: `the minimum ${window}` }),
    line("inference", `${item}, scaled down`, entry, schedule.minReplicas, { hours: Math.round((HOURS_PER_MONTH - upHours) * 10) / 10, note: "the schedule's floor the rest of the time" }),
  ];
}

/** CloudWatch alarms the stack creates, and the two each target-tracking policy adds. */
export function alarmCount(spec: ResolvedEnvironmentSpec): number {
  const i = spec.inference?.deploy ? spec.inference : undefined;
  const wake = i !== undefined && (i.replicas.min === 0 || (i.scaleDownSchedule && i.scaleDownSchedule.minReplicas === 0));
  const monitoring = (i ? 2 : 0) + (spec.training ? 2 : 0) + (spec.sharedStorage?.kind === "lustre" ? 1 : 0);
  return monitoring + (wake ? 1 : 0) + (i ? 2 : 0);
}

function operationsLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const logSources = ["VPC flow logs", spec.training ? "EKS control-plane logs and Container Insights" : undefined].filter(Boolean).join(", ");
  return [
    line("operations", "KMS key", priceOf("aws.kms.key-month"), 1),
    line("operations", "CloudWatch alarms", priceOf("aws.cloudwatch.alarm-month"), alarmCount(spec), { note: "the stack's alarms and the two of each target-tracking policy" }),
    line("operations", "CloudWatch dashboard", priceOf("aws.cloudwatch.dashboard-month"), 1),
    line("operations", "AWS Budgets budget", priceOf("aws.budgets.budget-month"), 1),
    line("operations", "CloudWatch Logs ingestion, GB", priceOf("aws.logs.ingestion-gb"), 0, { counted: false, note: `${logSources}: volume depends on activity, not estimated` }),
  ];
}

/** Every idle cost line of an AWS environment, component by component. */
export function awsIdleLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  return [...networkLines(spec), ...trainingLines(spec), ...storageLines(spec), ...vectorLines(spec), ...inferenceLines(spec), ...operationsLines(spec)];
}

registerCloudPart("aws", "idleCost", awsIdleLines);
// The capacity model (worst case, expected) joins with the idle lines: loading either loads the AWS constructs.
import "./aws-worst-cost";
