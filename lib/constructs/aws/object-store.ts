import { Construct } from "../../cdk";
import { LlmOpsValidationError, type ValidationProblem } from "../../errors";
import { Checks } from "../private/checks";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity, type IEncryptionKey } from "../common";
import { AwsDataBucket } from "./data-bucket";

/** Props of {@link AwsObjectStore}. */
export interface AwsObjectStoreProps {
  /** The environment; buckets are named `<name>-<tier>-<purpose>-<region>`. */
  readonly environment: EnvironmentIdentity;
  /** The region, part of every bucket name. */
  readonly region: string;
  /** Customer-managed key for every bucket. */
  readonly encryptionKey: IEncryptionKey;
  /** Days non-current checkpoint versions are kept. @default - 7 dev, 14 staging, 30 prod */
  readonly checkpointVersionDays?: number;
  /** Let `terraform destroy` delete non-empty buckets. @default - true in dev only */
  readonly forceDestroy?: boolean;
  /** Put `lifecycle.prevent_destroy` on the buckets. @default - on in prod */
  readonly preventDestroy?: boolean;
}

/**
 * The three buckets of an ML platform: `datasets` (training data, linked into the
 * shared file system), `checkpoints` (training state; old versions expire soon) and
 * `artifacts` (model artifacts and captured inference data).
 */
export class AwsObjectStore extends Construct {
  public readonly datasets: AwsDataBucket;
  public readonly checkpoints: AwsDataBucket;
  public readonly artifacts: AwsDataBucket;
  public readonly checkpointVersionDays: number;

  /** What the store uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly checkpointVersionDays: number } {
    return { checkpointVersionDays: perTier(tier, { dev: 7, staging: 14, prod: 30 }) };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<AwsObjectStoreProps, "checkpointVersionDays">>): readonly ValidationProblem[] {
    return new Checks().int("checkpointVersionDays", settings.checkpointVersionDays, 1, 36500, "Non-current checkpoint version expiry (days)").problems;
  }

  constructor(scope: Construct, id: string, props: AwsObjectStoreProps) {
    super(scope, id);
    markComponent(this, "storage");
    this.checkpointVersionDays = props.checkpointVersionDays ?? AwsObjectStore.defaults(props.environment.tier).checkpointVersionDays;
    const problems = AwsObjectStore.validate(this);
    if (problems.length > 0) throw new LlmOpsValidationError(`AwsObjectStore ${this.node.path}`, problems);
    const common = {
      environment: props.environment,
      region: props.region,
      encryptionKey: props.encryptionKey,
      forceDestroy: props.forceDestroy,
      preventDestroy: props.preventDestroy,
    };
    this.datasets = new AwsDataBucket(this, "datasets", { ...common, purpose: "datasets" });
    this.checkpoints = new AwsDataBucket(this, "checkpoints", { ...common, purpose: "checkpoints", noncurrentVersionExpirationDays: this.checkpointVersionDays });
    this.artifacts = new AwsDataBucket(this, "artifacts", { ...common, purpose: "artifacts" });
  }
}
