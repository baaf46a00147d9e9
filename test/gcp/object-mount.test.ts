import { describe, expect, it } from "vitest";
import { GcpObjectMount, type GcpObjectMountProps } from "../../lib/constructs/gcp/object-mount";
import { GcpObjectStore } from "../../lib/constructs/gcp/object-store";
import type { Construct } from "../../lib/cdk";
import { DEV, only, problemsOf, resources } from "../helpers";
import { PROJECT, REGION, cluster, key, synthGcp } from "./helpers";

const mount = (s: Construct, props: Partial<GcpObjectMountProps> = {}) => {
  const c = cluster(s);
  const store = new GcpObjectStore(s, "store", { environment: DEV, project: PROJECT, region: REGION, encryptionKey: key(s, ["storage"], DEV, REGION, "data-key") });
  return new GcpObjectMount(s, "mount", { environment: DEV, cluster: c, readBuckets: [store.datasets], readWriteBuckets: [store.checkpoints], ...props });
};

describe("GcpObjectMount", () => {
  it("runs the pods as a Google service account through Workload Identity, on a cluster with the FUSE CSI add-on", () => {
    // given / when
    const doc = synthGcp((s) => mount(s));
    // then
    expect((only(doc, "google_container_cluster").addons_config as { gcs_fuse_csi_driver_config: unknown }).gcs_fuse_csi_driver_config).toEqual({ enabled: true });
    const accounts = resources(doc, "google_service_account").map((a) => a.account_id);
    expect(accounts).toContain("acme-dev-gcs-fuse");
    const binding = only(doc, "google_service_account_iam_member");
    expect(binding).toMatchObject({ role: "roles/iam.workloadIdentityUser", member: `serviceAccount:${PROJECT}.svc.id.goog[training/training]` });
  });

  it("reads datasets and reads and writes checkpoints, with object roles only", () => {
    const doc = synthGcp((s) => mount(s));
    const grants = resources(doc, "google_storage_bucket_iam_member").map((m) => [String(m.bucket).match(/store_(\w+?)_bucket/)?.[1], m.role, m.member]);
    expect(grants.sort()).toEqual([
      ["checkpoints", "roles/storage.objectUser", expect.stringMatching(/^serviceAccount:\$\{google_service_account\.training_pod-identity-training-training-\w+\.email\}$/)],
      ["datasets", "roles/storage.objectViewer", expect.stringMatching(/^serviceAccount:\$\{google_service_account\.training_pod-identity-training-training-\w+\.email\}$/)],
    ]);
  });

  it("exposes what a pod spec needs and costs nothing idle: no file system, no Kubernetes objects", () => {
    const doc = synthGcp((s) => {
      const m = mount(s, { namespace: "jobs", kubernetesServiceAccount: "trainer" });
      expect(m.podAnnotations).toEqual({ "gke-gcsfuse/volumes": "true" });
      expect(Object.keys(m.serviceAccountAnnotations)).toEqual(["iam.gke.io/gcp-service-account"]);
      expect(m.volumes.map((v) => [v.bucketName, v.readOnly, v.driver])).toEqual([
        ["acme-dev-datasets-acme-llm-dev", true, "gcsfuse.csi.storage.gke.io"],
        ["acme-dev-checkpoints-acme-llm-dev", false, "gcsfuse.csi.storage.gke.io"],
      ]);
      expect([m.namespace, m.kubernetesServiceAccount, m.grants.length]).toEqual(["jobs", "trainer", 2]);
    });
    expect(Object.keys(doc.resource).filter((t) => /lustre|filestore|kubernetes/.test(t))).toEqual([]);
    expect(GcpObjectMount.defaults("prod")).toEqual({ namespace: "training", kubernetesServiceAccount: "training" });
  });

  it("rejects no buckets, a bucket twice and names Kubernetes refuses", () => {
    expect(problemsOf(() => synthGcp((s) => mount(s, { readBuckets: [], readWriteBuckets: [], namespace: "Jobs", kubernetesServiceAccount: "-x" })))).toEqual([
      expect.stringMatching(/^namespace: Kubernetes names are .* \(got "Jobs"\)/),
      expect.stringMatching(/^kubernetesServiceAccount: Kubernetes names are .* \(got "-x"\)/),
      expect.stringMatching(/^readBuckets: give at least one bucket to mount/),
    ]);
    expect(
      problemsOf(() =>
        synthGcp((s) => {
          const c = cluster(s);
          const store = new GcpObjectStore(s, "store", { environment: DEV, project: PROJECT, region: REGION, encryptionKey: key(s, ["storage"], DEV, REGION, "data-key") });
          new GcpObjectMount(s, "mount", { environment: DEV, cluster: c, readBuckets: [store.datasets], readWriteBuckets: [store.datasets] });
        }),
      ),
    ).toEqual([expect.stringMatching(/^readWriteBuckets\.0: mounts "acme-dev-datasets-acme-llm-dev" a second time/)]);
  });
});
