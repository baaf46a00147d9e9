import type { ResourceView, StackView } from "../../../types";
import { parseJson } from "../../helpers/json";
import { companionsOf, references } from "../../helpers/links";

/** The inference components (Cloud Control `AWS::SageMaker::InferenceComponent`) a desired state ties to `endpoint`, by component name. */
function componentsOn(endpoint: ResourceView, stack: StackView): Set<string> {
  const names = new Set<string>();
  const endpointName = endpoint.attributes.name;
  for (const r of stack.ofType("aws_cloudcontrolapi_resource")) {
    if (r.attributes.type_name !== "AWS::SageMaker::InferenceComponent") continue;
    const state = r.attributes.desired_state;
    if (typeof state !== "string") continue;
    const onEndpoint = state.includes(`${endpoint.address}.`) || (typeof endpointName === "string" && endpointName.length > 0 && state.includes(`"${endpointName}"`));
    const name = /"InferenceComponentName"\s*[=:]\s*"([^"]+)"/.exec(state)?.[1];
    if (onEndpoint && name) names.add(name);
  }
  return names;
}

/**
 * The aws_appautoscaling_target resources that scale a SageMaker endpoint:
 * - a variant target, whose resource_id is `endpoint/<endpoint name>/variant/...`
 *   (the name literal, or a reference to the endpoint);
 * - an inference-component target (`inference-component/<component>`), when a Cloud
 *   Control inference component names both that component and the endpoint, or,
 *   failing such a link, when the endpoint is the only one in the stack.
 */
export function endpointScalingTargets(endpoint: ResourceView, stack: StackView): ResourceView[] {
  const name = endpoint.attributes.name;
  const components = componentsOn(endpoint, stack);
  const onlyEndpoint = stack.ofType("aws_sagemaker_endpoint").length === 1;
  return stack.ofType("aws_appautoscaling_target").filter((t) => {
    const id = t.attributes.resource_id;
    if (typeof id !== "string") return false;
    if (id.startsWith("endpoint/")) return (typeof name === "string" && name.length > 0 && id.startsWith(`endpoint/${name}/`)) || references(id, endpoint);
    if (id.startsWith("inference-component/")) {
      const component = id.slice("inference-component/".length);
      return components.has(component) || (components.size === 0 && onlyEndpoint);
    }
    return false;
  });
}

/** Scheduled actions on a scaling target: resource_id referencing the target, or equal to its literal resource_id. */
export function scheduledActionsOf(target: ResourceView, stack: StackView): ResourceView[] {
  return companionsOf(stack, "aws_appautoscaling_scheduled_action", "resource_id", target, { literal: "resource_id" });
}

/** The desired state of an `aws_cloudcontrolapi_resource` of `typeName`, parsed; undefined for other resources or non-literal JSON. */
export function cloudControlState(resource: ResourceView, typeName: string): Record<string, unknown> | undefined {
  if (resource.type !== "aws_cloudcontrolapi_resource" || resource.attributes.type_name !== typeName) return undefined;
  const state = parseJson(resource.attributes.desired_state);
  return state && typeof state === "object" && !Array.isArray(state) ? (state as Record<string, unknown>) : undefined;
}

/**
 * The properties of an `AWS::SageMaker::EndpointConfig`, from a Cloud Control desired
 * state or from the one-resource template of an `aws_cloudformation_stack`; undefined
 * for anything else or non-literal JSON.
 */
export function endpointConfigState(resource: ResourceView): Record<string, unknown> | undefined {
  if (resource.type === "aws_cloudcontrolapi_resource") return cloudControlState(resource, "AWS::SageMaker::EndpointConfig");
  if (resource.type !== "aws_cloudformation_stack") return undefined;
  const template = parseJson(resource.attributes.template_body);
  const found = template && typeof template === "object" && !Array.isArray(template) ? (template as { Resources?: unknown }).Resources : undefined;
  if (!found || typeof found !== "object") return undefined;
  for (const r of Object.values(found as Record<string, unknown>)) {
    const { Type, Properties } = (r ?? {}) as { Type?: unknown; Properties?: unknown };
    if (Type === "AWS::SageMaker::EndpointConfig" && Properties && typeof Properties === "object" && !Array.isArray(Properties)) return Properties as Record<string, unknown>;
  }
  return undefined;
}
