import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FsxDataRepositoryAssociation } from "@cdktf/provider-aws/lib/fsx-data-repository-association";
import { FsxLustreFileSystem } from "@cdktf/provider-aws/lib/fsx-lustre-file-system";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "../../cdk";
import { movedFromPrevious } from "../private/previous-address";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { markComponent, resolveProtection, type EnvironmentIdentity, type IEncryptionKey } from "../common";
import { LUSTRE_THROUGHPUTS, lustreCapacityProblem } from "./private/lustre";
import { LOG_RETENTION_BY_TIER, checkLogRetention } from "./private/logs";
import { Checks, isUnknown } from "../private/checks";
import { s3PrefixProblem } from "./private/s3";
import { perTier, type Tier } from "../../util/tier";
import { keep } from "./private/stateful";
import { stableId, stableKey } from "../private/stable-id";

export { LUSTRE_THROUGHPUTS, lustreCapacityProblem };

/** Props of {@link AwsLustreFileSystem}. */
export interface AwsLustreFileSystemProps {
  /** The environment; names and tier defaults come from it. */
  readonly environment: EnvironmentIdentity;
  /** VPC of the file system. */
  readonly vpcId: string;
  /** The one subnet (zone) the file system lives in: put training nodes in the same zone. */
  readonly subnetId: string;
  /** CIDR blocks of Lustre clients (TCP 988 and 1018-1023). */
  readonly clientCidrs: readonly string[];
  /** Customer-managed key for data at rest. */
  readonly encryptionKey: IEncryptionKey;
  /** Storage capacity, GiB: 1200, 2400 or a multiple of 2400. @default - 1200 dev, 2400 staging, 4800 prod */
  readonly capacityGiB?: number;
  /** Throughput per TiB, MB/s: 125, 250, 500 or 1000. @default - 125 dev, 250 otherwise */
  readonly throughputMBpsPerTiB?: number;
  /** Enable EFA for the file system: changes the capacity steps, adds automatic metadata and all-traffic rules between file servers. @default false */
  readonly efaEnabled?: boolean;
  /** Days of daily automatic backups, 0-90; 0 turns them off. @default - 0 dev, 7 staging, 30 prod */
  readonly backupRetentionDays?: number;
  /** S3 location linked into the file system; new and changed objects import automatically. @default - none */
  readonly dataRepository?: { readonly bucketName: string; readonly prefix: string; readonly fileSystemPath?: string };
  /** Days Lustre logs are kept. @default - 14 dev, 90 staging, 365 prod */
  readonly logRetentionDays?: number;
  /** Put `lifecycle.prevent_destroy` on the file system. @default - on in prod */
  readonly preventDestroy?: boolean;
}

/** What {@link AwsLustreFileSystem} uses for props left unset. */
export interface AwsLustreFileSystemDefaults {
  readonly capacityGiB: number;
  readonly throughputMBpsPerTiB: number;
  readonly efaEnabled: boolean;
  readonly backupRetentionDays: number;
  readonly logRetentionDays: number;
  readonly preventDestroy: boolean;
}

/** The props {@link AwsLustreFileSystem.validate} checks. */
export type AwsLustreFileSystemSettings = Partial<
  Pick<AwsLustreFileSystemProps, "capacityGiB" | "throughputMBpsPerTiB" | "efaEnabled" | "backupRetentionDays" | "logRetentionDays" | "dataRepository">
>;

/**
 * FSx for Lustre PERSISTENT_2, Lustre 2.15, encrypted with the customer-managed key,
 * with a security group for Lustre clients, logs to an encrypted log group, daily
 * backups outside dev, a final backup on delete outside dev, and an optional data
 * repository association to an S3 prefix.
 */
export class AwsLustreFileSystem extends Construct {
  public readonly fileSystem: FsxLustreFileSystem;
  public readonly fileSystemId: string;
  public readonly dnsName: string;
  public readonly mountName: string;
  public readonly securityGroupId: string;
  public readonly capacityGiB: number;
  public readonly throughputMBpsPerTiB: number;
  public readonly efaEnabled: boolean;
  public readonly backupRetentionDays: number;
  public readonly logRetentionDays: number;
  public readonly preventDestroy: boolean;
  private readonly clients = new Set<string>();

  /** What the file system uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): AwsLustreFileSystemDefaults {
    return {
      capacityGiB: perTier(tier, { dev: 1200, staging: 2400, prod: 4800 }),
      throughputMBpsPerTiB: perTier(tier, { dev: 125, staging: 250, prod: 250 }),
      efaEnabled: false,
      backupRetentionDays: perTier(tier, { dev: 0, staging: 7, prod: 30 }),
      logRetentionDays: LOG_RETENTION_BY_TIER[tier],
      preventDestroy: resolveProtection(tier, {}).preventDestroy,
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: AwsLustreFileSystemSettings): readonly ValidationProblem[] {
    const checks = new Checks();
    const throughput = settings.throughputMBpsPerTiB;
    checks.oneOf("throughputMBpsPerTiB", throughput, LUSTRE_THROUGHPUTS, "FSx for Lustre PERSISTENT_2 (MB/s per TiB)");
    if (throughput !== undefined && !isUnknown(throughput) && (LUSTRE_THROUGHPUTS as readonly number[]).includes(throughput)) {
      checks.check("capacityGiB", settings.capacityGiB, (c) => lustreCapacityProblem(c, throughput, settings.efaEnabled ?? false));
    }
    checks.int("backupRetentionDays", settings.backupRetentionDays, 0, 90, "FSx automatic backup retention (days)");
    checkLogRetention(checks, "logRetentionDays", settings.logRetentionDays);
    checks.check("dataRepository.prefix", settings.dataRepository?.prefix, s3PrefixProblem);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AwsLustreFileSystemProps) {
    super(scope, id);
    markComponent(this, "shared-storage");
    const tier = props.environment.tier;
    const defaults = AwsLustreFileSystem.defaults(tier);
    this.capacityGiB = props.capacityGiB ?? defaults.capacityGiB;
    this.throughputMBpsPerTiB = props.throughputMBpsPerTiB ?? defaults.throughputMBpsPerTiB;
    this.efaEnabled = props.efaEnabled ?? defaults.efaEnabled;
    this.backupRetentionDays = props.backupRetentionDays ?? defaults.backupRetentionDays;
    this.logRetentionDays = props.logRetentionDays ?? defaults.logRetentionDays;
    this.preventDestroy = props.preventDestroy ?? defaults.preventDestroy;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    problems.addAll(AwsLustreFileSystem.validate({ ...this, dataRepository: props.dataRepository }));
    const base = `${props.environment.name}-${tier}`;
    const logGroupName = namer.given("log-group", "environment.name", `/aws/fsx/${base}-lustre`);
    problems.addAll(namer.found);
    problems.throwIfAny(`AwsLustreFileSystem ${this.node.path}`);

    const lustrePorts = [
      { fromPort: 988, toPort: 988 },
      { fromPort: 1018, toPort: 1023 },
    ];
    const sg = new SecurityGroup(this, "sg", {
      name: `${base}-lustre`,
      description: "Lustre traffic between the file system and its clients",
      vpcId: props.vpcId,
      ingress: [
        ...lustrePorts.flatMap((p) => [
          { description: "Lustre from clients", protocol: "tcp", ...p, cidrBlocks: [...props.clientCidrs] },
          { description: "Lustre between file servers", protocol: "tcp", ...p, selfAttribute: true },
        ]),
        ...(this.efaEnabled ? [{ description: "EFA between file servers (all traffic)", protocol: "-1", fromPort: 0, toPort: 0, selfAttribute: true }] : []),
      ],
      egress: [
        ...lustrePorts.map((p) => ({ description: "Lustre replies and peers", protocol: "tcp", ...p, cidrBlocks: [...props.clientCidrs] })),
        ...(this.efaEnabled ? [{ description: "EFA between file servers (all traffic)", protocol: "-1", fromPort: 0, toPort: 0, selfAttribute: true }] : []),
      ],
      tags: { Name: `${base}-lustre` },
    });
    this.securityGroupId = sg.id;
    const logGroup = new CloudwatchLogGroup(this, "log-group", { name: logGroupName, retentionInDays: this.logRetentionDays, kmsKeyId: props.encryptionKey.keyId });

    this.fileSystem = keep(
      new FsxLustreFileSystem(this, "file-system", {
        deploymentType: "PERSISTENT_2",
        fileSystemTypeVersion: "2.15",
        storageType: "SSD",
        storageCapacity: this.capacityGiB,
        perUnitStorageThroughput: this.throughputMBpsPerTiB,
        efaEnabled: this.efaEnabled || undefined,
        metadataConfiguration: this.efaEnabled ? { mode: "AUTOMATIC" } : undefined,
        subnetIds: [props.subnetId],
        securityGroupIds: [sg.id],
        kmsKeyId: props.encryptionKey.keyId,
        dataCompressionType: "LZ4",
        automaticBackupRetentionDays: this.backupRetentionDays,
        dailyAutomaticBackupStartTime: this.backupRetentionDays > 0 ? "03:00" : undefined,
        copyTagsToBackups: true,
        skipFinalBackup: tier === "dev",
        weeklyMaintenanceStartTime: "7:04:00",
        logConfiguration: { destination: logGroup.arn, level: "WARN_ERROR" },
        tags: { Name: `${base}-lustre` },
      }),
      this.preventDestroy,
    );
    this.fileSystemId = this.fileSystem.id;
    this.dnsName = this.fileSystem.dnsName;
    this.mountName = this.fileSystem.mountName;

    if (props.dataRepository) {
      const prefix = props.dataRepository.prefix.replace(/^\/+/, "");
      new FsxDataRepositoryAssociation(this, "data-repository", {
        fileSystemId: this.fileSystem.id,
        fileSystemPath: props.dataRepository.fileSystemPath ?? "/datasets",
        dataRepositoryPath: `s3://${props.dataRepository.bucketName}/${prefix}`,
        batchImportMetaDataOnCreate: true,
        importedFileChunkSize: 1024,
        s3: { autoImportPolicy: { events: ["NEW", "CHANGED", "DELETED"] } },
      });
    }
  }

  /**
   * Lets Lustre clients in `securityGroupId` (e.g. the EKS cluster security group)
   * accept the file servers' connections: Lustre clients listen on 988 and 1018-1023 too.
   */
  public allowClients(securityGroupId: string): void {
    // Keyed by the client group (a token by the expression it resolves to), not by call order.
    const key = stableKey(this, securityGroupId);
    const problems = new ProblemCollector();
    if (this.clients.has(key)) problems.add("allowClients", `clients in ${show(key)} are already allowed: allow each security group once`);
    problems.throwIfAny(`AwsLustreFileSystem ${this.node.path}`);
    this.clients.add(key);
    const id = stableId("client", key, securityGroupId);
    const call = this.clients.size - 1;
    for (const [i, ports] of [
      [988, 988],
      [1018, 1023],
    ].entries()) {
      const rule = new VpcSecurityGroupIngressRule(this, `${id}-${ports[0]}`, {
        securityGroupId,
        referencedSecurityGroupId: this.securityGroupId,
        ipProtocol: "tcp",
        fromPort: ports[0],
        toPort: ports[1],
        description: "Lustre from the file servers",
      });
      movedFromPrevious(rule, `client-${call}-${i}`);
    }
  }
}
