import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isProd, isTrue, num } from "../../helpers";
import { isGpuVmSize } from "../helpers";

/** LLM-AZ-AKS-5: outside prod, GPU node pools autoscale from zero. */
export const aksGpuScaleToZero: ResourceRule = {
  id: "LLM-AZ-AKS-5",
  title: "Dev and staging AKS GPU node pools autoscale from zero nodes",
  rationale: "A GPU node kept up for an idle dev or staging cluster costs from one to over thirty dollars an hour; with min_count 0 the cluster autoscaler removes it once no job asks for it.",
  fix: "Set auto_scaling_enabled = true with min_count = 0 on the azurerm_kubernetes_cluster_node_pool (AzureGpuNodePool nodes.min, 0 by default).",
  severity: "warning",
  packs: ["cost"],
  cloud: "azure",
  appliesTo: ["azurerm_kubernetes_cluster_node_pool"],
  check(pool, stack) {
    if (stack.tier === undefined || isProd(stack)) return skip;
    if (!isGpuVmSize(pool.attributes.vm_size)) return skip;
    if (!isTrue(pool.attributes.auto_scaling_enabled)) return fail(`does not autoscale: its GPU nodes run all the time in ${stack.tier} (auto_scaling_enabled is not true)`);
    const min = num(pool.attributes.min_count);
    if (min === undefined) return fail("min_count is not a literal number");
    return min === 0 ? pass : fail(`keeps at least ${min} GPU node${min === 1 ? "" : "s"} in ${stack.tier}; set min_count to 0`);
  },
};
