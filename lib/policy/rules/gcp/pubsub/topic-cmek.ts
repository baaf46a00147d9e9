import { fail, pass, type ResourceRule } from "../../../types";
import { namesKey, noKeyMessage } from "../helpers";

/** LLM-GCP-PUBSUB-1: Pub/Sub topics encrypt messages with a customer-managed key. */
export const pubsubTopicCmek: ResourceRule = {
  id: "LLM-GCP-PUBSUB-1",
  title: "Pub/Sub topics encrypt messages with a customer-managed Cloud KMS key",
  rationale: "Messages (budget updates, pipeline events) are stored until delivered; a customer-managed key keeps their encryption auditable and revocable like the rest of the environment's data.",
  fix: "Set kms_key_name, after granting the Pub/Sub service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on the key (GcpBudget does with topicEncryptionKey).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_pubsub_topic"],
  check(topic) {
    return namesKey(topic.attributes.kms_key_name) ? pass : fail(noKeyMessage("kms_key_name", "its messages"));
  },
};
