import { describe, expect, it } from "vitest";
import { GcpEncryptionKey, KEY_USERS } from "../../lib/constructs/gcp/encryption-key";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { PROJECT, REGION, synthGcp } from "./helpers";

const build = (props: Partial<ConstructorParameters<typeof GcpEncryptionKey>[2]> = {}, environment: { name: string; tier: "dev" | "prod" } = DEV) =>
  synthGcp((s) => new GcpEncryptionKey(s, "key", { environment, project: PROJECT, region: REGION, ...props }));

describe("GcpEncryptionKey", () => {
  it("makes a key ring and key in the region that rotate every 90 days and wait 30 days before destroying a version", () => {
    // given / when
    const doc = build();
    // then
    expect(only(doc, "google_kms_key_ring")).toMatchObject({ name: "acme-dev-data", location: REGION, project: PROJECT });
    const key = only(doc, "google_kms_crypto_key");
    expect(key).toMatchObject({ name: "acme-dev-data", purpose: "ENCRYPT_DECRYPT", rotation_period: "7776000s", destroy_scheduled_duration: "2592000s" });
    expect(key.key_ring).toMatch(/google_kms_key_ring\.\w+\.id/);
    expect(key.lifecycle).toBeUndefined();
  });

  it("keeps the key from terraform destroy in prod", () => {
    expect(only(build({}, PROD), "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: true });
    expect(GcpEncryptionKey.defaults("prod").preventDestroy).toBe(true);
    expect(GcpEncryptionKey.defaults("staging").preventDestroy).toBe(false);
  });

  it("lets every service agent of the environment encrypt and decrypt, named by the documented emails", () => {
    const doc = build();
    const members = resources(doc, "google_kms_crypto_key_iam_member");
    expect(members).toHaveLength(KEY_USERS.length);
    for (const m of members) expect(m.role).toBe("roles/cloudkms.cryptoKeyEncrypterDecrypter");
    const emails = members.map((m) => m.member as string);
    for (const domain of ["container-engine-robot", "compute-system", "gcp-sa-aiplatform", "gcp-sa-artifactregistry", "gcp-sa-cloud-sql", "gcp-sa-pubsub", "gcp-sa-lustre"]) {
      expect(emails).toContainEqual(expect.stringMatching(new RegExp(`^serviceAccount:service-\\$\\{data\\.google_project\\.\\w+\\.number\\}@${domain}\\.iam\\.gserviceaccount\\.com$`)));
    }
    // the Cloud Storage agent is read (and so created) through its data source
    expect(emails).toContainEqual(expect.stringMatching(/^serviceAccount:\$\{data\.google_storage_project_service_account\.[\w-]+\.email_address\}$/));
    expect(only({ resource: doc.data ?? {} }, "google_project").project_id).toBe(PROJECT);
  });

  it("grants only the services asked for and exposes each grant to depend on", () => {
    const holder: { key?: GcpEncryptionKey } = {};
    const doc = synthGcp((s) => (holder.key = new GcpEncryptionKey(s, "key", { environment: DEV, project: PROJECT, region: REGION, users: ["gke", "storage"] })));
    expect(resources(doc, "google_kms_crypto_key_iam_member")).toHaveLength(2);
    expect(holder.key!.dependablesFor("gke")).toHaveLength(1);
    expect(holder.key!.dependablesFor("vertex")).toEqual([]);
    expect(holder.key!.dependables).toHaveLength(2);
    expect(doc.data?.google_storage_project_service_account).toBeDefined();
  });

  it("says which agents to create before the first apply", () => {
    expect(GcpEncryptionKey.agentCommands("p1", ["gke", "vertex", "storage", "cloud-sql"])).toEqual([
      "gcloud beta services identity create --service=aiplatform.googleapis.com --project=p1",
      "gcloud beta services identity create --service=sqladmin.googleapis.com --project=p1",
    ]);
  });

  it("rejects a rotation of a day or less, a destroy delay Cloud KMS does not accept and unknown or repeated users", () => {
    expect(problemsOf(() => build({ rotationPeriodDays: 1, destroyScheduledDays: 121, users: ["gke", "bigquery" as never, "gke"] }))).toEqual([
      expect.stringMatching(/^rotationPeriodDays: Cloud KMS key rotation .* at least 2 \(got 1\)/),
      expect.stringMatching(/^destroyScheduledDays: .* from 1 to 120 \(got 121\)/),
      expect.stringMatching(/^users\.1: A key user accepts storage, gke, compute, vertex, artifact-registry, cloud-sql, pubsub, lustre \(got "bigquery"\)/),
      expect.stringMatching(/^users\.2: repeats "gke"/),
    ]);
  });
});
