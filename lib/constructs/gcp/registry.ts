import { ArtifactRegistryRepository } from "@cdktf/provider-google/lib/artifact-registry-repository";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity, type Grant, type IPrincipal } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { stableId, stableKey } from "../private/stable-id";
import { keep } from "../private/stateful";
import { memberOf } from "./data-bucket";
import type { IGcpEncryptionKey } from "./encryption-key";
import { DAY_SECONDS } from "./private/facts";
import { checkLabels } from "./private/labels";

/** Props of {@link GcpRegistry}. */
export interface GcpRegistryProps {
  /** The environment; the repository is `<name>-<tier>-<purpose>`. */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the repository. */
  readonly project: string;
  /** The repository's region, the same as the key's. */
  readonly region: string;
  /** Customer-managed key for the images (fixed at creation); the repository waits for the Artifact Registry agent's grant. */
  readonly encryptionKey: IGcpEncryptionKey;
  /** What the repository holds, one lowercase word. @default "images" */
  readonly purpose?: string;
  /** Days after which untagged images are deleted. @default - 7 dev, 14 staging, 30 prod */
  readonly untaggedRetentionDays?: number;
  /** Most recent versions of each image kept whatever their age or tags (a KEEP policy wins over DELETE). @default - 10 dev, 20 staging, 50 prod */
  readonly keepRecentVersions?: number;
  /** Labels of the repository, beside the provider's default labels. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Put `lifecycle.prevent_destroy` on the repository. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<GcpRegistryProps, "untaggedRetentionDays" | "keepRecentVersions" | "labels">;

/** Repository roles a grant gives (predefined Artifact Registry roles, never admin). */
const ROLES = { read: "roles/artifactregistry.reader", readWrite: "roles/artifactregistry.writer" } as const;

/**
 * An Artifact Registry Docker repository for training and serving images: encrypted
 * with the key (after the Artifact Registry agent's grant; the key cannot change
 * later), immutable tags (a tag, once pushed, never moves), and cleanup policies that
 * really run (`cleanup_policy_dry_run = false`): untagged images are deleted after a
 * number of days, the most recent versions of each image are always kept.
 *
 * Models are not images: they go under the artifacts bucket's `models/` prefix, as
 * Terraform has no model-registry resource for Vertex AI.
 */
export class GcpRegistry extends Construct {
  public readonly repository: ArtifactRegistryRepository;
  public readonly repositoryId: string;
  /** `<region>-docker.pkg.dev/<project>/<repository>`: what `docker push` and image references start with. */
  public readonly url: string;
  public readonly untaggedRetentionDays: number;
  public readonly keepRecentVersions: number;
  public readonly preventDestroy: boolean;
  private readonly granted = new Set<string>();

  /** What the repository uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly untaggedRetentionDays: number; readonly keepRecentVersions: number; readonly preventDestroy: boolean } {
    return {
      untaggedRetentionDays: perTier(tier, { dev: 7, staging: 14, prod: 30 }),
      keepRecentVersions: perTier(tier, { dev: 10, staging: 20, prod: 50 }),
      preventDestroy: resolveProtection(tier, {}).preventDestroy,
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .int("untaggedRetentionDays", settings.untaggedRetentionDays, 1, 3650, "Deleting untagged images (days)")
      .int("keepRecentVersions", settings.keepRecentVersions, 1, 1000, "Versions kept per image");
    checkLabels(checks, "labels", settings.labels);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: GcpRegistryProps) {
    super(scope, id);
    markComponent(this, "registry");
    const d = GcpRegistry.defaults(props.environment.tier);
    this.untaggedRetentionDays = props.untaggedRetentionDays ?? d.untaggedRetentionDays;
    this.keepRecentVersions = props.keepRecentVersions ?? d.keepRecentVersions;
    this.preventDestroy = props.preventDestroy ?? d.preventDestroy;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.repositoryId = namer.name("artifact-registry-repository", "purpose", props.purpose ?? "images");
    problems.addAll(namer.found);
    problems.addAll(GcpRegistry.validate({ ...props, untaggedRetentionDays: this.untaggedRetentionDays, keepRecentVersions: this.keepRecentVersions }));
    const keyLocation = props.encryptionKey.location;
    if (!isUnknown(keyLocation) && !isUnknown(props.region) && keyLocation !== props.region) {
      problems.add("encryptionKey", `a repository in ${show(props.region)} takes a key in the same location (got a key in ${show(keyLocation)})`);
    }
    problems.throwIfAny(`GcpRegistry ${this.node.path}`);

    this.repository = keep(
      new ArtifactRegistryRepository(this, "repository", {
        project: props.project,
        location: props.region,
        repositoryId: this.repositoryId,
        description: `Container images of ${props.environment.name}-${props.environment.tier} (llmops-constructs)`,
        format: "DOCKER",
        mode: "STANDARD_REPOSITORY",
        kmsKeyName: props.encryptionKey.keyId,
        dockerConfig: { immutableTags: true },
        cleanupPolicyDryRun: false,
        cleanupPolicies: [
          { id: "delete-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: `${this.untaggedRetentionDays * DAY_SECONDS}s` } },
          { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: this.keepRecentVersions } },
        ],
        labels: props.labels && Object.keys(props.labels).length > 0 ? { ...props.labels } : undefined,
        // Artifact Registry encrypts through its service agent: the grant comes first (terraform-provider-google #15572).
        dependsOn: [...props.encryptionKey.dependablesFor("artifact-registry")],
      }),
      this.preventDestroy,
    );
    this.url = `${props.region}-docker.pkg.dev/${props.project}/${this.repositoryId}`;
  }

  /** Lets the principal pull images (`roles/artifactregistry.reader` on this repository). */
  public grantRead(principal: IPrincipal): Grant {
    return this.grant(principal, ROLES.read);
  }

  /** Lets the principal push and pull images (`roles/artifactregistry.writer`; tags stay immutable). */
  public grantReadWrite(principal: IPrincipal): Grant {
    return this.grant(principal, ROLES.readWrite);
  }

  private grant(principal: IPrincipal, role: string): Grant {
    const key = JSON.stringify([stableKey(this, principal.principalId), role]);
    const problems = new ProblemCollector();
    if (this.granted.has(key)) problems.add("grant", `${show(stableKey(this, principal.principalId))} already has ${role} on ${show(this.repositoryId)}: grant it once`);
    problems.throwIfAny(`GcpRegistry ${this.node.path}`);
    this.granted.add(key);
    const member = new ArtifactRegistryRepositoryIamMember(this, stableId("grant", key, role.replace("roles/artifactregistry.", "")), {
      project: this.repository.project,
      location: this.repository.location,
      repository: this.repository.name,
      role,
      member: memberOf(principal.principalId),
    });
    return { policy: member, dependables: [member] };
  }
}
