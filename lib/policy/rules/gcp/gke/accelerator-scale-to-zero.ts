import { fail, pass, skip, type ResourceRule } from "../../../types";
import { attr, isProd, num } from "../../helpers";
import { isAcceleratorPool } from "../helpers";

/** LLM-GCP-GKE-8: outside prod, accelerator node pools scale to zero. */
export const gkeAcceleratorScaleToZero: ResourceRule = {
  id: "LLM-GCP-GKE-8",
  title: "Dev and staging GPU and TPU node pools autoscale from zero nodes",
  rationale: "An accelerator node kept up for an idle dev or staging cluster costs from one to nearly a hundred dollars an hour; with a minimum of zero the cluster autoscaler removes it once no job asks for it.",
  fix: "Set autoscaling { total_min_node_count = 0 } (or min_node_count = 0) with a maximum above zero (GcpAcceleratorNodePool nodes.min, 0 by default).",
  severity: "warning",
  packs: ["cost"],
  cloud: "gcp",
  appliesTo: ["google_container_node_pool"],
  check(pool, stack) {
    if (stack.tier === undefined || isProd(stack)) return skip;
    if (!isAcceleratorPool(pool)) return skip;
    const autoscaling = attr(pool, "autoscaling");
    if (autoscaling === undefined || autoscaling === null || (Array.isArray(autoscaling) && autoscaling.length === 0)) {
      return fail(`does not autoscale: its accelerator nodes run all the time in ${stack.tier}; add autoscaling with a minimum of 0`);
    }
    const raw = attr(pool, "autoscaling.total_min_node_count") ?? attr(pool, "autoscaling.min_node_count");
    const min = raw === undefined || raw === null ? 0 : num(raw);
    if (min === undefined) return fail("autoscaling's minimum node count is not a literal number");
    return min === 0 ? pass : fail(`keeps at least ${min} accelerator node${min === 1 ? "" : "s"} in ${stack.tier}; set the autoscaling minimum to 0`);
  },
};
