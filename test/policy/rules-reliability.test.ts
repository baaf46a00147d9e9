import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { FsxLustreFileSystem } from "@cdktf/provider-aws/lib/fsx-lustre-file-system";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { OpensearchserverlessCollection } from "@cdktf/provider-aws/lib/opensearchserverless-collection";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SagemakerEndpoint } from "@cdktf/provider-aws/lib/sagemaker-endpoint";
import { describe, expect, it } from "vitest";
import { AwsDataBucket } from "../../lib/constructs/aws/data-bucket";
import { AwsEncryptionKey } from "../../lib/constructs/aws/encryption-key";
import { AwsRegistry } from "../../lib/constructs/aws/registry";
import { collectionStandbyReplicas } from "../../lib/policy/rules/aws/aoss/collection-standby-replicas";
import { eksDeletionProtection } from "../../lib/policy/rules/aws/eks/cluster-deletion-protection";
import { lustreBackups } from "../../lib/policy/rules/aws/fsx/lustre-backups";
import { keyDeletionWindow } from "../../lib/policy/rules/aws/kms/key-deletion-window";
import { rdsBackupRetention } from "../../lib/policy/rules/aws/rds/cluster-backup-retention";
import { rdsDeletionProtection } from "../../lib/policy/rules/aws/rds/cluster-deletion-protection";
import { rdsClusterMultiAz } from "../../lib/policy/rules/aws/rds/cluster-multi-az";
import { AWS_RELIABILITY_COST_RULES } from "../../lib/policy/rules/aws/reliability-cost";
import { bucketVersioning } from "../../lib/policy/rules/aws/s3/bucket-versioning";
import { endpointAutoscaling } from "../../lib/policy/rules/aws/sagemaker/endpoint-autoscaling";
import { natPerZone } from "../../lib/policy/rules/aws/vpc/nat-per-zone";
import { COMMON_RULES } from "../../lib/policy/rules/common";
import { STATEFUL_TYPES, statefulPreventDestroy } from "../../lib/policy/rules/common/stateful-prevent-destroy";
import type { Rule } from "../../lib/policy/types";
import { failures, findingsOf, statuses } from "./helpers";
import { ENV, auroraStore, endpoint, exampleFindings, key, lustre, network, nonCompliant, openSearchStore, trainingCluster } from "./reliability-helpers";

type Scope = Parameters<Parameters<typeof findingsOf>[1]>[0];

const RELIABILITY_RULES: readonly Rule[] = [statefulPreventDestroy, ...AWS_RELIABILITY_COST_RULES.filter((r) => r.packs.includes("reliability"))];

/** A raw Aurora cluster with nothing but what Terraform requires. */
const rawCluster = (s: Scope, id = "raw-db", extra: Partial<ConstructorParameters<typeof RdsCluster>[2]> = {}) =>
  new RdsCluster(s, id, { clusterIdentifier: id, engine: "aurora-postgresql", masterUsername: "admin", manageMasterUserPassword: true, ...extra });

describe("reliability rules: metadata", () => {
  it("have unique ids, the reliability pack and one-line titles; the common index carries LLM-REL-1", () => {
    // given the rules of the reliability pack
    const ids = RELIABILITY_RULES.map((r) => r.id);
    // then
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(["LLM-AWS-AOSS-3", "LLM-AWS-EKS-4", "LLM-AWS-FSX-2", "LLM-AWS-KMS-3", "LLM-AWS-RDS-3", "LLM-AWS-RDS-4", "LLM-AWS-RDS-5", "LLM-AWS-S3-4", "LLM-AWS-SM-3", "LLM-AWS-VPC-2", "LLM-REL-1"]);
    for (const r of RELIABILITY_RULES) {
      expect(r.packs, r.id).toEqual(["reliability"]);
      expect(r.title, r.id).not.toMatch(/\n|\.$/);
      expect(r.fix.length, r.id).toBeGreaterThan(20);
    }
    expect(COMMON_RULES).toContain(statefulPreventDestroy);
    expect(statefulPreventDestroy.appliesTo).toEqual(STATEFUL_TYPES);
  });
});

describe("LLM-REL-1 stateful resources prevent destroy in prod", () => {
  it("passes constructs in prod (key, bucket, registry)", () => {
    const findings = findingsOf(
      statefulPreventDestroy,
      (s) => {
        const k = key(s, ENV.prod);
        new AwsDataBucket(s, "data", { environment: ENV.prod, purpose: "datasets", region: "us-east-1", encryptionKey: k });
        new AwsRegistry(s, "registry", { environment: ENV.prod, encryptionKey: k });
      },
      { tier: "prod" },
    );
    expect(statuses(findings)).toEqual({
      "aws_kms_key.key": "compliant",
      "aws_s3_bucket.data_bucket": "compliant",
      "aws_ecr_repository.registry_repository": "compliant",
      "aws_sagemaker_model_package_group.registry_model-group": "compliant",
    });
  });

  it("fails a raw bucket and a key whose prevent_destroy was turned off, in prod", () => {
    const findings = findingsOf(
      statefulPreventDestroy,
      (s) => {
        new S3Bucket(s, "plain", { bucket: "acme-plain" });
        new AwsEncryptionKey(s, "key", { environment: ENV.prod, preventDestroy: false });
      },
      { tier: "prod" },
    );
    expect(statuses(findings)).toEqual({ "aws_s3_bucket.plain": "non-compliant", "aws_kms_key.key": "non-compliant" });
    expect(failures(findings)).toEqual(["has no lifecycle.prevent_destroy in prod", "has no lifecycle.prevent_destroy in prod"]);
  });

  it.each(["dev", "staging"] as const)("skips %s", (tier) => {
    expect(findingsOf(statefulPreventDestroy, (s) => new S3Bucket(s, "plain", { bucket: "acme-plain" }), { tier })).toEqual([]);
  });
});

describe("LLM-AWS-RDS-3 RDS deletion protection in prod", () => {
  it("passes an AwsAuroraVectorStore in prod", () => {
    expect(statuses(findingsOf(rdsDeletionProtection, (s) => auroraStore(s, ENV.prod), { tier: "prod" }))).toEqual({ "aws_rds_cluster.vectors_cluster": "compliant" });
  });

  it("fails a store with deletion protection turned off and a raw DB instance, in prod", () => {
    const findings = findingsOf(
      rdsDeletionProtection,
      (s) => {
        auroraStore(s, ENV.prod, { deletionProtection: false });
        new DbInstance(s, "db", { identifier: "acme-db", engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "admin", manageMasterUserPassword: true });
      },
      { tier: "prod" },
    );
    expect(statuses(findings)).toEqual({ "aws_rds_cluster.vectors_cluster": "non-compliant", "aws_db_instance.db": "non-compliant" });
    expect(failures(findings)).toEqual(["has no deletion protection in prod", "has no deletion protection in prod"]);
  });

  it.each(["dev", "staging"] as const)("skips %s", (tier) => {
    expect(findingsOf(rdsDeletionProtection, (s) => rawCluster(s), { tier })).toEqual([]);
  });
});

describe("LLM-AWS-EKS-4 EKS deletion protection in prod", () => {
  it("passes an AwsTrainingCluster in prod", () => {
    expect(statuses(findingsOf(eksDeletionProtection, (s) => trainingCluster(s, ENV.prod), { tier: "prod" }))).toEqual({ "aws_eks_cluster.training_cluster": "compliant" });
  });

  it("fails a cluster with deletion protection turned off, in prod", () => {
    const findings = findingsOf(eksDeletionProtection, (s) => trainingCluster(s, ENV.prod, { deletionProtection: false }), { tier: "prod" });
    expect(failures(findings)).toEqual(["has no deletion protection in prod"]);
  });

  it.each(["dev", "staging"] as const)("skips %s", (tier) => {
    expect(findingsOf(eksDeletionProtection, (s) => trainingCluster(s, ENV.dev), { tier })).toEqual([]);
  });
});

describe("LLM-AWS-S3-4 bucket versioning", () => {
  it("passes an AwsDataBucket, a bucket versioned by name and one with legacy inline versioning", () => {
    const findings = findingsOf(bucketVersioning, (s) => {
      new AwsDataBucket(s, "data", { environment: ENV.dev, purpose: "datasets", region: "us-east-1", encryptionKey: key(s, ENV.dev) });
      new S3Bucket(s, "by-name", { bucket: "acme-by-name" });
      new S3BucketVersioningA(s, "by-name-versioning", { bucket: "acme-by-name", versioningConfiguration: { status: "Enabled" } });
      new S3Bucket(s, "legacy", { bucket: "acme-legacy", versioning: { enabled: true } });
    });
    expect(statuses(findings)).toEqual({ "aws_s3_bucket.data_bucket": "compliant", "aws_s3_bucket.by-name": "compliant", "aws_s3_bucket.legacy": "compliant" });
  });

  it("fails a bucket without versioning and one whose versioning is suspended", () => {
    const findings = findingsOf(bucketVersioning, (s) => {
      new S3Bucket(s, "plain", { bucket: "acme-plain" });
      const suspended = new S3Bucket(s, "suspended", { bucket: "acme-suspended" });
      new S3BucketVersioningA(s, "suspended-versioning", { bucket: suspended.id, versioningConfiguration: { status: "Suspended" } });
    });
    expect(statuses(findings)).toEqual({ "aws_s3_bucket.plain": "non-compliant", "aws_s3_bucket.suspended": "non-compliant" });
    expect(failures(findings)).toEqual(["has no versioning configuration", "versioning is Suspended"]);
  });
});

describe("LLM-AWS-FSX-2 Lustre backups outside dev", () => {
  it.each(["staging", "prod"] as const)("passes an AwsLustreFileSystem in %s", (tier) => {
    expect(statuses(findingsOf(lustreBackups, (s) => lustre(s, ENV[tier]), { tier }))).toEqual({ "aws_fsx_lustre_file_system.fsx_file-system": "compliant" });
  });

  it("fails a file system without backups, and a scratch one, in prod", () => {
    const findings = findingsOf(
      lustreBackups,
      (s) => {
        lustre(s, ENV.prod, { backupRetentionDays: 0 });
        new FsxLustreFileSystem(s, "scratch", { deploymentType: "SCRATCH_2", storageCapacity: 1200, subnetIds: ["subnet-a"] });
      },
      { tier: "prod" },
    );
    expect(statuses(findings)).toEqual({ "aws_fsx_lustre_file_system.fsx_file-system": "non-compliant", "aws_fsx_lustre_file_system.scratch": "non-compliant" });
    expect(failures(findings)).toEqual(["keeps 0 days of automatic backups in prod; at least 1", "is SCRATCH_2 storage, which cannot be backed up; use PERSISTENT_2 in prod"]);
  });

  it("fails a persistent file system that leaves the retention unset, in staging", () => {
    const findings = findingsOf(lustreBackups, (s) => new FsxLustreFileSystem(s, "persistent", { deploymentType: "PERSISTENT_2", storageCapacity: 1200, perUnitStorageThroughput: 125, subnetIds: ["subnet-a"] }), {
      tier: "staging",
    });
    expect(failures(findings)).toEqual(["keeps no automatic backups (FSx defaults to 0 days)"]);
  });

  it("skips dev, and scratch storage in staging", () => {
    expect(findingsOf(lustreBackups, (s) => lustre(s, ENV.dev), { tier: "dev" })).toEqual([]);
    expect(findingsOf(lustreBackups, (s) => new FsxLustreFileSystem(s, "scratch", { deploymentType: "SCRATCH_2", storageCapacity: 1200, subnetIds: ["subnet-a"] }), { tier: "staging" })).toEqual([]);
  });
});

describe("LLM-AWS-RDS-4 RDS backup retention in prod", () => {
  it("passes an AwsAuroraVectorStore in prod (30 days)", () => {
    expect(statuses(findingsOf(rdsBackupRetention, (s) => auroraStore(s, ENV.prod), { tier: "prod" }))).toEqual({ "aws_rds_cluster.vectors_cluster": "compliant" });
  });

  it("fails 3 days, and a raw cluster on the 1-day default, in prod", () => {
    const findings = findingsOf(
      rdsBackupRetention,
      (s) => {
        auroraStore(s, ENV.prod, { backupRetentionDays: 3 });
        rawCluster(s);
      },
      { tier: "prod" },
    );
    expect(failures(findings)).toEqual(["keeps 3 days of backups in prod; at least 7", "keeps 1 day of backups in prod; at least 7"]);
  });

  it.each(["dev", "staging"] as const)("skips %s", (tier) => {
    expect(findingsOf(rdsBackupRetention, (s) => auroraStore(s, ENV[tier], { backupRetentionDays: 1 }), { tier })).toEqual([]);
  });
});

describe("LLM-AWS-KMS-3 key deletion window", () => {
  it("passes an AwsEncryptionKey (30 days) and a raw key on the default", () => {
    const findings = findingsOf(keyDeletionWindow, (s) => {
      key(s, ENV.dev);
      new KmsKey(s, "raw", { description: "raw" });
    });
    expect(statuses(findings)).toEqual({ "aws_kms_key.key": "compliant", "aws_kms_key.raw": "compliant" });
  });

  it("fails a 7-day window", () => {
    const findings = findingsOf(keyDeletionWindow, (s) => new AwsEncryptionKey(s, "key", { environment: ENV.prod, deletionWindowDays: 7 }), { tier: "prod" });
    expect(failures(findings)).toEqual(["has a deletion window of 7 days; at least 30"]);
  });
});

describe("LLM-AWS-RDS-5 Aurora multi-zone in prod", () => {
  it("passes an AwsAuroraVectorStore in prod (two instances) and a raw cluster whose instances name it literally", () => {
    const findings = findingsOf(
      rdsClusterMultiAz,
      (s) => {
        auroraStore(s, ENV.prod);
        rawCluster(s);
        for (const i of [1, 2]) new RdsClusterInstance(s, `raw-db-${i}`, { clusterIdentifier: "raw-db", instanceClass: "db.serverless", engine: "aurora-postgresql" });
      },
      { tier: "prod" },
    );
    expect(statuses(findings)).toEqual({ "aws_rds_cluster.vectors_cluster": "compliant", "aws_rds_cluster.raw-db": "compliant" });
  });

  it("fails a single-instance cluster in prod", () => {
    const findings = findingsOf(rdsClusterMultiAz, (s) => auroraStore(s, ENV.prod, { instances: 1 }), { tier: "prod" });
    expect(failures(findings)).toEqual(["has 1 instance in prod; at least 2 in different zones"]);
  });

  it.each(["dev", "staging"] as const)("skips %s", (tier) => {
    expect(findingsOf(rdsClusterMultiAz, (s) => auroraStore(s, ENV[tier], { instances: 1 }), { tier })).toEqual([]);
  });
});

describe("LLM-AWS-AOSS-3 OpenSearch standby replicas in prod", () => {
  it("passes an AwsOpenSearchVectorStore in prod and a raw collection on the default", () => {
    const findings = findingsOf(
      collectionStandbyReplicas,
      (s) => {
        openSearchStore(s, ENV.prod);
        new OpensearchserverlessCollection(s, "raw", { name: "acme-raw", type: "VECTORSEARCH" });
      },
      { tier: "prod" },
    );
    expect(statuses(findings)).toEqual({ "aws_opensearchserverless_collection.vectors_collection": "compliant", "aws_opensearchserverless_collection.raw": "compliant" });
  });

  it("fails a collection without standby replicas in prod", () => {
    const findings = findingsOf(collectionStandbyReplicas, (s) => openSearchStore(s, ENV.prod, { standbyReplicas: false }), { tier: "prod" });
    expect(failures(findings)).toEqual(["has standby replicas disabled in prod"]);
  });

  it.each(["dev", "staging"] as const)("skips %s", (tier) => {
    expect(findingsOf(collectionStandbyReplicas, (s) => openSearchStore(s, ENV[tier], { standbyReplicas: false }), { tier })).toEqual([]);
  });
});

describe("LLM-AWS-SM-3 endpoint autoscaling in prod", () => {
  it("passes an AwsInferenceEndpoint in prod, as a variant (min 2) and as an inference component (min 2 copies)", () => {
    expect(statuses(findingsOf(endpointAutoscaling, (s) => endpoint(s, ENV.prod), { tier: "prod" }))).toEqual({ "aws_sagemaker_endpoint.serving_endpoint": "compliant" });
    const component = findingsOf(endpointAutoscaling, (s) => endpoint(s, ENV.prod, { scaleDownSchedule: { cron: "0 20 * * 1-5", scaleUpCron: "0 7 * * 1-5", minReplicas: 0 } }), { tier: "prod" });
    expect(statuses(component)).toEqual({ "aws_sagemaker_endpoint.serving_endpoint": "compliant" });
  });

  it("fails an endpoint that scales down to one instance, and one without autoscaling, in prod", () => {
    const findings = findingsOf(
      endpointAutoscaling,
      (s) => {
        endpoint(s, ENV.prod, { replicas: { min: 1, max: 4 } });
        new SagemakerEndpoint(s, "raw", { name: "acme-raw", endpointConfigName: "acme-raw-config" });
      },
      { tier: "prod" },
    );
    expect(statuses(findings)).toEqual({ "aws_sagemaker_endpoint.serving_endpoint": "non-compliant", "aws_sagemaker_endpoint.raw": "non-compliant" });
    expect(failures(findings)).toEqual(["scales endpoint/acme-prod-serving/variant/primary down to 1 in prod; at least 2", "has no autoscaling target"]);
  });

  it.each(["dev", "staging"] as const)("skips %s", (tier) => {
    expect(findingsOf(endpointAutoscaling, (s) => new SagemakerEndpoint(s, "raw", { name: "acme-raw", endpointConfigName: "acme-raw-config" }), { tier })).toEqual([]);
  });
});

describe("LLM-AWS-VPC-2 a NAT gateway per zone in prod", () => {
  it("passes an AwsNetwork in prod (per-zone NAT gateways)", () => {
    expect(statuses(findingsOf(natPerZone, (s) => network(s, ENV.prod), { tier: "prod" }))).toEqual({ "aws_vpc.network_vpc": "compliant" });
  });

  it("fails three private route tables sharing one NAT gateway in prod", () => {
    const findings = findingsOf(natPerZone, (s) => network(s, ENV.prod, { natGateways: "single" }), { tier: "prod" });
    expect(failures(findings)).toEqual(["3 private route tables share 1 NAT gateway; one per zone in prod"]);
  });

  it("skips a single-zone network in prod, and staging", () => {
    expect(findingsOf(natPerZone, (s) => network(s, ENV.prod, { zones: 1 }), { tier: "prod" })).toEqual([]);
    expect(findingsOf(natPerZone, (s) => network(s, ENV.staging, { natGateways: "single" }), { tier: "staging" })).toEqual([]);
  });
});

describe("reliability rules on the example stacks", () => {
  const results = exampleFindings(RELIABILITY_RULES);

  it.each(Object.keys(results))("find nothing wrong with %s", (name) => {
    expect(nonCompliant(results[name])).toEqual([]);
  });

  it("check something with every rule (none passes for want of resources)", () => {
    const checked = new Set(Object.values(results).flatMap((f) => f.filter((x) => x.status === "compliant").map((x) => x.ruleId)));
    expect([...checked].sort()).toEqual(RELIABILITY_RULES.map((r) => r.id).sort());
  });
});
