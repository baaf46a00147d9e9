import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isProd, num } from "../../helpers";
import { endpointScalingTargets } from "../helpers";

const MIN_CAPACITY = 2;

/**
 * LLM-AWS-SM-3: in prod, every SageMaker endpoint autoscales and never below two
 * instances (or model copies). Targets are matched as `endpointScalingTargets` does:
 * `endpoint/<name>/variant/...` targets, and `inference-component/...` targets tied to
 * the endpoint through a Cloud Control inference component (or, without such a link,
 * when the endpoint is the only one in the stack). Every matched target must have a
 * min_capacity of at least 2.
 */
export const endpointAutoscaling: ResourceRule = {
  id: "LLM-AWS-SM-3",
  title: "Production SageMaker endpoints autoscale from a minimum of at least two instances or copies",
  rationale: "An endpoint without autoscaling fails under load it could have absorbed, and one that may shrink to a single instance is down while that instance or its zone is.",
  fix: "Add an aws_appautoscaling_target for the endpoint's variant (or inference component) with min_capacity 2 or more (AwsInferenceEndpoint does: replicas.min, 2 by default in prod).",
  severity: "warning",
  packs: ["reliability"],
  cloud: "aws",
  appliesTo: ["aws_sagemaker_endpoint"],
  check(endpoint, stack) {
    if (!isProd(stack)) return skip;
    const targets = endpointScalingTargets(endpoint, stack);
    if (targets.length === 0) return fail("has no autoscaling target");
    for (const t of targets) {
      const min = num(t.attributes.min_capacity);
      if (min === undefined) return fail(`min_capacity of ${t.attributes.resource_id} is not a literal number`);
      if (min < MIN_CAPACITY) return fail(`scales ${t.attributes.resource_id} down to ${min} in prod; at least ${MIN_CAPACITY}`);
    }
    return pass;
  },
};
