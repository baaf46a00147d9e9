import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isDev } from "../../helpers";
import { isGpuVmSize } from "../helpers";

/** LLM-AZ-AKS-6: in dev, GPU node pools run on Spot (evicted by deletion) or a capacity reservation. */
export const aksGpuDevCapacity: ResourceRule = {
  id: "LLM-AZ-AKS-6",
  title: "Dev AKS GPU node pools use Spot with the Delete eviction policy, or a capacity reservation",
  rationale: "Pay-as-you-go GPUs cost several times their Spot price and dev jobs tolerate eviction; a Deallocate eviction keeps paying for the disks of evicted nodes and counts against quota, and reserved capacity is paid for already.",
  fix: "Set priority = \"Spot\" with eviction_policy = \"Delete\" (AzureGpuNodePool capacity: spot, the dev default), or capacity_reservation_group_id for reserved nodes.",
  severity: "warning",
  packs: ["cost"],
  cloud: "azure",
  appliesTo: ["azurerm_kubernetes_cluster_node_pool"],
  check(pool, stack) {
    if (!isDev(stack) || !isGpuVmSize(pool.attributes.vm_size)) return skip;
    const a = pool.attributes;
    if (typeof a.capacity_reservation_group_id === "string" && a.capacity_reservation_group_id.length > 0) return pass;
    if (a.priority !== "Spot") return fail(`runs GPUs at ${a.priority === undefined || a.priority === null ? "Regular" : String(a.priority)} priority in dev; use Spot or a capacity reservation`);
    // Spot pools evict by deletion unless told otherwise (provider doc, `eviction_policy`).
    const eviction = a.eviction_policy ?? "Delete";
    return eviction === "Delete" ? pass : fail(`evicts Spot nodes by ${String(eviction)}, which keeps paying for their disks; set eviction_policy = "Delete"`);
  },
};
