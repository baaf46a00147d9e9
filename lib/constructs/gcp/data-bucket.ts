import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Construct, Token } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity, type Grant, type IPrincipal } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { stableId, stableKey } from "../private/stable-id";
import { keep } from "../private/stateful";
import type { IGcpEncryptionKey } from "./encryption-key";
import { DAY_SECONDS, SOFT_DELETE_DAYS } from "./private/facts";

/** Props of {@link GcpDataBucket}. */
export interface GcpDataBucketProps {
  /** The environment; the bucket is named `<name>-<tier>-<purpose>-<project>` (bucket names are global, project ids are unique). */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the bucket. */
  readonly project: string;
  /** The bucket's location: a region, the same as the key's. */
  readonly region: string;
  /** What the bucket holds, one lowercase word, e.g. `datasets`. */
  readonly purpose: string;
  /** Customer-managed key objects are encrypted with; the bucket waits for its Cloud Storage agent grant. */
  readonly encryptionKey: IGcpEncryptionKey;
  /** Days a non-current object version is kept before it is deleted. @default - 30 dev, 90 staging, 365 prod */
  readonly noncurrentVersionDays?: number;
  /** Days after which incomplete multipart uploads are aborted. @default 7 */
  readonly abortIncompleteUploadDays?: number;
  /** Days deleted objects stay restorable (soft delete): 0 turns it off, else 7-90. @default - 0 dev, 7 staging, 30 prod */
  readonly softDeleteDays?: number;
  /** Let `terraform destroy` delete a bucket that still holds objects. @default - true in dev only */
  readonly forceDestroy?: boolean;
  /** Put `lifecycle.prevent_destroy` on the bucket. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<GcpDataBucketProps, "noncurrentVersionDays" | "abortIncompleteUploadDays" | "softDeleteDays">;

/** Predefined Cloud Storage roles a grant gives: objects only, never bucket IAM or settings. */
const ROLES = { read: "roles/storage.objectViewer", readWrite: "roles/storage.objectUser" } as const;

/**
 * One Cloud Storage bucket set up for ML data: uniform bucket-level access, public
 * access prevention enforced, CMEK by default, object versioning, soft delete set
 * explicitly, and lifecycle rules that delete old versions and abort incomplete
 * multipart uploads. Access is granted per principal with predefined object roles.
 */
export class GcpDataBucket extends Construct {
  public readonly bucket: StorageBucket;
  public readonly bucketName: string;
  /** `gs://<name>`. */
  public readonly url: string;
  public readonly noncurrentVersionDays: number;
  public readonly abortIncompleteUploadDays: number;
  public readonly softDeleteDays: number;
  public readonly forceDestroy: boolean;
  public readonly preventDestroy: boolean;
  public readonly encryptionKey: IGcpEncryptionKey;
  private readonly granted = new Set<string>();

  /** What the bucket uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): Required<Settings> & { readonly forceDestroy: boolean; readonly preventDestroy: boolean } {
    return {
      noncurrentVersionDays: perTier(tier, { dev: 30, staging: 90, prod: 365 }),
      abortIncompleteUploadDays: 7,
      softDeleteDays: perTier(tier, { dev: 0, staging: 7, prod: 30 }),
      forceDestroy: tier === "dev",
      preventDestroy: resolveProtection(tier, {}).preventDestroy,
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    return new Checks()
      .int("noncurrentVersionDays", settings.noncurrentVersionDays, 1, undefined, "Deleting non-current versions (days)")
      .int("abortIncompleteUploadDays", settings.abortIncompleteUploadDays, 1, undefined, "Aborting incomplete uploads (days)")
      .check("softDeleteDays", settings.softDeleteDays, (v) =>
        v === 0 || (Number.isInteger(v) && v >= SOFT_DELETE_DAYS.min && v <= SOFT_DELETE_DAYS.max)
          ? undefined
          : `Cloud Storage soft delete takes 0 (off) or a whole number of days from ${SOFT_DELETE_DAYS.min} to ${SOFT_DELETE_DAYS.max} (got ${show(v)})`,
      ).problems;
  }

  constructor(scope: Construct, id: string, props: GcpDataBucketProps) {
    super(scope, id);
    markComponent(this, "storage");
    const defaults = GcpDataBucket.defaults(props.environment.tier);
    this.noncurrentVersionDays = props.noncurrentVersionDays ?? defaults.noncurrentVersionDays;
    this.abortIncompleteUploadDays = props.abortIncompleteUploadDays ?? defaults.abortIncompleteUploadDays;
    this.softDeleteDays = props.softDeleteDays ?? defaults.softDeleteDays;
    this.forceDestroy = props.forceDestroy ?? defaults.forceDestroy;
    this.preventDestroy = props.preventDestroy ?? defaults.preventDestroy;
    this.encryptionKey = props.encryptionKey;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.bucketName = namer.name("gcs-bucket", "purpose", props.purpose, Token.isUnresolved(props.project) ? "" : props.project);
    problems.addAll(namer.found);
    problems.addAll(GcpDataBucket.validate(this));
    const keyLocation = props.encryptionKey.location;
    if (!isUnknown(keyLocation) && !isUnknown(props.region) && keyLocation.toLowerCase() !== props.region.toLowerCase()) {
      problems.add("encryptionKey", `a bucket in ${show(props.region)} can only use a key in the same location (got a key in ${show(keyLocation)}); make the key in ${show(props.region)}`);
    }
    problems.throwIfAny(`GcpDataBucket ${this.node.path}`);

    this.bucket = keep(
      new StorageBucket(this, "bucket", {
        project: props.project,
        name: this.bucketName,
        location: props.region.toUpperCase(),
        storageClass: "STANDARD",
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        forceDestroy: this.forceDestroy,
        versioning: { enabled: true },
        encryption: { defaultKmsKeyName: props.encryptionKey.keyId },
        softDeletePolicy: { retentionDurationSeconds: this.softDeleteDays * DAY_SECONDS },
        lifecycleRule: [
          { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: this.noncurrentVersionDays, withState: "ARCHIVED" } },
          { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: this.abortIncompleteUploadDays } },
        ],
        // Cloud Storage encrypts through its service agent: it needs the grant first.
        dependsOn: [...props.encryptionKey.dependablesFor("storage")],
      }),
      this.preventDestroy,
    );
    this.url = `gs://${this.bucket.name}`;
  }

  /** Lets the principal list and read objects (`roles/storage.objectViewer`); Cloud Storage decrypts through its own agent. */
  public grantRead(principal: IPrincipal): Grant {
    return this.grant(principal, ROLES.read);
  }

  /** Lets the principal list, read, write and delete objects (`roles/storage.objectUser`), never the bucket's IAM or settings. */
  public grantReadWrite(principal: IPrincipal): Grant {
    return this.grant(principal, ROLES.readWrite);
  }

  private grant(principal: IPrincipal, role: string): Grant {
    const principalKey = stableKey(this, principal.principalId);
    const key = JSON.stringify([principalKey, role]);
    const problems = new ProblemCollector();
    if (this.granted.has(key)) problems.add("grant", `${show(principalKey)} already has ${role} on ${show(this.bucketName)}: grant it once`);
    problems.throwIfAny(`GcpDataBucket ${this.node.path}`);
    this.granted.add(key);
    // Keyed by (principal, role), never by call order: other grants keep their addresses.
    const member = new StorageBucketIamMember(this, stableId("grant", key, role.replace("roles/storage.", "")), {
      bucket: this.bucket.name,
      role,
      member: memberOf(principal.principalId),
    });
    return { policy: member, dependables: [member] };
  }
}

/** An IAM member: a bare email is a service account; `user:`, `group:`, `principal:`… forms are kept. */
export function memberOf(principalId: string): string {
  return !isUnknown(principalId) && /^[a-zA-Z]+:/.test(principalId) ? principalId : `serviceAccount:${principalId}`;
}
