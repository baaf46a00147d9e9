import { describe, expect, it } from "vitest";
import { GcpTrainingCluster } from "../../lib/constructs/gcp/training-cluster";
import { GcpDataBucket } from "../../lib/constructs/gcp/data-bucket";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { PROJECT, REGION, cluster, synthGcp } from "./helpers";

describe("GcpTrainingCluster", () => {
  it("is a private, zonal GKE Standard cluster in dev with Workload Identity, CMEK secrets, Dataplane V2 and GPU metrics", () => {
    // given / when
    const doc = synthGcp((s) => cluster(s));
    // then
    const c = only(doc, "google_container_cluster");
    expect(c).toMatchObject({
      name: "acme-dev-training",
      location: "us-central1-b",
      remove_default_node_pool: true,
      deletion_protection: false,
      release_channel: { channel: "REGULAR" },
      networking_mode: "VPC_NATIVE",
      ip_allocation_policy: { cluster_secondary_range_name: "pods", services_secondary_range_name: "services" },
      private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: true },
      master_authorized_networks_config: { gcp_public_cidrs_access_enabled: false, cidr_blocks: [{ cidr_block: "10.10.128.0/20", display_name: "nodes" }] },
      control_plane_endpoints_config: { dns_endpoint_config: { allow_external_traffic: false } },
      workload_identity_config: { workload_pool: "acme-llm-dev.svc.id.goog" },
      database_encryption: { state: "ENCRYPTED" },
      datapath_provider: "ADVANCED_DATAPATH",
      network_policy: { enabled: false },
      enable_shielded_nodes: true,
      enable_legacy_abac: false,
      master_auth: { client_certificate_config: { issue_client_certificate: false } },
      monitoring_config: { enable_components: ["SYSTEM_COMPONENTS", "DCGM"], managed_prometheus: { enabled: true } },
      addons_config: { gcs_fuse_csi_driver_config: { enabled: true }, lustre_csi_driver_config: { enabled: true, enable_legacy_lustre_port: false } },
      cluster_autoscaling: { autoscaling_profile: "OPTIMIZE_UTILIZATION" },
    });
    expect((c.database_encryption as { key_name: string }).key_name).toMatch(/google_kms_crypto_key\.\w+\.id/);
    expect(c.depends_on).toEqual([
      expect.stringMatching(/google_kms_crypto_key_iam_member\.key_agent-gke_/),
      expect.stringMatching(/google_project_iam_member\.training_nodes-container-defaultNodeServiceAccount_/),
      expect.stringMatching(/google_project_iam_member\.training_nodes-artifactregistry-reader_/),
      expect.stringMatching(/google_kms_crypto_key_iam_member\.key_agent-compute_/),
    ]);
  });

  it("boots the transient default pool on the nodes' service account with a CMEK disk and secure boot, and ignores it once removed", () => {
    // given / when a cluster is made (GKE creates a default pool, then Terraform removes it)
    const c = only(synthGcp((s) => cluster(s)), "google_container_cluster") as Record<string, any>;
    // then that pool never runs on the default Compute Engine account or a Google-managed disk
    expect(c).toMatchObject({ initial_node_count: 1, remove_default_node_pool: true, node_config: { oauth_scopes: ["https://www.googleapis.com/auth/cloud-platform"], shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true }, disk_type: "pd-balanced" } });
    expect(c.node_config.service_account).toMatch(/google_service_account\.training_nodes_\w+\.email/);
    expect(c.node_config.boot_disk_kms_key).toMatch(/google_kms_crypto_key\.key_\w+\.id/);
    expect(c.lifecycle).toEqual({ ignore_changes: ["node_config"] });
  });

  it("turns the Lustre legacy port on only when asked (Managed Lustre with GKE support)", () => {
    const c = only(synthGcp((s) => cluster(s, { lustreLegacyPort: true })), "google_container_cluster") as Record<string, any>;
    expect(c.addons_config.lustre_csi_driver_config).toEqual({ enabled: true, enable_legacy_lustre_port: true });
  });

  it("runs a small system pool on its own service account with least-privilege roles, shielded COS nodes and CMEK boot disks", () => {
    const doc = synthGcp((s) => cluster(s, { labels: { team: "ml" } }));
    const pool = only(doc, "google_container_node_pool");
    expect(pool).toMatchObject({ name: "system", location: "us-central1-b", autoscaling: { total_min_node_count: 1, total_max_node_count: 2 }, management: { auto_repair: true, auto_upgrade: true } });
    expect(pool.node_config).toMatchObject({
      machine_type: "e2-standard-2",
      image_type: "COS_CONTAINERD",
      shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
      workload_metadata_config: { mode: "GKE_METADATA" },
      resource_labels: { team: "ml" },
    });
    expect((pool.node_config as { service_account: string }).service_account).toMatch(/google_service_account\.training_nodes_\w+\.email/);
    expect((pool.node_config as { boot_disk_kms_key: string }).boot_disk_kms_key).toMatch(/google_kms_crypto_key/);
    expect(pool.depends_on).toContainEqual(expect.stringMatching(/key_agent-compute/));
    expect(only(doc, "google_service_account").account_id).toBe("acme-dev-gke-nodes");
    expect(resources(doc, "google_project_iam_member").map((m) => m.role).sort()).toEqual(["roles/artifactregistry.reader", "roles/container.defaultNodeServiceAccount"]);
  });

  it("is regional in prod, on the stable channel, with deletion protection and three system nodes", () => {
    const doc = synthGcp((s) => cluster(s, {}, PROD));
    expect(only(doc, "google_container_cluster")).toMatchObject({ location: REGION, deletion_protection: true, release_channel: { channel: "STABLE" }, cluster_autoscaling: { autoscaling_profile: "BALANCED" } });
    const system = only(doc, "google_container_node_pool") as Record<string, any>;
    expect(system).toMatchObject({ location: REGION, autoscaling: { total_min_node_count: 3, total_max_node_count: 6 } });
    // initial_node_count is per zone in a regional cluster: one node in each of the 3 zones is the intended 3, within the total bounds
    expect(system.initial_node_count).toBe(1);
    expect(system.initial_node_count * 3).toBeGreaterThanOrEqual(system.autoscaling.total_min_node_count);
    expect(system.initial_node_count * 3).toBeLessThanOrEqual(system.autoscaling.total_max_node_count);
    // it forces replacement when changed: ignored after creation, so tuning systemNodes never replaces the pool
    expect(system.lifecycle).toEqual({ ignore_changes: ["initial_node_count"] });
    const six = only(synthGcp((s) => cluster(s, { systemNodes: { min: 6, max: 9 } }, PROD)), "google_container_node_pool") as Record<string, any>;
    expect(six.initial_node_count).toBe(2);
    // a zonal cluster starts with the minimum in its one zone
    expect(only(synthGcp((s) => cluster(s)), "google_container_node_pool").initial_node_count).toBe(1);
    expect(GcpTrainingCluster.defaults("staging")).toMatchObject({ regional: false, deletionProtection: true, releaseChannel: "REGULAR" });
  });

  it("gives pods a Google identity through Workload Identity, keyed by the Kubernetes service account", () => {
    const doc = synthGcp((s) => {
      const c = cluster(s);
      const id = c.addPodIdentity("training", "trainer", "acme-dev-trainer");
      new GcpDataBucket(s, "data", { environment: DEV, project: PROJECT, region: REGION, purpose: "datasets", encryptionKey: c.encryptionKey }).grantReadWrite(id);
    });
    const binding = only(doc, "google_service_account_iam_member");
    expect(binding).toMatchObject({ role: "roles/iam.workloadIdentityUser", member: "serviceAccount:acme-llm-dev.svc.id.goog[training/trainer]" });
    expect(Object.keys(doc.resource.google_service_account_iam_member)[0]).toMatch(/pod-identity-training-trainer-[0-9a-f]{8}-binding/);
    expect((only(doc, "google_storage_bucket_iam_member").member as string)).toMatch(/^serviceAccount:\$\{google_service_account\.training_pod-identity/);
    expect(problemsOf(() => synthGcp((s) => { const c = cluster(s); c.addPodIdentity("a", "b", "acme-x1"); c.addPodIdentity("a", "b", "Bad"); }))).toEqual([
      expect.stringMatching(/^addPodIdentity: "a\/b" already has a pod identity/),
      expect.stringMatching(/^addPodIdentity\.accountId: Google Cloud service account id names are 6-30/),
      expect.stringMatching(/^addPodIdentity\.accountId: Google Cloud service account id names allow lowercase/),
    ]);
  });

  it("rejects a zone outside the region or on a regional cluster, a public authorized network, a bad channel, bounds and labels", () => {
    expect(problemsOf(() => synthGcp((s) => cluster(s, { zone: "europe-west4-a", authorizedNetworks: ["0.0.0.0/0"], releaseChannel: "BETA" as never, systemNodes: { min: 3, max: 2 }, labels: { Team: "ML@x" } })))).toEqual([
      expect.stringMatching(/^releaseChannel: A GKE release channel accepts RAPID, REGULAR, STABLE, EXTENDED \(got "BETA"\)/),
      expect.stringMatching(/^systemNodes\.min: must not exceed the maximum/),
      expect.stringMatching(/^zone: must be a zone of "us-central1", like "us-central1-b" \(got "europe-west4-a"\)/),
      expect.stringMatching(/^authorizedNetworks\.0: the control plane is private: authorize private .* \(got "0\.0\.0\.0\/0"\)/),
      expect.stringMatching(/^labels\.Team: label keys are/),
      expect.stringMatching(/^labels\.Team: label values are .* \(got "ML@x"\)/),
    ]);
    expect(problemsOf(() => synthGcp((s) => cluster(s, { regional: true, zone: "us-central1-a" })))).toEqual([expect.stringMatching(/^zone: applies to zonal clusters only/)]);
    // a regional dev cluster's default bounds grow to a node per zone; explicit ones below that are refused
    expect(only(synthGcp((s) => cluster(s, { regional: true })), "google_container_node_pool").autoscaling).toMatchObject({ total_min_node_count: 1, total_max_node_count: 3 });
    expect(problemsOf(() => synthGcp((s) => cluster(s, { regional: true, systemNodes: { min: 1, max: 2 } })))).toEqual([expect.stringMatching(/^systemNodes\.max: a regional cluster starts its system pool with a node in each of its 3 zones: set a maximum of at least 3 \(got 2\)/)]);
  });
});
