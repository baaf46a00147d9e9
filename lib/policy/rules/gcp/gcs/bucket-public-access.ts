import { fail, pass, type ResourceRule } from "../../../types";
import { isTrue } from "../../helpers";

/** LLM-GCP-GCS-1: buckets enforce public access prevention and uniform bucket-level access. Not suppressible. */
export const gcsPublicAccessPrevention: ResourceRule = {
  id: "LLM-GCP-GCS-1",
  title: "Cloud Storage buckets enforce public access prevention and uniform bucket-level access",
  rationale:
    "Datasets, checkpoints and model weights are the most valuable data of the platform; public access prevention makes Cloud Storage refuse any grant to allUsers or allAuthenticatedUsers, and uniform bucket-level access removes per-object ACLs that no IAM review sees.",
  fix: "Set public_access_prevention = \"enforced\" and uniform_bucket_level_access = true on the google_storage_bucket (GcpDataBucket does).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  suppressible: false,
  appliesTo: ["google_storage_bucket"],
  check(bucket) {
    const problems: string[] = [];
    const prevention = bucket.attributes.public_access_prevention;
    if (prevention !== "enforced") problems.push(`does not enforce public access prevention (public_access_prevention is ${prevention === undefined || prevention === null ? "unset, which inherits" : `"${String(prevention)}"`})`);
    if (!isTrue(bucket.attributes.uniform_bucket_level_access)) problems.push("allows per-object ACLs (uniform_bucket_level_access is not true)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
