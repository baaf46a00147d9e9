import { fail, pass, skip, type ResourceRule } from "../../types";
import { isProd } from "../helpers";
import { attr, isExpression, isTrue } from "../helpers/attributes";

/**
 * How each stateful Terraform type is protected against deletion by its provider, as
 * the attribute that must hold in prod: `true` for a protection flag, `false` for a
 * force-delete flag (a bucket or repository that Terraform may empty and delete).
 * RDS and Aurora are left to LLM-AWS-RDS-3, which checks the same flag.
 */
export const DELETION_PROTECTION: Readonly<Record<string, { readonly attribute: string; readonly protectedWhen: boolean }>> = {
  aws_s3_bucket: { attribute: "force_destroy", protectedWhen: false },
  aws_ecr_repository: { attribute: "force_delete", protectedWhen: false },
  aws_dynamodb_table: { attribute: "deletion_protection_enabled", protectedWhen: true },
  google_storage_bucket: { attribute: "force_destroy", protectedWhen: false },
  google_sql_database_instance: { attribute: "deletion_protection", protectedWhen: true },
  google_alloydb_cluster: { attribute: "deletion_protection", protectedWhen: true },
  google_bigtable_instance: { attribute: "deletion_protection", protectedWhen: true },
  azurerm_key_vault: { attribute: "purge_protection_enabled", protectedWhen: true },
};

/** LLM-REL-2: in prod, stateful resources keep the provider's deletion protection on (no force-delete). */
export const statefulDeletionProtection: ResourceRule = {
  id: "LLM-REL-2",
  title: "Production stateful resources keep the provider's deletion protection (no force-destroy)",
  rationale:
    "prevent_destroy guards only this configuration: a plan made without it (a renamed construct, another workspace, a copied state) still deletes. The provider's own protection — a deletion-protection flag, or a bucket or repository that cannot be emptied on delete — makes the cloud refuse.",
  fix: "Keep deletionProtection on in prod (the spec's deletionProtection, or the construct's deletionProtection / forceDestroy prop): deletion_protection = true, or force_destroy / force_delete = false.",
  severity: "error",
  packs: ["reliability"],
  cloud: "any",
  appliesTo: Object.keys(DELETION_PROTECTION),
  check(resource, stack) {
    const rule = DELETION_PROTECTION[resource.type];
    if (!rule || !isProd(stack)) return skip;
    const value = attr(resource, rule.attribute);
    if (isExpression(value)) return skip;
    const ok = rule.protectedWhen ? isTrue(value) : !isTrue(value);
    return ok ? pass : fail(rule.protectedWhen ? `has ${rule.attribute} ${value === undefined ? "unset" : String(value)} in prod` : `has ${rule.attribute} = true in prod: Terraform may empty and delete it`);
  },
};
