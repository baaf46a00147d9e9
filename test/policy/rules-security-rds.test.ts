import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { describe, expect, it } from "vitest";
import type { Construct } from "../../lib/cdk";
import { AwsAuroraVectorStore } from "../../lib/constructs/aws/aurora-vector-store";
import { Guardrails } from "../../lib/policy/guardrails";
import { rdsClusterKmsEncryption } from "../../lib/policy/rules/aws/rds/cluster-kms-encryption";
import { rdsNoPublicInstances } from "../../lib/policy/rules/aws/rds/no-public-instances";
import { PROD } from "../helpers";
import { findingsOf, statuses } from "./helpers";
import { PLACEMENT, envKey, messagesBy } from "./security-helpers";

/** A prod Aurora vector store: two instances. */
function auroraStore(s: Construct): void {
  new AwsAuroraVectorStore(s, "vectors", { environment: PROD, ...PLACEMENT, encryptionKey: envKey(s) });
}

const RAW_CLUSTER = { engine: "aurora-postgresql", masterUsername: "admin", manageMasterUserPassword: true, skipFinalSnapshot: true };

describe("LLM-AWS-RDS-1 clusters encrypted with a customer-managed key", () => {
  it("passes an AwsAuroraVectorStore", () => {
    expect(statuses(findingsOf(rdsClusterKmsEncryption, auroraStore))).toEqual({ "aws_rds_cluster.vectors_cluster": "compliant" });
  });

  it("fails an unencrypted cluster and one encrypted with the AWS-managed key", () => {
    const findings = findingsOf(rdsClusterKmsEncryption, (s) => {
      new RdsCluster(s, "clear", { ...RAW_CLUSTER, clusterIdentifier: "clear" });
      new RdsCluster(s, "aws-key", { ...RAW_CLUSTER, clusterIdentifier: "aws-key", storageEncrypted: true });
    });
    expect(messagesBy(findings)).toEqual({
      "aws_rds_cluster.clear": "does not encrypt its storage (storage_encrypted is not true)",
      "aws_rds_cluster.aws-key": "encrypts storage with the AWS-managed key (kms_key_id is not set)",
    });
  });
});

describe("LLM-AWS-RDS-2 no publicly accessible instances", () => {
  it("passes both instances of a prod AwsAuroraVectorStore", () => {
    expect(statuses(findingsOf(rdsNoPublicInstances, auroraStore))).toEqual({
      "aws_rds_cluster_instance.vectors_instance-0": "compliant",
      "aws_rds_cluster_instance.vectors_instance-1": "compliant",
    });
  });

  it("fails a public Aurora instance and a public DB instance, and ignores a suppression", () => {
    // given
    const findings = findingsOf(rdsNoPublicInstances, (s) => {
      new RdsClusterInstance(s, "public-aurora", { clusterIdentifier: "acme", instanceClass: "db.serverless", engine: "aurora-postgresql", publiclyAccessible: true });
      const db = new DbInstance(s, "public-db", { instanceClass: "db.t4g.micro", engine: "postgres", allocatedStorage: 20, publiclyAccessible: true });
      Guardrails.suppress(db, rdsNoPublicInstances.id, "This database is a public demo with synthetic data only.");
    });
    // then
    expect(statuses(findings)).toEqual({ "aws_rds_cluster_instance.public-aurora": "non-compliant", "aws_db_instance.public-db": "non-compliant" });
    expect(messagesBy(findings)["aws_rds_cluster_instance.public-aurora"]).toBe("is publicly accessible");
    expect(messagesBy(findings)["aws_db_instance.public-db"]).toMatch(/^is publicly accessible \(a suppression .* cannot be suppressed\)$/);
  });
});
