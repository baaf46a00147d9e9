import { fail, pass, type ResourceRule } from "../../../types";
import { namesKey, noKeyMessage } from "../helpers";

/** LLM-GCP-SQL-3: Cloud SQL instances encrypt their disks and backups with a customer-managed key. */
export const sqlInstanceCmek: ResourceRule = {
  id: "LLM-GCP-SQL-3",
  title: "Cloud SQL instances encrypt data and backups with a customer-managed Cloud KMS key",
  rationale: "The vector store holds embeddings of private documents; with a customer-managed key, disabling the key makes the instance and its backups unreadable, and every use is audited. The key can only be set when the instance is created.",
  fix: "Set encryption_key_name to a Cloud KMS key in the instance's region, after granting the Cloud SQL service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on it (GcpPostgresVectorStore does with its encryptionKey); it forces a new instance.",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_sql_database_instance"],
  check(instance) {
    return namesKey(instance.attributes.encryption_key_name) ? pass : fail(noKeyMessage("encryption_key_name", "its disk and backups"));
  },
};
