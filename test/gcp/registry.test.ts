import { describe, expect, it } from "vitest";
import { GcpRegistry, type GcpRegistryProps } from "../../lib/constructs/gcp/registry";
import type { Construct } from "../../lib/cdk";
import { DEV, PROD, only, problemsOf } from "../helpers";
import { PROJECT, REGION, key, synthGcp, type Env } from "./helpers";

const registry = (s: Construct, props: Partial<GcpRegistryProps> = {}, environment: Env = DEV) =>
  new GcpRegistry(s, "registry", { environment, project: PROJECT, region: REGION, encryptionKey: key(s, ["artifact-registry"], environment), ...props });

describe("GcpRegistry", () => {
  it("is a Docker repository with CMEK after the agent's grant, immutable tags and cleanup policies that run", () => {
    // given / when
    const doc = synthGcp((s) => registry(s, { labels: { team: "ml" } }));
    // then
    const r = only(doc, "google_artifact_registry_repository");
    expect(r).toMatchObject({
      repository_id: "acme-dev-images",
      location: REGION,
      format: "DOCKER",
      docker_config: { immutable_tags: true },
      cleanup_policy_dry_run: false,
      cleanup_policies: [
        { id: "delete-untagged", action: "DELETE", condition: { tag_state: "UNTAGGED", older_than: "604800s" } },
        { id: "keep-recent", action: "KEEP", most_recent_versions: { keep_count: 10 } },
      ],
      labels: { team: "ml" },
    });
    expect(r.kms_key_name).toMatch(/^\$\{google_kms_crypto_key\.key_\w+\.id\}$/);
    expect(r.depends_on).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\.key_agent-artifact-registry_\w+$/)]);
    expect(r.lifecycle).toBeUndefined();
  });

  it("keeps more for longer in prod, with prevent_destroy; staging between", () => {
    const doc = synthGcp((s) => expect(registry(s, {}, PROD).url).toBe(`${REGION}-docker.pkg.dev/${PROJECT}/acme-prod-images`));
    const r = only(doc, "google_artifact_registry_repository");
    expect(r.lifecycle).toEqual({ prevent_destroy: true });
    expect(r.cleanup_policies).toEqual([
      { id: "delete-untagged", action: "DELETE", condition: { tag_state: "UNTAGGED", older_than: "2592000s" } },
      { id: "keep-recent", action: "KEEP", most_recent_versions: { keep_count: 50 } },
    ]);
    expect(GcpRegistry.defaults("staging")).toEqual({ untaggedRetentionDays: 14, keepRecentVersions: 20, preventDestroy: false });
  });

  it("grants pull or push on the repository only, keyed by principal and role", () => {
    const ids: string[][] = [];
    for (const order of [["a", "b"], ["b"]]) {
      const doc = synthGcp((s) => {
        const r = registry(s);
        for (const who of order) r.grantRead({ principalId: `${who}@${PROJECT}.iam.gserviceaccount.com` });
        r.grantReadWrite({ principalId: "group:ci@acme.example" });
      });
      const members = doc.resource.google_artifact_registry_repository_iam_member;
      ids.push(Object.keys(members));
      expect(Object.values(members).map((m) => [m.role, m.member])).toContainEqual(["roles/artifactregistry.writer", "group:ci@acme.example"]);
      expect(Object.values(members).map((m) => [m.role, m.member])).toContainEqual(["roles/artifactregistry.reader", `serviceAccount:b@${PROJECT}.iam.gserviceaccount.com`]);
    }
    expect(ids[0].filter((id) => ids[1].includes(id))).toHaveLength(2);
    expect(
      problemsOf(() =>
        synthGcp((s) => {
          const r = registry(s);
          r.grantRead({ principalId: "group:x@acme.example" });
          r.grantRead({ principalId: "group:x@acme.example" });
        }),
      ),
    ).toEqual([expect.stringMatching(/^grant: "group:x@acme\.example" already has roles\/artifactregistry\.reader/)]);
  });

  it("rejects bad retention, a key elsewhere, bad labels and a name Artifact Registry refuses", () => {
    expect(problemsOf(() => synthGcp((s) => registry(s, { untaggedRetentionDays: 0, keepRecentVersions: 2.5, labels: { "-x": "y" }, encryptionKey: key(s, ["artifact-registry"], DEV, "europe-west4", "other") })))).toEqual([
      expect.stringMatching(/^untaggedRetentionDays: Deleting untagged images \(days\) takes a whole number from 1 to 3650 \(got 0\)/),
      expect.stringMatching(/^keepRecentVersions: .* \(got 2\.5\)/),
      expect.stringMatching(/^labels\.-x: label keys are/),
      expect.stringMatching(/^encryptionKey: a repository in "us-central1" takes a key in the same location \(got a key in "europe-west4"\)/),
    ]);
    expect(problemsOf(() => synthGcp((s) => registry(s, { purpose: "Images_" })))).toEqual([expect.stringMatching(/^purpose: Artifact Registry repository names allow/)]);
  });
});
