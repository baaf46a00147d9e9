import { fail, pass, type ResourceRule } from "../../../types";
import { isCustomerKey } from "../helpers";

/** LLM-AWS-FSX-1: Lustre file systems encrypt with a customer-managed key. */
export const fsxLustreKmsEncryption: ResourceRule = {
  id: "LLM-AWS-FSX-1",
  title: "FSx for Lustre file systems encrypt data with a customer-managed KMS key",
  rationale: "The shared file system holds copies of training data and checkpoints; a customer-managed key keeps them, and their backups, under the same key policy as the buckets they come from.",
  fix: "Use a PERSISTENT deployment type and set kms_key_id to your key's ARN (AwsLustreFileSystem does this).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_fsx_lustre_file_system"],
  check(fs) {
    const a = fs.attributes;
    if (isCustomerKey(a.kms_key_id)) return pass;
    const type = typeof a.deployment_type === "string" ? a.deployment_type : "SCRATCH_1";
    const scratch = type.startsWith("SCRATCH") ? ` (a ${type} file system takes no key: use PERSISTENT_2)` : "";
    return fail(a.kms_key_id === undefined ? `is not encrypted with a customer-managed KMS key${scratch || " (kms_key_id is not set)"}` : "kms_key_id is not a customer-managed KMS key");
  },
};
