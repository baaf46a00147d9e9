import { fail, pass, skip, type ResourceRule, type ResourceView, type StackView } from "../../types";
import { companionsOf, isProd, preventsDestroy, references } from "../helpers";

/**
 * Terraform types that hold data (or keys to it): losing one loses data. The rule reads
 * nothing cloud-specific: append a type as a construct for it arrives (Azure's next).
 * The Google Cloud list names the stores its constructs build (buckets, keys, Cloud SQL,
 * Cloud SQL databases, Managed Lustre, Artifact Registry, Vector Search indexes, whose embeddings take hours
 * to rebuild). The Azure list names what the Azure constructs keep: storage accounts, key vaults and
 * keys, PostgreSQL servers and databases, AI Search, Managed Lustre, ML workspaces, registries and
 * Log Analytics workspaces.
 */
export const STATEFUL_TYPES: readonly string[] = [
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_fsx_lustre_file_system",
  "aws_opensearchserverless_collection",
  "aws_ecr_repository",
  "aws_rds_cluster",
  "aws_db_instance",
  "aws_sagemaker_model_package_group",
  "aws_dynamodb_table",
  "aws_efs_file_system",
  "google_storage_bucket",
  "google_kms_crypto_key",
  "google_sql_database_instance",
  "google_sql_database",
  "google_lustre_instance",
  "google_artifact_registry_repository",
  "google_vertex_ai_index",
  "azurerm_storage_account",
  "azurerm_key_vault",
  "azurerm_key_vault_key",
  "azurerm_postgresql_flexible_server",
  "azurerm_postgresql_flexible_server_database",
  "azurerm_search_service",
  "azurerm_managed_lustre_file_system",
  "azurerm_machine_learning_workspace",
  "azurerm_container_registry",
  "azurerm_log_analytics_workspace",
];

/** Lock levels that make Azure refuse a delete. */
const DELETE_LOCKS = ["CanNotDelete", "ReadOnly"];

/**
 * Whether an Azure resource is under an `azurerm_management_lock` that refuses deletes:
 * one whose scope references the resource, or the resource group its
 * `resource_group_name` references (a lock is inherited by everything in its scope).
 */
export function lockedAgainstDelete(resource: ResourceView, stack: StackView): boolean {
  if (!resource.type.startsWith("azurerm_")) return false;
  const locks = (target: ResourceView) => companionsOf(stack, "azurerm_management_lock", "scope", target).filter((l) => DELETE_LOCKS.includes(String(l.attributes.lock_level)));
  if (locks(resource).length > 0) return true;
  const groups = stack.ofType("azurerm_resource_group").filter((g) => references(resource.attributes.resource_group_name, g));
  return groups.some((g) => locks(g).length > 0);
}

/** LLM-REL-1: in prod, stateful resources carry `lifecycle.prevent_destroy`. */
export const statefulPreventDestroy: ResourceRule = {
  id: "LLM-REL-1",
  title: "Production stateful resources have lifecycle.prevent_destroy (on Azure, or a delete lock)",
  rationale: "A renamed construct id or a careless `terraform destroy` deletes a bucket, key or database with everything in it; prevent_destroy makes Terraform refuse the plan instead.",
  fix: "Set lifecycle.prevent_destroy = true on the resource (our constructs do in prod: their preventDestroy prop, or the spec's preventDestroy); on Azure an azurerm_management_lock with lock_level CanNotDelete on the resource or its resource group also passes.",
  severity: "error",
  packs: ["reliability"],
  cloud: "any",
  appliesTo: STATEFUL_TYPES,
  check(resource, stack) {
    if (!isProd(stack)) return skip;
    if (preventsDestroy(resource) || lockedAgainstDelete(resource, stack)) return pass;
    return fail(resource.type.startsWith("azurerm_") ? "has no lifecycle.prevent_destroy and no CanNotDelete azurerm_management_lock in prod" : "has no lifecycle.prevent_destroy in prod");
  },
};
