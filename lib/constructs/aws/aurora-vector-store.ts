import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "../../cdk";
import { ProblemCollector, show } from "../../errors";
import { Namer } from "../../naming";
import { markComponent, resolveProtection, type Grant, type IRole, type IVectorStore } from "../common";
import { AccountInfo } from "./private/account";
import { Grants } from "./private/grants";
import { LOG_RETENTION_BY_TIER, checkRetention } from "./private/logs";
import { keep } from "./private/stateful";
import { checkDimensions, type AwsVectorStoreBaseProps } from "./vector-store-props";

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

/**
 * Aurora PostgreSQL Serverless v2 for pgvector: encrypted with the customer-managed
 * key, master password managed in Secrets Manager, IAM database authentication,
 * private subnets only, PostgreSQL logs exported to an encrypted log group,
 * deletion protection and a final snapshot outside dev.
 */
export class AwsAuroraVectorStore extends Construct implements IVectorStore {
  public readonly engine = "aurora-pgvector" as const;
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

  constructor(scope: Construct, id: string, props: AwsAuroraVectorStoreProps) {
    super(scope, id);
    markComponent(this, "vector-store");
    const tier = props.environment.tier;
    this.dimensions = props.dimensions ?? 1024;
    this.minCapacity = props.minCapacity ?? { dev: 0, staging: 0.5, prod: 2 }[tier];
    this.maxCapacity = props.maxCapacity ?? Math.max({ dev: 4, staging: 16, prod: 64 }[tier], this.minCapacity);
    this.instances = props.instances ?? (tier === "prod" ? 2 : 1);
    this.backupRetentionDays = props.backupRetentionDays ?? { dev: 1, staging: 7, prod: 30 }[tier];
    const protection = resolveProtection(tier, props);
    this.deletionProtection = protection.deletionProtection;
    this.preventDestroy = protection.preventDestroy;
    this.logRetentionDays = props.logRetentionDays ?? LOG_RETENTION_BY_TIER[tier];

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    const clusterId = namer.name("rds-cluster", "environment.name", "vectors");
    const subnetGroupName = namer.name("db-subnet-group", "environment.name", "vectors");
    const instanceIds = Array.from({ length: Math.max(0, Math.min(this.instances, 16)) }, (_, i) => namer.name("rds-cluster", "environment.name", "vectors", String(i + 1)));
    problems.addAll(namer.found);
    const acu = (path: string, v: number, lo: number) => {
      if (v < lo || v > 256 || v % 0.5 !== 0) problems.add(path, `Aurora Serverless v2 takes ${lo} to 256 ACUs in steps of 0.5 (got ${show(v)})`);
    };
    acu("minCapacity", this.minCapacity, 0);
    acu("maxCapacity", this.maxCapacity, 1);
    if (this.minCapacity > this.maxCapacity) problems.add("minCapacity", `must not exceed maxCapacity (got ${this.minCapacity} > ${this.maxCapacity})`);
    if (!Number.isInteger(this.instances) || this.instances < 1 || this.instances > 16) problems.add("instances", `an Aurora cluster takes 1 to 16 instances (got ${show(this.instances)})`);
    if (!Number.isInteger(this.backupRetentionDays) || this.backupRetentionDays < 1 || this.backupRetentionDays > 35) problems.add("backupRetentionDays", `Aurora keeps 1 to 35 days of backups (got ${show(this.backupRetentionDays)})`);
    if (props.subnetIds.length < 2) problems.add("subnetIds", `a DB subnet group needs subnets in at least two zones (got ${props.subnetIds.length})`);
    checkDimensions(problems, this.dimensions);
    checkRetention(problems, "logRetentionDays", this.logRetentionDays);
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
      kmsKeyId: props.encryptionKey.keyArn,
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
        masterUserSecretKmsKeyId: props.encryptionKey.keyArn,
        storageEncrypted: true,
        kmsKeyId: props.encryptionKey.keyArn,
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
        performanceInsightsKmsKeyId: props.encryptionKey.keyArn,
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
