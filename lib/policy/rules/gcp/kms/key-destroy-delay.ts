import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isExpression, plural } from "../../helpers";
import { durationSeconds } from "../helpers";

/** 30 days, in seconds. */
const MIN_DELAY_SECONDS = 30 * 24 * 3600;

/** LLM-GCP-KMS-2: destroyed key versions stay recoverable for at least 30 days. */
export const gcpKeyDestroyDelay: ResourceRule = {
  id: "LLM-GCP-KMS-2",
  title: "Cloud KMS keys keep a destroyed version recoverable for at least 30 days",
  rationale: "Every bucket, disk, database and secret encrypted with the key is lost when its versions are destroyed; the scheduled-destruction delay is the window in which a mistake can still be undone.",
  fix: "Leave destroy_scheduled_duration unset (30 days, the Cloud KMS default) or set it to \"2592000s\" or more (GcpEncryptionKey does).",
  severity: "error",
  packs: ["reliability"],
  cloud: "gcp",
  appliesTo: ["google_kms_crypto_key"],
  check(key) {
    const raw = key.attributes.destroy_scheduled_duration;
    if (raw === undefined || raw === null) return pass;
    if (isExpression(raw)) return skip;
    const seconds = durationSeconds(raw);
    if (seconds === undefined) return fail(`has a destroy_scheduled_duration that is not a duration in seconds (got ${JSON.stringify(raw)})`);
    return seconds >= MIN_DELAY_SECONDS ? pass : fail(`destroys key versions after ${plural(Math.round((seconds / 86400) * 10) / 10, "day")} (destroy_scheduled_duration ${String(raw)}; at least 2592000s)`);
  },
};
