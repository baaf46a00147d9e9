import { fail, pass, type ResourceRule } from "../../../types";
import { namesKey, noKeyMessage } from "../helpers";

/** LLM-GCP-AR-1: Artifact Registry repositories encrypt with a customer-managed key. */
export const arRepositoryCmek: ResourceRule = {
  id: "LLM-GCP-AR-1",
  title: "Artifact Registry repositories encrypt images with a customer-managed Cloud KMS key",
  rationale: "Serving and training images carry model code, and often weights; with a customer-managed key their encryption is yours to audit and revoke. The key can only be set when the repository is created.",
  fix: "Set kms_key_name, after granting the Artifact Registry service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on the key (GcpRegistry does with its encryptionKey); it forces a new repository.",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_artifact_registry_repository"],
  check(repository) {
    return namesKey(repository.attributes.kms_key_name) ? pass : fail(noKeyMessage("kms_key_name", "its images"));
  },
};
