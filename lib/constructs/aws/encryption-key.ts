import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { Checks } from "../private/checks";
import type { Tier } from "../../util/tier";
import { Namer } from "../../naming";
import { markComponent, resolveProtection, type EnvironmentIdentity, type IEncryptionKey } from "../common";
import { AccountInfo } from "./private/account";
import { policyDocument, type PolicyStatement } from "./private/iam";
import { keep } from "./private/stateful";

/** Props of {@link AwsEncryptionKey}. */
export interface AwsEncryptionKeyProps {
  /** The environment the key belongs to; names the alias `alias/<name>-<tier>-<purpose>`. */
  readonly environment: EnvironmentIdentity;
  /** What the key protects, one word; part of the alias. @default "data" */
  readonly purpose?: string;
  /** Days KMS waits before deleting the key once scheduled, 7-30. @default 30 */
  readonly deletionWindowDays?: number;
  /** Days between automatic rotations, 90-2560. @default 365 */
  readonly rotationPeriodDays?: number;
  /** Let CloudWatch Logs in this account and region encrypt log groups with the key. @default true */
  readonly allowCloudWatchLogs?: boolean;
  /** Let CloudWatch alarms and AWS Budgets publish to topics encrypted with the key. @default true */
  readonly allowAlertPublishers?: boolean;
  /** Let FSx for Lustre data repository associations of this account read and write S3 objects encrypted with the key. @default false */
  readonly allowLustreDataRepositories?: boolean;
  /** Put `lifecycle.prevent_destroy` on the key. @default - on in prod */
  readonly preventDestroy?: boolean;
}

/**
 * A customer-managed KMS key with yearly rotation, a 30-day deletion window and an
 * explicit key policy: the account administers it through IAM, CloudWatch Logs and
 * alert publishers of this account only may use it, nobody else.
 */
export class AwsEncryptionKey extends Construct implements IEncryptionKey {
  public readonly key: KmsKey;
  public readonly keyArn: string;
  /** The key ARN, as the cloud-neutral {@link IEncryptionKey} names it. */
  public readonly keyId: string;
  public readonly aliasName: string;
  public readonly deletionWindowDays: number;
  public readonly rotationPeriodDays: number;
  public readonly allowCloudWatchLogs: boolean;
  public readonly allowAlertPublishers: boolean;
  public readonly allowLustreDataRepositories: boolean;
  public readonly preventDestroy: boolean;

  /** What the key uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly deletionWindowDays: number; readonly rotationPeriodDays: number; readonly preventDestroy: boolean } {
    return { deletionWindowDays: 30, rotationPeriodDays: 365, preventDestroy: resolveProtection(tier, {}).preventDestroy };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<AwsEncryptionKeyProps, "deletionWindowDays" | "rotationPeriodDays">>): readonly ValidationProblem[] {
    return new Checks()
      .int("deletionWindowDays", settings.deletionWindowDays, 7, 30, "The KMS deletion window (days)")
      .int("rotationPeriodDays", settings.rotationPeriodDays, 90, 2560, "KMS key rotation (days)").problems;
  }

  constructor(scope: Construct, id: string, props: AwsEncryptionKeyProps) {
    super(scope, id);
    markComponent(this, "encryption");
    const defaults = AwsEncryptionKey.defaults(props.environment.tier);
    this.deletionWindowDays = props.deletionWindowDays ?? defaults.deletionWindowDays;
    this.rotationPeriodDays = props.rotationPeriodDays ?? defaults.rotationPeriodDays;
    this.allowCloudWatchLogs = props.allowCloudWatchLogs ?? true;
    this.allowAlertPublishers = props.allowAlertPublishers ?? true;
    this.allowLustreDataRepositories = props.allowLustreDataRepositories ?? false;
    this.preventDestroy = props.preventDestroy ?? defaults.preventDestroy;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.aliasName = namer.name("kms-alias", "purpose", props.purpose ?? "data");
    problems.addAll(namer.found);
    problems.addAll(AwsEncryptionKey.validate(this));
    problems.throwIfAny(`AwsEncryptionKey ${this.node.path}`);

    const account = new AccountInfo(this, "account");
    const statements: PolicyStatement[] = [
      { Sid: "AccountAdministersThroughIam", Effect: "Allow", Principal: { AWS: account.rootArn }, Action: "kms:*", Resource: "*" },
    ];
    if (this.allowCloudWatchLogs) {
      statements.push({
        Sid: "CloudWatchLogsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: `logs.${account.region}.${account.dnsSuffix}` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": account.arn("logs", "log-group:*") } },
      });
    }
    if (this.allowAlertPublishers) {
      statements.push({
        Sid: "AlertPublishersOfThisAccount",
        Effect: "Allow",
        Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        // No condition: AWS documents this statement unconditioned (SNS DG, "compatibility between event
        // sources from AWS services and encrypted topics"); aws:SourceAccount is documented on the topic
        // policy, which AwsAlertTopic sets, not on KMS calls SNS makes for the publisher.
      });
    }
    if (this.allowLustreDataRepositories) {
      // Each file system gets its own service-linked role (…/AWSServiceRoleForFSxS3Access_fs-…),
      // unknown before the file system exists: match the role path, within this account.
      statements.push({
        Sid: "LustreDataRepositoriesOfThisAccount",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: "*",
        Condition: {
          ArnLike: { "aws:PrincipalArn": `arn:${account.partition}:iam::${account.accountId}:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*` },
          StringEquals: { "aws:PrincipalAccount": account.accountId },
        },
      });
    }
    this.key = keep(
      new KmsKey(this, "key", {
        description: `${props.environment.name}-${props.environment.tier} ${props.purpose ?? "data"} key (llmops-constructs)`,
        enableKeyRotation: true,
        rotationPeriodInDays: this.rotationPeriodDays,
        deletionWindowInDays: this.deletionWindowDays,
        policy: policyDocument(...statements),
      }),
      this.preventDestroy,
    );
    new KmsAlias(this, "alias", { name: this.aliasName, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
    this.keyId = this.key.arn;
  }
}
