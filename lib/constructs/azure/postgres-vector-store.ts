import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerActiveDirectoryAdministrator } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-active-directory-administrator";
import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { roleWait } from "./private/roles";
import { linkZoneToRunners, runnerNetworksOf } from "./private/runner-reach";
import { Construct, type ITerraformDependable } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity, type Grant, type IPrincipal, type IVectorStore } from "../common";
import { Checks } from "../private/checks";
import { hash8, stableKey } from "../private/stable-id";
import { keep } from "../private/stateful";
import type { IAzureEncryptionKey, IAzureIdentity } from "./key-vault";

/** PostgreSQL major versions azurerm 4.55 accepts for flexible servers. */
export const POSTGRES_VERSIONS = ["11", "12", "13", "14", "15", "16", "17", "18"] as const;
/** Storage sizes (MB) azurerm 4.55 accepts; scaling down forces a new server. */
export const POSTGRES_STORAGE_MB = [32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408] as const;

/** An Entra ID principal that administers the server. */
export interface AzurePostgresEntraAdmin {
  /** Object id of the user, group or service principal. */
  readonly objectId: string;
  /** Its name as PostgreSQL sees it (the group's or user's display name, or the identity's name). */
  readonly principalName: string;
  /** What the principal is. */
  readonly principalType: "Group" | "ServicePrincipal" | "User";
}

/** Props of {@link AzurePostgresVectorStore}. */
export interface AzurePostgresVectorStoreProps {
  /** The environment; the server is named `<name>-<tier>-pg`. */
  readonly environment: EnvironmentIdentity;
  /** The resource group the server goes in. */
  readonly resourceGroupName: string;
  /** The Azure region (the key's vault must be in the same region). */
  readonly location: string;
  /** ARM id of an empty subnet delegated to `Microsoft.DBforPostgreSQL/flexibleServers` (`AzureNetwork.postgresSubnet.id`). */
  readonly delegatedSubnetId: string;
  /** What the delegated subnet's outbound path needs in place (the server reaches Azure Storage and Entra ID), e.g. `AzureNetwork.postgresEgress`: the server waits for it. @default [] */
  readonly subnetDependables?: readonly ITerraformDependable[];
  /** ARM id of the VNet: the server's private DNS zone is linked to it before the server is made. */
  readonly virtualNetworkId: string;
  /** ARM ids of further VNets the server's private DNS zone is linked to (the Terraform runner's, peered with the VNet), so clients there resolve the server. @default [] */
  readonly runnerVirtualNetworkIds?: readonly string[];
  /** Customer-managed key (set at creation only: it cannot be added later). */
  readonly encryptionKey: IAzureEncryptionKey;
  /** User-assigned identity the server reads the key as (granted encrypt/decrypt on it here). */
  readonly keyIdentity: IAzureIdentity;
  /** The Entra ID administrator (password authentication is off: this is the only way in until it creates roles). */
  readonly entraAdmin: AzurePostgresEntraAdmin;
  /** SKU, `<tier>_<size>`: `B_` burstable (no high availability), `GP_` general purpose, `MO_` memory optimized. @default - B_Standard_B1ms in dev, GP_Standard_D2ds_v5 in staging, GP_Standard_D4ds_v5 in prod */
  readonly skuName?: string;
  /** PostgreSQL major version. @default "16" */
  readonly version?: (typeof POSTGRES_VERSIONS)[number];
  /** Storage, MB (only the documented sizes; it can grow, never shrink). @default - 32768 in dev, 131072 otherwise */
  readonly storageMb?: number;
  /** Days backups are kept, 7-35. @default - 7 in dev, 14 in staging, 35 in prod */
  readonly backupRetentionDays?: number;
  /** Zone-redundant high availability (a standby in another zone; not on burstable SKUs). @default - on in prod */
  readonly highAvailability?: boolean;
  /** Availability zone of the primary. @default "1" */
  readonly zone?: string;
  /** Geo-redundant backups (set at creation only), encrypted with a key and identity in the paired region: the identity must differ from `keyIdentity`. @default - none */
  readonly geoBackup?: { readonly encryptionKey: IAzureEncryptionKey; readonly identity: IAzureIdentity };
  /** Embedding dimensions clients store (`vector(n)`; HNSW indexes take up to 2,000). @default 1024 */
  readonly dimensions?: number;
  /** Put `lifecycle.prevent_destroy` on the server and database. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<AzurePostgresVectorStoreProps, "skuName" | "version" | "storageMb" | "backupRetentionDays" | "highAvailability" | "zone" | "dimensions">;

/**
 * PostgreSQL flexible server with pgvector as a vector store: private access only
 * (VNet integration in a delegated subnet, its own private DNS zone
 * `<server>.private.postgres.database.azure.com` linked to the VNet first: private access
 * needs a zone ending in `.postgres.database.azure.com`; `privatelink.postgres.database.azure.com`
 * is the private endpoint mode's, for public-access servers), public network access off;
 * Entra ID authentication only (password off) with an Entra administrator; encrypted with
 * a customer-managed key through a user-assigned identity (set at creation: a server
 * cannot take one later); `azure.extensions = VECTOR` and a `vectors` database;
 * zone-redundant HA in prod (never on burstable SKUs), backups kept per tier and
 * geo-redundant when asked (creation only); Terraform ignores the zone swap after a failover.
 *
 * Access is SQL, not Terraform: {@link grantReadWrite} records a principal;
 * {@link principalSql} (`pgaadauth_create_principal_with_oid`, in the `postgres`
 * database) and {@link grantSql} (pgvector and `GRANT`s, in `vectors`) hold what the Entra
 * administrator runs after apply, e.g. from a job in the VNet (the values resolve in a
 * Terraform output).
 * Clients connect with an Entra token (`https://ossrdbms-aad.database.windows.net/.default`) as the role name.
 */
export class AzurePostgresVectorStore extends Construct implements IVectorStore {
  public readonly engine = "postgres-pgvector" as const;
  public readonly service = "azure-postgresql-flexible-server" as const;
  public readonly server: PostgresqlFlexibleServer;
  public readonly database: PostgresqlFlexibleServerDatabase;
  public readonly privateDnsZone: PrivateDnsZone;
  public readonly administrator: PostgresqlFlexibleServerActiveDirectoryAdministrator;
  public readonly serverName: string;
  public readonly databaseName = "vectors";
  /** The server's FQDN (resolves privately through the linked zone). */
  public readonly endpoint: string;
  public readonly dimensions: number;
  public readonly skuName: string;
  public readonly version: string;
  public readonly storageMb: number;
  public readonly backupRetentionDays: number;
  public readonly highAvailability: boolean;
  public readonly geoRedundantBackup: boolean;
  public readonly zone: string;
  public readonly preventDestroy: boolean;
  private readonly grants = new Map<string, { readonly principal: string; readonly rights: string }>();

  /** What the store uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): Required<Omit<Settings, never>> & { readonly preventDestroy: boolean } {
    return {
      skuName: perTier(tier, { dev: "B_Standard_B1ms", staging: "GP_Standard_D2ds_v5", prod: "GP_Standard_D4ds_v5" }),
      version: "16",
      storageMb: tier === "dev" ? 32768 : 131072,
      backupRetentionDays: perTier(tier, { dev: 7, staging: 14, prod: 35 }),
      highAvailability: tier === "prod",
      zone: "1",
      dimensions: 1024,
      preventDestroy: resolveProtection(tier, {}).preventDestroy,
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .check("skuName", settings.skuName, (s) => (/^(B|GP|MO)_Standard_\w+$/.test(s) ? undefined : `takes <tier>_<size>: B_Standard_B1ms, GP_Standard_D2ds_v5, MO_Standard_E4ds_v5 ... (got ${show(s)})`))
      .oneOf("version", settings.version, POSTGRES_VERSIONS, "The PostgreSQL version")
      .oneOf("storageMb", settings.storageMb, POSTGRES_STORAGE_MB, "Flexible server storage (MB)")
      .int("backupRetentionDays", settings.backupRetentionDays, 7, 35, "Backup retention (days)")
      .oneOf("zone", settings.zone, ["1", "2", "3"], "The availability zone")
      .int("dimensions", settings.dimensions, 1, 16000, "Embedding dimensions (pgvector `vector` columns)");
    if (settings.highAvailability === true && typeof settings.skuName === "string" && settings.skuName.startsWith("B_")) {
      checks.add("highAvailability", settings.highAvailability, `is not available on burstable SKUs (got skuName ${show(settings.skuName)}); use a GP_ or MO_ SKU, or turn high availability off`);
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzurePostgresVectorStoreProps) {
    super(scope, id);
    markComponent(this, "vector-store");
    const d = AzurePostgresVectorStore.defaults(props.environment.tier);
    this.skuName = props.skuName ?? d.skuName;
    this.version = props.version ?? d.version;
    this.storageMb = props.storageMb ?? d.storageMb;
    this.backupRetentionDays = props.backupRetentionDays ?? d.backupRetentionDays;
    this.highAvailability = props.highAvailability ?? (d.highAvailability && !this.skuName.startsWith("B_"));
    this.zone = props.zone ?? d.zone;
    this.dimensions = props.dimensions ?? d.dimensions;
    this.preventDestroy = props.preventDestroy ?? d.preventDestroy;
    this.geoRedundantBackup = props.geoBackup !== undefined;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.serverName = namer.name("azure-postgres-flexible", "environment.name", "pg");
    problems.addAll(namer.found);
    problems.addAll(AzurePostgresVectorStore.validate({ ...this, version: this.version as Settings["version"] }));
    problems.throwIfAny(`AzurePostgresVectorStore ${this.node.path}`);

    const base = { resourceGroupName: props.resourceGroupName, location: props.location };
    this.privateDnsZone = new PrivateDnsZone(this, "zone", { resourceGroupName: props.resourceGroupName, name: `${this.serverName}.private.postgres.database.azure.com` });
    const link = new PrivateDnsZoneVirtualNetworkLink(this, "zone-link", { resourceGroupName: props.resourceGroupName, name: `${this.serverName}-link`, privateDnsZoneName: this.privateDnsZone.name, virtualNetworkId: props.virtualNetworkId, registrationEnabled: false });
    linkZoneToRunners(this, this.privateDnsZone, `${this.serverName}.private.postgres.database.azure.com`, props.resourceGroupName, runnerNetworksOf(props.runnerVirtualNetworkIds ?? []));
    const client = new DataAzurermClientConfig(this, "client", {});
    const geo = props.geoBackup;
    const keyGrants = [props.encryptionKey.grantEncryptDecrypt(props.keyIdentity), ...(geo ? [geo.encryptionKey.grantEncryptDecrypt(geo.identity)] : [])];
    const server = new PostgresqlFlexibleServer(this, "server", {
      ...base,
      name: this.serverName,
      version: this.version,
      skuName: this.skuName,
      storageMb: this.storageMb,
      autoGrowEnabled: props.environment.tier !== "dev",
      zone: this.zone,
      delegatedSubnetId: props.delegatedSubnetId,
      privateDnsZoneId: this.privateDnsZone.id,
      publicNetworkAccessEnabled: false,
      authentication: { activeDirectoryAuthEnabled: true, passwordAuthEnabled: false, tenantId: client.tenantId },
      identity: { type: "UserAssigned", identityIds: [props.keyIdentity.identityId, ...(geo ? [geo.identity.identityId] : [])] },
      customerManagedKey: {
        keyVaultKeyId: props.encryptionKey.keyId,
        primaryUserAssignedIdentityId: props.keyIdentity.identityId,
        ...(geo ? { geoBackupKeyVaultKeyId: geo.encryptionKey.keyId, geoBackupUserAssignedIdentityId: geo.identity.identityId } : {}),
      },
      backupRetentionDays: this.backupRetentionDays,
      geoRedundantBackupEnabled: this.geoRedundantBackup,
      highAvailability: this.highAvailability ? { mode: "ZoneRedundant" } : undefined,
      maintenanceWindow: { dayOfWeek: 0, startHour: 2, startMinute: 0 },
      // After a failover Azure swaps the zones; Terraform must not fail back on the next apply (provider note).
      lifecycle: { ignoreChanges: ["zone", "high_availability[0].standby_availability_zone"] },
      dependsOn: [link, ...props.encryptionKey.dependables, ...roleWait(this, keyGrants.flatMap((g) => g.dependables)), ...(props.subnetDependables ?? [])],
    });
    this.server = keep(server, this.preventDestroy);
    this.endpoint = this.server.fqdn;
    this.administrator = new PostgresqlFlexibleServerActiveDirectoryAdministrator(this, "admin", {
      resourceGroupName: props.resourceGroupName,
      serverName: this.server.name,
      tenantId: client.tenantId,
      objectId: props.entraAdmin.objectId,
      principalName: props.entraAdmin.principalName,
      principalType: props.entraAdmin.principalType,
    });
    const extensions = new PostgresqlFlexibleServerConfiguration(this, "extensions", { serverId: this.server.id, name: "azure.extensions", value: "VECTOR" });
    this.database = keep(new PostgresqlFlexibleServerDatabase(this, "database", { serverId: this.server.id, name: this.databaseName, charset: "UTF8", collation: "en_US.utf8", dependsOn: [extensions] }), this.preventDestroy);
  }

  /**
   * Records a principal (a managed identity's object id) for read-write access to the
   * `vectors` database. Terraform cannot make PostgreSQL roles: run {@link principalSql}
   * (in `postgres`), then {@link grantSql} (in `vectors`) as the Entra administrator after apply. `roleName` is the user name clients log in as.
   * The grant returned waits for the database and the administrator.
   */
  public grantReadWrite(principal: IPrincipal, roleName?: string): Grant {
    const key = stableKey(this, principal.principalId);
    const role = roleName ?? `app_${hash8(key)}`;
    const problems = new ProblemCollector();
    if (!/^[a-z_][a-z0-9_-]{0,62}$/.test(role)) problems.add("roleName", `takes a PostgreSQL role name: lowercase letters, digits, "_" and "-", at most 63 (got ${show(role)})`);
    problems.throwIfAny(`AzurePostgresVectorStore ${this.node.path} grantReadWrite`);
    this.grants.set(key, this.statementsFor(role, principal.principalId));
    return { policy: this.administrator, dependables: [this.administrator, this.database] };
  }

  /**
   * The SQL the Entra administrator runs after apply, connected to the `postgres` database
   * (where the `pgaadauth` functions live): one Entra-mapped role per granted principal.
   * Empty when none was granted.
   */
  public get principalSql(): string {
    return [...this.grants.values()].map((g) => g.principal).join("\n");
  }

  /** The SQL the Entra administrator runs next, connected to the `vectors` database: pgvector and each role's rights. Empty when none was granted. */
  public get grantSql(): string {
    const granted = [...this.grants.values()];
    return granted.length === 0 ? "" : ["CREATE EXTENSION IF NOT EXISTS vector;", ...granted.map((g) => g.rights)].join("\n");
  }

  private statementsFor(role: string, objectId: string): { readonly principal: string; readonly rights: string } {
    return {
      principal: `SELECT * FROM pgaadauth_create_principal_with_oid('${role}', '${objectId}', 'service', false, false);`,
      rights: [
        `GRANT CONNECT ON DATABASE ${this.databaseName} TO "${role}";`,
        `GRANT USAGE, CREATE ON SCHEMA public TO "${role}";`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${role}";`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${role}";`,
      ].join("\n"),
    };
  }
}
