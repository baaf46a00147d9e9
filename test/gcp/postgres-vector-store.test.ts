import { describe, expect, it } from "vitest";
import { GcpPostgresVectorStore, type GcpPostgresVectorStoreProps } from "../../lib/constructs/gcp/postgres-vector-store";
import type { Construct } from "../../lib/cdk";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { PROJECT, REGION, key, network, synthGcp, type Env } from "./helpers";

const store = (s: Construct, props: Partial<GcpPostgresVectorStoreProps> = {}, environment: Env = DEV) =>
  new GcpPostgresVectorStore(s, "vectors", { environment, project: PROJECT, region: REGION, network: network(s, environment), encryptionKey: key(s, ["cloud-sql"], environment), ...props });

type Settings = {
  edition: string;
  tier: string;
  availability_type: string;
  ip_configuration: Record<string, unknown>;
  backup_configuration: Record<string, unknown>;
  database_flags: unknown[];
  user_labels?: Record<string, string>;
  deletion_protection_enabled: boolean;
  retain_backups_on_delete: boolean;
  disk_size: number;
};

describe("GcpPostgresVectorStore", () => {
  it("is PostgreSQL 16 on ENTERPRISE with a custom machine, private IP only, TLS only, CMEK after the agent's grant, IAM login", () => {
    // given / when
    const doc = synthGcp((s) => store(s, { labels: { team: "ml" } }));
    // then
    const i = only(doc, "google_sql_database_instance");
    expect(i).toMatchObject({ name: "acme-dev-vectors", region: REGION, database_version: "POSTGRES_16", deletion_protection: false });
    expect(i.encryption_key_name).toMatch(/^\$\{google_kms_crypto_key\.key_\w+\.id\}$/);
    const settings = i.settings as Settings;
    expect(settings).toMatchObject({ edition: "ENTERPRISE", tier: "db-custom-1-3840", availability_type: "ZONAL", disk_type: "PD_SSD", disk_size: 10, disk_autoresize: true, user_labels: { team: "ml" } });
    expect(settings.ip_configuration).toMatchObject({ ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" });
    expect(settings.ip_configuration.private_network).toMatch(/google_compute_network\.network_\w+\.id/);
    expect(settings.database_flags).toEqual([{ name: "cloudsql.iam_authentication", value: "on" }]);
    expect(i.depends_on).toEqual([expect.stringMatching(/^google_service_networking_connection\.network_private-services_\w+$/), expect.stringMatching(/^google_kms_crypto_key_iam_member\.key_agent-cloud-sql_\w+$/)]);
    expect(i.lifecycle).toEqual({ ignore_changes: ["settings[0].disk_size"] });
    expect(only(doc, "google_sql_database")).toMatchObject({ name: "vectors" });
  });

  it("backs up daily in dev without point-in-time recovery or protection", () => {
    const doc = synthGcp((s) => store(s));
    const settings = only(doc, "google_sql_database_instance").settings as Settings;
    expect(settings.backup_configuration).toEqual({ enabled: true, point_in_time_recovery_enabled: false, backup_retention_settings: { retained_backups: 7, retention_unit: "COUNT" } });
    expect(settings).toMatchObject({ deletion_protection_enabled: false, retain_backups_on_delete: false });
  });

  it("is regional in prod with point-in-time recovery, deletion protection everywhere and prevent_destroy", () => {
    const doc = synthGcp((s) => store(s, {}, PROD));
    const i = only(doc, "google_sql_database_instance");
    const settings = i.settings as Settings;
    expect(i).toMatchObject({ deletion_protection: true, lifecycle: { prevent_destroy: true, ignore_changes: ["settings[0].disk_size"] } });
    expect(settings).toMatchObject({ availability_type: "REGIONAL", tier: "db-custom-4-16384", disk_size: 50, deletion_protection_enabled: true, retain_backups_on_delete: true });
    expect(settings.backup_configuration).toMatchObject({ point_in_time_recovery_enabled: true, transaction_log_retention_days: 7, backup_retention_settings: { retained_backups: 30 } });
    // and the database in it is kept too: a renamed construct would otherwise drop the vectors
    expect(only(doc, "google_sql_database")).toMatchObject({ name: "vectors", lifecycle: { prevent_destroy: true } });
  });

  it("has staging between: protected and recoverable, zonal, not prevent_destroy", () => {
    expect(GcpPostgresVectorStore.defaults("staging")).toMatchObject({ highAvailability: false, pointInTimeRecovery: true, deletionProtection: true, preventDestroy: false, machineType: "db-custom-2-7680", retainedBackups: 14 });
    expect(GcpPostgresVectorStore.defaults("dev")).toMatchObject({ highAvailability: false, pointInTimeRecovery: false, deletionProtection: false, dimensions: 1024 });
  });

  it("is an IVectorStore: pgvector on Cloud SQL, reached at its private IP", () => {
    synthGcp((s) => {
      const v = store(s, { dimensions: 768 });
      expect([v.engine, v.service, v.dimensions]).toEqual(["postgres-pgvector", "cloud-sql-postgresql", 768]);
      expect(s.node.tryFindChild("vectors")).toBe(v);
      expect(v.endpoint).toMatch(/TfToken/);
    });
  });

  it("grants connect and IAM login per principal, keyed by value, with the IAM database user Cloud SQL names", () => {
    const ids: string[][] = [];
    for (const order of [["a", "b"], ["b"]]) {
      const doc = synthGcp((s) => {
        const v = store(s);
        for (const who of order) v.grantReadWrite({ principalId: `${who}@${PROJECT}.iam.gserviceaccount.com` });
        const g = v.grantReadWrite({ principalId: "group:rag@acme.example" });
        expect(g.dependables).toHaveLength(3);
      });
      const members = doc.resource.google_project_iam_member;
      ids.push([...Object.keys(members), ...Object.keys(doc.resource.google_sql_user)]);
      expect(Object.values(members).map((m) => [m.role, m.member])).toContainEqual(["roles/cloudsql.instanceUser", `serviceAccount:b@${PROJECT}.iam.gserviceaccount.com`]);
      expect(Object.values(members).map((m) => [m.role, m.member])).toContainEqual(["roles/cloudsql.client", "group:rag@acme.example"]);
      const users = resources(doc, "google_sql_user").map((u) => [u.name, u.type, u.deletion_policy]);
      expect(users).toContainEqual([`b@${PROJECT}.iam`, "CLOUD_IAM_SERVICE_ACCOUNT", "ABANDON"]);
      expect(users).toContainEqual(["rag@acme.example", "CLOUD_IAM_GROUP", "ABANDON"]);
    }
    // b's and the group's five resources keep their addresses without a's
    expect(ids[0].filter((id) => ids[1].includes(id))).toHaveLength(6);
  });

  it("names a referenced service account's user without its domain, at apply", () => {
    const doc = synthGcp((s) => {
      const v = store(s);
      const k = key(s, ["cloud-sql"], DEV, REGION, "other");
      v.grantReadWrite({ principalId: k.keyRing.name });
    });
    expect(only(doc, "google_sql_user").name).toMatch(/^\$\{trimsuffix\(google_kms_key_ring\.other_ring_\w+\.name, "\.gserviceaccount\.com"\)\}$/);
  });

  it("rejects a repeated grant and principals Cloud SQL cannot log in", () => {
    expect(
      problemsOf(() =>
        synthGcp((s) => {
          const v = store(s);
          v.grantReadWrite({ principalId: "x@p.iam.gserviceaccount.com" });
          v.grantReadWrite({ principalId: "x@p.iam.gserviceaccount.com" });
        }),
      ),
    ).toEqual([expect.stringMatching(/^grantReadWrite: "x@p\.iam\.gserviceaccount\.com" already has access to "acme-dev-vectors"/)]);
    expect(problemsOf(() => synthGcp((s) => store(s).grantReadWrite({ principalId: "principalSet://iam.googleapis.com/x" })))).toEqual([expect.stringMatching(/^grantReadWrite: Cloud SQL IAM users are service accounts, users or groups/)]);
  });

  it("rejects ENTERPRISE_PLUS machines, custom machines Cloud SQL cannot make, and bad retention, disk, dimensions and names", () => {
    expect(problemsOf(() => synthGcp((s) => store(s, { machineType: "db-perf-optimized-N-2", diskSizeGb: 5, retainedBackups: 0, transactionLogRetentionDays: 14, dimensions: 20000, databaseName: "My-DB" })))).toEqual([
      expect.stringMatching(/^dimensions: A pgvector column .* from 1 to 16000 \(got 20000\)/),
      expect.stringMatching(/^machineType: Cloud SQL ENTERPRISE takes a custom machine .*\(got "db-perf-optimized-N-2"\); ENTERPRISE_PLUS/),
      expect.stringMatching(/^diskSizeGb: .* from 10 to 65536 \(got 5\)/),
      expect.stringMatching(/^retainedBackups: .* from 1 to 365 \(got 0\)/),
      expect.stringMatching(/^transactionLogRetentionDays: Point-in-time recovery on Cloud SQL ENTERPRISE .* from 1 to 7 \(got 14\)/),
      expect.stringMatching(/^databaseName: takes a lowercase PostgreSQL identifier/),
    ]);
    expect(GcpPostgresVectorStore.validate({ machineType: "db-custom-3-7680" })).toEqual([{ path: "machineType", message: expect.stringMatching(/vCPUs are 1 or an even number up to 96/) }]);
    expect(GcpPostgresVectorStore.validate({ machineType: "db-custom-2-4000" })).toEqual([{ path: "machineType", message: expect.stringMatching(/multiple of 256 MB/) }]);
    expect(GcpPostgresVectorStore.validate({ machineType: "db-custom-1-7680" })).toEqual([{ path: "machineType", message: expect.stringMatching(/0\.9 to 6\.5 GB per vCPU \(1 vCPUs take 1024 to 6656 MB\)/) }]);
    expect(GcpPostgresVectorStore.validate({ machineType: "db-custom-96-368640" })).toEqual([]);
  });

  it("rejects high availability without point-in-time recovery, a key elsewhere and bad labels", () => {
    expect(problemsOf(() => synthGcp((s) => store(s, { highAvailability: true, pointInTimeRecovery: false, labels: { owner: "a@b" }, encryptionKey: key(s, ["cloud-sql"], DEV, "europe-west4", "other") })))).toEqual([
      expect.stringMatching(/^pointInTimeRecovery: regional high availability on PostgreSQL needs point-in-time recovery/),
      expect.stringMatching(/^labels\.owner: label values are/),
      expect.stringMatching(/^encryptionKey: Cloud SQL in "us-central1" takes a key in the same region \(got a key in "europe-west4"\)/),
    ]);
  });
});
