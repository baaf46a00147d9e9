import { describe, expect, it } from "vitest";
import { GcpDataBucket } from "../../lib/constructs/gcp/data-bucket";
import { GcpEncryptionKey } from "../../lib/constructs/gcp/encryption-key";
import { GcpObjectStore } from "../../lib/constructs/gcp/object-store";
import type { Construct } from "../../lib/cdk";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { PROJECT, REGION, synthGcp } from "./helpers";

type Env = { name: string; tier: "dev" | "staging" | "prod" };
const key = (s: Construct, environment: Env = DEV, region = REGION, id = "key") => new GcpEncryptionKey(s, id, { environment, project: PROJECT, region, users: ["storage"] });
const bucket = (s: Construct, props: Partial<ConstructorParameters<typeof GcpDataBucket>[2]> = {}, environment: Env = DEV) =>
  new GcpDataBucket(s, "datasets", { environment, project: PROJECT, region: REGION, purpose: "datasets", encryptionKey: key(s, environment), ...props });

describe("GcpDataBucket", () => {
  it("is private, uniform, CMEK-encrypted after the agent's grant, versioned, with lifecycle rules and soft delete set", () => {
    // given / when
    const doc = synthGcp((s) => bucket(s));
    // then
    const b = only(doc, "google_storage_bucket");
    expect(b).toMatchObject({
      name: "acme-dev-datasets-acme-llm-dev",
      location: "US-CENTRAL1",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      versioning: { enabled: true },
      force_destroy: true,
      soft_delete_policy: { retention_duration_seconds: 0 },
      lifecycle_rule: [
        { action: { type: "Delete" }, condition: { days_since_noncurrent_time: 30, with_state: "ARCHIVED" } },
        { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
      ],
    });
    expect((b.encryption as { default_kms_key_name: string }).default_kms_key_name).toMatch(/google_kms_crypto_key\.\w+\.id/);
    expect(b.depends_on).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\.key_agent-storage_\w+$/)]);
    expect(b.lifecycle).toBeUndefined();
  });

  it("keeps prod data: no force destroy, prevent_destroy, 30 days of soft delete and a year of old versions", () => {
    const doc = synthGcp((s) => bucket(s, {}, PROD));
    const b = only(doc, "google_storage_bucket");
    expect(b).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true }, soft_delete_policy: { retention_duration_seconds: 2592000 } });
    expect((b.lifecycle_rule as { condition: { days_since_noncurrent_time?: number } }[])[0].condition.days_since_noncurrent_time).toBe(365);
    expect(GcpDataBucket.defaults("staging")).toMatchObject({ softDeleteDays: 7, noncurrentVersionDays: 90, forceDestroy: false, preventDestroy: false });
  });

  it("grants object roles per principal, keyed by principal and role so other grants keep their addresses", () => {
    const ids: string[][] = [];
    for (const order of [["a", "b"], ["b"]]) {
      const doc = synthGcp((s) => {
        const b = bucket(s);
        for (const who of order) b.grantReadWrite({ principalId: `${who}@acme-llm-dev.iam.gserviceaccount.com` });
        const g = b.grantRead({ principalId: "group:readers@acme.example" });
        expect(g.dependables).toEqual([g.policy]);
      });
      const members = doc.resource.google_storage_bucket_iam_member;
      ids.push(Object.keys(members));
      expect(Object.values(members).map((m) => [m.role, m.member])).toContainEqual(["roles/storage.objectViewer", "group:readers@acme.example"]);
      expect(Object.values(members).map((m) => [m.role, m.member])).toContainEqual(["roles/storage.objectUser", "serviceAccount:b@acme-llm-dev.iam.gserviceaccount.com"]);
    }
    // b's and the group's grants have the same address with or without a's
    expect(ids[0].filter((id) => ids[1].includes(id))).toHaveLength(2);
  });

  it("rejects the same grant twice", () => {
    expect(
      problemsOf(() =>
        synthGcp((s) => {
          const b = bucket(s);
          b.grantRead({ principalId: "x@p.iam.gserviceaccount.com" });
          b.grantRead({ principalId: "x@p.iam.gserviceaccount.com" });
        }),
      ),
    ).toEqual([expect.stringMatching(/^grant: "x@p\.iam\.gserviceaccount\.com" already has roles\/storage\.objectViewer/)]);
  });

  it("rejects soft delete Cloud Storage does not accept, bad day counts, a key elsewhere and an illegal name", () => {
    expect(problemsOf(() => synthGcp((s) => bucket(s, { softDeleteDays: 3, noncurrentVersionDays: 0, abortIncompleteUploadDays: 1.5 })))).toEqual([
      expect.stringMatching(/^noncurrentVersionDays: .*at least 1 \(got 0\)/),
      expect.stringMatching(/^abortIncompleteUploadDays: .*at least 1 \(got 1\.5\)/),
      expect.stringMatching(/^softDeleteDays: Cloud Storage soft delete takes 0 \(off\) or .* from 7 to 90 \(got 3\)/),
    ]);
    expect(problemsOf(() => synthGcp((s) => bucket(s, { encryptionKey: key(s, DEV, "europe-west4", "other") })))).toEqual([expect.stringMatching(/^encryptionKey: a bucket in "us-central1" can only use a key in the same location \(got a key in "europe-west4"\)/)]);
    expect(problemsOf(() => synthGcp((s) => bucket(s, { purpose: "google-data" })))).toEqual([expect.stringMatching(/^purpose: Cloud Storage bucket names must not contain "google"/)]);
  });
});

describe("GcpObjectStore", () => {
  it("makes datasets, checkpoints and artifacts buckets; checkpoints keep old versions shortest, longer outside dev", () => {
    const doc = synthGcp((s) => new GcpObjectStore(s, "store", { environment: DEV, project: PROJECT, region: REGION, encryptionKey: key(s) }));
    const buckets = resources(doc, "google_storage_bucket").sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(buckets.map((b) => b.name)).toEqual(["acme-dev-artifacts-acme-llm-dev", "acme-dev-checkpoints-acme-llm-dev", "acme-dev-datasets-acme-llm-dev"]);
    const days = buckets.map((b) => (b.lifecycle_rule as { condition: { days_since_noncurrent_time?: number } }[])[0].condition.days_since_noncurrent_time);
    expect(days).toEqual([30, 7, 30]); // artifacts, checkpoints, datasets
    expect(GcpObjectStore.defaults("prod").checkpointVersionDays).toBe(30);
    expect(problemsOf(() => synthGcp((s) => new GcpObjectStore(s, "store", { environment: DEV, project: PROJECT, region: REGION, encryptionKey: key(s), checkpointVersionDays: 0 })))).toEqual([
      expect.stringMatching(/^checkpointVersionDays: .*from 1 to 36500 \(got 0\)/),
    ]);
  });
});
