import { fail, pass, type ResourceRule } from "../../../types";
import { attr } from "../../helpers";
import { namesKey, noKeyMessage } from "../helpers";

/** LLM-GCP-VAI-1: Vertex AI endpoints encrypt with a customer-managed key. */
export const vertexEndpointCmek: ResourceRule = {
  id: "LLM-GCP-VAI-1",
  title: "Vertex AI endpoints encrypt with a customer-managed Cloud KMS key",
  rationale: "An endpoint holds the deployed model and its request logs; with a customer-managed key their encryption is yours to audit and revoke. The key can only be set when the endpoint is created.",
  fix: "Set encryption_spec { kms_key_name = <Cloud KMS key in the endpoint's region> }, after granting the Vertex AI service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on it (GcpInferenceEndpoint does for a private endpoint); it forces a new endpoint.",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_vertex_ai_endpoint"],
  check(endpoint) {
    return namesKey(attr(endpoint, "encryption_spec.kms_key_name")) ? pass : fail(noKeyMessage("encryption_spec.kms_key_name", "the endpoint"));
  },
};
