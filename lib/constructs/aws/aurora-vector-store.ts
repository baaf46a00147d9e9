import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { Checks, isUnknown } from "../private/checks";
import { perTier, type Tier } from "../../util/tier";
import { Namer } from "../../naming";
import { markComponent, resolveProtection, type Grant, type IVectorStore } from "../common";
import type { IRole } from "./role";
import { AccountInfo } from "./private/account";
import { Grants } from "./private/grants";
import { LOG_RETENTION_BY_TIER, checkLogRetention } from "./private/logs";
import { keep } from "./private/stateful";
import { DEFAULT_VECTOR_DIMENSIONS, checkDimensions, type AwsVectorStoreBaseProps } from "./vector-store-props";

/** Aurora PostgreSQL version: 16.x supports pgvector and Serverless v2 auto-pause (min 0 ACU). */
export const AURORA_POSTGRES_VERSION = "16.6";

/** Props of {@link AwsAuroraVectorStore}. */
export interface AwsAuroraVectorStoreProps extends AwsVectorStoreBaseProps {
  /** Minimum Aurora capacity units, multiple of 0.5; 0 lets the cluster pause when idle. @default - 0 dev, 0.5 staging, 2 prod */
  readonly minCapacity?: number;
  /** Maximum Aurora capacity units, multiple of 0.5, 1-256. @default - 4 dev, 16 staging, 64 prod */
  readonly maxCapacity?: number;
  /** Instances: a writer plus readers in other zones. @default - 2 in prod, 1 otherwise */
  readonly instances?: number;
  /** Days of automated backups, 1-35. @default - 1 dev, 7 staging, 30 prod */
  readonly backupRetentionDays?: number;
  /** RDS deletion protection. @default - off in dev, on otherwise */
  readonly deletionProtection?: boolean;
  /** Days PostgreSQL logs are kept. @default - 14 dev, 90 staging, 365 prod */
  readonly logRetentionDays?: number;
}

/** What {@link AwsAuroraVectorStore} uses for props left unset. */
export interface AwsAuroraVectorStoreDefaults {
  readonly dimensions: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly instances: number;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly preventDestroy: boolean;
  readonly logRetentionDays: number;
}

/** The props {@link AwsAuroraVectorStore.validate} checks. */
export type AwsAuroraVectorStoreSettings = Partial<AwsAuroraVectorStoreDefaults>;

/**
 * Aurora PostgreSQL Serverless v2 for pgvector: encrypted with the customer-managed
 * key, master password managed in Secrets Manager, IAM database authentication,
 * private subnets only, PostgreSQL logs exported to an encrypted log group,
 * deletion protection and a final snapshot outside dev.
 */
export class AwsAuroraVectorStore extends Construct implements IVectorStore {
  public readonly engine = "postgres-pgvector" as const;
  /** The service behind the portable engine name. */
  public readonly service = "aurora-postgresql-serverless-v2" as const;
  public readonly cluster: RdsCluster;
  public readonly clusterIdentifier: string;
  public readonly endpoint: string;
  public readonly readerEndpoint: string;
  public readonly databaseName = "vectors";
  /** The database user roles connect as with IAM authentication. */
  public readonly iamDatabaseUser = "llmops_app";
  public readonly dimensions: number;
  public readonly minCapacity: number;
  public readonly maxCapacity: number;
  public readonly instances: number;
  public readonly backupRetentionDays: number;
  public readonly deletionProtection: boolean;
  public readonly preventDestroy: boolean;
  public readonly logRetentionDays: number;
  private readonly account: AccountInfo;
  private readonly grants = new Grants(this);

  /** What the store uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): AwsAuroraVectorStoreDefaults {
    const protection = resolveProtection(tier, {});
    return {
      dimensions: DEFAULT_VECTOR_DIMENSIONS,
      minCapacity: perTier(tier, { dev: 0, staging: 0.5, prod: 2 }),
      maxCapacity: perTier(tier, { dev: 4, staging: 16, prod: 64 }),
      instances: perTier(tier, { dev: 1, staging: 1, prod: 2 }),
      backupRetentionDays: perTier(tier, { dev: 1, staging: 7, prod: 30 }),
      deletionProtection: protection.deletionProtection,
      preventDestroy: protection.preventDestroy,
      logRetentionDays: LOG_RETENTION_BY_TIER[tier],
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: AwsAuroraVectorStoreSettings): readonly ValidationProblem[] {
    const checks = new Checks();
    checks.number("minCapacity", settings.minCapacity, 0, 256, "Aurora Serverless v2 (ACUs)", 0.5);
    checks.number("maxCapacity", settings.maxCapacity, 1, 256, "Aurora Serverless v2 (ACUs)", 0.5);
    const { minCapacity: min, maxCapacity: max } = settings;
    if (min !== undefined && max !== undefined && !isUnknown(min) && !isUnknown(max) && min > max) checks.add("minCapacity", min, `must not exceed maxCapacity (got ${min} > ${max})`);
    checks.int("instances", settings.instances, 1, 16, "An Aurora cluster (instances)");
    checks.int("backupRetentionDays", settings.backupRetentionDays, 1, 35, "Aurora backup retention (days)");
    checkDimensions(checks, settings.dimensions);
    checkLogRetention(checks, "logRetentionDays", settings.logRetentionDays);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AwsAuroraVectorStoreProps) {
    super(scope, id);
    markComponent(this, "vector-store");
    const tier = props.environment.tier;
    const defaults = AwsAuroraVectorStore.defaults(tier);
    this.dimensions = props.dimensions ?? defaults.dimensions;
    this.minCapacity = props.minCapacity ?? defaults.minCapacity;
    this.maxCapacity = props.maxCapacity ?? Math.max(defaults.maxCapacity, this.minCapacity);
    this.instances = props.instances ?? defaults.instances;
    this.backupRetentionDays = props.backupRetentionDays ?? defaults.backupRetentionDays;
    this.deletionProtection = props.deletionProtection ?? defaults.deletionProtection;
    this.preventDestroy = props.preventDestroy ?? defaults.preventDestroy;
    this.logRetentionDays = props.logRetentionDays ?? defaults.logRetentionDays;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    const clusterId = namer.name("rds-cluster", "environment.name", "vectors");
    const subnetGroupName = namer.name("db-subnet-group", "environment.name", "vectors");
    const instanceIds = Array.from({ length: Math.max(0, Math.min(this.instances, 16)) }, (_, i) => namer.name("rds-cluster", "environment.name", "vectors", String(i + 1)));
    problems.addAll(namer.found);
    problems.addAll(AwsAuroraVectorStore.validate(this));
    if (!isUnknown(props.subnetIds) && props.subnetIds.length < 2) problems.add("subnetIds", `a DB subnet group needs subnets in at least two zones (got ${props.subnetIds.length})`);
    problems.throwIfAny(`AwsAuroraVectorStore ${this.node.path}`);
    this.clusterIdentifier = clusterId;

    const base = `${props.environment.name}-${tier}`;
    this.account = new AccountInfo(this, "account");
    const sg = new SecurityGroup(this, "sg", {
      name: `${base}-vectors-db`,
      description: "PostgreSQL from clients to the vector database",
      vpcId: props.vpcId,
      ingress: [{ description: "PostgreSQL from clients", protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [...props.clientCidrs] }],
      egress: [],
      tags: { Name: `${base}-vectors-db` },
    });
    const subnetGroup = new DbSubnetGroup(this, "subnet-group", { name: subnetGroupName, subnetIds: [...props.subnetIds], description: `Private subnets of ${base}` });
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/rds/cluster/${clusterId}/postgresql`,
      retentionInDays: this.logRetentionDays,
      kmsKeyId: props.encryptionKey.keyId,
    });
    this.cluster = keep(
      new RdsCluster(this, "cluster", {
        clusterIdentifier: clusterId,
        engine: "aurora-postgresql",
        engineMode: "provisioned",
        engineVersion: AURORA_POSTGRES_VERSION,
        databaseName: this.databaseName,
        masterUsername: "llmops_admin",
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: props.encryptionKey.keyId,
        storageEncrypted: true,
        kmsKeyId: props.encryptionKey.keyId,
        iamDatabaseAuthenticationEnabled: true,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [sg.id],
        serverlessv2ScalingConfiguration: {
          minCapacity: this.minCapacity,
          maxCapacity: this.maxCapacity,
          secondsUntilAutoPause: this.minCapacity === 0 ? 900 : undefined,
        },
        backupRetentionPeriod: this.backupRetentionDays,
        preferredBackupWindow: "02:00-03:00",
        copyTagsToSnapshot: true,
        deletionProtection: this.deletionProtection,
        skipFinalSnapshot: tier === "dev",
        finalSnapshotIdentifier: tier === "dev" ? undefined : `${clusterId}-final`,
        enabledCloudwatchLogsExports: ["postgresql"],
        dependsOn: [logGroup],
        // RDS applies minor versions itself (auto_minor_version_upgrade); a pinned minor would then look like a downgrade.
        lifecycle: { ignoreChanges: ["engine_version"] },
      }),
      this.preventDestroy,
    );
    for (let i = 0; i < this.instances; i++) {
      new RdsClusterInstance(this, `instance-${i}`, {
        identifier: instanceIds[i],
        clusterIdentifier: this.cluster.id,
        engine: "aurora-postgresql",
        engineVersion: AURORA_POSTGRES_VERSION,
        instanceClass: "db.serverless",
        publiclyAccessible: false,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.encryptionKey.keyId,
        autoMinorVersionUpgrade: true,
        promotionTier: i,
        lifecycle: { ignoreChanges: ["engine_version"] },
      });
    }
    this.endpoint = this.cluster.endpoint;
    this.readerEndpoint = this.cluster.readerEndpoint;
  }

  /** Lets the role connect as {@link iamDatabaseUser} with IAM authentication (grant the user rights in SQL). */
  public grantReadWrite(role: IRole): Grant {
    return this.grants.attach(role, { name: `${this.clusterIdentifier}-connect` }, {
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: this.account.arn("rds-db", `dbuser:${this.cluster.clusterResourceId}/${this.iamDatabaseUser}`),
    });
  }
}
