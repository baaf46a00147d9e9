import { describe, expect, it } from "vitest";
import type { Construct } from "../../lib/cdk";
import { AzurePostgresVectorStore, type AzurePostgresVectorStoreProps } from "../../lib/constructs/azure/postgres-vector-store";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { LOCATION, RESOURCE_GROUP, network, synthAzure, vault, type Env, roleDependencies } from "./helpers";

type Props = Partial<AzurePostgresVectorStoreProps>;
const ADMIN = { objectId: "33333333-3333-3333-3333-333333333333", principalName: "ml-platform-admins", principalType: "Group" } as const;
function store(s: Construct, env: Env = DEV, props: Props = {}): AzurePostgresVectorStore {
  const net = network(s, env);
  const kv = vault(s, env, { identities: ["postgres", "postgres-geo"] }, net);
  return new AzurePostgresVectorStore(s, "vectors", {
    environment: env,
    resourceGroupName: RESOURCE_GROUP,
    location: LOCATION,
    delegatedSubnetId: net.postgresSubnet!.id,
    virtualNetworkId: net.virtualNetwork.id,
    encryptionKey: kv,
    keyIdentity: kv.identity("postgres"),
    entraAdmin: ADMIN,
    ...props,
  });
}
const build = (props: Props = {}, env: Env = DEV) => synthAzure((s) => store(s, env, props));

describe("AzurePostgresVectorStore", () => {
  it("makes a private PostgreSQL 16 server in the delegated subnet, its own DNS zone linked to the VNet first, public access off", () => {
    // given / when
    const doc = build();
    // then
    const server = only(doc, "azurerm_postgresql_flexible_server");
    expect(server).toMatchObject({
      name: "acme-dev-pg",
      version: "16",
      sku_name: "B_Standard_B1ms",
      storage_mb: 32768,
      backup_retention_days: 7,
      geo_redundant_backup_enabled: false,
      public_network_access_enabled: false,
      delegated_subnet_id: expect.stringMatching(/azurerm_subnet\.network_postgres_\w+\.id/),
      private_dns_zone_id: expect.stringMatching(/azurerm_private_dns_zone\.vectors_zone_\w+\.id/),
      lifecycle: { ignore_changes: ["zone", "high_availability[0].standby_availability_zone"] },
    });
    expect(server.high_availability).toBeUndefined();
    const zone = resources(doc, "azurerm_private_dns_zone").find((z) => String(z.name).includes("postgres"));
    expect(zone?.name).toBe("acme-dev-pg.private.postgres.database.azure.com");
    const link = Object.keys(doc.resource.azurerm_private_dns_zone_virtual_network_link).find((k) => k.startsWith("vectors_zone-link"));
    expect(server.depends_on).toContain(`azurerm_private_dns_zone_virtual_network_link.${link}`);
  });

  it("allows Entra ID authentication only, with the given administrator", () => {
    const doc = build();
    expect(only(doc, "azurerm_postgresql_flexible_server")).toMatchObject({ authentication: { active_directory_auth_enabled: true, password_auth_enabled: false, tenant_id: expect.stringMatching(/data\.azurerm_client_config/) } });
    expect(only(doc, "azurerm_postgresql_flexible_server").administrator_login).toBeUndefined();
    expect(only(doc, "azurerm_postgresql_flexible_server_active_directory_administrator")).toMatchObject({ object_id: ADMIN.objectId, principal_name: ADMIN.principalName, principal_type: "Group", server_name: expect.stringMatching(/vectors_server_\w+\.name/) });
  });

  it("encrypts with the customer key through the user-assigned identity from creation, after its grant", () => {
    const doc = build();
    const server = only(doc, "azurerm_postgresql_flexible_server");
    expect(server).toMatchObject({
      identity: { type: "UserAssigned", identity_ids: [expect.stringMatching(/identity-postgres_/)] },
      customer_managed_key: { key_vault_key_id: expect.stringMatching(/versionless_id/), primary_user_assigned_identity_id: expect.stringMatching(/identity-postgres_/) },
    });
    expect(roleDependencies(doc, server)).toEqual({ direct: [], awaited: [expect.stringMatching(/^azurerm_role_assignment\.keys_key-user/)] });
  });

  it("turns pgvector on and makes the vectors database after it", () => {
    const doc = build();
    expect(only(doc, "azurerm_postgresql_flexible_server_configuration")).toMatchObject({ name: "azure.extensions", value: "VECTOR" });
    expect(only(doc, "azurerm_postgresql_flexible_server_database")).toMatchObject({ name: "vectors", charset: "UTF8", depends_on: [expect.stringMatching(/^azurerm_postgresql_flexible_server_configuration\.vectors_extensions/)] });
  });

  it("runs zone-redundant on general purpose in prod, keeps backups 35 days, geo-redundant with the paired key, and cannot be destroyed", () => {
    const doc = synthAzure((s) => {
      const net = network(s, PROD);
      const kv = vault(s, PROD, { identities: ["postgres", "postgres-geo"] }, net);
      new AzurePostgresVectorStore(s, "vectors", { environment: PROD, resourceGroupName: RESOURCE_GROUP, location: LOCATION, delegatedSubnetId: net.postgresSubnet!.id, virtualNetworkId: net.virtualNetwork.id, encryptionKey: kv, keyIdentity: kv.identity("postgres"), entraAdmin: ADMIN, geoBackup: { encryptionKey: kv, identity: kv.identity("postgres-geo") } });
    });
    const server = only(doc, "azurerm_postgresql_flexible_server");
    expect(server).toMatchObject({
      sku_name: "GP_Standard_D4ds_v5",
      storage_mb: 131072,
      auto_grow_enabled: true,
      backup_retention_days: 35,
      high_availability: { mode: "ZoneRedundant" },
      geo_redundant_backup_enabled: true,
      customer_managed_key: { geo_backup_user_assigned_identity_id: expect.stringMatching(/identity-postgres-geo/) },
      lifecycle: { prevent_destroy: true },
    });
    expect((server.identity as { identity_ids: string[] }).identity_ids).toHaveLength(2);
    expect(only(doc, "azurerm_postgresql_flexible_server_database").lifecycle).toEqual({ prevent_destroy: true });
    expect(AzurePostgresVectorStore.defaults("staging")).toMatchObject({ skuName: "GP_Standard_D2ds_v5", backupRetentionDays: 14, highAvailability: false });
  });

  it("records read-write grants as the SQL the Entra administrator runs, since PostgreSQL roles are not Terraform resources", () => {
    synthAzure((s) => {
      const st = store(s);
      expect(st.grantSql).toBe("");
      expect(st.principalSql).toBe("");
      const grant = st.grantReadWrite({ principalId: "44444444-4444-4444-4444-444444444444" }, "rag-indexer");
      expect(grant.dependables).toEqual([st.administrator, st.database]);
      expect(st.principalSql).toBe("SELECT * FROM pgaadauth_create_principal_with_oid('rag-indexer', '44444444-4444-4444-4444-444444444444', 'service', false, false);");
      expect(st.grantSql.split("\n")).toEqual([
        "CREATE EXTENSION IF NOT EXISTS vector;",
        'GRANT CONNECT ON DATABASE vectors TO "rag-indexer";',
        'GRANT USAGE, CREATE ON SCHEMA public TO "rag-indexer";',
        'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "rag-indexer";',
        'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "rag-indexer";',
      ]);
      st.grantReadWrite({ principalId: "55555555-5555-5555-5555-555555555555" });
      expect(st.principalSql.split("\n")[1]).toMatch(/pgaadauth_create_principal_with_oid\('app_[0-9a-f]{8}', '55555555/);
      expect(st.grantSql).toMatch(/TO "app_[0-9a-f]{8}";$/);
      expect(problemsOf(() => st.grantReadWrite({ principalId: "x" }, "Bad Role"))).toEqual([expect.stringMatching(/^roleName: takes a PostgreSQL role name/)]);
      expect(st.engine).toBe("postgres-pgvector");
    });
  });

  it("rejects high availability on burstable SKUs and values Azure does not accept", () => {
    expect(problemsOf(() => build({ highAvailability: true }))).toEqual([expect.stringMatching(/^highAvailability: is not available on burstable SKUs \(got skuName "B_Standard_B1ms"\)/)]);
    expect(problemsOf(() => build({ skuName: "Standard_D2s", storageMb: 40000, backupRetentionDays: 60, version: "10" as never, zone: "0" }))).toEqual([
      expect.stringMatching(/^skuName: takes <tier>_<size>/),
      expect.stringMatching(/^version: The PostgreSQL version accepts 11, 12/),
      expect.stringMatching(/^storageMb: Flexible server storage \(MB\) accepts 32768/),
      expect.stringMatching(/^backupRetentionDays: .*from 7 to 35 \(got 60\)/),
      expect.stringMatching(/^zone: /),
    ]);
    // prod on a burstable SKU: HA defaults off instead of failing
    expect(only(build({ skuName: "B_Standard_B2s" }, PROD), "azurerm_postgresql_flexible_server").high_availability).toBeUndefined();
  });
});
