import { fail, pass, skip, type ResourceRule } from "../../../types";
import { attr, isProd, num } from "../../helpers";
import { isAcceleratorNodeGroup } from "../helpers";

/** LLM-AWS-EKS-5: outside prod, accelerator node groups scale to zero. */
export const acceleratorScaleToZero: ResourceRule = {
  id: "LLM-AWS-EKS-5",
  title: "Dev and staging accelerator node groups can scale to zero (min_size 0)",
  rationale: "A GPU or Trainium node kept up for an idle dev or staging cluster costs from a few to nearly a hundred dollars an hour; with min_size 0 the autoscaler removes it once no job needs it.",
  fix: "Set scaling_config.min_size = 0 and let the cluster autoscaler add nodes (AwsAcceleratorNodeGroup nodes.min, 0 by default).",
  severity: "warning",
  packs: ["cost"],
  cloud: "aws",
  appliesTo: ["aws_eks_node_group"],
  check(group, stack) {
    if (stack.tier === undefined || isProd(stack)) return skip;
    if (!isAcceleratorNodeGroup(group, stack)) return skip;
    const raw = attr(group, "scaling_config.min_size");
    const min = num(raw);
    if (min === undefined) return fail("scaling_config.min_size is not a literal number");
    return min === 0 ? pass : fail(`keeps at least ${min} accelerator node${min === 1 ? "" : "s"} in ${stack.tier}; min_size 0`);
  },
};
