import type { ResourceView, StackView } from "../../../types";
import { block, list } from "../../helpers/attributes";
import { references } from "../../helpers/links";

/** The aws_launch_template a node group (or instance group) launches from: by `launch_template.id` or `.name`, reference or literal name. */
export function launchTemplateOf(resource: ResourceView, stack: StackView): ResourceView | undefined {
  const spec = block(resource.attributes.launch_template);
  return stack.ofType("aws_launch_template").find((lt) => references(spec.id, lt) || references(spec.name, lt) || (typeof spec.name === "string" && spec.name === lt.attributes.name));
}

/** EC2 families with GPUs or AWS accelerators: p*, g*, trn*, inf*. */
const ACCELERATOR_FAMILY = /^(p|g|trn|inf)[a-z]*\d/;

/**
 * Whether an aws_eks_node_group runs accelerators: an NVIDIA, GPU or Neuron AMI type,
 * or an instance type (on the group, else on its launch template) of an accelerator family.
 */
export function isAcceleratorNodeGroup(group: ResourceView, stack: StackView): boolean {
  const ami = group.attributes.ami_type;
  if (typeof ami === "string" && /NVIDIA|NEURON|GPU/i.test(ami)) return true;
  let types = list(group.attributes.instance_types);
  if (types.length === 0) types = list(launchTemplateOf(group, stack)?.attributes.instance_type);
  return types.some((t) => ACCELERATOR_FAMILY.test(t.toLowerCase()));
}
