/**
 * The idle cost lines of a Google Cloud environment: what `GcpLlmOpsStack` creates,
 * priced line by line at us-central1 list prices. Quantities come from the resolved spec
 * and, for what the spec does not carry (system pool, Cloud SQL machine and disk, Vector
 * Search replicas), from the same construct defaults the stack uses; a test checks them
 * against the synthesized resources.
 */
import { HOURS_PER_MONTH, machinePrice, priceOf } from "../catalog";
import { gcpLustrePriceId } from "../catalog/gcp-prices";
import { registerCloudPart } from "../cloud-modules";
import { GcpAcceleratorNodePool } from "../constructs/gcp/accelerator-node-pool";
import { GcpInferenceEndpoint } from "../constructs/gcp/inference-endpoint";
import { GcpPostgresVectorStore } from "../constructs/gcp/postgres-vector-store";
import { familyOf, HYPERDISK_ONLY } from "../constructs/gcp/private/accelerators";
import { GcpTrainingCluster, SYSTEM_NODE_DISK_GB } from "../constructs/gcp/training-cluster";
import { GcpVectorSearch } from "../constructs/gcp/vector-search";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { line, type CostLine } from "./cost-line";

/** The GKE free tier: a monthly credit per billing account, for one zonal (or Autopilot) cluster's fee. */
export const GKE_FREE_TIER_USD = 74.4;

const money = (n: number) => `$${n.toFixed(0)}`;

/** The system pool's floor and the accelerator pool's minimum: the VMs the cluster runs idle. */
function idleNodes(spec: ResolvedEnvironmentSpec): { readonly system: number; readonly pool: number } {
  if (!spec.training) return { system: 0, pool: 0 };
  return { system: GcpTrainingCluster.defaults(spec.tier).systemNodes.min, pool: spec.training.nodes.min };
}

function networkLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const { system, pool } = idleNodes(spec);
  const vms = system + pool;
  return [
    line("network", "Cloud NAT gateway, VMs using it", priceOf("gcp.nat.gateway-vm-hour"), vms, { note: vms ? "the cluster's nodes (private: every node reaches the internet through Cloud NAT)" : "no VM uses the gateway: nothing billed" }),
    line("network", "Cloud NAT external IP addresses", priceOf("gcp.nat.ip-hour"), vms ? 1 : 0, { note: "auto-allocated: one address serves the idle nodes' ports; none without a VM" }),
    line("network", "Cloud NAT data processed, GB", priceOf("gcp.nat.data-gb"), 0, { counted: false, note: "per use (image pulls, downloads)" }),
  ];
}

function systemPoolNote(regional: boolean, nodes: number): string {
  if (!regional) return "the system pool's minimum";
  return `the pool's total minimum across the region's zones (total_min_node_count ${nodes}); apply starts initial_node_count ${nodes} in each zone and the autoscaler removes idle nodes down to this floor (system pods without a disruption budget can hold more)`;
}

function acceleratorPoolLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const t = spec.training;
  if (!t) return [];
  const nodes = t.nodes.min;
  const diskGb = GcpAcceleratorNodePool.defaults(spec.tier).diskSizeGb;
  const hyperdisk = HYPERDISK_ONLY.includes(familyOf(t.machine.machineType));
  const spot = t.capacity === "spot" ? " at the on-demand price (spot is cheaper, not listed)" : "";
  return [
    line("training", `accelerator pool (${t.machine.machineType})`, machinePrice(t.machine, "gcp"), nodes, { note: nodes === 0 ? "scales to zero when no job runs" : `the pool's minimum${spot}` }),
    line("training", `accelerator pool boot disks (GB${hyperdisk ? ", hyperdisk-balanced" : ""})`, priceOf("gcp.compute.pd-balanced-gb-month"), nodes * diskGb, {
      note: hyperdisk ? "hyperdisk-balanced priced at the pd-balanced rate (its own capacity, IOPS and throughput rates are not in the table)" : undefined,
    }),
  ];
}

function trainingLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  if (!spec.training) return [];
  const cluster = GcpTrainingCluster.defaults(spec.tier);
  const regional = spec.network.zones > 1;
  const systemPrice = priceOf(`gcp.compute.${cluster.systemMachineType}-hour`);
  const { system } = idleNodes(spec);
  const fee = priceOf("gcp.gke.cluster-hour");
  const feeNote = regional
    ? "regional cluster: the GKE free tier does not apply"
    : `zonal cluster: a billing account's GKE free tier ($${GKE_FREE_TIER_USD.toFixed(2)} a month) covers one zonal or Autopilot cluster's fee; not subtracted here, since another cluster on the account may use it`;
  return [
    line("training", `GKE cluster management fee (${regional ? "regional" : "zonal"})`, fee, 1, { note: feeNote }),
    line("training", `system nodes (${cluster.systemMachineType})`, systemPrice, system, { note: systemPoolNote(regional, system) }),
    line("training", "system node boot disks (GB, pd-balanced)", priceOf("gcp.compute.pd-balanced-gb-month"), system * SYSTEM_NODE_DISK_GB),
    ...acceleratorPoolLines(spec),
  ];
}

function storageLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const s = spec.sharedStorage;
  const lines = [
    line("storage", "Cloud Storage buckets (datasets, checkpoints, artifacts), GB stored", priceOf("gcp.storage.standard-gb-month"), 0, { note: "empty at idle; billed per GB once data lands" }),
    line("storage", "Artifact Registry images repository, GB stored", priceOf("gcp.artifact-registry.storage-gb-month"), 0, { note: "empty until an image is pushed (the first 0.5 GB a month is free)" }),
  ];
  if (s?.kind === "lustre") {
    lines.push(
      line("shared-storage", `Managed Lustre ${s.throughputMBpsPerTiB} MB/s/TiB, GiB provisioned`, priceOf(gcpLustrePriceId(s.throughputMBpsPerTiB)), s.capacityGiB, { note: "billed for its capacity, idle or not" }),
    );
  } else if (s) {
    lines.push(line("shared-storage", "Cloud Storage FUSE volumes (the datasets and checkpoints buckets)", priceOf("gcp.storage.standard-gb-month"), 0, { note: "no charge of its own: a CSI driver on the cluster's nodes" }));
  }
  return lines;
}

/** vCPUs and memory (GB) of a Cloud SQL custom machine, `db-custom-<vCPUs>-<MB>`. */
export function sqlCustomMachine(machineType: string): { readonly vcpus: number; readonly memoryGb: number } {
  const m = /^db-custom-(\d+)-(\d+)$/.exec(machineType);
  if (!m) throw new Error(`idle cost: ${machineType} is not a Cloud SQL custom machine`);
  return { vcpus: Number(m[1]), memoryGb: Number(m[2]) / 1024 };
}

function vectorLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const v = spec.vectorStore;
  if (!v) return [];
  if (v.engine === "managed-search") {
    const d = GcpVectorSearch.defaults(spec.tier);
    return [
      line("vector-store", `Vector Search deployed index replicas (${d.machineType})`, priceOf(`gcp.vector-search.${d.machineType}-hour`), d.replicas.min, {
        note: `the deployed index's minimum replicas, all month (no scale to zero); index builds and streaming updates are per use`,
      }),
    ];
  }
  const d = GcpPostgresVectorStore.defaults(spec.tier);
  const { vcpus, memoryGb } = sqlCustomMachine(d.machineType);
  const copies = d.highAvailability ? 2 : 1;
  const ha = d.highAvailability ? " x 2 (regional HA: the standby bills like the primary)" : " (zonal)";
  return [
    line("vector-store", `Cloud SQL vCPUs (${d.machineType})`, priceOf("gcp.sql.enterprise-vcpu-hour"), vcpus * copies, { note: `${vcpus} vCPU${ha}` }),
    line("vector-store", `Cloud SQL memory, GB (${d.machineType})`, priceOf("gcp.sql.enterprise-memory-gb-hour"), memoryGb * copies, { note: `${memoryGb} GB${ha}` }),
    line("vector-store", "Cloud SQL SSD storage, GB", priceOf("gcp.sql.ssd-gb-month"), d.diskSizeGb * copies, { note: `${d.diskSizeGb} GB provisioned${d.highAvailability ? " x 2 (regional)" : ""}; it grows with the data` }),
    line("vector-store", "Cloud SQL backups, GB", priceOf("gcp.sql.backup-gb-month"), 0, { counted: false, note: `${d.retainedBackups} daily backups kept${d.pointInTimeRecovery ? " and 7 days of write-ahead logs" : ""}: billed on the data they hold, near zero for an empty database` }),
  ];
}

function inferenceLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const i = spec.inference;
  if (!i) return [];
  const entry = machinePrice(i.machine, "gcp");
  const perReplica = entry.usd * HOURS_PER_MONTH;
  if ("huggingFace" in i.model && i.deploy) {
    const spot = GcpInferenceEndpoint.defaults(spec.tier).spot ? " at the on-demand price (dev replicas run on spot VMs, cheaper, not listed)" : "";
    return [line("inference", `Model Garden deployment replicas (${i.machine.machineType})`, entry, i.replicas.min, { note: `the deployment's minimum, all month (no scale to zero)${spot}` })];
  }
  return [
    line("inference", `private endpoint replicas (${i.machine.machineType})`, entry, 0, {
      note: `empty until CI deploys the model: nothing billed until then; once deployed, at least ${i.replicas.min} replica(s) run all month, at least ${money(i.replicas.min * perReplica)} a month`,
    }),
  ];
}

/** Alert policy conditions the stack creates: GPUs saturated and idle (NVIDIA pools), TPUs idle (TPU pools), Lustre free space, endpoint latency and errors. */
export function alertConditionCount(spec: ResolvedEnvironmentSpec): number {
  const accelerators = spec.training?.vendor === "nvidia" ? 2 : spec.training?.vendor === "google-tpu" ? 1 : 0;
  return accelerators + (spec.sharedStorage?.kind === "lustre" ? 1 : 0) + (spec.inference ? 2 : 0);
}

function operationsLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  const logSources = ["VPC flow logs", "Cloud NAT errors", spec.training ? "GKE system and workload logs" : undefined].filter(Boolean).join(", ");
  const lines = [
    line("operations", "Cloud KMS key versions", priceOf("gcp.kms.key-version-month"), 1, { note: "one version; each 90-day rotation adds a billed version (old ones are kept)" }),
    line("operations", "Cloud Monitoring alert conditions", priceOf("gcp.monitoring.alert-condition-month"), alertConditionCount(spec), { note: "one condition per alert policy; time series returned are per use" }),
    line("operations", "Cloud Logging ingestion, GB", priceOf("gcp.logging.ingestion-gb"), 0, { counted: false, note: `${logSources}: volume depends on activity, not estimated (the first 50 GiB a project each month are free)` }),
  ];
  if (spec.logRetentionDays > 30) {
    lines.push(line("operations", "Cloud Logging retention beyond 30 days, GB", priceOf("gcp.logging.retention-gb-month"), 0, { counted: false, note: `${spec.logRetentionDays}-day retention of the _Default bucket: billed on the volume kept` }));
  }
  if (spec.training) {
    lines.push(
      line("operations", "Managed Service for Prometheus samples, millions", priceOf("gcp.monitoring.prometheus-samples-million"), 0, {
        counted: false,
        note: "the cluster turns on DCGM metrics with managed collection: GPU nodes' samples are billed while they run (none at idle when the pool is at zero); GKE system metrics are free",
      }),
    );
  }
  return lines;
}

/** Every idle cost line of a Google Cloud environment, component by component. */
export function gcpIdleLines(spec: ResolvedEnvironmentSpec): CostLine[] {
  return [...networkLines(spec), ...trainingLines(spec), ...storageLines(spec), ...vectorLines(spec), ...inferenceLines(spec), ...operationsLines(spec)];
}

registerCloudPart("gcp", "idleCost", gcpIdleLines);
import "./gcp-worst-cost";
