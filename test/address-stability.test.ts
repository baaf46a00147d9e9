import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { describe, expect, it } from "vitest";
import type { Construct } from "../lib/cdk";
import { AwsAlertTopic } from "../lib/constructs/aws/alert-topic";
import { AwsAuroraVectorStore } from "../lib/constructs/aws/aurora-vector-store";
import { AwsDataBucket } from "../lib/constructs/aws/data-bucket";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { AwsLustreFileSystem } from "../lib/constructs/aws/lustre-file-system";
import { AwsOpenSearchVectorStore } from "../lib/constructs/aws/opensearch-vector-store";
import { AwsTrainingCluster } from "../lib/constructs/aws/training-cluster";
import type { IRole } from "../lib/constructs/aws/role";
import { LlmOpsValidationError } from "../lib/errors";
import { DEV, resources, synthAws, type Synthesized } from "./helpers";

// In Terraform a construct id is part of the resource address. Resources made one per entry
// of a list must keep their address when other entries come, go or move.

/** Every resource of `type` as `address -> attributes`, the address being `<type>.<logical id>`. */
function addresses(doc: Synthesized, type: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(doc.resource[type] ?? {}).map(([id, r]) => [`${type}.${id}`, r]));
}

/** The address of the one resource of `type` whose `field` is `value`. */
function addressOf(doc: Synthesized, type: string, field: string, value: unknown): string {
  const found = Object.entries(addresses(doc, type)).filter(([, r]) => r[field] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${field}=${String(value)}, found ${found.length}`);
  return found[0][0];
}

const ONCALL = "oncall@acme.example";
const PLATFORM = "ml-platform@acme.example";

function synthTopic(emails: readonly string[]): Synthesized {
  return synthAws((s) => new AwsAlertTopic(s, "alerts", { environment: DEV, encryptionKey: new AwsEncryptionKey(s, "key", { environment: DEV }), emails }));
}

const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
const BREAK_GLASS = "arn:aws:iam::123456789012:role/break-glass";

function cluster(s: Construct, adminRoleArns: readonly string[]): AwsTrainingCluster {
  const encryptionKey = new AwsEncryptionKey(s, "key", { environment: DEV });
  return new AwsTrainingCluster(s, "training", { environment: DEV, vpcId: "vpc-123", vpcCidr: "10.40.0.0/16", subnetIds: ["subnet-a", "subnet-b"], encryptionKey, adminRoleArns });
}

function bucket(s: Construct): AwsDataBucket {
  return new AwsDataBucket(s, "bucket", { environment: DEV, purpose: "datasets", region: "us-east-1", encryptionKey: new AwsEncryptionKey(s, "key", { environment: DEV }) });
}

/** A role made in the same stack: its name is a token, whose string changes with every read. */
function jobsRole(s: Construct): IRole {
  const role = new IamRole(s, "jobs", { name: "acme-dev-jobs", assumeRolePolicy: "{}" });
  return { principalId: role.arn, roleArn: role.arn, roleName: role.name };
}

function lustre(s: Construct): AwsLustreFileSystem {
  const encryptionKey = new AwsEncryptionKey(s, "key", { environment: DEV });
  return new AwsLustreFileSystem(s, "fsx", { environment: DEV, vpcId: "vpc-123", subnetId: "subnet-a", clientCidrs: ["10.40.0.0/16"], encryptionKey });
}

describe("alert subscriptions are addressed by email", () => {
  it("keeps the second subscription's address and endpoint when the first address is removed", () => {
    // given two subscribed addresses
    const before = synthTopic([ONCALL, PLATFORM]);
    // when the first is removed
    const after = synthTopic([PLATFORM]);
    // then the remaining subscription is the same resource: same address, same endpoint, nothing to confirm again
    const kept = addressOf(before, "aws_sns_topic_subscription", "endpoint", PLATFORM);
    expect(Object.keys(addresses(after, "aws_sns_topic_subscription"))).toEqual([kept]);
    expect(addresses(after, "aws_sns_topic_subscription")[kept].endpoint).toBe(PLATFORM);
    expect(kept).toMatch(/^aws_sns_topic_subscription\.alerts_email-ml-platform-acme-example-[0-9a-f]{8}_[0-9A-F]{8}$/);
  });

  it("changes no address when the list is reordered", () => {
    // given / when the same addresses in the other order / then the same addresses map to the same endpoints
    expect(addresses(synthTopic([PLATFORM, ONCALL]), "aws_sns_topic_subscription")).toEqual(addresses(synthTopic([ONCALL, PLATFORM]), "aws_sns_topic_subscription"));
  });

  it("rejects an address listed twice, ignoring case, naming both positions", () => {
    expect(() => synthTopic([ONCALL, PLATFORM, "OnCall@acme.example"])).toThrowError(LlmOpsValidationError);
    expect(() => synthTopic([ONCALL, PLATFORM, "OnCall@acme.example"])).toThrowError(/emails\.2: repeats emails\.0 \(got "OnCall@acme\.example"\): list each value once/);
  });
});

describe("cluster admin access entries are addressed by principal ARN", () => {
  it("keeps the other entry and its policy association when the first admin is removed", () => {
    // given two admins
    const before = synthAws((s) => cluster(s, [ADMIN, BREAK_GLASS]));
    // when the first is removed
    const after = synthAws((s) => cluster(s, [BREAK_GLASS]));
    // then the remaining entry and its association keep their addresses
    const entry = addressOf(before, "aws_eks_access_entry", "principal_arn", BREAK_GLASS);
    expect(Object.keys(addresses(after, "aws_eks_access_entry"))).toEqual([entry]);
    expect(entry).toMatch(/^aws_eks_access_entry\.training_admin-break-glass-[0-9a-f]{8}_[0-9A-F]{8}$/);
    const association = (doc: Synthesized) => Object.keys(addresses(doc, "aws_eks_access_policy_association")).filter((a) => a.includes("admin-break-glass-"));
    expect(association(before)).toHaveLength(1);
    expect(association(after)).toEqual(association(before));
    expect(Object.keys(addresses(after, "aws_eks_access_policy_association"))).toEqual(association(before));
  });

  it("changes no address when the list is reordered", () => {
    const a = synthAws((s) => cluster(s, [ADMIN, BREAK_GLASS]));
    const b = synthAws((s) => cluster(s, [BREAK_GLASS, ADMIN]));
    expect(addresses(b, "aws_eks_access_entry")).toEqual(addresses(a, "aws_eks_access_entry"));
    expect(addresses(b, "aws_eks_access_policy_association")).toEqual(addresses(a, "aws_eks_access_policy_association"));
  });

  it("rejects a principal listed twice", () => {
    expect(() => synthAws((s) => cluster(s, [ADMIN, BREAK_GLASS, ADMIN]))).toThrowError(/adminRoleArns\.2: repeats adminRoleArns\.0 \(got "arn:aws:iam::123456789012:role\/platform-admin"\)/);
  });
});

describe("grants are addressed by role, access and prefix", () => {
  it("keeps a grant's address and policy name when another grant is added before it", () => {
    // given a role granted read-write on models/
    const before = synthAws((s) => bucket(s).grantReadWrite(jobsRole(s), "models/"));
    // when a read grant on raw/ is added first (reading the role's name again, which makes new tokens)
    const after = synthAws((s) => {
      const b = bucket(s);
      const role = jobsRole(s);
      b.grantRead(role, "raw/");
      b.grantReadWrite(role, "models/");
    });
    // then the read-write grant is the same resource with the same inline policy name
    const name = (doc: Synthesized) => resources(doc, "aws_iam_role_policy").map((p) => p.name as string).find((n) => n.includes("read-write"))!;
    expect(name(before)).toMatch(/^acme-dev-datasets-us-east-1-read-write-models-[0-9a-f]{8}$/);
    expect(name(after)).toBe(name(before));
    const kept = addressOf(before, "aws_iam_role_policy", "name", name(before));
    expect(addressOf(after, "aws_iam_role_policy", "name", name(before))).toBe(kept);
    expect(Object.keys(addresses(after, "aws_iam_role_policy"))).toHaveLength(2);
    expect(addresses(after, "aws_iam_role_policy")[kept].role).toBe("${aws_iam_role.jobs.name}");
  });

  it("changes no address when grants are made in the other order", () => {
    const a = synthAws((s) => {
      const b = bucket(s);
      b.grantRead(jobsRole(s), "raw/");
      b.grantRead({ principalId: "arn:aws:iam::123456789012:role/app", roleArn: "arn:aws:iam::123456789012:role/app", roleName: "app" });
    });
    const b = synthAws((s) => {
      const bk = bucket(s);
      const role = jobsRole(s);
      bk.grantRead({ principalId: "arn:aws:iam::123456789012:role/app", roleArn: "arn:aws:iam::123456789012:role/app", roleName: "app" });
      bk.grantRead(role, "raw/");
    });
    expect(addresses(b, "aws_iam_role_policy")).toEqual(addresses(a, "aws_iam_role_policy"));
  });

  it("returns the policy, so callers can depend on the access", () => {
    // given a grant / when a resource depends on what it returns
    const doc = synthAws((s) => {
      const grant = bucket(s).grantRead(jobsRole(s), "raw/");
      expect(grant.dependables).toEqual([grant.policy]);
      new SecurityGroup(s, "consumer", { vpcId: "vpc-123", dependsOn: [...grant.dependables] });
    });
    // then it waits for the grant's inline policy
    const policy = Object.keys(addresses(doc, "aws_iam_role_policy"))[0];
    expect(policy).toMatch(/^aws_iam_role_policy\.bucket_grant-acme-dev-datasets-us-east-1-read-[0-9a-f]{8}_[0-9A-F]{8}$/);
    expect(addresses(doc, "aws_security_group")["aws_security_group.consumer"].depends_on).toEqual([policy]);
  });

  it("returns the IAM policy and the data access policy of an OpenSearch collection", () => {
    const doc = synthAws((s) => {
      const placement = { vpcId: "vpc-123", subnetIds: ["subnet-a", "subnet-b"], clientCidrs: ["10.40.0.0/16"] };
      const store = new AwsOpenSearchVectorStore(s, "vectors", { environment: DEV, ...placement, encryptionKey: new AwsEncryptionKey(s, "key", { environment: DEV }) });
      new SecurityGroup(s, "consumer", { vpcId: "vpc-123", dependsOn: [...store.grantReadWrite(jobsRole(s)).dependables] });
    });
    const dependsOn = addresses(doc, "aws_security_group")["aws_security_group.consumer"].depends_on as string[];
    expect(dependsOn.map((d) => d.split(".")[0])).toEqual(["aws_iam_role_policy", "aws_opensearchserverless_access_policy"]);
  });

  it("rejects the same grant twice, for the same role by any token of its name", () => {
    expect(() =>
      synthAws((s) => {
        const b = bucket(s);
        const role = jobsRole(s);
        b.grantRead(role, "raw/");
        b.grantRead({ principalId: role.roleArn, roleArn: role.roleArn, roleName: role.roleName }, "raw/");
      }),
    ).toThrowError(/AwsDataBucket test\/bucket: 1 problem\n {2}- grant: role "\$\{aws_iam_role\.jobs\.name\}" already has "acme-dev-datasets-us-east-1-read" on prefix "raw\/": grant it once/);
    const placement = { vpcId: "vpc-123", subnetIds: ["subnet-a", "subnet-b"], clientCidrs: ["10.40.0.0/16"] };
    expect(() =>
      synthAws((s) => {
        const store = new AwsAuroraVectorStore(s, "pg", { environment: DEV, ...placement, encryptionKey: new AwsEncryptionKey(s, "key", { environment: DEV }) });
        store.grantReadWrite({ principalId: "arn:aws:iam::123456789012:role/app", roleArn: "arn:aws:iam::123456789012:role/app", roleName: "app" });
        store.grantReadWrite({ principalId: "arn:aws:iam::123456789012:role/app", roleArn: "arn:aws:iam::123456789012:role/app", roleName: "app" });
      }),
    ).toThrowError(/grant: role "app" already has ".*-connect" on prefix "": grant it once/);
  });
});

describe("Lustre client rules are addressed by client security group", () => {
  const rules = (doc: Synthesized) => addresses(doc, "aws_vpc_security_group_ingress_rule");

  it("keeps a client's rules when another client is allowed before it, for a group referenced by token", () => {
    // given a file system that lets one security group's clients in
    const before = synthAws((s) => {
      const clients = new SecurityGroup(s, "clients", { vpcId: "vpc-123" });
      lustre(s).allowClients(clients.id);
    });
    // when another group is allowed first
    const after = synthAws((s) => {
      const clients = new SecurityGroup(s, "clients", { vpcId: "vpc-123" });
      const fsx = lustre(s);
      fsx.allowClients("sg-0123456789abcdef0");
      fsx.allowClients(clients.id);
    });
    // then the first group's two rules keep their addresses
    const ofClients = (doc: Synthesized) => Object.keys(rules(doc)).filter((a) => rules(doc)[a].security_group_id === "${aws_security_group.clients.id}");
    expect(ofClients(before)).toHaveLength(2);
    expect(ofClients(after)).toEqual(ofClients(before));
    expect(Object.keys(rules(after))).toHaveLength(4);
    expect(Object.keys(rules(after)).some((a) => /\.fsx_client-sg-0123456789abcdef0-[0-9a-f]{8}-988_/.test(a))).toBe(true);
  });

  it("changes no address when clients are allowed in the other order", () => {
    const a = synthAws((s) => {
      const fsx = lustre(s);
      fsx.allowClients("sg-0123456789abcdef0");
      fsx.allowClients("sg-0fedcba9876543210");
    });
    const b = synthAws((s) => {
      const fsx = lustre(s);
      fsx.allowClients("sg-0fedcba9876543210");
      fsx.allowClients("sg-0123456789abcdef0");
    });
    expect(rules(b)).toEqual(rules(a));
  });

  it("rejects the same client group twice", () => {
    expect(() =>
      synthAws((s) => {
        const fsx = lustre(s);
        fsx.allowClients("sg-0123456789abcdef0");
        fsx.allowClients("sg-0123456789abcdef0");
      }),
    ).toThrowError(/allowClients: clients in "sg-0123456789abcdef0" are already allowed: allow each security group once/);
  });
});
