import { describe, expect, it } from "vitest";
import { gcsBucketCmek } from "../../lib/policy/rules/gcp/gcs/bucket-cmek";
import { gcsPublicAccessPrevention } from "../../lib/policy/rules/gcp/gcs/bucket-public-access";
import { gcpNoCmekOption } from "../../lib/policy/rules/gcp/kms/no-cmek-option";
import { pubsubTopicCmek } from "../../lib/policy/rules/gcp/pubsub/topic-cmek";
import { arRepositoryCmek } from "../../lib/policy/rules/gcp/registry/repository-cmek";
import { sqlApiDeletionProtection } from "../../lib/policy/rules/gcp/sql/api-deletion-protection";
import { sqlBackups } from "../../lib/policy/rules/gcp/sql/backups";
import { sqlInstanceCmek } from "../../lib/policy/rules/gcp/sql/instance-cmek";
import { sqlPrivateIpOnly } from "../../lib/policy/rules/gcp/sql/private-ip-only";
import { sqlTlsOnly } from "../../lib/policy/rules/gcp/sql/tls-only";
import { vertexEndpointCmek } from "../../lib/policy/rules/gcp/vertex/endpoint-cmek";
import { check, fullGcpSpec, stackFindings } from "./gcp-helpers";
import { failures, statuses } from "./helpers";

const KEY_REF = "${google_kms_crypto_key.key.id}";
const SQL = "google_sql_database_instance";
/** A Cloud SQL instance on the provider's defaults: public IP, any connection, no key, no backups. */
const BARE_SQL = { name: "vectors", database_version: "POSTGRES_16", region: "us-central1", settings: { tier: "db-custom-1-3840" } };

describe("Google Cloud data-store rules on the stack's stores", () => {
  it.each(["dev", "staging", "prod"] as const)("pass the buckets, Cloud SQL, registry, topic and private endpoint the %s stack builds", (tier) => {
    const findings = stackFindings(fullGcpSpec(tier));
    const rules = [gcsPublicAccessPrevention, gcsBucketCmek, sqlPrivateIpOnly, sqlTlsOnly, sqlInstanceCmek, arRepositoryCmek, pubsubTopicCmek, vertexEndpointCmek];
    if (tier !== "dev") rules.push(sqlBackups);
    if (tier === "prod") rules.push(sqlApiDeletionProtection);
    for (const rule of rules) {
      const mine = findings.filter((f) => f.ruleId === rule.id);
      expect(mine.length, rule.id).toBeGreaterThan(0);
      expect(mine.filter((f) => f.status !== "compliant"), rule.id).toEqual([]);
    }
    // the stores that take the environment's key leave nothing for the no-CMEK warning
    expect(findings.filter((f) => f.ruleId === gcpNoCmekOption.id)).toEqual([]);
  });
});

describe("LLM-GCP-GCS-1 public access prevention and uniform access", () => {
  it("fails a bucket on the defaults, and no suppression silences it", () => {
    const findings = check(gcsPublicAccessPrevention, "dev", ["google_storage_bucket", "open", { name: "open", location: "US" }], ["google_storage_bucket", "inherited", { name: "x", location: "US", public_access_prevention: "inherited", uniform_bucket_level_access: true }]);
    expect(failures(findings)).toEqual([
      "does not enforce public access prevention (public_access_prevention is unset, which inherits); allows per-object ACLs (uniform_bucket_level_access is not true)",
      'does not enforce public access prevention (public_access_prevention is "inherited")',
    ]);
    expect(gcsPublicAccessPrevention.suppressible).toBe(false);
  });
});

describe("LLM-GCP-GCS-2 bucket CMEK", () => {
  it("passes a bucket with a default key and fails one without", () => {
    const findings = check(gcsBucketCmek, "dev", ["google_storage_bucket", "keyed", { name: "k", encryption: { default_kms_key_name: KEY_REF } }], ["google_storage_bucket", "plain", { name: "p" }]);
    expect(statuses(findings)).toEqual({ "google_storage_bucket.keyed": "compliant", "google_storage_bucket.plain": "non-compliant" });
    expect(failures(findings)).toEqual(["does not encrypt new objects with a customer-managed Cloud KMS key (encryption.default_kms_key_name is unset)"]);
  });
});

describe("LLM-GCP-SQL-1..5 Cloud SQL", () => {
  it("fails an instance on the provider defaults: public IP, unencrypted connections, no key", () => {
    expect(failures(check(sqlPrivateIpOnly, "dev", [SQL, "bare", BARE_SQL]))).toEqual(["has a public IPv4 address (settings.ip_configuration.ipv4_enabled defaults to true)"]);
    expect(failures(check(sqlTlsOnly, "dev", [SQL, "bare", BARE_SQL]))).toEqual(["accepts unencrypted connections (settings.ip_configuration.ssl_mode is unset)"]);
    expect(failures(check(sqlInstanceCmek, "dev", [SQL, "bare", BARE_SQL]))).toEqual(["does not encrypt its disk and backups with a customer-managed Cloud KMS key (encryption_key_name is unset)"]);
    expect(sqlPrivateIpOnly.suppressible).toBe(false);
  });

  it("takes client certificates as TLS only, and ALLOW_UNENCRYPTED_AND_ENCRYPTED as not", () => {
    const findings = check(
      sqlTlsOnly,
      "dev",
      [SQL, "certs", { ...BARE_SQL, settings: { ip_configuration: { ssl_mode: "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" } } }],
      [SQL, "both", { ...BARE_SQL, settings: { ip_configuration: { ssl_mode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } } }],
    );
    expect(statuses(findings)).toEqual({ [`${SQL}.certs`]: "compliant", [`${SQL}.both`]: "non-compliant" });
  });

  it("asks for backups with point-in-time recovery in staging and prod, not in dev", () => {
    const noPitr = [SQL, "no-pitr", { ...BARE_SQL, settings: { backup_configuration: { enabled: true, point_in_time_recovery_enabled: false } } }] as const;
    expect(failures(check(sqlBackups, "staging", noPitr, [SQL, "bare", BARE_SQL]))).toEqual([
      "has no point-in-time recovery (point_in_time_recovery_enabled is not true) in staging",
      "takes no automated backups (settings.backup_configuration.enabled is not true) in staging",
    ]);
    expect(check(sqlBackups, "dev", noPitr)).toEqual([]);
  });

  it("asks prod for Cloud SQL's own deletion protection beside Terraform's", () => {
    const terraformOnly = [SQL, "tf-only", { ...BARE_SQL, deletion_protection: true, settings: { deletion_protection_enabled: false } }] as const;
    expect(failures(check(sqlApiDeletionProtection, "prod", terraformOnly))).toEqual(["has no deletion protection in the Cloud SQL API in prod (settings.deletion_protection_enabled is not true)"]);
    expect(check(sqlApiDeletionProtection, "staging", terraformOnly)).toEqual([]);
  });
});

describe("LLM-GCP-AR-1, LLM-GCP-PUBSUB-1, LLM-GCP-VAI-1 customer-managed keys", () => {
  it("fail a repository, a topic and an endpoint without a key, and pass them with one", () => {
    expect(statuses(check(arRepositoryCmek, "dev", ["google_artifact_registry_repository", "keyed", { format: "DOCKER", kms_key_name: KEY_REF }], ["google_artifact_registry_repository", "plain", { format: "DOCKER" }]))).toEqual({
      "google_artifact_registry_repository.keyed": "compliant",
      "google_artifact_registry_repository.plain": "non-compliant",
    });
    expect(failures(check(pubsubTopicCmek, "dev", ["google_pubsub_topic", "plain", { name: "t" }]))).toEqual(["does not encrypt its messages with a customer-managed Cloud KMS key (kms_key_name is unset)"]);
    expect(failures(check(vertexEndpointCmek, "dev", ["google_vertex_ai_endpoint", "plain", { display_name: "e", location: "us-central1" }]))).toEqual([
      "does not encrypt the endpoint with a customer-managed Cloud KMS key (encryption_spec.kms_key_name is unset)",
    ]);
    expect(statuses(check(vertexEndpointCmek, "dev", ["google_vertex_ai_endpoint", "keyed", { encryption_spec: { kms_key_name: KEY_REF } }]))).toEqual({ "google_vertex_ai_endpoint.keyed": "compliant" });
  });
});

describe("LLM-GCP-KMS-3 stores with no customer-managed key in provider 6.50", () => {
  it("warns on Managed Lustre, a Vector Search index and a Model Garden deployment, and passes a later provider's key", () => {
    const findings = check(
      gcpNoCmekOption,
      "dev",
      ["google_lustre_instance", "lustre", { instance_id: "l" }],
      ["google_vertex_ai_index", "index", { display_name: "i" }],
      ["google_vertex_ai_endpoint_with_model_garden_deployment", "garden", { hugging_face_model_id: "m" }],
      ["google_lustre_instance", "keyed", { instance_id: "k", kms_key: "projects/p/locations/us-central1/keyRings/r/cryptoKeys/k" }],
    );
    expect(findings.map((f) => `${f.resource} ${f.level} ${f.status}`)).toEqual([
      "google_lustre_instance.lustre warning non-compliant",
      "google_lustre_instance.keyed warning compliant",
      "google_vertex_ai_index.index warning non-compliant",
      "google_vertex_ai_endpoint_with_model_garden_deployment.garden warning non-compliant",
    ]);
    expect(failures(findings)[0]).toBe("is a Managed Lustre instance, encrypted with a Google-managed key: hashicorp/google 6.50 takes no customer-managed key for it (kms_key arrived in 7.13)");
  });

  it("is suppressed by the environment stack, with its reason, on each store the spec chose", () => {
    // given a prod spec with Managed Lustre, Vector Search and a Model Garden deployment
    const spec = fullGcpSpec("prod", {
      sharedStorage: { kind: "lustre", capacityGiB: 18000, throughputMBpsPerTiB: 1000 },
      vectorStore: { engine: "managed-search" },
      inference: { accelerator: "nvidia-l4", model: { huggingFace: "Qwen/Qwen2.5-7B-Instruct" } },
    });
    // when synthesized
    const findings = stackFindings(spec).filter((f) => f.ruleId === gcpNoCmekOption.id);
    // then each is a suppressed warning whose reason names the provider version
    expect(findings.map((f) => `${f.resourceType} ${f.status}`)).toEqual([
      "google_lustre_instance suppressed",
      "google_vertex_ai_index suppressed",
      "google_vertex_ai_endpoint_with_model_garden_deployment suppressed",
    ]);
    for (const f of findings) expect(f.suppressionReason).toMatch(/hashicorp\/google (7\.13|7\.5|6\.50)/);
  });
});
