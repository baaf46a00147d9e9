import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isExpression } from "../../helpers";
import { durationSeconds } from "../helpers";

/** 90 days, in seconds. */
export const MAX_ROTATION_SECONDS = 90 * 24 * 3600;

/** LLM-GCP-KMS-1: symmetric keys rotate at least every 90 days. */
export const gcpKeyRotation: ResourceRule = {
  id: "LLM-GCP-KMS-1",
  title: "Cloud KMS encryption keys rotate automatically at least every 90 days",
  rationale: "Automatic rotation limits how much data one key version protects; 90 days is what CIS and most audits ask of Cloud KMS, and rotation needs no change in the services that use the key.",
  fix: "Set rotation_period to \"7776000s\" (90 days) or less on the google_kms_crypto_key (GcpEncryptionKey does).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_kms_crypto_key"],
  check(key) {
    const purpose = key.attributes.purpose;
    // Cloud KMS rotates only symmetric ENCRYPT_DECRYPT keys automatically (the default purpose).
    if (purpose !== undefined && purpose !== null && purpose !== "ENCRYPT_DECRYPT") return skip;
    const raw = key.attributes.rotation_period;
    if (isExpression(raw)) return skip;
    if (raw === undefined || raw === null || raw === "") return fail("does not rotate (rotation_period is unset)");
    const seconds = durationSeconds(raw);
    if (seconds === undefined) return fail(`has a rotation_period that is not a duration in seconds (got ${JSON.stringify(raw)})`);
    return seconds <= MAX_ROTATION_SECONDS ? pass : fail(`rotates less often than every 90 days (rotation_period ${String(raw)}; at most 7776000s)`);
  },
};
