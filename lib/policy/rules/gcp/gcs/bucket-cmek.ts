import { fail, pass, type ResourceRule } from "../../../types";
import { attr } from "../../helpers";
import { namesKey, noKeyMessage } from "../helpers";

/** LLM-GCP-GCS-2: buckets encrypt objects with a customer-managed key by default. */
export const gcsBucketCmek: ResourceRule = {
  id: "LLM-GCP-GCS-2",
  title: "Cloud Storage buckets encrypt new objects with a customer-managed Cloud KMS key",
  rationale: "With a customer-managed key, disabling the key makes the data unreadable, every use is in Cloud Audit Logs, and rotation follows your policy; Google-managed keys offer none of this.",
  fix: "Set encryption { default_kms_key_name = <Cloud KMS key id> } and grant the Cloud Storage service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on the key first (GcpDataBucket does with its encryptionKey).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_storage_bucket"],
  check(bucket) {
    return namesKey(attr(bucket, "encryption.default_kms_key_name")) ? pass : fail(noKeyMessage("encryption.default_kms_key_name", "new objects"));
  },
};
