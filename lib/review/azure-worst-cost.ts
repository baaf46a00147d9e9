/**
 * How an Azure environment's cost scales with load: the GPU pool up to its maximum
 * nodes (with their OS disks), the system pool up to its maximum, and the open-model
 * serving nodes up to their maximum. AI Search and PostgreSQL run at their provisioned
 * size (neither autoscales), provisioned throughput (PTU) bills as provisioned, and every
 * other idle line (NAT, private endpoints, zones, keys, registry, Lustre) is paid the
 * same under load. Registered when the Azure idle-cost module loads.
 */
import { HOURS_PER_MONTH, machinePrice, priceOf } from "../catalog";
import { AzureTrainingCluster } from "../constructs/azure/training-cluster";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { expectedEndpoint, expectedPool } from "./capacity-usage";
import { line, replaceLines, type CostLine } from "./cost-line";
import type { IdleCost } from "./idle-cost";
import { registerCapacityModel, type CapacityModel, type StackUsage } from "./capacity-models";

const isPool = (spec: ResolvedEnvironmentSpec) => (l: CostLine) => l.component === "training" && !!spec.training && l.priceId === machinePrice(spec.training.machine, "azure").id;
const isPoolDisks = (l: CostLine) => l.component === "training" && l.item.startsWith("GPU pool OS disks");
const isSystem = (l: CostLine) => l.component === "training" && l.item.startsWith("system nodes");
const isServing = (spec: ResolvedEnvironmentSpec) => (l: CostLine) => l.component === "inference" && !!spec.inference && l.priceId === machinePrice(spec.inference.machine, "azure").id;

function worstLines(spec: ResolvedEnvironmentSpec, idle: IdleCost): CostLine[] {
  let lines: CostLine[] = [...idle.lines];
  const t = spec.training;
  if (t) {
    const cluster = AzureTrainingCluster.defaults(spec.tier);
    const spot = t.capacity === "spot" ? " at the pay-as-you-go price (Spot is cheaper, not listed)" : "";
    lines = replaceLines(lines, isPool(spec), [line("training", `GPU pool (${t.machine.machineType})`, machinePrice(t.machine, "azure"), t.nodes.max, { note: `the pool's maximum, all month${spot}` })]);
    lines = lines.map((l) => (isPoolDisks(l) ? line(l.component, l.item, priceOf(l.priceId), t.nodes.max) : l));
    lines = replaceLines(lines, isSystem, [line("training", `system nodes (${cluster.systemVmSize})`, priceOf(`azure.vm.${cluster.systemVmSize}-hour`), cluster.systemNodes.max, { note: "the system pool's maximum" })]);
  }
  const i = spec.inference;
  if (i?.deploy) {
    lines = replaceLines(lines, isServing(spec), [line("inference", `open model on AKS, inference GPU nodes (${i.machine.machineType})`, machinePrice(i.machine, "azure"), i.replicas.max, { hours: HOURS_PER_MONTH, note: "the serving pool's maximum, all month" })]);
  }
  return lines;
}

function expectedLines(spec: ResolvedEnvironmentSpec, idle: IdleCost, usage: StackUsage): CostLine[] {
  let lines: CostLine[] = [...idle.lines];
  const t = spec.training;
  if (t) lines = expectedPool(lines, isPool(spec), { component: "training", item: `GPU pool (${t.machine.machineType})`, entry: machinePrice(t.machine, "azure"), nodes: t.nodes }, usage.training);
  const i = spec.inference;
  if (i?.deploy) lines = expectedEndpoint(lines, isServing(spec), { component: "inference", item: `open model on AKS, inference GPU nodes (${i.machine.machineType})`, entry: machinePrice(i.machine, "azure"), replicas: i.replicas }, usage.inference);
  return lines;
}

/** The capacity model of Azure environments. */
export const azureCapacityModel: CapacityModel = { worstLines, expectedLines };

registerCapacityModel("azure", azureCapacityModel);
