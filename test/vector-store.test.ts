import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "../lib/cdk";
import { AwsAuroraVectorStore, type AwsAuroraVectorStoreProps } from "../lib/constructs/aws/aurora-vector-store";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { AwsOpenSearchVectorStore } from "../lib/constructs/aws/opensearch-vector-store";
import type { EnvironmentIdentity } from "../lib/constructs/common";
import { LlmOpsValidationError } from "../lib/errors";
import { DEV, PROD, only, resources, synthAws, type Synthesized } from "./helpers";

const ROLE = { principalId: "arn:aws:iam::123456789012:role/app", roleArn: "arn:aws:iam::123456789012:role/app", roleName: "app" };
const PLACEMENT = { vpcId: "vpc-123", subnetIds: ["subnet-a", "subnet-b"], clientCidrs: ["10.40.0.0/16"] };

/** The Terraform reference to an attribute of the one resource of a type. */
function ref(doc: Synthesized, type: string, attr = "arn"): string {
  const [address, ...more] = Object.keys(doc.resource[type] ?? {});
  if (!address || more.length > 0) throw new Error(`expected one ${type}`);
  return `\${${type}.${address}.${attr}}`;
}

/** The parsed policy of the security policy of `type` (`encryption` or `network`). */
function securityPolicy(doc: Synthesized, type: string): unknown {
  const policy = resources(doc, "aws_opensearchserverless_security_policy").find((p) => p.type === type);
  return JSON.parse(policy?.policy as string);
}

describe("AwsOpenSearchVectorStore", () => {
  /** Synthesizes a store with a fresh key, granting `ROLE` read/write. */
  function synthCollection(environment: EnvironmentIdentity): Synthesized {
    return synthAws((s) => {
      const store = new AwsOpenSearchVectorStore(s, "vectors", { environment, ...PLACEMENT, encryptionKey: new AwsEncryptionKey(s, "key", { environment }) });
      store.grantReadWrite(ROLE);
    });
  }

  describe("in dev", () => {
    const doc = synthCollection(DEV);

    it("creates a VECTORSEARCH collection named after the environment, without standby replicas", () => {
      const collection = only(doc, "aws_opensearchserverless_collection");
      expect(collection).toMatchObject({ name: "acme-dev-vectors", type: "VECTORSEARCH", standby_replicas: "DISABLED" });
      expect(collection.lifecycle).toBeUndefined();
    });

    it("encrypts the collection with the customer-managed key, not an AWS-owned one", () => {
      expect(securityPolicy(doc, "encryption")).toEqual({
        Rules: [{ ResourceType: "collection", Resource: ["collection/acme-dev-vectors"] }],
        AWSOwnedKey: false,
        KmsARN: ref(doc, "aws_kms_key"),
      });
    });

    it("is reachable from its own VPC endpoint only, never from the public internet", () => {
      const [rule] = securityPolicy(doc, "network") as { AllowFromPublic: boolean; SourceVPCEs: string[]; Rules: { ResourceType: string }[] }[];
      expect(rule.AllowFromPublic).toBe(false);
      expect(rule.SourceVPCEs).toEqual([ref(doc, "aws_opensearchserverless_vpc_endpoint", "id")]);
      expect(rule.Rules.map((r) => r.ResourceType)).toEqual(["collection", "dashboard"]);
      expect(only(doc, "aws_opensearchserverless_vpc_endpoint")).toMatchObject({ vpc_id: "vpc-123", subnet_ids: ["subnet-a", "subnet-b"] });
    });

    it("creates the collection after its encryption and network policies", () => {
      const policies = Object.keys(doc.resource.aws_opensearchserverless_security_policy).map((a) => `aws_opensearchserverless_security_policy.${a}`);
      expect(only(doc, "aws_opensearchserverless_collection").depends_on).toEqual(expect.arrayContaining(policies));
    });

    it("lists exactly the granted roles in the data access policy", () => {
      const access = only(doc, "aws_opensearchserverless_access_policy");
      expect(access.type).toBe("data");
      const [statement] = JSON.parse(access.policy as string);
      expect(statement.Principal).toEqual([ROLE.roleArn]);
      expect(statement.Rules.map((r: { Resource: string[] }) => r.Resource)).toEqual([["collection/acme-dev-vectors"], ["index/acme-dev-vectors/*"]]);
    });

    it("lets the granted role call the API of this collection only", () => {
      const policy = only(doc, "aws_iam_role_policy");
      expect(policy.role).toBe("app");
      expect(JSON.parse(policy.policy as string).Statement).toEqual([
        { Effect: "Allow", Action: "aoss:APIAccessAll", Resource: ref(doc, "aws_opensearchserverless_collection") },
      ]);
    });
  });

  it("adds standby replicas and prevents destroy in prod", () => {
    const collection = only(synthCollection(PROD), "aws_opensearchserverless_collection");
    expect(collection.standby_replicas).toBe("ENABLED");
    expect(collection.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("adds every granted role to the data access policy", () => {
    const other = { principalId: "arn:aws:iam::123456789012:role/indexer", roleArn: "arn:aws:iam::123456789012:role/indexer", roleName: "indexer" };
    const doc = synthAws((s) => {
      const store = new AwsOpenSearchVectorStore(s, "vectors", { environment: DEV, ...PLACEMENT, encryptionKey: new AwsEncryptionKey(s, "key", { environment: DEV }) });
      store.grantReadWrite(ROLE);
      store.grantReadWrite(other);
    });
    expect(JSON.parse(only(doc, "aws_opensearchserverless_access_policy").policy as string)[0].Principal).toEqual([ROLE.roleArn, other.roleArn]);
    expect(resources(doc, "aws_iam_role_policy").map((p) => p.role)).toEqual(["app", "indexer"]);
  });

  it("fails synthesis when no role was granted access", () => {
    // given a store that nobody was granted
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new AwsOpenSearchVectorStore(stack, "vectors", { environment: DEV, ...PLACEMENT, encryptionKey: new AwsEncryptionKey(stack, "key", { environment: DEV }) });
    // when the stack is synthesized with its validations (as `app.synth()` does; `Testing.synth` skips them by default)
    // then the validation names the store and the fix
    expect(() => Testing.synth(stack, true)).toThrowError(/\[test\/vectors\] test\/vectors: no role was granted access \(call grantReadWrite\)/);
  });

  it("rejects dimensions the knn_vector field does not take", () => {
    expect(() =>
      synthAws((s) => new AwsOpenSearchVectorStore(s, "vectors", { environment: DEV, ...PLACEMENT, dimensions: 0, encryptionKey: new AwsEncryptionKey(s, "key", { environment: DEV }) })),
    ).toThrowError(/dimensions: A vector field takes a whole number from 1 to 16000 \(got 0\)/);
  });
});

describe("AwsAuroraVectorStore", () => {
  type Props = Partial<Omit<AwsAuroraVectorStoreProps, "environment" | "encryptionKey">>;

  /** Synthesizes a cluster with a fresh key, granting `ROLE` read/write. */
  function synthCluster(environment: EnvironmentIdentity, props: Props = {}): Synthesized {
    return synthAws((s) => {
      const store = new AwsAuroraVectorStore(s, "vectors", { environment, ...PLACEMENT, encryptionKey: new AwsEncryptionKey(s, "key", { environment }), ...props });
      store.grantReadWrite(ROLE);
    });
  }

  describe("in dev", () => {
    const doc = synthCluster(DEV);
    const cluster = only(doc, "aws_rds_cluster");

    it("runs Aurora PostgreSQL Serverless v2 that pauses when idle", () => {
      expect(cluster).toMatchObject({ engine: "aurora-postgresql", engine_mode: "provisioned", cluster_identifier: "acme-dev-vectors" });
      expect(cluster.serverlessv2_scaling_configuration).toMatchObject({ min_capacity: 0, max_capacity: 4 });
      expect((cluster.serverlessv2_scaling_configuration as Record<string, unknown>).seconds_until_auto_pause).toBeGreaterThan(0);
    });

    it("encrypts storage and the managed master password with the key", () => {
      const key = ref(doc, "aws_kms_key");
      expect(cluster).toMatchObject({ storage_encrypted: true, kms_key_id: key, manage_master_user_password: true, master_user_secret_kms_key_id: key });
      expect(cluster.master_password).toBeUndefined();
    });

    it("authenticates with IAM and exports PostgreSQL logs", () => {
      expect(cluster.iam_database_authentication_enabled).toBe(true);
      expect(cluster.enabled_cloudwatch_logs_exports).toEqual(["postgresql"]);
      expect(only(doc, "aws_cloudwatch_log_group")).toMatchObject({ name: "/aws/rds/cluster/acme-dev-vectors/postgresql", kms_key_id: ref(doc, "aws_kms_key") });
    });

    it("can be destroyed without protection or a final snapshot", () => {
      expect(cluster.deletion_protection).toBe(false);
      expect(cluster.skip_final_snapshot).toBe(true);
      expect(cluster.final_snapshot_identifier).toBeUndefined();
      expect(cluster.lifecycle).toEqual({ ignore_changes: ["engine_version"] });
    });

    it("runs one private db.serverless instance", () => {
      expect(only(doc, "aws_rds_cluster_instance")).toMatchObject({ instance_class: "db.serverless", publicly_accessible: false, cluster_identifier: ref(doc, "aws_rds_cluster", "id") });
    });

    it("lets the granted role connect as the IAM database user of this cluster", () => {
      const policy = only(doc, "aws_iam_role_policy");
      expect(policy.role).toBe("app");
      const [statement] = JSON.parse(policy.policy as string).Statement;
      expect(statement.Action).toBe("rds-db:connect");
      expect(statement.Resource).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\}:rds-db:\$\{data\.aws_region\.[^}]+\}:\$\{data\.aws_caller_identity\.[^}]+\}:dbuser:/);
      expect(statement.Resource).toMatch(new RegExp(`:dbuser:\\$\\{aws_rds_cluster\\.[^.]+\\.cluster_resource_id\\}/llmops_app$`));
    });
  });

  describe("in prod", () => {
    const doc = synthCluster(PROD);
    const cluster = only(doc, "aws_rds_cluster");

    it("keeps at least 2 ACUs warm and never pauses", () => {
      expect(cluster.serverlessv2_scaling_configuration).toMatchObject({ min_capacity: 2 });
      expect((cluster.serverlessv2_scaling_configuration as Record<string, unknown>).seconds_until_auto_pause).toBeUndefined();
    });

    it("turns deletion protection on, takes a final snapshot and prevents destroy", () => {
      expect(cluster.deletion_protection).toBe(true);
      expect(cluster.skip_final_snapshot).toBe(false);
      expect(cluster.final_snapshot_identifier).toBe("acme-prod-vectors-final");
      expect(cluster.lifecycle).toEqual({ ignore_changes: ["engine_version"], prevent_destroy: true });
    });

    it("runs two private db.serverless instances", () => {
      const instances = resources(doc, "aws_rds_cluster_instance");
      expect(instances).toHaveLength(2);
      for (const instance of instances) expect(instance).toMatchObject({ instance_class: "db.serverless", publicly_accessible: false });
    });
  });

  describe("validation", () => {
    it("rejects a minimum capacity off the 0.5 ACU steps", () => {
      expect(() => synthCluster(DEV, { minCapacity: 0.3 })).toThrowError(/minCapacity: Aurora Serverless v2 \(ACUs\) takes 0 to 256 in steps of 0\.5 \(got 0\.3\)/);
    });

    it("rejects a maximum capacity below the minimum", () => {
      expect(() => synthCluster(DEV, { minCapacity: 8, maxCapacity: 4 })).toThrowError(/minCapacity: must not exceed maxCapacity \(got 8 > 4\)/);
    });

    it("rejects a single subnet, since a DB subnet group needs two zones", () => {
      expect(() => synthCluster(DEV, { subnetIds: ["subnet-a"] })).toThrowError(/subnetIds: a DB subnet group needs subnets in at least two zones \(got 1\)/);
    });

    it("lists every problem in one LlmOpsValidationError", () => {
      let error: unknown;
      try {
        synthCluster(DEV, { minCapacity: 0.3, subnetIds: ["subnet-a"] });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LlmOpsValidationError);
      expect((error as LlmOpsValidationError).problems.map((p) => p.path)).toEqual(["minCapacity", "subnetIds"]);
    });
  });
});
