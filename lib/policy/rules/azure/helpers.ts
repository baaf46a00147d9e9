import type { ResourceView } from "../../types";
import { block } from "../helpers/attributes";

/** Node settings of an AKS resource: a node pool's own attributes, or a cluster's `default_node_pool`. */
export function nodePoolOf(resource: ResourceView): Record<string, unknown> {
  return resource.type === "azurerm_kubernetes_cluster" ? block(resource.attributes.default_node_pool) : (resource.attributes as Record<string, unknown>);
}

/** Whether a VM size has GPUs: the N family (NC, ND, NV, NG series). */
export function isGpuVmSize(vmSize: unknown): boolean {
  return typeof vmSize === "string" && /^Standard_N/i.test(vmSize);
}
