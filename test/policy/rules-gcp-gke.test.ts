import { describe, expect, it } from "vitest";
import { gkeAcceleratorDevCapacity } from "../../lib/policy/rules/gcp/gke/accelerator-dev-capacity";
import { gkeAcceleratorScaleToZero } from "../../lib/policy/rules/gcp/gke/accelerator-scale-to-zero";
import { gkeClusterHardening } from "../../lib/policy/rules/gcp/gke/cluster-hardening";
import { gkeDeletionProtection } from "../../lib/policy/rules/gcp/gke/cluster-deletion-protection";
import { gkeNodeBootDiskCmek } from "../../lib/policy/rules/gcp/gke/node-boot-disk-cmek";
import { gkeNodeSecureBoot } from "../../lib/policy/rules/gcp/gke/node-secure-boot";
import { gkeNodeServiceAccount } from "../../lib/policy/rules/gcp/gke/node-service-account";
import { gkePrivateCluster } from "../../lib/policy/rules/gcp/gke/private-cluster";
import { gkeSecretsEncryption } from "../../lib/policy/rules/gcp/gke/secrets-encryption";
import { gkeWorkloadIdentity } from "../../lib/policy/rules/gcp/gke/workload-identity";
import { check, fullGcpSpec, stackFindings } from "./gcp-helpers";
import { failures, statuses } from "./helpers";

const KEY = "projects/acme/locations/us-central1/keyRings/acme/cryptoKeys/data";
const CLUSTER = "google_container_cluster";
const POOL = "google_container_node_pool";

/** A GKE cluster as the provider's defaults make it: nothing said about privacy, identity or nodes. */
const BARE_CLUSTER = { name: "bare", location: "us-central1", initial_node_count: 1 };
/** A node pool with only a machine type. */
const bare = (machine: string, extra: Record<string, unknown> = {}) => ({ cluster: "bare", name: "pool", node_config: { machine_type: machine }, ...extra });

describe("Google Cloud GKE rules on the stack's cluster and pools", () => {
  it.each(["dev", "prod"] as const)("pass the cluster and both pools GcpTrainingCluster and GcpAcceleratorNodePool build in %s", (tier) => {
    // given a full environment of the tier / when synthesized
    const findings = stackFindings(fullGcpSpec(tier));
    // then every GKE rule that applies finds the cluster and the pools compliant
    for (const rule of [gkePrivateCluster, gkeSecretsEncryption, gkeWorkloadIdentity, gkeNodeServiceAccount, gkeClusterHardening, gkeNodeSecureBoot, gkeNodeBootDiskCmek]) {
      const mine = findings.filter((f) => f.ruleId === rule.id);
      expect(mine.length, rule.id).toBeGreaterThan(0);
      expect(mine.filter((f) => f.status !== "compliant"), rule.id).toEqual([]);
    }
    const tierRules = tier === "prod" ? [gkeDeletionProtection] : [gkeAcceleratorScaleToZero, gkeAcceleratorDevCapacity];
    for (const rule of tierRules) expect(findings.filter((f) => f.ruleId === rule.id).map((f) => f.status), rule.id).toEqual(["compliant"]);
  });
});

describe("LLM-GCP-GKE-1 private cluster", () => {
  it("fails a cluster on the provider defaults, naming private nodes and the private endpoint", () => {
    const findings = check(gkePrivateCluster, "dev", [CLUSTER, "bare", BARE_CLUSTER]);
    expect(failures(findings)).toEqual([expect.stringMatching(/^gives its nodes public IPs .*; exposes the control plane on a public endpoint/)]);
  });

  it("fails a private cluster that authorizes 0.0.0.0/0 or Google Cloud's public ranges", () => {
    const findings = check(gkePrivateCluster, "dev", [
      CLUSTER,
      "open",
      { ...BARE_CLUSTER, private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: true }, master_authorized_networks_config: { gcp_public_cidrs_access_enabled: true, cidr_blocks: [{ cidr_block: "0.0.0.0/0" }] } },
    ]);
    expect(failures(findings)).toEqual(["authorizes 0.0.0.0/0 to reach the control plane (master_authorized_networks_config); lets Google Cloud's public IP ranges reach the control plane (gcp_public_cidrs_access_enabled is not false)"]);
  });
});

describe("LLM-GCP-GKE-2 secrets encrypted with a customer-managed key", () => {
  it("passes a literal key name and fails no encryption or a key that is not Cloud KMS", () => {
    const findings = check(
      gkeSecretsEncryption,
      "dev",
      [CLUSTER, "keyed", { ...BARE_CLUSTER, database_encryption: { state: "ENCRYPTED", key_name: KEY } }],
      [CLUSTER, "plain", BARE_CLUSTER],
      [CLUSTER, "odd", { ...BARE_CLUSTER, database_encryption: { state: "ENCRYPTED", key_name: "my-key" } }],
    );
    expect(statuses(findings)).toEqual({ [`${CLUSTER}.keyed`]: "compliant", [`${CLUSTER}.plain`]: "non-compliant", [`${CLUSTER}.odd`]: "non-compliant" });
    expect(failures(findings)).toEqual(["does not encrypt Kubernetes secrets with a Cloud KMS key (database_encryption.state is unset)", 'names no Cloud KMS key in database_encryption.key_name (got "my-key")']);
  });
});

describe("LLM-GCP-GKE-3 Workload Identity and the GKE metadata server", () => {
  it("fails a cluster without a workload pool and a pool that exposes the node's metadata server", () => {
    const findings = check(gkeWorkloadIdentity, "dev", [CLUSTER, "bare", { ...BARE_CLUSTER, remove_default_node_pool: true }], [POOL, "pool", bare("e2-standard-4", { node_config: { machine_type: "e2-standard-4", workload_metadata_config: { mode: "GCE_METADATA" } } })]);
    expect(failures(findings)).toEqual(["has no Workload Identity pool (workload_identity_config.workload_pool is unset)", "lets pods reach the node's metadata server (node_config.workload_metadata_config.mode is GCE_METADATA, not GKE_METADATA)"]);
  });

  it("checks the default pool's node_config on a cluster that keeps it", () => {
    const findings = check(gkeWorkloadIdentity, "dev", [CLUSTER, "kept", { ...BARE_CLUSTER, workload_identity_config: { workload_pool: "acme.svc.id.goog" }, node_config: { machine_type: "e2-standard-4" } }]);
    expect(failures(findings)).toEqual([expect.stringMatching(/workload_metadata_config\.mode is unset/)]);
  });
});

describe("LLM-GCP-GKE-4 no Compute Engine default service account on nodes", () => {
  it("passes a dedicated account and fails an unset one and the default compute account", () => {
    const findings = check(
      gkeNodeServiceAccount,
      "dev",
      [POOL, "own", bare("e2-standard-4", { node_config: { machine_type: "e2-standard-4", service_account: "${google_service_account.nodes.email}" } })],
      [POOL, "unset", bare("e2-standard-4")],
      [POOL, "compute", bare("e2-standard-4", { node_config: { service_account: "123456789-compute@developer.gserviceaccount.com" } })],
    );
    expect(statuses(findings)).toEqual({ [`${POOL}.own`]: "compliant", [`${POOL}.unset`]: "non-compliant", [`${POOL}.compute`]: "non-compliant" });
    expect(failures(findings)[1]).toBe("runs its nodes as the Compute Engine default service account (123456789-compute@developer.gserviceaccount.com)");
  });
});

describe("LLM-GCP-GKE-5 cluster hardening", () => {
  it("passes the provider defaults and fails legacy ABAC, no shielded nodes and a client certificate", () => {
    const findings = check(
      gkeClusterHardening,
      "dev",
      [CLUSTER, "bare", BARE_CLUSTER],
      [CLUSTER, "legacy", { ...BARE_CLUSTER, enable_legacy_abac: true, enable_shielded_nodes: false, master_auth: { client_certificate_config: { issue_client_certificate: true } } }],
    );
    expect(statuses(findings)).toEqual({ [`${CLUSTER}.bare`]: "compliant", [`${CLUSTER}.legacy`]: "non-compliant" });
    expect(failures(findings)).toEqual([
      "turns shielded nodes off (enable_shielded_nodes = false); turns legacy ABAC on (enable_legacy_abac = true); issues a client certificate (master_auth.client_certificate_config.issue_client_certificate = true)",
    ]);
  });
});

describe("LLM-GCP-GKE-6 Secure Boot on nodes", () => {
  it("fails a pool on the defaults (Secure Boot off) and one that turns integrity monitoring off", () => {
    const findings = check(
      gkeNodeSecureBoot,
      "dev",
      [POOL, "defaults", bare("e2-standard-4")],
      [POOL, "half", bare("e2-standard-4", { node_config: { shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: false } } })],
    );
    expect(failures(findings)).toEqual([expect.stringMatching(/^boots its nodes without Secure Boot/), "turns integrity monitoring off (enable_integrity_monitoring = false)"]);
  });
});

describe("LLM-GCP-GKE-10 node boot disks with a customer-managed key", () => {
  it("passes a pool with boot_disk_kms_key and fails one without, skipping a cluster that removes its default pool", () => {
    const findings = check(
      gkeNodeBootDiskCmek,
      "dev",
      [CLUSTER, "removed", { ...BARE_CLUSTER, remove_default_node_pool: true }],
      [POOL, "keyed", bare("e2-standard-4", { node_config: { machine_type: "e2-standard-4", boot_disk_kms_key: KEY } })],
      [POOL, "plain", bare("e2-standard-4")],
    );
    expect(statuses(findings)).toEqual({ [`${CLUSTER}.removed`]: "compliant", [`${POOL}.keyed`]: "compliant", [`${POOL}.plain`]: "non-compliant" });
    expect(failures(findings)).toEqual(["does not encrypt its nodes' boot disks with a customer-managed Cloud KMS key (node_config.boot_disk_kms_key is unset)"]);
  });
});

describe("LLM-GCP-GKE-7 prod cluster deletion protection", () => {
  it("fails deletion_protection = false in prod only, and takes the provider default (true) as protected", () => {
    const off = [CLUSTER, "off", { ...BARE_CLUSTER, deletion_protection: false }] as const;
    expect(statuses(check(gkeDeletionProtection, "prod", off, [CLUSTER, "bare", BARE_CLUSTER]))).toEqual({ [`${CLUSTER}.off`]: "non-compliant", [`${CLUSTER}.bare`]: "compliant" });
    expect(check(gkeDeletionProtection, "staging", off)).toEqual([]);
  });
});

describe("LLM-GCP-GKE-8 dev and staging accelerator pools scale to zero", () => {
  it("warns on a GPU pool kept at one node and one without autoscaling, and skips CPU pools and prod", () => {
    const gpu = { machine_type: "g2-standard-4", guest_accelerator: [{ type: "nvidia-l4", count: 1 }] };
    const pools = [
      [POOL, "kept", { ...bare(""), node_config: gpu, autoscaling: { total_min_node_count: 1, total_max_node_count: 2 } }],
      [POOL, "fixed", { ...bare(""), node_config: gpu, node_count: 1 }],
      [POOL, "tpu", { ...bare("ct5lp-hightpu-4t"), autoscaling: { min_node_count: 0, max_node_count: 4 } }],
      [POOL, "cpu", { ...bare("e2-standard-4"), autoscaling: { total_min_node_count: 3 } }],
    ] as const;
    const findings = check(gkeAcceleratorScaleToZero, "staging", ...pools);
    expect(statuses(findings)).toEqual({ [`${POOL}.kept`]: "non-compliant", [`${POOL}.fixed`]: "non-compliant", [`${POOL}.tpu`]: "compliant" });
    expect(findings.every((f) => f.level === "warning")).toBe(true);
    expect(failures(findings)).toEqual(["keeps at least 1 accelerator node in staging; set the autoscaling minimum to 0", expect.stringMatching(/^does not autoscale/)]);
    expect(check(gkeAcceleratorScaleToZero, "prod", ...pools)).toEqual([]);
  });
});

describe("LLM-GCP-GKE-9 dev accelerator capacity", () => {
  it("passes spot and a specific reservation and warns on on-demand GPUs in dev", () => {
    const gpu = (extra: Record<string, unknown>) => ({ ...bare(""), node_config: { machine_type: "a3-highgpu-8g", ...extra } });
    const findings = check(
      gkeAcceleratorDevCapacity,
      "dev",
      [POOL, "spot", gpu({ spot: true })],
      [POOL, "reserved", gpu({ reservation_affinity: { consume_reservation_type: "SPECIFIC_RESERVATION", key: "compute.googleapis.com/reservation-name", values: ["r"] } })],
      [POOL, "ondemand", gpu({})],
    );
    expect(statuses(findings)).toEqual({ [`${POOL}.spot`]: "compliant", [`${POOL}.reserved`]: "compliant", [`${POOL}.ondemand`]: "non-compliant" });
  });
});
