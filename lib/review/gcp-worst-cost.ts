/**
 * How a Google Cloud environment's cost scales with load: the accelerator pool up to its
 * maximum nodes (a multi-host TPU slice: every host of it), the system pool up to its
 * maximum, the Vertex AI endpoint or Model Garden deployment up to its maximum replicas,
 * Vector Search up to its maximum replicas, and Cloud NAT billing every VM that then uses
 * it. Every other idle line (cluster fee, Cloud SQL, Lustre, keys, alerts) is paid the
 * same under load. Registered when the Google Cloud idle-cost module loads.
 */
import { HOURS_PER_MONTH, machinePrice, priceOf } from "../catalog";
import { GcpAcceleratorNodePool } from "../constructs/gcp/accelerator-node-pool";
import { GcpTrainingCluster, SYSTEM_NODE_DISK_GB } from "../constructs/gcp/training-cluster";
import { GcpVectorSearch } from "../constructs/gcp/vector-search";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { expectedEndpoint, expectedPool } from "./capacity-usage";
import { line, replaceLines, type CostLine } from "./cost-line";
import type { IdleCost } from "./idle-cost";
import { registerCapacityModel, type CapacityModel, type StackUsage } from "./capacity-models";

const isPool = (spec: ResolvedEnvironmentSpec) => (l: CostLine) => l.component === "training" && !!spec.training && l.priceId === machinePrice(spec.training.machine, "gcp").id;
const isPoolDisks = (l: CostLine) => l.component === "training" && l.item.startsWith("accelerator pool boot disks");
const isSystem = (spec: ResolvedEnvironmentSpec) => (l: CostLine) => l.component === "training" && l.priceId === `gcp.compute.${GcpTrainingCluster.defaults(spec.tier).systemMachineType}-hour`;
const isSystemDisks = (l: CostLine) => l.component === "training" && l.item.startsWith("system node boot disks");
const isNatVms = (l: CostLine) => l.priceId === "gcp.nat.gateway-vm-hour";
const isEndpoint = (l: CostLine) => l.component === "inference";
const isVectorSearch = (l: CostLine) => l.priceId.startsWith("gcp.vector-search.");

function poolNote(spec: ResolvedEnvironmentSpec): string {
  const topology = spec.gcp?.tpuTopology;
  const slice = topology && (spec.training?.nodes.max ?? 0) > 1 ? ` (TPU ${topology} slice: every host of it)` : "";
  return `the pool's maximum${slice}, all month, at the on-demand price`;
}

function worstLines(spec: ResolvedEnvironmentSpec, idle: IdleCost): CostLine[] {
  let lines: CostLine[] = [...idle.lines];
  const t = spec.training;
  if (t) {
    const cluster = GcpTrainingCluster.defaults(spec.tier);
    const diskGb = GcpAcceleratorNodePool.defaults(spec.tier).diskSizeGb;
    const system = cluster.systemNodes.max;
    const withQuantity = (l: CostLine, quantity: number, note?: string) => line(l.component, l.item, priceOf(l.priceId), quantity, { note: note ?? l.note });
    lines = replaceLines(lines, isPool(spec), [line("training", `accelerator pool (${t.machine.machineType})`, machinePrice(t.machine, "gcp"), t.nodes.max, { note: poolNote(spec) })]);
    lines = lines.map((l) => (isPoolDisks(l) ? withQuantity(l, t.nodes.max * diskGb) : l));
    lines = replaceLines(lines, isSystem(spec), [line("training", `system nodes (${cluster.systemMachineType})`, priceOf(`gcp.compute.${cluster.systemMachineType}-hour`), system, { note: "the system pool's maximum" })]);
    lines = lines.map((l) => (isSystemDisks(l) ? withQuantity(l, system * SYSTEM_NODE_DISK_GB) : l));
    lines = lines.map((l) => (isNatVms(l) ? withQuantity(l, system + t.nodes.max, "every node at the pools' maxima uses the gateway") : l));
    lines = lines.map((l) => (l.priceId === "gcp.nat.ip-hour" && l.quantity === 0 ? withQuantity(l, 1, "auto-allocated: one address serves the nodes' ports") : l));
  }
  const i = spec.inference;
  if (i) {
    const item = idle.lines.find(isEndpoint)?.item ?? `endpoint replicas (${i.machine.machineType})`;
    lines = replaceLines(lines, isEndpoint, [line("inference", item, machinePrice(i.machine, "gcp"), i.replicas.max, { hours: HOURS_PER_MONTH, note: "the endpoint's maximum replicas, all month, at the on-demand price" })]);
  }
  if (spec.vectorStore?.engine === "managed-search") {
    const d = GcpVectorSearch.defaults(spec.tier);
    lines = replaceLines(lines, isVectorSearch, [line("vector-store", `Vector Search deployed index replicas (${d.machineType})`, priceOf(`gcp.vector-search.${d.machineType}-hour`), d.replicas.max, { note: "the deployed index's maximum replicas, all month" })]);
  }
  return lines;
}

function expectedLines(spec: ResolvedEnvironmentSpec, idle: IdleCost, usage: StackUsage): CostLine[] {
  let lines: CostLine[] = [...idle.lines];
  const t = spec.training;
  if (t) lines = expectedPool(lines, isPool(spec), { component: "training", item: `accelerator pool (${t.machine.machineType})`, entry: machinePrice(t.machine, "gcp"), nodes: t.nodes }, usage.training);
  const i = spec.inference;
  if (i) {
    const item = idle.lines.find(isEndpoint)?.item ?? `endpoint replicas (${i.machine.machineType})`;
    lines = expectedEndpoint(lines, isEndpoint, { component: "inference", item, entry: machinePrice(i.machine, "gcp"), replicas: i.replicas }, usage.inference);
  }
  return lines;
}

/** The capacity model of Google Cloud environments. */
export const gcpCapacityModel: CapacityModel = { worstLines, expectedLines };

registerCapacityModel("gcp", gcpCapacityModel);
