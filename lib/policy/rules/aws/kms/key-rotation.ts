import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isTrue } from "../../helpers";

/** LLM-AWS-KMS-1: symmetric customer-managed keys rotate automatically. */
export const kmsKeyRotation: ResourceRule = {
  id: "LLM-AWS-KMS-1",
  title: "KMS keys rotate their key material automatically",
  rationale: "Automatic rotation limits how much data one key version protects and is a control most audits require; it costs nothing and needs no change in callers.",
  fix: "Set enable_key_rotation to true on the aws_kms_key (AwsEncryptionKey does this, yearly by default).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_kms_key"],
  check(key) {
    const a = key.attributes;
    // KMS rotates only symmetric encryption keys whose material it generated.
    const spec = a.customer_master_key_spec ?? a.key_spec;
    if ((typeof spec === "string" && spec !== "SYMMETRIC_DEFAULT") || a.origin === "EXTERNAL") return skip;
    return isTrue(a.enable_key_rotation) ? pass : fail("does not rotate its key material (enable_key_rotation is not true)");
  },
};
