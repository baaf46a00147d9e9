import { fail, pass, type ResourceRule } from "../../../types";
import { attr } from "../../helpers";
import { namesKey } from "../helpers";

/**
 * Google data stores whose Terraform resource takes no customer-managed key in
 * provider 6.50, with the argument a later provider added (when known): a plan made
 * with that provider and the key set passes.
 */
export const NO_CMEK_IN_6_50: Readonly<Record<string, { readonly what: string; readonly later?: { readonly argument: string; readonly since: string } }>> = {
  google_lustre_instance: { what: "Managed Lustre instance", later: { argument: "kms_key", since: "7.13" } },
  google_vertex_ai_index: { what: "Vector Search index", later: { argument: "encryption_spec.kms_key_name", since: "7.5" } },
  google_vertex_ai_endpoint_with_model_garden_deployment: { what: "Model Garden deployment" },
};

/** LLM-GCP-KMS-3: a warning on data stores that provider 6.50 cannot encrypt with a customer-managed key. */
export const gcpNoCmekOption: ResourceRule = {
  id: "LLM-GCP-KMS-3",
  title: "Data stores that provider 6.50 cannot encrypt with a customer-managed key are called out",
  rationale:
    "Every data store of the environment should use its customer-managed key, but Managed Lustre (kms_key from provider 7.13), Vector Search indexes (encryption_spec from 7.5) and Model Garden deployments take none in hashicorp/google 6.50: their data is under Google-managed keys, which a reviewer should know and accept.",
  fix: "Accept it with a suppression giving the reason (the environment stacks do), use a store that takes the key (sharedStorage.kind object-mount, vectorStore.engine postgres-pgvector, an image on a private endpoint), or set the key once the provider takes it.",
  severity: "warning",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: Object.keys(NO_CMEK_IN_6_50),
  check(resource) {
    const entry = NO_CMEK_IN_6_50[resource.type];
    if (entry.later && namesKey(attr(resource, entry.later.argument))) return pass;
    const later = entry.later ? ` (${entry.later.argument} arrived in ${entry.later.since})` : "";
    return fail(`is a ${entry.what}, encrypted with a Google-managed key: hashicorp/google 6.50 takes no customer-managed key for it${later}`);
  },
};
