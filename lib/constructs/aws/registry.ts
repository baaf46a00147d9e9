import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { SagemakerModelPackageGroup } from "@cdktf/provider-aws/lib/sagemaker-model-package-group";
import { Construct } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { Checks } from "../private/checks";
import type { Tier } from "../../util/tier";
import { Namer } from "../../naming";
import { markComponent, resolveProtection, type EnvironmentIdentity, type IEncryptionKey } from "../common";
import { keep } from "./private/stateful";

/** Props of {@link AwsRegistry}. */
export interface AwsRegistryProps {
  /** The environment; the repository is `<name>-<tier>/serving`, the group `<name>-<tier>-models`. */
  readonly environment: EnvironmentIdentity;
  /** Customer-managed key that encrypts images. */
  readonly encryptionKey: IEncryptionKey;
  /** Days after which untagged images expire. @default 14 */
  readonly untaggedImageDays?: number;
  /** Let `terraform destroy` delete a repository that holds images. @default - true in dev only */
  readonly forceDelete?: boolean;
  /** Put `lifecycle.prevent_destroy` on the repository and the model group. @default - on in prod */
  readonly preventDestroy?: boolean;
}

/**
 * The registries: an ECR repository for serving images (immutable tags, scan on
 * push, KMS-encrypted, untagged images expire) and a SageMaker model package group
 * as the model registry.
 */
export class AwsRegistry extends Construct {
  public readonly repository: EcrRepository;
  public readonly repositoryName: string;
  public readonly repositoryArn: string;
  public readonly repositoryUrl: string;
  public readonly modelPackageGroupName: string;
  public readonly modelPackageGroupArn: string;
  public readonly untaggedImageDays: number;
  public readonly forceDelete: boolean;
  public readonly preventDestroy: boolean;

  /** What the registry uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly untaggedImageDays: number; readonly forceDelete: boolean; readonly preventDestroy: boolean } {
    return { untaggedImageDays: 14, forceDelete: tier === "dev", preventDestroy: resolveProtection(tier, {}).preventDestroy };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<AwsRegistryProps, "untaggedImageDays">>): readonly ValidationProblem[] {
    return new Checks().int("untaggedImageDays", settings.untaggedImageDays, 1, undefined, "Untagged image expiry (days)").problems;
  }

  constructor(scope: Construct, id: string, props: AwsRegistryProps) {
    super(scope, id);
    markComponent(this, "registry");
    const tier = props.environment.tier;
    const defaults = AwsRegistry.defaults(tier);
    this.untaggedImageDays = props.untaggedImageDays ?? defaults.untaggedImageDays;
    this.forceDelete = props.forceDelete ?? defaults.forceDelete;
    this.preventDestroy = props.preventDestroy ?? defaults.preventDestroy;
    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    const repoName = namer.given("ecr-repository", "environment.name", `${props.environment.name}-${tier}/serving`);
    const groupName = namer.name("sagemaker", "environment.name", "models");
    problems.addAll(namer.found);
    problems.addAll(AwsRegistry.validate(this));
    problems.throwIfAny(`AwsRegistry ${this.node.path}`);

    this.repository = keep(
      new EcrRepository(this, "repository", {
        name: repoName,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.encryptionKey.keyId }],
        forceDelete: this.forceDelete,
      }),
      this.preventDestroy,
    );
    new EcrLifecyclePolicy(this, "lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${this.untaggedImageDays} days`,
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: this.untaggedImageDays },
            action: { type: "expire" },
          },
        ],
      }),
    });
    const group = keep(
      new SagemakerModelPackageGroup(this, "model-group", {
        modelPackageGroupName: groupName,
        modelPackageGroupDescription: `Model registry of ${props.environment.name}-${tier}`,
      }),
      this.preventDestroy,
    );
    this.repositoryName = this.repository.name;
    this.repositoryArn = this.repository.arn;
    this.repositoryUrl = this.repository.repositoryUrl;
    this.modelPackageGroupName = group.modelPackageGroupName;
    this.modelPackageGroupArn = group.arn;
  }
}
