import type { ResourceView } from "../../types";
import { block, blocks, isExpression } from "../helpers/attributes";

/** Machine families with GPUs or TPUs: A2, A3, A4, G2, G4 GPU machines and ct* / tpu* TPU machines. */
const ACCELERATOR_MACHINE = /^(a2|a3|a4|a4x|g2|g4|ct\d|tpu)/;

/**
 * The node settings of a GKE resource: a node pool's `node_config`, or a cluster's own
 * `node_config` (its default pool) when it keeps that pool; none for a cluster that
 * removes its default pool or configures no nodes.
 */
export function nodeConfigOf(resource: ResourceView): Record<string, unknown> | undefined {
  if (resource.type === "google_container_node_pool") return block(resource.attributes.node_config);
  if (resource.attributes.remove_default_node_pool === true || resource.attributes.remove_default_node_pool === "true") return undefined;
  if (resource.attributes.enable_autopilot === true) return undefined;
  return block(resource.attributes.node_config);
}

/** Whether a node pool runs accelerators: guest accelerators, or a GPU / TPU machine type. */
export function isAcceleratorPool(pool: ResourceView): boolean {
  const config = block(pool.attributes.node_config);
  if (blocks(config.guest_accelerator).length > 0) return true;
  const machine = config.machine_type;
  return typeof machine === "string" && ACCELERATOR_MACHINE.test(machine.toLowerCase());
}

/** Whether a key argument names a key: a non-empty literal or a reference (an unknown key is taken as set). */
export function namesKey(value: unknown): boolean {
  return typeof value === "string" && value.trim().length > 0;
}

/** A literal Cloud KMS key name (`projects/p/locations/l/keyRings/r/cryptoKeys/k`) or a reference to a `google_kms_crypto_key`. */
export function isCloudKmsKey(value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (isExpression(value)) return true;
  return /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/.test(value);
}

/** Seconds in a Google duration string (`7776000s`, `2592000.5s`); undefined when it is not a literal duration. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)s\s*$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** The finding of a CMEK argument left unset, naming the argument. */
export function noKeyMessage(argument: string, what: string): string {
  return `does not encrypt ${what} with a customer-managed Cloud KMS key (${argument} is unset)`;
}
