import { fail, pass, type ResourceRule } from "../../../types";
import { attr } from "../../helpers";
import { isCloudKmsKey } from "../helpers";

/** LLM-GCP-GKE-2: Kubernetes secrets are encrypted at the application layer with a customer-managed key. */
export const gkeSecretsEncryption: ResourceRule = {
  id: "LLM-GCP-GKE-2",
  title: "GKE clusters encrypt Kubernetes secrets with a customer-managed Cloud KMS key",
  rationale: "Without application-layer encryption, secrets in etcd are protected only by Google-managed keys: anyone with a copy of etcd, or a backup of it, reads every service account token and API key in the cluster.",
  fix: "Set database_encryption { state = \"ENCRYPTED\", key_name = <Cloud KMS key id> } and grant the GKE service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on the key (GcpTrainingCluster does this with its encryptionKey).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_container_cluster"],
  check(cluster) {
    const state = attr(cluster, "database_encryption.state");
    if (state !== "ENCRYPTED") return fail(`does not encrypt Kubernetes secrets with a Cloud KMS key (database_encryption.state is ${state === undefined || state === null ? "unset" : String(state)})`);
    const key = attr(cluster, "database_encryption.key_name");
    return isCloudKmsKey(key) ? pass : fail(`names no Cloud KMS key in database_encryption.key_name (got ${key === undefined || key === null ? "nothing" : JSON.stringify(key)})`);
  },
};
