import { describe, expect, it } from "vitest";
import type { Construct } from "../lib/cdk";
import { AwsDataBucket, type AwsDataBucketProps } from "../lib/constructs/aws/data-bucket";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { AwsObjectStore } from "../lib/constructs/aws/object-store";
import type { EnvironmentIdentity } from "../lib/constructs/common";
import { hash8 } from "../lib/constructs/private/stable-id";
import { LlmOpsValidationError } from "../lib/errors";
import { DEV, PROD, resources, synthAws, type Synthesized } from "./helpers";

const ROLE = { principalId: "arn:aws:iam::123456789012:role/app", roleArn: "arn:aws:iam::123456789012:role/app", roleName: "app" };

/** Synthesizes an object store of the environment, with its own key. */
function synthStore(environment: EnvironmentIdentity): Synthesized {
  return synthAws((s) => new AwsObjectStore(s, "store", { environment, region: "us-east-1", encryptionKey: new AwsEncryptionKey(s, "key", { environment }) }));
}

/** The Terraform reference to an attribute of the one resource of a type. */
function ref(doc: Synthesized, type: string, attr = "arn"): string {
  const addresses = Object.keys(doc.resource[type] ?? {});
  if (addresses.length !== 1) throw new Error(`expected one ${type}, found ${addresses.length}`);
  return `\${${type}.${addresses[0]}.${attr}}`;
}

/** Builds one data bucket with a key in `scope`. */
function bucket(scope: Construct, props: Partial<AwsDataBucketProps> = {}): AwsDataBucket {
  const environment = props.environment ?? DEV;
  return new AwsDataBucket(scope, "bucket", {
    environment,
    purpose: "datasets",
    region: "us-east-1",
    encryptionKey: new AwsEncryptionKey(scope, "key", { environment }),
    ...props,
  });
}

/** The resource of `type` that belongs to the store's bucket of `purpose`. */
function of(doc: Synthesized, type: string, purpose: string): Record<string, unknown> {
  const [match, ...more] = Object.entries(doc.resource[type] ?? {}).filter(([address]) => address.startsWith(`store_${purpose}_`));
  if (!match || more.length > 0) throw new Error(`expected one ${type} of ${purpose}`);
  return match[1];
}

/** The parsed inline policies, in address order. */
function inlinePolicies(doc: Synthesized): { name: string; role: string; document: { Statement: { Sid: string; Action: string[]; Resource: string; Condition?: unknown }[] } }[] {
  return resources(doc, "aws_iam_role_policy").map((p) => ({ name: p.name as string, role: p.role as string, document: JSON.parse(p.policy as string) }));
}

const PURPOSES = ["artifacts", "checkpoints", "datasets"];

describe("AwsObjectStore", () => {
  describe("in dev", () => {
    const doc = synthStore(DEV);

    it("creates the datasets, checkpoints and artifacts buckets named after environment, purpose and region", () => {
      expect(resources(doc, "aws_s3_bucket").map((b) => b.bucket)).toEqual(PURPOSES.map((p) => `acme-dev-${p}-us-east-1`));
    });

    it("versions every bucket and encrypts it with SSE-KMS, the key and an S3 bucket key", () => {
      for (const purpose of PURPOSES) {
        expect(of(doc, "aws_s3_bucket_versioning", purpose).versioning_configuration).toEqual({ status: "Enabled" });
        expect(of(doc, "aws_s3_bucket_server_side_encryption_configuration", purpose).rule).toEqual([
          { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: ref(doc, "aws_kms_key") }, bucket_key_enabled: true },
        ]);
      }
    });

    it("blocks every kind of public access and disables ACLs", () => {
      for (const purpose of PURPOSES) {
        expect(of(doc, "aws_s3_bucket_public_access_block", purpose)).toMatchObject({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
        expect(of(doc, "aws_s3_bucket_ownership_controls", purpose).rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
      }
    });

    it("denies requests without TLS and with TLS below 1.2", () => {
      const policy = JSON.parse(of(doc, "aws_s3_bucket_policy", "datasets").policy as string);
      expect(policy.Statement).toEqual([
        expect.objectContaining({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        expect.objectContaining({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } }),
      ]);
      const bucketArn = `\${aws_s3_bucket.${Object.keys(doc.resource.aws_s3_bucket).find((a) => a.startsWith("store_datasets_"))}.arn}`;
      for (const statement of policy.Statement) expect(statement.Resource).toEqual([bucketArn, `${bucketArn}/*`]);
    });

    it("aborts incomplete multipart uploads after 7 days and expires old checkpoints after 7 days, other old versions after 30", () => {
      const rules = (purpose: string) => of(doc, "aws_s3_bucket_lifecycle_configuration", purpose).rule as Record<string, unknown>[];
      for (const purpose of PURPOSES) {
        expect(rules(purpose)[0]).toMatchObject({ status: "Enabled", abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] });
      }
      expect(rules("checkpoints")[1]).toMatchObject({ status: "Enabled", noncurrent_version_expiration: [{ noncurrent_days: 7 }] });
      expect(rules("datasets")[1]).toMatchObject({ noncurrent_version_expiration: [{ noncurrent_days: 30 }] });
      expect(rules("artifacts")[1]).toMatchObject({ noncurrent_version_expiration: [{ noncurrent_days: 30 }] });
    });

    it("lets terraform destroy empty the buckets and does not prevent their destruction", () => {
      for (const b of resources(doc, "aws_s3_bucket")) {
        expect(b.force_destroy).toBe(true);
        expect(b.lifecycle).toBeUndefined();
      }
    });
  });

  describe("in prod", () => {
    const doc = synthStore(PROD);

    it("keeps old checkpoint versions 30 days and other old versions 365", () => {
      const days = (purpose: string) => (of(doc, "aws_s3_bucket_lifecycle_configuration", purpose).rule as Record<string, unknown>[])[1].noncurrent_version_expiration;
      expect(days("checkpoints")).toEqual([{ noncurrent_days: 30 }]);
      expect(days("datasets")).toEqual([{ noncurrent_days: 365 }]);
      expect(days("artifacts")).toEqual([{ noncurrent_days: 365 }]);
    });

    it("protects the buckets from terraform destroy and never empties them", () => {
      for (const b of resources(doc, "aws_s3_bucket")) {
        expect(b.force_destroy).toBe(false);
        expect(b.lifecycle).toEqual({ prevent_destroy: true });
      }
    });
  });

  it("honours explicit overrides of the tier presets", () => {
    const devDoc = synthAws((s) =>
      new AwsObjectStore(s, "store", { environment: DEV, region: "eu-west-1", encryptionKey: new AwsEncryptionKey(s, "key", { environment: DEV }), checkpointVersionDays: 3, forceDestroy: false, preventDestroy: true }),
    );
    expect(of(devDoc, "aws_s3_bucket", "checkpoints")).toMatchObject({ bucket: "acme-dev-checkpoints-eu-west-1", force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect((of(devDoc, "aws_s3_bucket_lifecycle_configuration", "checkpoints").rule as Record<string, unknown>[])[1].noncurrent_version_expiration).toEqual([{ noncurrent_days: 3 }]);
  });
});

describe("AwsDataBucket grants", () => {
  it("lets a role read one prefix: list under it, get its objects, decrypt with the key — nothing else", () => {
    // given a bucket and a role
    // when the role is granted read on a prefix
    const doc = synthAws((s) => bucket(s).grantRead(ROLE, "raw/"));
    // then one inline policy of that role scopes every statement to the bucket, the prefix and the key
    const [policy] = inlinePolicies(doc);
    const bucketArn = ref(doc, "aws_s3_bucket");
    expect(policy.role).toBe("app");
    // named by bucket, access and prefix (readable slug + hash of the exact prefix), not by call order
    expect(policy.name).toBe(`acme-dev-datasets-us-east-1-read-raw-${hash8("raw/")}`);
    expect(policy.document.Statement).toEqual([
      { Sid: "Locate", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: bucketArn },
      { Sid: "List", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn, Condition: { StringLike: { "s3:prefix": ["raw/*"] } } },
      { Sid: "Objects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${bucketArn}/raw/*` },
      { Sid: "Key", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: ref(doc, "aws_kms_key") },
    ]);
  });

  it("lets a role read and write the whole bucket and generate data keys, without a wildcard resource", () => {
    const doc = synthAws((s) => bucket(s).grantReadWrite(ROLE));
    const [policy] = inlinePolicies(doc);
    expect(policy.name).toBe("acme-dev-datasets-us-east-1-read-write");
    const [, list, objects, key] = policy.document.Statement;
    expect(list.Condition).toBeUndefined();
    expect(objects.Action).toEqual(expect.arrayContaining(["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]));
    expect(objects.Resource).toBe(`${ref(doc, "aws_s3_bucket")}/*`);
    expect(key.Action).toContain("kms:GenerateDataKey");
    for (const statement of policy.document.Statement) {
      expect(statement.Resource).not.toBe("*");
      expect(statement.Action).not.toContain("s3:*");
    }
  });

  it("gives each grant to the same role an inline policy name of its own, so none replaces another", () => {
    // given a bucket
    // when one role is granted read on two prefixes
    const doc = synthAws((s) => {
      const b = bucket(s);
      b.grantRead(ROLE, "raw/");
      b.grantRead(ROLE, "curated/");
    });
    // then the role gets two policies with distinct names (AWS keys inline policies by role and name)
    const names = inlinePolicies(doc).map((p) => p.name);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
  });
});

describe("AwsDataBucket validation", () => {
  it("rejects an environment name that makes the bucket name longer than 63 characters", () => {
    const environment = { name: "acme-large-language-model-platform-team-a", tier: "dev" } as const;
    expect(() => synthAws((s) => bucket(s, { environment }))).toThrowError(
      /purpose: S3 bucket names are 3-63 characters \(got "acme-large-language-model-platform-team-a-dev-datasets-us-east-1", 64 characters\); shorten the environment name or the part/,
    );
  });

  it("rejects a name with characters S3 does not allow", () => {
    expect(() => synthAws((s) => bucket(s, { environment: { name: "acme_llm", tier: "dev" } }))).toThrowError(
      /purpose: S3 bucket names allow lowercase letters, digits, dots and hyphens.*\(got "acme_llm-dev-datasets-us-east-1"\)/,
    );
  });

  it("rejects non-positive day counts, listing both", () => {
    let error: unknown;
    try {
      synthAws((s) => bucket(s, { noncurrentVersionExpirationDays: 0, abortIncompleteMultipartUploadDays: -1 }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LlmOpsValidationError);
    expect((error as Error).message).toMatch(
      /noncurrentVersionExpirationDays: Non-current version expiry \(days\) takes a whole number, at least 1 \(got 0\)\n.*abortIncompleteMultipartUploadDays: Aborting incomplete uploads \(days\) takes a whole number, at least 1 \(got -1\)/,
    );
  });

  it("rejects a non-positive checkpoint retention of the object store", () => {
    expect(() => synthAws((s) => new AwsObjectStore(s, "store", { environment: DEV, region: "us-east-1", encryptionKey: new AwsEncryptionKey(s, "key", { environment: DEV }), checkpointVersionDays: 0 }))).toThrowError(
      /AwsObjectStore test\/store: 1 problem\n.*checkpointVersionDays: Non-current checkpoint version expiry \(days\) takes a whole number from 1 to 36500 \(got 0\)/,
    );
  });
});
