import { fail, pass, type ResourceRule } from "../../../types";
import { num, plural } from "../../helpers";

const MIN_DAYS = 30;

/** LLM-AWS-KMS-3: KMS keys wait the full 30 days before deletion. */
export const keyDeletionWindow: ResourceRule = {
  id: "LLM-AWS-KMS-3",
  title: "KMS keys have a 30-day deletion window",
  rationale: "Deleting a key makes everything encrypted with it unreadable for good; the deletion window is the only time to notice and cancel, and 30 days (the longest) gives the most.",
  fix: "Set deletion_window_in_days to 30, or leave it unset (AwsEncryptionKey uses 30: deletionWindowDays).",
  severity: "error",
  packs: ["reliability"],
  cloud: "aws",
  appliesTo: ["aws_kms_key"],
  check(key) {
    const raw = key.attributes.deletion_window_in_days;
    if (raw === undefined || raw === null) return pass; // KMS defaults to 30 days
    const days = num(raw);
    if (days === undefined) return fail("deletion_window_in_days is not a literal number");
    return days >= MIN_DAYS ? pass : fail(`has a deletion window of ${plural(days, "day")}; at least ${MIN_DAYS}`);
  },
};
