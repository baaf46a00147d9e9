import { fail, pass, skip, type ResourceRule } from "../../../types";
import { attr, isProd, num } from "../../helpers";
import { endpointScalingTargets, scheduledActionsOf } from "../helpers";

/**
 * LLM-AWS-SM-4: outside prod, every SageMaker endpoint can scale down when idle: a
 * scaling target (matched as in LLM-AWS-SM-3) with min_capacity 0 (an inference
 * component), or a scheduled action on a target that lowers its minimum (a scheduled
 * minimum that is not a literal number counts).
 */
export const endpointScaleDown: ResourceRule = {
  id: "LLM-AWS-SM-4",
  title: "Dev and staging SageMaker endpoints scale down when idle (a scheduled scale-down or a minimum of 0)",
  rationale: "An accelerator endpoint bills every hour it runs; dev and staging endpoints sit idle nights and weekends, when scaling them down saves most of their cost.",
  fix: "Add an aws_appautoscaling_scheduled_action that lowers the target's minimum, or deploy an inference component with min_capacity 0 (AwsInferenceEndpoint scaleDownSchedule, on by default outside prod, or replicas.min 0).",
  severity: "warning",
  packs: ["cost"],
  cloud: "aws",
  appliesTo: ["aws_sagemaker_endpoint"],
  check(endpoint, stack) {
    if (stack.tier === undefined || isProd(stack)) return skip;
    const targets = endpointScalingTargets(endpoint, stack);
    if (targets.length === 0) return fail(`has no autoscaling target, so it never scales down in ${stack.tier}`);
    const scalesDown = targets.some((t) => {
      const min = num(t.attributes.min_capacity);
      if (min === 0) return true;
      return scheduledActionsOf(t, stack).some((a) => {
        const low = num(attr(a, "scalable_target_action.min_capacity"));
        return low === undefined || min === undefined || low < min;
      });
    });
    return scalesDown ? pass : fail(`never scales below its minimum in ${stack.tier}; add a scheduled scale-down or a minimum of 0`);
  },
};
