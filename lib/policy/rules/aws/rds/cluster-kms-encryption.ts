import { fail, pass, type ResourceRule } from "../../../types";
import { isTrue } from "../../helpers";
import { isCustomerKey } from "../helpers";

/** LLM-AWS-RDS-1: Aurora clusters encrypt storage with a customer-managed key. */
export const rdsClusterKmsEncryption: ResourceRule = {
  id: "LLM-AWS-RDS-1",
  title: "RDS clusters encrypt storage with a customer-managed KMS key",
  rationale: "The vector database holds embeddings and the text chunks they came from; encryption with a customer-managed key keeps snapshots and storage readable only by principals the key policy allows, and cannot be added after creation.",
  fix: "Set storage_encrypted to true and kms_key_id to your key's ARN (AwsAuroraVectorStore does this).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_rds_cluster"],
  check(cluster) {
    const a = cluster.attributes;
    if (!isTrue(a.storage_encrypted)) return fail("does not encrypt its storage (storage_encrypted is not true)");
    return isCustomerKey(a.kms_key_id) ? pass : fail(a.kms_key_id === undefined ? "encrypts storage with the AWS-managed key (kms_key_id is not set)" : "kms_key_id is not a customer-managed KMS key");
  },
};
