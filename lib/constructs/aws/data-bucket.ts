import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct, Token } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { Checks } from "../private/checks";
import { perTier, type Tier } from "../../util/tier";
import { Namer } from "../../naming";
import { markComponent, resolveProtection, type EnvironmentIdentity, type Grant, type IEncryptionKey } from "../common";
import type { IRole } from "./role";
import { Grants } from "./private/grants";
import { policyDocument } from "./private/iam";
import { keep } from "./private/stateful";

/** Props of {@link AwsDataBucket}. */
export interface AwsDataBucketProps {
  /** The environment; the bucket is named `<name>-<tier>-<purpose>-<region>`. */
  readonly environment: EnvironmentIdentity;
  /** What the bucket holds, one lowercase word, e.g. `datasets`. */
  readonly purpose: string;
  /** The region, appended to the name so environments in two regions do not collide (bucket names are global). */
  readonly region: string;
  /** Customer-managed key for SSE-KMS. */
  readonly encryptionKey: IEncryptionKey;
  /** Days a non-current object version is kept before it expires. @default - 30 dev, 90 staging, 365 prod */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days after which incomplete multipart uploads are aborted. @default 7 */
  readonly abortIncompleteMultipartUploadDays?: number;
  /** Let `terraform destroy` delete a bucket that still holds objects. @default - true in dev only */
  readonly forceDestroy?: boolean;
  /** Put `lifecycle.prevent_destroy` on the bucket. @default - on in prod */
  readonly preventDestroy?: boolean;
}

/**
 * One S3 bucket set up for ML data: versioned, SSE-KMS with the customer-managed key
 * and an S3 bucket key, all four public-access blocks, bucket-owner-enforced
 * ownership, a policy that denies non-TLS and TLS below 1.2, and lifecycle rules that
 * expire old versions and abort incomplete multipart uploads.
 */
export class AwsDataBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly noncurrentVersionExpirationDays: number;
  public readonly abortIncompleteMultipartUploadDays: number;
  public readonly forceDestroy: boolean;
  public readonly preventDestroy: boolean;
  /** The key objects are encrypted with. */
  public readonly encryptionKey: IEncryptionKey;
  private readonly grants = new Grants(this);

  /** What the bucket uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly noncurrentVersionExpirationDays: number; readonly abortIncompleteMultipartUploadDays: number; readonly forceDestroy: boolean; readonly preventDestroy: boolean } {
    return {
      noncurrentVersionExpirationDays: perTier(tier, { dev: 30, staging: 90, prod: 365 }),
      abortIncompleteMultipartUploadDays: 7,
      forceDestroy: tier === "dev",
      preventDestroy: resolveProtection(tier, {}).preventDestroy,
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<AwsDataBucketProps, "noncurrentVersionExpirationDays" | "abortIncompleteMultipartUploadDays">>): readonly ValidationProblem[] {
    return new Checks()
      .int("noncurrentVersionExpirationDays", settings.noncurrentVersionExpirationDays, 1, undefined, "Non-current version expiry (days)")
      .int("abortIncompleteMultipartUploadDays", settings.abortIncompleteMultipartUploadDays, 1, undefined, "Aborting incomplete uploads (days)").problems;
  }

  constructor(scope: Construct, id: string, props: AwsDataBucketProps) {
    super(scope, id);
    markComponent(this, "storage");
    const defaults = AwsDataBucket.defaults(props.environment.tier);
    this.noncurrentVersionExpirationDays = props.noncurrentVersionExpirationDays ?? defaults.noncurrentVersionExpirationDays;
    this.abortIncompleteMultipartUploadDays = props.abortIncompleteMultipartUploadDays ?? defaults.abortIncompleteMultipartUploadDays;
    this.forceDestroy = props.forceDestroy ?? defaults.forceDestroy;
    this.preventDestroy = props.preventDestroy ?? defaults.preventDestroy;
    this.encryptionKey = props.encryptionKey;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.bucketName = namer.name("s3-bucket", "purpose", props.purpose, Token.isUnresolved(props.region) ? "" : props.region);
    problems.addAll(namer.found);
    problems.addAll(AwsDataBucket.validate(this));
    problems.throwIfAny(`AwsDataBucket ${this.node.path}`);

    this.bucket = keep(new S3Bucket(this, "bucket", { bucket: this.bucketName, forceDestroy: this.forceDestroy }), this.preventDestroy);
    this.bucketArn = this.bucket.arn;
    const bucket = this.bucket.id;
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryptionKey.keyId }, bucketKeyEnabled: true }],
    });
    new S3BucketPolicy(this, "policy", {
      bucket,
      dependsOn: [publicAccess],
      policy: policyDocument(
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "DenyTlsBelow12",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
        },
      ),
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "abort-incomplete-multipart-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: this.abortIncompleteMultipartUploadDays }],
        },
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: this.noncurrentVersionExpirationDays }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
    });
  }

  /** `arn:...:bucket/prefix*`: the object ARNs under a prefix, for least-privilege policies. */
  public objectsArn(prefix = ""): string {
    return `${this.bucketArn}/${prefix}*`;
  }

  /** Lets the role list and read objects under `prefix` (the whole bucket by default) and decrypt them. */
  public grantRead(role: IRole, prefix = ""): Grant {
    return this.grant(role, prefix, ["s3:GetObject", "s3:GetObjectVersion"], ["kms:Decrypt", "kms:DescribeKey"]);
  }

  /** Lets the role list, read, write and delete objects under `prefix` (the whole bucket by default). */
  public grantReadWrite(role: IRole, prefix = ""): Grant {
    return this.grant(
      role,
      prefix,
      ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"],
    );
  }

  private grant(role: IRole, prefix: string, objectActions: string[], keyActions: string[]): Grant {
    const list = prefix === "" ? {} : { Condition: { StringLike: { "s3:prefix": [`${prefix}*`] } } };
    return this.grants.attach(
      role,
      { name: `${this.bucketName}-${objectActions.includes("s3:PutObject") ? "read-write" : "read"}`, prefix },
      { Sid: "Locate", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: this.bucketArn },
      { Sid: "List", Effect: "Allow", Action: "s3:ListBucket", Resource: this.bucketArn, ...list },
      { Sid: "Objects", Effect: "Allow", Action: objectActions, Resource: this.objectsArn(prefix) },
      { Sid: "Key", Effect: "Allow", Action: keyActions, Resource: this.encryptionKey.keyId },
    );
  }
}
