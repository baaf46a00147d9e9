import { fail, pass, skip, type ResourceRule } from "../../../types";
import { attr, isExpression, isProd, isTrue } from "../../helpers";

/** LLM-GCP-SQL-5: in prod, Cloud SQL's own deletion protection is on (Terraform's `deletion_protection` is LLM-REL-2). */
export const sqlApiDeletionProtection: ResourceRule = {
  id: "LLM-GCP-SQL-5",
  title: "Production Cloud SQL instances have deletion protection in the Cloud SQL API",
  rationale:
    "Terraform's deletion_protection guards only this configuration; settings.deletion_protection_enabled makes Cloud SQL itself refuse a delete from the console, gcloud or another Terraform workspace.",
  fix: "Set settings.deletion_protection_enabled = true beside deletion_protection = true (GcpPostgresVectorStore sets both outside dev: deletionProtection prop, or the spec's deletionProtection).",
  severity: "error",
  packs: ["reliability"],
  cloud: "gcp",
  appliesTo: ["google_sql_database_instance"],
  check(instance, stack) {
    if (!isProd(stack)) return skip;
    const value = attr(instance, "settings.deletion_protection_enabled");
    if (isExpression(value)) return skip;
    return isTrue(value) ? pass : fail("has no deletion protection in the Cloud SQL API in prod (settings.deletion_protection_enabled is not true)");
  },
};
