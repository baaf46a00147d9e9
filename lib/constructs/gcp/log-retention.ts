import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { Construct } from "../../cdk";
import { LlmOpsValidationError, type ValidationProblem } from "../../errors";
import { perTier, type Tier } from "../../util/tier";
import { markComponent } from "../common";
import { Checks } from "../private/checks";

/** Cloud Logging bucket retention: 1 to 3650 days (cloud.google.com/logging/docs/buckets#custom-retention; provider doc, `retention_days`). */
export const LOG_RETENTION_DAYS = { min: 1, max: 3650 } as const;

/** Props of {@link GcpLogRetention}. */
export interface GcpLogRetentionProps {
  /** The project whose `_Default` log bucket is configured. */
  readonly project: string;
  /** The environment's tier, which picks the default retention. */
  readonly tier: Tier;
  /** Days the project's `_Default` bucket keeps logs, 1-3650 (Cloud Logging bills storage past 30 days). @default - 30 dev, 90 staging, 365 prod */
  readonly retentionDays?: number;
}

/**
 * The retention of a project's `_Default` Cloud Logging bucket, where GKE, VPC flow
 * logs, Cloud NAT and audit logs other than admin activity land. Terraform adopts the
 * bucket Google created with the project: `terraform destroy` leaves it (and its logs)
 * in place and only forgets it. Use one per project: the bucket is project-wide.
 */
export class GcpLogRetention extends Construct {
  public readonly bucket: LoggingProjectBucketConfig;
  public readonly retentionDays: number;

  /** What the retention uses when unset, in a tier: Cloud Logging's own 30 days in dev, longer outside it. */
  public static defaults(tier: Tier): { readonly retentionDays: number } {
    return { retentionDays: perTier(tier, { dev: 30, staging: 90, prod: 365 }) };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<GcpLogRetentionProps, "retentionDays">>): readonly ValidationProblem[] {
    return new Checks().int("retentionDays", settings.retentionDays, LOG_RETENTION_DAYS.min, LOG_RETENTION_DAYS.max, "Cloud Logging retention (days)").problems;
  }

  constructor(scope: Construct, id: string, props: GcpLogRetentionProps) {
    super(scope, id);
    markComponent(this, "logging");
    this.retentionDays = props.retentionDays ?? GcpLogRetention.defaults(props.tier).retentionDays;
    const problems = GcpLogRetention.validate(this);
    if (problems.length > 0) throw new LlmOpsValidationError(`GcpLogRetention ${this.node.path}`, problems);
    this.bucket = new LoggingProjectBucketConfig(this, "default-bucket", {
      project: props.project,
      location: "global",
      bucketId: "_Default",
      retentionDays: this.retentionDays,
    });
  }
}
