import { fail, pass, skip, type ResourceRule } from "../../../types";
import { block, isDev, isTrue } from "../../helpers";
import { isAcceleratorPool } from "../helpers";

/** LLM-GCP-GKE-9: in dev, accelerator pools run on spot, flex-start, queued provisioning or a reservation. */
export const gkeAcceleratorDevCapacity: ResourceRule = {
  id: "LLM-GCP-GKE-9",
  title: "Dev GPU and TPU node pools use spot, flex-start, queued provisioning or a specific reservation",
  rationale: "On-demand accelerators cost two to three times their spot price; dev jobs tolerate interruption, and reserved capacity is paid for already.",
  fix: "Set node_config.spot = true (GcpAcceleratorNodePool capacity: spot, the dev default), node_config.flex_start = true, queued_provisioning.enabled = true, or consume a SPECIFIC_RESERVATION through node_config.reservation_affinity.",
  severity: "warning",
  packs: ["cost"],
  cloud: "gcp",
  appliesTo: ["google_container_node_pool"],
  check(pool, stack) {
    if (!isDev(stack) || !isAcceleratorPool(pool)) return skip;
    const config = block(pool.attributes.node_config);
    if (isTrue(config.spot) || isTrue(config.preemptible) || isTrue(config.flex_start)) return pass;
    if (isTrue(block(pool.attributes.queued_provisioning).enabled)) return pass;
    if (block(config.reservation_affinity).consume_reservation_type === "SPECIFIC_RESERVATION") return pass;
    return fail("runs accelerators on on-demand capacity in dev; use spot, flex-start, queued provisioning or a specific reservation");
  },
};
