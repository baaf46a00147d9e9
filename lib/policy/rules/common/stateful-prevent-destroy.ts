import { fail, pass, skip, type ResourceRule } from "../../types";
import { isProd, preventsDestroy } from "../helpers";

/**
 * Terraform types that hold data (or keys to it): losing one loses data. The rule reads
 * nothing cloud-specific: append a type as a construct for it arrives (Azure's next).
 * The Google Cloud list names the stores its constructs build (buckets, keys, Cloud SQL,
 * Cloud SQL databases, Managed Lustre, Artifact Registry, Vector Search indexes, whose embeddings take hours
 * to rebuild).
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
];

/** LLM-REL-1: in prod, stateful resources carry `lifecycle.prevent_destroy`. */
export const statefulPreventDestroy: ResourceRule = {
  id: "LLM-REL-1",
  title: "Production stateful resources have lifecycle.prevent_destroy",
  rationale: "A renamed construct id or a careless `terraform destroy` deletes a bucket, key or database with everything in it; prevent_destroy makes Terraform refuse the plan instead.",
  fix: "Set lifecycle.prevent_destroy = true on the resource (our constructs do in prod: their preventDestroy prop, or the spec's preventDestroy).",
  severity: "error",
  packs: ["reliability"],
  cloud: "any",
  appliesTo: STATEFUL_TYPES,
  check(resource, stack) {
    if (!isProd(stack)) return skip;
    return preventsDestroy(resource) ? pass : fail("has no lifecycle.prevent_destroy in prod");
  },
};
