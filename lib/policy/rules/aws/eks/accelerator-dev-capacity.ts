import { fail, pass, skip, type ResourceRule } from "../../../types";
import { attr, block, isDev } from "../../helpers";
import { isAcceleratorNodeGroup, launchTemplateOf } from "../helpers";

const CHEAP = ["SPOT", "CAPACITY_BLOCK"];

/**
 * LLM-AWS-EKS-6: in dev, accelerator node groups run on spot, a Capacity Block or a
 * Capacity Reservation (already paid for), never plain on-demand. A reservation is a
 * `capacity_reservation_specification.capacity_reservation_target` on the group's
 * launch template (found by launch_template.id or name).
 */
export const acceleratorDevCapacity: ResourceRule = {
  id: "LLM-AWS-EKS-6",
  title: "Dev accelerator node groups use spot, a Capacity Block or a Capacity Reservation",
  rationale: "On-demand accelerators cost two to three times their spot price; dev jobs tolerate interruption, and reserved or block capacity is paid for already.",
  fix: "Set capacity_type SPOT (or CAPACITY_BLOCK), or target a Capacity Reservation from the launch template (AwsAcceleratorNodeGroup capacity: spot, the dev default, or { reservation } / { capacityBlock }).",
  severity: "warning",
  packs: ["cost"],
  cloud: "aws",
  appliesTo: ["aws_eks_node_group"],
  check(group, stack) {
    if (!isDev(stack)) return skip;
    if (!isAcceleratorNodeGroup(group, stack)) return skip;
    const capacityType = group.attributes.capacity_type ?? "ON_DEMAND"; // the EKS default
    if (typeof capacityType === "string" && CHEAP.includes(capacityType)) return pass;
    const template = launchTemplateOf(group, stack);
    const target = template ? block(attr(template, "capacity_reservation_specification.capacity_reservation_target")) : {};
    if (target.capacity_reservation_id || target.capacity_reservation_resource_group_arn) return pass;
    const what = typeof capacityType === "string" ? `on ${capacityType} capacity` : "on a capacity type that is not literal";
    return fail(`runs accelerators ${what} in dev; use SPOT, CAPACITY_BLOCK or a capacity reservation`);
  },
};
