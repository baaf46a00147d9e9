import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import { Construct, Fn } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity, type Grant, type IPrincipal, type IVectorStore } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { stableId, stableKey } from "../private/stable-id";
import { keep } from "../private/stateful";
import type { IGcpEncryptionKey } from "./encryption-key";
import type { IGcpPrivateServicesNetwork } from "./network";
import { checkLabels } from "./private/labels";
import { PGVECTOR_MAX_DIMENSIONS, SQL_DATABASE_NAME, SQL_EDITION, SQL_LOG_RETENTION_DAYS, SQL_MIN_DISK_GB, SQL_POSTGRES_VERSION, checkCustomTier } from "./private/sql";

/** Project roles a grant gives: connect through the Cloud SQL connectors, and log in with IAM database authentication. */
export const SQL_GRANT_ROLES = ["roles/cloudsql.client", "roles/cloudsql.instanceUser"] as const;

/** Props of {@link GcpPostgresVectorStore}. */
export interface GcpPostgresVectorStoreProps {
  /** The environment; the instance is named `<name>-<tier>-vectors`. */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the instance. */
  readonly project: string;
  /** The instance's region, the same as the key's. */
  readonly region: string;
  /** The VPC the instance gets its private IP in, and the private services access peering it waits for. */
  readonly network: IGcpPrivateServicesNetwork;
  /** Customer-managed key for the instance's disk and backups; the instance waits for the Cloud SQL agent's grant. */
  readonly encryptionKey: IGcpEncryptionKey;
  /** Embedding dimensions clients store (`vector(n)` columns; HNSW indexes take up to 2,000). @default 1024 */
  readonly dimensions?: number;
  /** Cloud SQL Enterprise custom machine, `db-custom-<vCPUs>-<MB>`. @default - db-custom-1-3840 dev, db-custom-2-7680 staging, db-custom-4-16384 prod */
  readonly machineType?: string;
  /** SSD data disk, GB, at least 10; it grows automatically and Terraform ignores the growth. @default - 10 dev, 20 staging, 50 prod */
  readonly diskSizeGb?: number;
  /** Regional high availability (a standby in another zone); needs point-in-time recovery. @default - on in prod */
  readonly highAvailability?: boolean;
  /** Automated daily backups kept, 1-365. @default - 7 dev, 14 staging, 30 prod */
  readonly retainedBackups?: number;
  /** Point-in-time recovery (write-ahead logs kept beside the backups). @default - off in dev, on otherwise */
  readonly pointInTimeRecovery?: boolean;
  /** Days of transaction logs for point-in-time recovery, 1-7 on ENTERPRISE. @default 7 */
  readonly transactionLogRetentionDays?: number;
  /** Name of the database created for vectors. @default "vectors" */
  readonly databaseName?: string;
  /** Labels of the instance (`settings.user_labels`, which provider default labels do not reach). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Deletion protection in Terraform and in the Cloud SQL API; backups kept after the instance is deleted. @default - on outside dev */
  readonly deletionProtection?: boolean;
  /** Put `lifecycle.prevent_destroy` on the instance and its database. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<GcpPostgresVectorStoreProps, "dimensions" | "machineType" | "diskSizeGb" | "highAvailability" | "retainedBackups" | "pointInTimeRecovery" | "transactionLogRetentionDays" | "databaseName" | "labels">;

/**
 * Cloud SQL for PostgreSQL 16 as a pgvector store: private IP only in the VPC (after
 * the private services access peering), TLS required, the disk and backups encrypted
 * with the key (after the Cloud SQL agent's grant), daily backups and point-in-time
 * recovery by tier, regional high availability in prod, IAM database authentication,
 * deletion protection by tier. The edition is ENTERPRISE, written explicitly with a
 * `db-custom-*` machine: PostgreSQL 16 would otherwise default to ENTERPRISE_PLUS,
 * which rejects those machines.
 *
 * After the first apply, connect as a built-in admin and run `CREATE EXTENSION vector;`
 * in the database, and `GRANT` the IAM users their tables: Terraform cannot run SQL.
 * Cloud SQL keeps a deleted instance's name for up to a week.
 */
export class GcpPostgresVectorStore extends Construct implements IVectorStore {
  public readonly engine = "postgres-pgvector" as const;
  /** The service behind the portable engine name. */
  public readonly service = "cloud-sql-postgresql" as const;
  public readonly instance: SqlDatabaseInstance;
  public readonly database: SqlDatabase;
  /** The instance's private IP address: clients connect to it on 5432 with TLS. */
  public readonly endpoint: string;
  /** `<project>:<region>:<instance>`, what the Cloud SQL connectors and Auth Proxy take. */
  public readonly connectionName: string;
  public readonly instanceName: string;
  public readonly databaseName: string;
  public readonly dimensions: number;
  public readonly edition = SQL_EDITION;
  public readonly machineType: string;
  public readonly diskSizeGb: number;
  public readonly highAvailability: boolean;
  public readonly retainedBackups: number;
  public readonly pointInTimeRecovery: boolean;
  public readonly transactionLogRetentionDays: number;
  public readonly deletionProtection: boolean;
  public readonly preventDestroy: boolean;
  public readonly labels: Readonly<Record<string, string>>;
  private readonly project: string;
  private readonly granted = new Set<string>();

  /** What the store uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): Required<Omit<Settings, "labels">> & { readonly deletionProtection: boolean; readonly preventDestroy: boolean } {
    return {
      dimensions: 1024,
      machineType: perTier(tier, { dev: "db-custom-1-3840", staging: "db-custom-2-7680", prod: "db-custom-4-16384" }),
      diskSizeGb: perTier(tier, { dev: 10, staging: 20, prod: 50 }),
      highAvailability: tier === "prod",
      retainedBackups: perTier(tier, { dev: 7, staging: 14, prod: 30 }),
      pointInTimeRecovery: tier !== "dev",
      transactionLogRetentionDays: SQL_LOG_RETENTION_DAYS.max,
      databaseName: "vectors",
      ...resolveProtection(tier, {}),
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .int("dimensions", settings.dimensions, 1, PGVECTOR_MAX_DIMENSIONS, "A pgvector column (dimensions)")
      .check("machineType", settings.machineType, checkCustomTier)
      .int("diskSizeGb", settings.diskSizeGb, SQL_MIN_DISK_GB, 65536, "A Cloud SQL SSD data disk (GB)")
      .int("retainedBackups", settings.retainedBackups, 1, 365, "Cloud SQL automated backups kept")
      .int("transactionLogRetentionDays", settings.transactionLogRetentionDays, SQL_LOG_RETENTION_DAYS.min, SQL_LOG_RETENTION_DAYS.max, `Point-in-time recovery on Cloud SQL ${SQL_EDITION} (days of transaction logs)`)
      .check("databaseName", settings.databaseName, (n) => (SQL_DATABASE_NAME.test(n) ? undefined : `takes a lowercase PostgreSQL identifier: letters, digits and underscores, not starting with a digit, at most 63 (got ${show(n)})`));
    if (settings.highAvailability === true && settings.pointInTimeRecovery === false) {
      checks.add("pointInTimeRecovery", false, "regional high availability on PostgreSQL needs point-in-time recovery (provider doc, `availability_type`) (got false); turn it on or highAvailability off");
    }
    checkLabels(checks, "labels", settings.labels);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: GcpPostgresVectorStoreProps) {
    super(scope, id);
    markComponent(this, "vector-store");
    const d = GcpPostgresVectorStore.defaults(props.environment.tier);
    this.dimensions = props.dimensions ?? d.dimensions;
    this.machineType = props.machineType ?? d.machineType;
    this.diskSizeGb = props.diskSizeGb ?? d.diskSizeGb;
    this.highAvailability = props.highAvailability ?? d.highAvailability;
    this.retainedBackups = props.retainedBackups ?? d.retainedBackups;
    this.pointInTimeRecovery = props.pointInTimeRecovery ?? d.pointInTimeRecovery;
    this.transactionLogRetentionDays = props.transactionLogRetentionDays ?? d.transactionLogRetentionDays;
    this.databaseName = props.databaseName ?? d.databaseName;
    this.deletionProtection = props.deletionProtection ?? d.deletionProtection;
    this.preventDestroy = props.preventDestroy ?? d.preventDestroy;
    this.labels = props.labels ?? {};
    this.project = props.project;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.instanceName = namer.name("cloud-sql-instance", "environment.name", "vectors");
    problems.addAll(namer.found);
    if (!isUnknown(props.project) && !isUnknown(this.instanceName) && props.project.length + 1 + this.instanceName.length > 98) {
      problems.add("environment.name", `Cloud SQL takes at most 98 characters for "<project>:<instance>" (got ${show(`${props.project}:${this.instanceName}`)}); shorten the environment name`);
    }
    problems.addAll(GcpPostgresVectorStore.validate(this));
    const keyLocation = props.encryptionKey.location;
    if (!isUnknown(keyLocation) && !isUnknown(props.region) && keyLocation !== props.region) {
      problems.add("encryptionKey", `Cloud SQL in ${show(props.region)} takes a key in the same region (got a key in ${show(keyLocation)})`);
    }
    problems.throwIfAny(`GcpPostgresVectorStore ${this.node.path}`);

    this.instance = keep(
      new SqlDatabaseInstance(this, "instance", {
        project: props.project,
        name: this.instanceName,
        region: props.region,
        databaseVersion: SQL_POSTGRES_VERSION,
        encryptionKeyName: props.encryptionKey.keyId,
        deletionProtection: this.deletionProtection,
        settings: {
          edition: SQL_EDITION,
          tier: this.machineType,
          availabilityType: this.highAvailability ? "REGIONAL" : "ZONAL",
          diskType: "PD_SSD",
          diskSize: this.diskSizeGb,
          diskAutoresize: true,
          deletionProtectionEnabled: this.deletionProtection,
          retainBackupsOnDelete: this.deletionProtection,
          ipConfiguration: { ipv4Enabled: false, privateNetwork: props.network.networkId, sslMode: "ENCRYPTED_ONLY" },
          backupConfiguration: {
            enabled: true,
            pointInTimeRecoveryEnabled: this.pointInTimeRecovery,
            transactionLogRetentionDays: this.pointInTimeRecovery ? this.transactionLogRetentionDays : undefined,
            backupRetentionSettings: { retainedBackups: this.retainedBackups, retentionUnit: "COUNT" },
          },
          databaseFlags: [{ name: "cloudsql.iam_authentication", value: "on" }],
          insightsConfig: { queryInsightsEnabled: true },
          userLabels: Object.keys(this.labels).length > 0 ? { ...this.labels } : undefined,
        },
        // An explicit disk size would shrink the disk back after it grew (provider doc, `disk_size`).
        lifecycle: { ignoreChanges: ["settings[0].disk_size"] },
        // Private IP needs the peering; CMEK needs the Cloud SQL agent's grant.
        dependsOn: [props.network.privateServicesConnection, ...props.encryptionKey.dependablesFor("cloud-sql")],
      }),
      this.preventDestroy,
    );
    // Dropping the database loses the vectors as surely as deleting the instance (a renamed id would).
    this.database = keep(new SqlDatabase(this, "database", { project: props.project, instance: this.instance.name, name: this.databaseName }), this.preventDestroy);
    this.endpoint = this.instance.privateIpAddress;
    this.connectionName = this.instance.connectionName;
  }

  /**
   * Lets the principal connect (`roles/cloudsql.client`) and log in with IAM database
   * authentication (`roles/cloudsql.instanceUser`), and creates its IAM database user
   * (service accounts, users and groups). Table rights are SQL `GRANT`s, after apply.
   */
  public grantReadWrite(principal: IPrincipal): Grant {
    const problems = new ProblemCollector();
    const id = principal.principalId;
    const key = stableKey(this, id);
    const user = sqlUserOf(id);
    if (this.granted.has(key)) problems.add("grantReadWrite", `${show(key)} already has access to ${show(this.instanceName)}: grant it once`);
    if (!user) problems.add("grantReadWrite", `Cloud SQL IAM users are service accounts, users or groups (got ${show(id)})`);
    problems.throwIfAny(`GcpPostgresVectorStore ${this.node.path}`);
    this.granted.add(key);
    const member = user?.member as string;
    // Keyed by (principal, role), never by call order: other grants keep their addresses.
    const roles = SQL_GRANT_ROLES.map(
      (role) => new ProjectIamMember(this, stableId("grant", JSON.stringify([key, role]), role.replace("roles/cloudsql.", "")), { project: this.project, role, member }),
    );
    const sqlUser = new SqlUser(this, stableId("user", key), {
      project: this.project,
      instance: this.instance.name,
      name: user?.name as string,
      type: user?.type,
      // PostgreSQL users who were granted rights cannot be dropped through the API (provider doc, `deletion_policy`).
      deletionPolicy: "ABANDON",
      dependsOn: roles,
    });
    return { policy: roles[1], dependables: [...roles, sqlUser] };
  }
}

/** The IAM member, Cloud SQL user name and type of a principal; undefined for kinds Cloud SQL cannot log in. */
function sqlUserOf(principalId: string): { member: string; name: string; type: string } | undefined {
  if (isUnknown(principalId)) {
    // A reference, e.g. a service account's email: the common case of pod identities.
    return { member: `serviceAccount:${principalId}`, name: Fn.trimsuffix(principalId, ".gserviceaccount.com"), type: "CLOUD_IAM_SERVICE_ACCOUNT" };
  }
  const m = /^(?:([a-zA-Z]+):)?(.+)$/.exec(principalId) as RegExpExecArray;
  const kind = m[1] ?? "serviceAccount";
  const email = m[2];
  // For PostgreSQL the service account's user name drops ".gserviceaccount.com" (provider doc, google_sql_user).
  if (kind === "serviceAccount") return { member: `serviceAccount:${email}`, name: email.replace(/\.gserviceaccount\.com$/, ""), type: "CLOUD_IAM_SERVICE_ACCOUNT" };
  if (kind === "user") return { member: `user:${email}`, name: email, type: "CLOUD_IAM_USER" };
  if (kind === "group") return { member: `group:${email}`, name: email, type: "CLOUD_IAM_GROUP" };
  return undefined;
}
