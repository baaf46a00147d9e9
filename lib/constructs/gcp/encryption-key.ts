import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { Construct, type ITerraformDependable } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity, type IEncryptionKey } from "../common";
import { Checks } from "../private/checks";
import { keep } from "../private/stateful";
import { DAY_SECONDS, KEY_USERS, KMS_DESTROY_DAYS, KMS_MIN_ROTATION_DAYS, SERVICE_AGENTS, type KeyUser } from "./private/facts";

export { KEY_USERS, SERVICE_AGENTS, type KeyUser } from "./private/facts";

/** A Cloud KMS key as the GCP constructs use it: where it lives, and what a service must wait for before encrypting with it. */
export interface IGcpEncryptionKey extends IEncryptionKey {
  /** The key's location (a region): a bucket, cluster or database can only use a key in its own location. */
  readonly location: string;
  /** What `user`'s service agent needs in place before it encrypts with the key (its encrypter/decrypter grant); empty when the key does not grant it. */
  dependablesFor(user: KeyUser): readonly ITerraformDependable[];
}

/** Props of {@link GcpEncryptionKey}. */
export interface GcpEncryptionKeyProps {
  /** The environment; the key ring and key are named `<name>-<tier>-<purpose>`. */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the key. */
  readonly project: string;
  /** The key ring's location: the region of the resources it encrypts. */
  readonly region: string;
  /** What the key protects, one word; part of the names. @default "data" */
  readonly purpose?: string;
  /** Days between automatic rotations, at least 2 (Cloud KMS needs more than a day). @default 90 */
  readonly rotationPeriodDays?: number;
  /** Days a destroyed key version waits in DESTROY_SCHEDULED before it is gone, 1-120. @default 30 */
  readonly destroyScheduledDays?: number;
  /** Services whose service agents get `roles/cloudkms.cryptoKeyEncrypterDecrypter` on the key. @default - every service of an LLMOps environment (KEY_USERS) */
  readonly users?: readonly KeyUser[];
  /** Put `lifecycle.prevent_destroy` on the key. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<GcpEncryptionKeyProps, "rotationPeriodDays" | "destroyScheduledDays" | "users">;

/**
 * A Cloud KMS key ring and symmetric key with 90-day rotation and a 30-day destroy
 * delay, and encrypter/decrypter grants for the service agents of the services that
 * use it. The grants are exposed (`dependables`, `dependablesFor`) so resources that
 * encrypt with the key wait for them: a bucket or cluster created before its service
 * agent may use the key fails.
 *
 * Agents are named by their documented emails (`service-<project number>@<domain>`,
 * the number read with `google_project`); the Cloud Storage agent is read with
 * `google_storage_project_service_account`, which also creates it. Agents of Vertex AI,
 * Artifact Registry, Cloud SQL, Pub/Sub and Managed Lustre exist only once the service
 * made them: run {@link GcpEncryptionKey.agentCommands} once per project before the first
 * apply (`google_project_service_identity` is beta-only in provider 6.50).
 *
 * Cloud KMS never deletes key rings or keys: their names cannot be used again.
 */
export class GcpEncryptionKey extends Construct implements IGcpEncryptionKey {
  public readonly keyRing: KmsKeyRing;
  public readonly key: KmsCryptoKey;
  /** `projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`, as the cloud-neutral {@link IEncryptionKey} names it. */
  public readonly keyId: string;
  public readonly location: string;
  public readonly keyName: string;
  public readonly rotationPeriodDays: number;
  public readonly destroyScheduledDays: number;
  public readonly users: readonly KeyUser[];
  public readonly preventDestroy: boolean;
  /** The encrypter/decrypter grant of each user's service agent. */
  public readonly grants: Readonly<Partial<Record<KeyUser, KmsCryptoKeyIamMember>>>;
  /** Every grant: depend on these before anything encrypts with the key. */
  public readonly dependables: readonly ITerraformDependable[];

  /** What the key uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly rotationPeriodDays: number; readonly destroyScheduledDays: number; readonly users: readonly KeyUser[]; readonly preventDestroy: boolean } {
    return { rotationPeriodDays: 90, destroyScheduledDays: 30, users: KEY_USERS, preventDestroy: resolveProtection(tier, {}).preventDestroy };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .int("rotationPeriodDays", settings.rotationPeriodDays, KMS_MIN_ROTATION_DAYS, undefined, "Cloud KMS key rotation (days; more than one day)")
      .int("destroyScheduledDays", settings.destroyScheduledDays, KMS_DESTROY_DAYS.min, KMS_DESTROY_DAYS.max, "The Cloud KMS destroy-scheduled duration (days)");
    const seen = new Set<string>();
    (settings.users ?? []).forEach((user, i) => {
      checks.oneOf(`users.${i}`, user, KEY_USERS, "A key user");
      if (seen.has(user)) checks.add(`users.${i}`, user, `repeats ${show(user)}: list each service once`);
      seen.add(user);
    });
    return checks.problems;
  }

  /** The commands that create, once per project, the service agents the APIs do not create when enabled. */
  public static agentCommands(project: string, users: readonly KeyUser[] = KEY_USERS): string[] {
    return users
      .filter((u) => u !== "storage" && !SERVICE_AGENTS[u].createdWithApi)
      .map((u) => `gcloud beta services identity create --service=${SERVICE_AGENTS[u].api} --project=${project}`);
  }

  constructor(scope: Construct, id: string, props: GcpEncryptionKeyProps) {
    super(scope, id);
    markComponent(this, "encryption");
    const defaults = GcpEncryptionKey.defaults(props.environment.tier);
    this.rotationPeriodDays = props.rotationPeriodDays ?? defaults.rotationPeriodDays;
    this.destroyScheduledDays = props.destroyScheduledDays ?? defaults.destroyScheduledDays;
    this.users = props.users ?? defaults.users;
    this.preventDestroy = props.preventDestroy ?? defaults.preventDestroy;
    this.location = props.region;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.keyName = namer.name("kms-key-ring", "purpose", props.purpose ?? "data");
    problems.addAll(namer.found);
    problems.addAll(GcpEncryptionKey.validate(this));
    problems.throwIfAny(`GcpEncryptionKey ${this.node.path}`);

    this.keyRing = new KmsKeyRing(this, "ring", { project: props.project, name: this.keyName, location: props.region });
    this.key = keep(
      new KmsCryptoKey(this, "key", {
        name: this.keyName,
        keyRing: this.keyRing.id,
        purpose: "ENCRYPT_DECRYPT",
        rotationPeriod: `${this.rotationPeriodDays * DAY_SECONDS}s`,
        destroyScheduledDuration: `${this.destroyScheduledDays * DAY_SECONDS}s`,
      }),
      this.preventDestroy,
    );
    this.keyId = this.key.id;

    const projectInfo = new DataGoogleProject(this, "project", { projectId: props.project });
    const grants: Partial<Record<KeyUser, KmsCryptoKeyIamMember>> = {};
    for (const user of this.users) {
      const email =
        user === "storage"
          ? new DataGoogleStorageProjectServiceAccount(this, "storage-agent", { project: props.project }).emailAddress
          : `service-${projectInfo.number}@${SERVICE_AGENTS[user].domain}`;
      // Fixed ids: users come from a closed list, one grant each.
      grants[user] = new KmsCryptoKeyIamMember(this, `agent-${user}`, {
        cryptoKeyId: this.key.id,
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: `serviceAccount:${email}`,
      });
    }
    this.grants = grants;
    this.dependables = Object.values(grants);
  }

  public dependablesFor(user: KeyUser): readonly ITerraformDependable[] {
    const grant = this.grants[user];
    return grant ? [grant] : [];
  }
}
