import { Construct } from "../../cdk";
import { LlmOpsValidationError, type ValidationProblem } from "../../errors";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks } from "../private/checks";
import { GcpDataBucket } from "./data-bucket";
import type { IGcpEncryptionKey } from "./encryption-key";

/** Props of {@link GcpObjectStore}. */
export interface GcpObjectStoreProps {
  /** The environment; buckets are named `<name>-<tier>-<purpose>-<project>`. */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the buckets. */
  readonly project: string;
  /** The buckets' location, the same as the key's. */
  readonly region: string;
  /** Customer-managed key for every bucket. */
  readonly encryptionKey: IGcpEncryptionKey;
  /** Days non-current checkpoint versions are kept. @default - 7 dev, 14 staging, 30 prod */
  readonly checkpointVersionDays?: number;
  /** Let `terraform destroy` delete non-empty buckets. @default - true in dev only */
  readonly forceDestroy?: boolean;
  /** Put `lifecycle.prevent_destroy` on the buckets. @default - on in prod */
  readonly preventDestroy?: boolean;
}

/**
 * The three buckets of an ML platform on Cloud Storage: `datasets` (training data,
 * mounted with Cloud Storage FUSE), `checkpoints` (training state; old versions go
 * soon) and `artifacts` (model artifacts under `models/`, captured inference data).
 */
export class GcpObjectStore extends Construct {
  public readonly datasets: GcpDataBucket;
  public readonly checkpoints: GcpDataBucket;
  public readonly artifacts: GcpDataBucket;
  public readonly checkpointVersionDays: number;

  /** What the store uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly checkpointVersionDays: number } {
    return { checkpointVersionDays: perTier(tier, { dev: 7, staging: 14, prod: 30 }) };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<GcpObjectStoreProps, "checkpointVersionDays">>): readonly ValidationProblem[] {
    return new Checks().int("checkpointVersionDays", settings.checkpointVersionDays, 1, 36500, "Non-current checkpoint version expiry (days)").problems;
  }

  constructor(scope: Construct, id: string, props: GcpObjectStoreProps) {
    super(scope, id);
    markComponent(this, "storage");
    this.checkpointVersionDays = props.checkpointVersionDays ?? GcpObjectStore.defaults(props.environment.tier).checkpointVersionDays;
    const problems = GcpObjectStore.validate(this);
    if (problems.length > 0) throw new LlmOpsValidationError(`GcpObjectStore ${this.node.path}`, problems);
    const common = {
      environment: props.environment,
      project: props.project,
      region: props.region,
      encryptionKey: props.encryptionKey,
      forceDestroy: props.forceDestroy,
      preventDestroy: props.preventDestroy,
    };
    this.datasets = new GcpDataBucket(this, "datasets", { ...common, purpose: "datasets" });
    this.checkpoints = new GcpDataBucket(this, "checkpoints", { ...common, purpose: "checkpoints", noncurrentVersionDays: this.checkpointVersionDays });
    this.artifacts = new GcpDataBucket(this, "artifacts", { ...common, purpose: "artifacts" });
  }
}
