import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import { GcpAcceleratorNodePool } from "../../lib/constructs/gcp/accelerator-node-pool";
import { GcpBudget } from "../../lib/constructs/gcp/budget";
import { GcpInferenceEndpoint } from "../../lib/constructs/gcp/inference-endpoint";
import { GcpLogRetention } from "../../lib/constructs/gcp/log-retention";
import { GcpMonitoring } from "../../lib/constructs/gcp/monitoring";
import { GcpNetwork } from "../../lib/constructs/gcp/network";
import { GcpObjectStore } from "../../lib/constructs/gcp/object-store";
import { GcpRegistry } from "../../lib/constructs/gcp/registry";
import { GcpTrainingCluster } from "../../lib/constructs/gcp/training-cluster";
import { tierPresets } from "../../lib/environment/presets";
import { resolveEnvironmentSpec } from "../../lib/environment/resolve";
import { GcpLlmOpsStack } from "../../lib/stacks/gcp-llmops-stack";
import { addEnvironmentStacks } from "../../lib/stacks/synth";
import { problemsOf, resources, synthStack, type Synthesized } from "../helpers";
import { gcpSpec } from "./helpers";


function synthSpec(overrides: Record<string, unknown> = {}): { stack: GcpLlmOpsStack; doc: Synthesized } {
  const stack = new GcpLlmOpsStack(Testing.app(), { spec: gcpSpec(overrides) });
  return { stack, doc: synthStack(stack) };
}

const REQUIRED_LABELS = { environment: "acme-dev", tier: "dev", owner: "ml_at_acme_example", "cost-center": "cc-1", "managed-by": "llmops-constructs" };

describe("GcpLlmOpsStack resources", () => {
  it("names the stack <name>-gcp-<tier> and builds key, network, buckets, log retention, cluster and pool from one spec", () => {
    // given a dev spec with training
    const { stack, doc } = synthSpec();
    // then every component of this release is there
    expect(stack.node.id).toBe("acme-gcp-dev");
    for (const type of ["google_kms_crypto_key", "google_compute_network", "google_compute_router_nat", "google_container_cluster", "google_logging_project_bucket_config"]) expect(resources(doc, type), type).toHaveLength(1);
    expect(resources(doc, "google_storage_bucket").map((b) => b.name).sort()).toEqual(["acme-dev-artifacts-acme-llm-dev", "acme-dev-checkpoints-acme-llm-dev", "acme-dev-datasets-acme-llm-dev"]);
    const pools = resources(doc, "google_container_node_pool");
    expect(pools.map((p) => p.name).sort()).toEqual(["system", "train"]);
    const train = pools.find((p) => p.name === "train") as { node_config: { machine_type: string; spot: boolean; guest_accelerator: { type: string }[] }; autoscaling: { total_min_node_count: number } };
    expect(train.node_config.machine_type).toBe("g2-standard-96");
    expect(train.node_config.guest_accelerator[0].type).toBe("nvidia-l4");
    expect(train.node_config.spot).toBe(true);
    expect(train.autoscaling.total_min_node_count).toBe(0);
    // and the log bucket keeps the tier's retention
    expect(resources(doc, "google_logging_project_bucket_config")[0]).toMatchObject({ bucket_id: "_Default", location: "global", retention_days: 30, project: "acme-llm-dev" });
  });

  it("configures the provider with region, project, encoded default labels and the project as quota project", () => {
    const { doc } = synthSpec({ tags: { "Data-Classification": "Confidential" } });
    const provider = (doc.provider?.google?.[0] ?? {}) as Record<string, unknown>;
    expect(provider).toMatchObject({ project: "acme-llm-dev", region: "us-central1", user_project_override: true, billing_project: "acme-llm-dev" });
    // label keys keep their hyphens (cdktf would snake-case a provider map's keys)
    expect(provider.default_labels).toEqual({ ...REQUIRED_LABELS, "data-classification": "confidential" });
  });

  it("puts the labels where default_labels do not reach: the node pools' resource labels, with the component", () => {
    const { doc } = synthSpec();
    for (const pool of resources(doc, "google_container_node_pool") as { name: string; node_config: { resource_labels: Record<string, string> } }[]) {
      expect(pool.node_config.resource_labels, pool.name).toEqual({ ...REQUIRED_LABELS, component: "training" });
    }
    // and labelled resources get their component from the aspect
    for (const bucket of resources(doc, "google_storage_bucket")) expect(bucket.labels).toEqual({ component: "storage" });
    expect(resources(doc, "google_kms_crypto_key")[0].labels).toEqual({ component: "encryption" });
  });

  it("gives training jobs a Workload Identity service account that reads datasets and writes checkpoints and artifacts", () => {
    const { doc } = synthSpec();
    const account = resources(doc, "google_service_account").find((a) => a.account_id === "acme-dev-train-jobs");
    expect(account).toBeDefined();
    const binding = resources(doc, "google_service_account_iam_member")[0];
    expect(binding).toMatchObject({ role: "roles/iam.workloadIdentityUser", member: "serviceAccount:acme-llm-dev.svc.id.goog[training/training-job]" });
    const grants = resources(doc, "google_storage_bucket_iam_member").map((g) => `${String(g.bucket).match(/google_storage_bucket\.(storage_\w+?)_bucket/)?.[1]} ${g.role}`).sort();
    expect(grants).toEqual(["storage_artifacts roles/storage.objectUser", "storage_checkpoints roles/storage.objectUser", "storage_datasets roles/storage.objectViewer"]);
    expect(Object.keys(doc.output ?? {})).toEqual(expect.arrayContaining(["training_job_service_account", "training_cluster_name", "datasets_bucket"]));
  });

  it("grants the key only to the agents of what it builds, so no lazily made agent must exist first", () => {
    const members = (d: Synthesized) => Object.keys(d.resource.google_kms_crypto_key_iam_member ?? {}).map((k) => k.match(/agent-([a-z-]+?)(_|$)/)?.[1]).sort();
    expect(members(synthSpec().doc)).toEqual(["artifact-registry", "compute", "gke", "pubsub", "storage"]);
    expect(members(synthSpec({ training: undefined }).doc)).toEqual(["artifact-registry", "pubsub", "storage"]);
  });

  it("builds a TPU slice pool from the catalog, with the topology from gcp.tpuTopology", () => {
    const { doc } = synthSpec({ training: { accelerator: "google-tpu-v5e", acceleratorsPerNode: 4 }, gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000", tpuTopology: "4x4" } });
    const train = resources(doc, "google_container_node_pool").find((p) => p.name === "train") as { node_config: { machine_type: string }; placement_policy: { type: string; tpu_topology: string }; autoscaling: { min_node_count: number; max_node_count: number } };
    expect(train.node_config.machine_type).toBe("ct5lp-hightpu-4t");
    expect(train.placement_policy).toEqual({ type: "COMPACT", tpu_topology: "4x4" });
    expect(train.autoscaling).toMatchObject({ min_node_count: 0, max_node_count: 4 });
  });

  it("puts a TPU v5e environment (zonal cluster, pool and Lustre) in us-central1-a, the zone of us-central1 that has v5e, not us-central1-b", () => {
    // given a staging spec with a v5e slice and Lustre beside it
    const { doc, stack } = synthSpec({ tier: "staging", training: { accelerator: "google-tpu-v5e", acceleratorsPerNode: 4 }, sharedStorage: { kind: "lustre" }, gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000", tpuTopology: "4x4" } });
    // then the cluster, the pool and the file system are in the catalog's v5e zone
    expect(stack.spec.gcp?.trainingZone).toBe("us-central1-a");
    expect(resources(doc, "google_container_cluster")[0].location).toBe("us-central1-a");
    expect(resources(doc, "google_container_node_pool").find((p) => p.name === "train")?.node_locations).toEqual(["us-central1-a"]);
    expect(resources(doc, "google_lustre_instance")[0].location).toBe("us-central1-a");
  });

  it("rejects a reservation zone without the machine, listing the zones that have it, and accepts it with training.allowUnlistedRegion and a warning", () => {
    const reserved = (extra: Record<string, unknown> = {}) => gcpSpec({ training: { accelerator: "google-tpu-v5e", capacity: { reservation: "v5e-res", zone: "us-central1-b" }, ...extra } });
    expect(problemsOf(() => resolveEnvironmentSpec(reserved()))).toEqual([
      expect.stringMatching(/^training\.capacity\.zone: ct5lp-hightpu-8t is not offered in us-central1-b by the catalog \(got "us-central1-b"; zones of us-central1 offering it: us-central1-a\); if the catalog is out of date, set training\.allowUnlistedRegion: true/),
    ]);
    const spec = resolveEnvironmentSpec(reserved({ allowUnlistedRegion: true }));
    expect(spec.gcp).toMatchObject({ trainingZone: "us-central1-b", trainingZoneUnlisted: true });
    expect(spec.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^training\.capacity\.zone: ct5lp-hightpu-8t is not listed in us-central1-b .*accepted because training\.allowUnlistedRegion is set/)]));
    const { doc } = synthSpec({ training: { accelerator: "google-tpu-v5e", capacity: { reservation: "v5e-res", zone: "us-central1-b" }, allowUnlistedRegion: true } });
    expect(resources(doc, "google_container_node_pool").find((p) => p.name === "train")?.node_locations).toEqual(["us-central1-b"]);
  });

  it("puts a reserved pool, and a zonal cluster, in the reservation's zone", () => {
    const { doc } = synthSpec({ training: { accelerator: "nvidia-l4", capacity: { reservation: "l4-pool", zone: "us-central1-a" } } });
    expect(resources(doc, "google_container_cluster")[0].location).toBe("us-central1-a");
    const train = resources(doc, "google_container_node_pool").find((p) => p.name === "train") as { node_locations: string[]; node_config: { reservation_affinity: Record<string, unknown> } };
    expect(train.node_locations).toEqual(["us-central1-a"]);
    expect(train.node_config.reservation_affinity).toEqual({ consume_reservation_type: "SPECIFIC_RESERVATION", key: "compute.googleapis.com/reservation-name", values: ["l4-pool"] });
  });
});

describe("GcpLlmOpsStack registry", () => {
  it("always has a CMEK Artifact Registry repository with immutable tags and cleanup policies that run, after the agent's grant", () => {
    const { doc } = synthSpec({ training: undefined });
    const [repo] = resources(doc, "google_artifact_registry_repository");
    expect(repo).toMatchObject({ repository_id: "acme-dev-images", location: "us-central1", format: "DOCKER", docker_config: { immutable_tags: true }, cleanup_policy_dry_run: false, labels: { component: "registry" } });
    expect(repo.kms_key_name).toMatch(/google_kms_crypto_key\.key_/);
    expect(repo.depends_on).toEqual([expect.stringMatching(/key_agent-artifact-registry/)]);
    expect(doc.output?.serving_repository_url?.value).toBe("us-central1-docker.pkg.dev/acme-llm-dev/acme-dev-images");
  });

  it("keeps untagged images 7 days and 10 versions in dev, 30 days, 50 versions and prevent_destroy in prod", () => {
    const policies = (d: Synthesized) => resources(d, "google_artifact_registry_repository")[0] as { cleanup_policies: { id: string; condition?: { older_than: string }; most_recent_versions?: { keep_count: number } }[]; lifecycle?: unknown };
    const dev = policies(synthSpec().doc);
    const prod = policies(synthSpec({ tier: "prod" }).doc);
    expect(dev.cleanup_policies.map((p) => p.condition?.older_than ?? p.most_recent_versions?.keep_count)).toEqual(["604800s", 10]);
    expect(prod.cleanup_policies.map((p) => p.condition?.older_than ?? p.most_recent_versions?.keep_count)).toEqual(["2592000s", 50]);
    expect([dev.lifecycle, prod.lifecycle]).toEqual([undefined, { prevent_destroy: true }]);
    expect(GcpRegistry.defaults("prod").untaggedRetentionDays).toBe(30);
  });
});

describe("GcpLlmOpsStack shared storage", () => {
  it("mounts the datasets (read-only) and checkpoints buckets through Cloud Storage FUSE by default in dev, with its own Workload Identity account", () => {
    const { doc, stack } = synthSpec({ sharedStorage: undefined });
    expect(stack.objectMount?.volumes.map((v) => [v.bucketName, v.readOnly])).toEqual([["acme-dev-datasets-acme-llm-dev", true], ["acme-dev-checkpoints-acme-llm-dev", false]]);
    expect(resources(doc, "google_lustre_instance")).toHaveLength(0);
    expect(resources(doc, "google_service_account").map((a) => a.account_id)).toContain("acme-dev-gcs-fuse");
    expect(resources(doc, "google_service_account_iam_member").map((b) => b.member)).toContain("serviceAccount:acme-llm-dev.svc.id.goog[training/training]");
    expect(Object.keys(doc.output ?? {})).toContain("object_mount_service_account");
  });

  it("builds Managed Lustre in the pool's zone after the private services peering, GKE support on, protected in prod (the prod default)", () => {
    const { doc, stack } = synthSpec({ tier: "prod", sharedStorage: undefined });
    const [lustre] = resources(doc, "google_lustre_instance");
    expect(lustre).toMatchObject({ location: stack.acceleratorPool?.zone, capacity_gib: "9000", per_unit_storage_throughput: "1000", gke_support_enabled: true, lifecycle: { prevent_destroy: true } });
    expect(lustre.depends_on).toEqual([expect.stringMatching(/google_service_networking_connection\./)]);
    // the GKE-mode instance listens on the legacy port, which the cluster turns on only here (a dev cluster without Lustre keeps it off)
    expect((resources(doc, "google_container_cluster")[0] as Record<string, any>).addons_config.lustre_csi_driver_config).toEqual({ enabled: true, enable_legacy_lustre_port: true });
    expect((resources(synthSpec().doc, "google_container_cluster")[0] as Record<string, any>).addons_config.lustre_csi_driver_config).toEqual({ enabled: true, enable_legacy_lustre_port: false });
    expect(Object.keys(doc.output ?? {})).toEqual(expect.arrayContaining(["lustre_mount_point", "lustre_instance"]));
    expect(stack.spec.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^sharedStorage: Managed Lustre takes no customer-managed key in provider 6\.50/)]));
  });

  it("alerts when the Lustre instance it builds runs short of space, at monitoring.storageFreePercent, and not without Lustre", () => {
    const { doc, stack } = synthSpec({ tier: "prod", sharedStorage: undefined, monitoring: { notify: ["oncall@acme.example"], storageFreePercent: 20 } });
    const policy = resources(doc, "google_monitoring_alert_policy").find((p) => p.display_name === "acme-prod Lustre free space") as { conditions: { condition_threshold: { filter: string; threshold_value: number } }[] };
    expect(policy.conditions[0].condition_threshold.filter).toContain(`resource.label.instance_id = "${stack.sharedStorage?.instanceId}"`);
    expect(policy.conditions[0].condition_threshold.threshold_value).toBe(0.2);
    expect(resources(synthSpec().doc, "google_monitoring_alert_policy").map((p) => p.display_name)).not.toContain("acme-dev Lustre free space");
    expect(problemsOf(() => synthSpec({ monitoring: { notify: ["oncall@acme.example"], storageFreePercent: 100 } }))).toEqual([expect.stringMatching(/^monitoring\.storageFreePercent: /)]);
  });

  it("takes the minimum of the throughput tier asked for when no capacity is given", () => {
    const { doc } = synthSpec({ sharedStorage: { kind: "lustre", throughputMBpsPerTiB: 250 } });
    expect(resources(doc, "google_lustre_instance")[0]).toMatchObject({ capacity_gib: "36000", per_unit_storage_throughput: "250" });
  });
});

describe("GcpLlmOpsStack vector store", () => {
  it("builds Cloud SQL for PostgreSQL by default: private IP in the VPC after the peering, TLS only, CMEK after the Cloud SQL agent's grant, labelled", () => {
    // given a spec that leaves the vector store to its default
    const { doc, stack } = synthSpec({ vectorStore: undefined });
    const [sql] = resources(doc, "google_sql_database_instance") as { name: string; database_version: string; encryption_key_name: string; depends_on: string[]; deletion_protection: boolean; settings: Record<string, unknown> & { ip_configuration: unknown; user_labels: unknown } }[];
    expect(stack.vectorStore?.engine).toBe("postgres-pgvector");
    expect(sql).toMatchObject({ name: "acme-dev-vectors", database_version: "POSTGRES_16", deletion_protection: false });
    expect(sql.settings).toMatchObject({ edition: "ENTERPRISE", tier: "db-custom-1-3840", availability_type: "ZONAL" });
    expect(sql.settings.ip_configuration).toMatchObject({ ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY", private_network: expect.stringMatching(/google_compute_network\./) });
    expect(sql.encryption_key_name).toMatch(/google_kms_crypto_key\.key_/);
    expect(sql.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/google_service_networking_connection\./), expect.stringMatching(/key_agent-cloud-sql/)]));
    expect(sql.settings.user_labels).toEqual({ ...REQUIRED_LABELS, component: "vector-store" });
    expect(Object.keys(doc.output ?? {})).toEqual(expect.arrayContaining(["vector_store_endpoint", "vector_store_connection_name"]));
    // and the key grants the Cloud SQL agent
    expect(Object.keys(doc.resource.google_kms_crypto_key_iam_member ?? {}).some((k) => k.includes("agent-cloud-sql"))).toBe(true);
  });

  it("is regional, protected and larger in prod", () => {
    const [sql] = resources(synthSpec({ tier: "prod", vectorStore: undefined }).doc, "google_sql_database_instance") as { deletion_protection: boolean; lifecycle: unknown; settings: Record<string, unknown> }[];
    expect(sql.settings).toMatchObject({ availability_type: "REGIONAL", tier: "db-custom-4-16384", deletion_protection_enabled: true });
    expect([sql.deletion_protection, sql.lifecycle]).toEqual([true, { prevent_destroy: true, ignore_changes: ["settings[0].disk_size"] }]);
  });

  it("builds Vertex AI Vector Search behind Private Service Connect for managed-search, and warns it takes no customer-managed key", () => {
    const { doc, stack } = synthSpec({ vectorStore: { engine: "managed-search", dimensions: 768 } });
    expect(resources(doc, "google_sql_database_instance")).toHaveLength(0);
    const [index] = resources(doc, "google_vertex_ai_index") as { metadata: { config: { dimensions: number } } }[];
    expect(index.metadata.config.dimensions).toBe(768);
    expect(resources(doc, "google_vertex_ai_index_endpoint")[0]).toMatchObject({ public_endpoint_enabled: false, private_service_connect_config: { enable_private_service_connect: true, project_allowlist: ["acme-llm-dev"] } });
    expect(resources(doc, "google_vertex_ai_index_endpoint_deployed_index")[0]).toMatchObject({ dedicated_resources: { min_replica_count: 1, max_replica_count: 1 } });
    // the PSC consumer endpoint in the nodes' subnet, and its IP as the store's endpoint
    expect(resources(doc, "google_compute_forwarding_rule")[0]).toMatchObject({ load_balancing_scheme: "", target: expect.stringMatching(/private_endpoints\[0\]\.service_attachment/) });
    expect(doc.output?.vector_store_endpoint).toMatchObject({ value: expect.stringMatching(/google_compute_address\.vector-search_psc-address_\w+\.address/) });
    expect(Object.keys(doc.output ?? {})).toEqual(expect.arrayContaining(["vector_store_deployed_index_id", "vector_store_service_attachment"]));
    expect(Object.keys(doc.resource.google_kms_crypto_key_iam_member ?? {}).some((k) => k.includes("agent-cloud-sql"))).toBe(false);
    expect(stack.spec.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^vectorStore\.engine: Vertex AI Vector Search takes no customer-managed key in provider 6\.50/)]));
  });

  it.each([
    ["pgvector beyond 16,000 dimensions", { engine: "postgres-pgvector", dimensions: 20000 }, /^vectorStore\.dimensions: .*\(got 20000\)/],
    ["a Vector Search index of 0 dimensions", { engine: "managed-search", dimensions: 0 }, /^vectorStore\.dimensions: /],
  ])("rejects %s at vectorStore.dimensions", (_, vectorStore, message) => {
    expect(problemsOf(() => resolveEnvironmentSpec(gcpSpec({ vectorStore })))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

describe("GcpLlmOpsStack inference", () => {
  it("makes a private, CMEK-encrypted Vertex AI endpoint for a model image, with the command CI deploys it with, and endpoint alerts", () => {
    const { doc, stack } = synthSpec({ inference: { accelerator: "nvidia-l4", model: { image: "v7" } } });
    const [endpoint] = resources(doc, "google_vertex_ai_endpoint");
    expect(endpoint).toMatchObject({ location: "us-central1", dedicated_endpoint_enabled: false, private_service_connect_config: { enable_private_service_connect: true, project_allowlist: ["acme-llm-dev"] }, labels: { ...REQUIRED_LABELS, component: "inference" } });
    expect(endpoint.encryption_spec).toEqual({ kms_key_name: expect.stringMatching(/google_kms_crypto_key\.key_/) });
    expect(endpoint.depends_on).toEqual([expect.stringMatching(/key_agent-vertex/)]);
    expect(resources(doc, "google_vertex_ai_endpoint_with_model_garden_deployment")).toHaveLength(0);
    const command = doc.output?.inference_deploy_command?.value as string;
    expect(command).toContain(`gcloud ai endpoints deploy-model ${stack.inference?.endpointId} --project=acme-llm-dev --region=us-central1`);
    expect(command).toMatch(/--machine-type=g2-standard-4 --accelerator=type=nvidia-l4,count=1 --min-replica-count=1 --max-replica-count=1$/);
    expect(command).toContain("us-central1-docker.pkg.dev/acme-llm-dev/acme-dev-images/<image>:v7");
    // the Private Service Connect endpoint CI makes once a model is deployed (only then does the service attachment exist)
    const connect = doc.output?.inference_psc_command?.value as string;
    expect(connect.split(" && ")).toEqual([
      `ATTACHMENT=$(gcloud ai endpoints describe ${stack.inference?.endpointId} --project=acme-llm-dev --region=us-central1 --format="value(deployedModels[0].privateEndpoints.serviceAttachment)")`,
      "gcloud compute addresses create acme-dev-inference-psc --project=acme-llm-dev --region=us-central1 --subnet=acme-dev-nodes",
      'gcloud compute forwarding-rules create acme-dev-inference-psc --project=acme-llm-dev --region=us-central1 --network=acme-dev-vpc --address=acme-dev-inference-psc --target-service-attachment="$ATTACHMENT"',
    ]);
    // and monitoring watches its latency and errors, beside the GPU pool
    const names = resources(doc, "google_monitoring_alert_policy").map((p) => p.display_name).sort();
    expect(names).toEqual(["acme-dev GPUs idle but running", "acme-dev GPUs saturated", "acme-dev endpoint errors", "acme-dev endpoint latency p90"]);
    const latency = resources(doc, "google_monitoring_alert_policy").find((p) => p.display_name === "acme-dev endpoint latency p90") as { conditions: { condition_threshold: { filter: string; threshold_value: number } }[] };
    expect(latency.conditions[0].condition_threshold).toMatchObject({ threshold_value: 5000, filter: expect.stringContaining(`resource.label.endpoint_id = "${stack.inference?.endpointId}"`) });
    expect(stack.spec.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^inference\.model: Terraform cannot deploy a custom model to Vertex AI.*at least \$516 a month idle/)]));
  });

  it("deploys a Hugging Face model through Model Garden on the catalog's machine, spot in dev, and warns of its public endpoint and idle cost", () => {
    const gcp = { project: "acme-llm-dev", billingAccount: "000000-000000-000000", huggingFaceTokenSecret: "hf-read-token" };
    const { doc, stack } = synthSpec({ inference: { accelerator: "nvidia-l4", model: { huggingFace: "meta-llama/Llama-3.1-8B-Instruct", acceptEula: true }, replicas: { min: 1, max: 3 } }, gcp });
    const [deployment] = resources(doc, "google_vertex_ai_endpoint_with_model_garden_deployment") as { hugging_face_model_id: string; deploy_config: { dedicated_resources: Record<string, unknown> } }[];
    expect(deployment.hugging_face_model_id).toBe("meta-llama/Llama-3.1-8B-Instruct");
    expect(deployment.deploy_config.dedicated_resources).toMatchObject({ machine_spec: { machine_type: "g2-standard-4", accelerator_type: "NVIDIA_L4", accelerator_count: 1 }, min_replica_count: 1, max_replica_count: 3, spot: true });
    expect(resources(doc, "google_vertex_ai_endpoint")).toHaveLength(0);
    // no key grant for Vertex AI: the deployment takes none
    expect(Object.keys(doc.resource.google_kms_crypto_key_iam_member ?? {}).some((k) => k.includes("agent-vertex"))).toBe(false);
    expect(doc.output?.inference_deploy_command).toBeUndefined();
    expect(stack.spec.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^inference\.model: a Model Garden deployment in provider 6\.50 takes no customer-managed key and no Private Service Connect.*at least \$516 a month idle/)]));
    // the license acceptance and the token's secret reach the deployment
    expect((deployment as unknown as { model_config: unknown }).model_config).toEqual({ accept_eula: true, hugging_face_access_token: expect.stringMatching(/^\$\{data\.google_secret_manager_secret_version_access\./) });
    expect(Object.values(doc.data?.google_secret_manager_secret_version_access ?? {})).toEqual([{ project: "acme-llm-dev", secret: "hf-read-token" }]);
    const prod = synthSpec({ tier: "prod", inference: { accelerator: "nvidia-l4", model: { huggingFace: "meta-llama/Llama-3.1-8B-Instruct", acceptEula: true } }, gcp }).doc;
    const prodDeployment = resources(prod, "google_vertex_ai_endpoint_with_model_garden_deployment")[0] as { deploy_config: { dedicated_resources: { spot?: boolean } } };
    expect(prodDeployment.deploy_config.dedicated_resources.spot).toBeFalsy();
  });
});

describe("GcpLlmOpsStack budget and monitoring", () => {
  it("watches the project's spend with a Cloud Billing budget: thresholds, a forecast rule, an email channel per address and a CMEK Pub/Sub topic", () => {
    // given a spec with two budget addresses and a 1,500.50 budget
    const { doc } = synthSpec({ budget: { monthlyUsd: 1500.5, thresholdsPercent: [80, 50], forecastPercent: 110, notify: ["finops@acme.example", "lead@acme.example"] } });
    // then one budget filtered to the project's number
    const [budget] = resources(doc, "google_billing_budget") as { billing_account: string; display_name: string; amount: unknown; budget_filter: { projects: string[]; calendar_period: string }; threshold_rules: unknown[]; all_updates_rule: { monitoring_notification_channels: string[]; pubsub_topic: string } }[];
    expect(budget).toMatchObject({ billing_account: "000000-000000-000000", display_name: "acme-dev monthly", amount: { specified_amount: { currency_code: "USD", units: "1500", nanos: 500000000 } } });
    expect(budget.budget_filter).toMatchObject({ calendar_period: "MONTH", projects: [expect.stringMatching(/^projects\/\$\{data\.google_project\.budget_project_\w+\.number\}$/)] });
    expect(budget.threshold_rules).toEqual([
      { threshold_percent: 0.5, spend_basis: "CURRENT_SPEND" },
      { threshold_percent: 0.8, spend_basis: "CURRENT_SPEND" },
      { threshold_percent: 1.1, spend_basis: "FORECASTED_SPEND" },
    ]);
    // and it notifies both addresses' channels and the topic, encrypted with the key after the Pub/Sub agent's grant
    expect(budget.all_updates_rule.monitoring_notification_channels).toHaveLength(2);
    expect(budget.all_updates_rule.pubsub_topic).toMatch(/google_pubsub_topic\.budget_topic/);
    const [topic] = resources(doc, "google_pubsub_topic");
    expect(topic).toMatchObject({ name: "acme-dev-budget", kms_key_name: expect.stringMatching(/google_kms_crypto_key\.key_/), depends_on: [expect.stringMatching(/key_agent-pubsub/)] });
    expect(resources(doc, "google_pubsub_topic_iam_member")[0]).toMatchObject({ role: "roles/pubsub.publisher", member: "serviceAccount:billing-budget-alert@system.gserviceaccount.com" });
    expect(Object.keys(doc.output ?? {})).toContain("budget_topic");
  });

  it("sends GPU saturation and idle alerts to an email channel per monitoring address, labelled in user_labels only", () => {
    const { doc } = synthSpec({ monitoring: { notify: ["oncall@acme.example"], gpuHighPercent: 90, gpuIdlePercent: 10 } });
    const channels = resources(doc, "google_monitoring_notification_channel") as { display_name: string; labels: Record<string, string>; user_labels: Record<string, string> }[];
    const alerts = channels.find((c) => c.display_name === "Alerts: oncall@acme.example");
    // the channel's labels are its settings: the label aspect leaves them alone (the API rejects any other key)
    expect(alerts?.labels).toEqual({ email_address: "oncall@acme.example" });
    expect(alerts?.user_labels).toEqual({ ...REQUIRED_LABELS, component: "monitoring" });
    const policies = resources(doc, "google_monitoring_alert_policy") as { display_name: string; notification_channels: string[]; conditions: { condition_threshold: { threshold_value: number; filter: string } }[] }[];
    expect(policies.map((p) => p.display_name).sort()).toEqual(["acme-dev GPUs idle but running", "acme-dev GPUs saturated"]);
    for (const p of policies) {
      expect(p.notification_channels).toEqual([expect.stringMatching(/monitoring_email-oncall/)]);
      expect(p.conditions[0].condition_threshold.filter).toContain('resource.label.cluster = "acme-dev-training"');
    }
    expect(policies.map((p) => p.conditions[0].condition_threshold.threshold_value).sort()).toEqual([10, 90]);
    expect(resources(doc, "google_monitoring_dashboard")).toHaveLength(1);
  });

  it("watches a TPU pool's duty cycle instead of DCGM GPU metrics, and has no accelerator alerts without training", () => {
    const tpu = synthSpec({ training: { accelerator: "google-tpu-v5e", acceleratorsPerNode: 4 }, monitoring: { notify: ["oncall@acme.example"], gpuIdlePercent: 3 } }).doc;
    const policies = resources(tpu, "google_monitoring_alert_policy") as { display_name: string; conditions: { condition_threshold: { filter: string; threshold_value: number } }[] }[];
    expect(policies.map((p) => p.display_name)).toEqual(["acme-dev TPUs idle but running"]);
    expect(policies[0].conditions[0].condition_threshold.filter).toContain('resource.label.cluster_name = "acme-dev-training"');
    expect(policies[0].conditions[0].condition_threshold.threshold_value).toBe(3);
    expect(resources(synthSpec({ training: undefined }).doc, "google_monitoring_alert_policy")).toHaveLength(0);
  });
});

describe("GcpLlmOpsStack tiers and backend", () => {
  it("is zonal with spot nodes and no protection in dev; regional, on-demand and protected in prod", () => {
    const dev = synthSpec().doc;
    const prod = synthSpec({ tier: "prod", gcp: { project: "acme-llm-prod", billingAccount: "000000-000000-000000" } }).doc;
    const cluster = (d: Synthesized) => resources(d, "google_container_cluster")[0];
    const train = (d: Synthesized) => resources(d, "google_container_node_pool").find((p) => p.name === "train") as { node_config: { spot: boolean } };
    expect([cluster(dev).location, cluster(dev).deletion_protection, train(dev).node_config.spot]).toEqual(["us-central1-b", false, true]);
    expect([cluster(prod).location, cluster(prod).deletion_protection, train(prod).node_config.spot]).toEqual(["us-central1", true, false]);
    for (const bucket of resources(prod, "google_storage_bucket")) expect(bucket).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    for (const bucket of resources(dev, "google_storage_bucket")) expect(bucket.force_destroy).toBe(true);
    expect(resources(prod, "google_kms_crypto_key")[0].lifecycle).toEqual({ prevent_destroy: true });
    expect(resources(prod, "google_logging_project_bucket_config")[0].retention_days).toBe(365);
  });

  it("keeps state in the spec's Cloud Storage bucket under <name>-<tier>, else in a local file", () => {
    const remote = synthSpec({ gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000", stateBucket: "acme-tf-state" } }).doc;
    expect(remote.terraform?.backend).toEqual({ gcs: { bucket: "acme-tf-state", prefix: "acme-dev" } });
    expect(synthSpec().doc.terraform?.backend).toEqual({ local: { path: "terraform.acme-gcp-dev.tfstate" } });
  });

  it("is what addEnvironmentStacks builds for cloud: gcp", () => {
    const [stack] = addEnvironmentStacks(Testing.app(), [{ source: "gcp.yaml", spec: gcpSpec() }]);
    expect(stack).toBeInstanceOf(GcpLlmOpsStack);
  });
});

describe("GcpLlmOpsStack guardrails", () => {
  it.each(["dev", "staging", "prod"] as const)("has zero findings on the %s defaults, the budget rule (LLM-COST-1) an error again", (tier) => {
    const stack = new GcpLlmOpsStack(Testing.app(), { spec: gcpSpec({ tier }) });
    rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
    const open = stack.guardrails.results.filter((f) => f.status !== "compliant");
    expect(open.map((f) => `${f.ruleId} ${f.level}: ${f.message}`)).toEqual([]);
    expect(stack.guardrails.results.find((f) => f.ruleId === "LLM-COST-1")).toMatchObject({ status: "compliant", level: "error" });
    const stateful = stack.guardrails.results.filter((f) => f.ruleId === "LLM-REL-1");
    expect(stateful.map((f) => f.resource.split(".")[0]).sort()).toEqual(tier === "prod" ? ["google_artifact_registry_repository", "google_kms_crypto_key", "google_storage_bucket", "google_storage_bucket", "google_storage_bucket"] : []);
  });

  it.each(["dev", "staging", "prod"] as const)("has no open finding with every component on the %s defaults; only the stores provider 6.50 cannot key are suppressed, with reasons", (tier) => {
    // given each choice of the tier's components: the stores that take the key, then those that cannot
    const keyed = { sharedStorage: { kind: "object-mount" }, vectorStore: { engine: "postgres-pgvector" }, inference: { accelerator: "nvidia-l4", model: { image: "v1" } } };
    const unkeyed = { sharedStorage: { kind: "lustre", capacityGiB: 18000, throughputMBpsPerTiB: 1000 }, vectorStore: { engine: "managed-search" }, inference: { accelerator: "nvidia-l4", model: { huggingFace: "Qwen/Qwen2.5-7B-Instruct" } } };
    for (const [name, components] of [["keyed", keyed], ["unkeyed", unkeyed]] as const) {
      const stack = new GcpLlmOpsStack(Testing.app(), { spec: gcpSpec({ tier, ...components }) });
      // when synthesized with every pack enforcing
      rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
      // then nothing is open, every Google Cloud rule that applies ran, and the only suppressions are LLM-GCP-KMS-3's
      const results = stack.guardrails.results;
      expect(results.filter((f) => f.status === "non-compliant").map((f) => `${f.ruleId} ${f.resource}: ${f.message}`), `${tier}/${name}`).toEqual([]);
      const suppressed = results.filter((f) => f.status === "suppressed").map((f) => `${f.ruleId} ${f.resourceType}`);
      expect(suppressed, `${tier}/${name}`).toEqual(
        name === "keyed" ? [] : ["LLM-GCP-KMS-3 google_lustre_instance", "LLM-GCP-KMS-3 google_vertex_ai_index", "LLM-GCP-KMS-3 google_vertex_ai_endpoint_with_model_garden_deployment"],
      );
      expect(new Set(results.filter((f) => f.ruleId.startsWith("LLM-GCP-")).map((f) => f.ruleId)).size, `${tier}/${name}`).toBeGreaterThanOrEqual(15);
    }
  });

  it("fails LLM-REL-1 on prod buckets and keys without prevent_destroy", () => {
    const stack = new GcpLlmOpsStack(Testing.app(), { spec: gcpSpec({ tier: "prod", preventDestroy: false }), guardrails: { reportOnly: true } });
    rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
    const failing = stack.guardrails.results.filter((f) => f.ruleId === "LLM-REL-1" && f.status === "non-compliant");
    expect(failing).toHaveLength(5);
  });
});

describe("Google Cloud presets", () => {
  it.each(["dev", "staging", "prod"] as const)("are the GCP constructs' own %s defaults", (tier) => {
    // given the preset and the constructs' defaults
    const preset = tierPresets("gcp")![tier];
    // then they agree value for value
    expect(GcpNetwork.defaults(tier).cidr).toBe(preset.cidr);
    expect(GcpTrainingCluster.defaults(tier).regional ? 3 : 1).toBe(preset.zones);
    expect(GcpAcceleratorNodePool.defaults(tier)).toMatchObject({ capacity: preset.trainingCapacity, nodes: { min: 0, max: preset.trainingNodesMax } });
    expect(GcpLogRetention.defaults(tier).retentionDays).toBe(preset.logRetentionDays);
    expect(GcpObjectStore.defaults(tier).checkpointVersionDays).toBe(preset.checkpointVersionDays);
    expect(GcpBudget.defaults(tier)).toMatchObject({ thresholdsPercent: preset.budgetThresholdsPercent, forecastPercent: preset.budgetForecastPercent });
    expect(GcpInferenceEndpoint.defaults(tier).replicas).toEqual({ min: preset.inferenceReplicasMin, max: preset.inferenceReplicasMax });
    expect(GcpMonitoring.defaults(tier)).toMatchObject({ latencyP90Ms: preset.latencyP90Ms, gpuSaturatedPercent: preset.gpuHighPercent, gpuIdlePercent: preset.gpuIdlePercent });
    expect(preset.kubernetesVersion).toBeUndefined();
    // and the resolver fills an empty spec with the same values
    const spec = resolveEnvironmentSpec(gcpSpec({ tier }));
    expect([spec.network.zones, spec.training?.capacity, spec.training?.nodes.max, spec.logRetentionDays]).toEqual([preset.zones, preset.trainingCapacity, preset.trainingNodesMax, preset.logRetentionDays]);
  });
});

describe("Google Cloud spec validation at spec paths", () => {
  it.each([
    ["no gcp section", { gcp: undefined }, /^gcp: is required when cloud is gcp/],
    ["Lustre capacity off the tier's step", { sharedStorage: { kind: "lustre", capacityGiB: 12000 } }, /^sharedStorage\.capacityGiB: Managed Lustre at 1000 MB\/s per TiB takes 9000 to .*; the nearest are 9000 and 18000/],
    ["Lustre under the 125 tier's minimum", { sharedStorage: { kind: "lustre", throughputMBpsPerTiB: 125, capacityGiB: 36000 } }, /^sharedStorage\.capacityGiB: Managed Lustre at 125 MB\/s per TiB takes 72000 to/],
    ["Lustre backups", { sharedStorage: { kind: "lustre", backupRetentionDays: 7 } }, /^sharedStorage\.backupRetentionDays: Managed Lustre has no automatic backups in provider 6\.50/],
    ["shared storage without training", { training: undefined, sharedStorage: { kind: "object-mount" } }, /^sharedStorage: mounts into the training cluster's pods/],
    ["a scale-down schedule", { inference: { accelerator: "nvidia-l4", scaleDownSchedule: { cron: "0 20 * * 1-5", scaleUpCron: "0 7 * * 1-5" } } }, /^inference\.scaleDownSchedule: Vertex AI endpoints have no scheduled scaling in Terraform/],
    ["an endpoint scaling to zero", { inference: { accelerator: "nvidia-l4", replicas: { min: 0, max: 2 } } }, /^inference\.replicas(\.min)?: .*at least one: no scale to zero/],
    ["a capacity block", { training: { accelerator: "nvidia-h100", capacity: { capacityBlock: "cr-0123456789abcdef0", zone: "us-central1-a" } } }, /^training\.capacity\.capacityBlock: capacity blocks are an EC2 offer/],
    ["an EC2 reservation id", { training: { accelerator: "nvidia-l4", capacity: { reservation: "cr-0123456789abcdef0", zone: "us-central1-a" } } }, /^training\.capacity\.reservation: is an EC2 capacity reservation id/],
    ["a reservation name GCE rejects", { training: { accelerator: "nvidia-l4", capacity: { reservation: "L4_Pool", zone: "us-central1-a" } } }, /^training\.capacity\.reservation: takes a Compute Engine reservation name/],
    ["a gated model without its license accepted", { inference: { accelerator: "nvidia-l4", model: { huggingFace: "google/gemma-2-9b-it" } }, gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000", huggingFaceTokenSecret: "hf" } }, /^inference\.model\.acceptEula: google\/gemma-2-9b-it is a gated model whose license must be accepted/],
    ["a gated model without a token", { inference: { accelerator: "nvidia-l4", model: { huggingFace: "meta-llama/Llama-3.1-8B-Instruct", acceptEula: true } } }, /^gcp\.huggingFaceTokenSecret: meta-llama\/Llama-3\.1-8B-Instruct is a gated Hugging Face model/],
    ["a token secret without a Hugging Face model", { inference: { accelerator: "nvidia-l4" }, gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000", huggingFaceTokenSecret: "hf" } }, /^gcp\.huggingFaceTokenSecret: applies to a deployed Hugging Face model/],
    ["a reservation without its zone", { training: { accelerator: "nvidia-l4", capacity: { reservation: "l4-pool" } } }, /^training\.capacity\.zone: name the reservation's zone/],
    ["a zone of another region", { training: { accelerator: "nvidia-l4", capacity: { reservation: "l4-pool", zone: "europe-west4-a" } } }, /^training\.capacity\.zone: must be a zone of us-central1/],
    ["a TPU topology the machine does not take", { training: { accelerator: "google-tpu-v5e", acceleratorsPerNode: 8 }, gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000", tpuTopology: "4x4" } }, /^gcp\.tpuTopology: ct5lp-hightpu-8t accepts single-host 2x4; multi-host none/],
    ["partial bounds of a multi-host slice", { training: { accelerator: "google-tpu-v5e", acceleratorsPerNode: 4, nodes: { min: 0, max: 2 } }, gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000", tpuTopology: "4x4" } }, /^training\.nodes: a 4x4 slice of ct5lp-hightpu-4t spans 4 nodes and scales atomically/],
    ["a TPU topology on a GPU pool", { gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000", tpuTopology: "2x2" } }, /^gcp\.tpuTopology: applies to TPU training pools only/],
    ["a pinned Kubernetes version", { training: { accelerator: "nvidia-l4", kubernetesVersion: "1.33" } }, /^training\.kubernetesVersion: GKE clusters follow a release channel/],
    ["two zones", { network: { zones: 2 } }, /^network\.zones: GKE runs a zonal cluster \(1\) or a regional cluster .* \(got 2; allowed: 1, 3\)/],
    ["a public CIDR", { network: { cidr: "8.8.0.0/16" } }, /^network\.cidr: must lie in private \(RFC 1918\) space/],
    ["a log retention over ten years", { logRetentionDays: 3653 }, /^logRetentionDays: Cloud Logging retention \(days\) takes a whole number from 1 to 3650 \(got 3653\)/],
    ["six budget addresses", { budget: { monthlyUsd: 1000, notify: ["a@b.co", "b@b.co", "c@b.co", "d@b.co", "e@b.co", "f@b.co"] } }, /^budget\.notify: a Cloud Billing budget notifies at most 5 channels \(got 6/],
    ["a repeated threshold", { budget: { monthlyUsd: 1000, notify: ["a@b.co"], thresholdsPercent: [50, 50, 100] } }, /^budget\.thresholdsPercent\.1: repeats another threshold \(got 50\)/],
    ["a budget in fractions of a cent", { budget: { monthlyUsd: 1000.005, notify: ["a@b.co"] } }, /^budget\.monthlyUsd: must be a positive amount with at most two decimals/],
    ["a billing account that is not one", { gcp: { project: "acme-llm-dev", billingAccount: "0000-0000" } }, /^gcp\.billingAccount: must be a billing account id like 000000-000000-000000/],
    ["an idle GPU alert above the saturation alert", { monitoring: { notify: ["a@b.co"], gpuHighPercent: 50, gpuIdlePercent: 60 } }, /^monitoring\.gpuIdlePercent: must be below gpuSaturatedPercent/],
    ["tags that encode to the same label", { tags: { Team: "a", team: "b" } }, /^tags\.team: is carried as label key "team", as tags\.Team is/],
    ["a tag value too long once encoded", { tags: { contact: `${"a".repeat(50)}@acme.example` } }, /^tags\.contact: encoded as a Google Cloud label value it has 66 characters/],
    ["59 tags", { tags: Object.fromEntries(Array.from({ length: 59 }, (_, i) => [`t${i}`, "x"])) }, /^tags: Google Cloud allows 64 labels per resource and the stack adds 6 \(got 59; allowed: up to 58\)/],
    ["a state bucket given as a URL", { gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000", stateBucket: "gs://acme-state" } }, /^gcp\.stateBucket: must be the bucket name, not a gs:\/\/ URL/],
    ["a name too long for service accounts", { name: "acme-llm-platfrm", tier: "staging" }, /^name: .*shorten the environment name/],
  ])("rejects %s", (_, overrides, message) => {
    expect(problemsOf(() => resolveEnvironmentSpec(gcpSpec(overrides)))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it("warns that Cloud NAT is regional and that a budget start date is not used, and no longer that budget and monitoring are missing", () => {
    const spec = resolveEnvironmentSpec(gcpSpec({ network: { natGateways: "per-zone" }, budget: { monthlyUsd: 1000, notify: ["a@b.co"], startDate: "2027-01-01" } }));
    expect(spec.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^network\.natGateways: Cloud NAT is a regional service/), expect.stringMatching(/^budget\.startDate: a Cloud Billing budget counts each calendar month/)]),
    );
    expect(spec.warnings.filter((w) => /not in this release/.test(w))).toEqual([]);
  });

  it("fills a multi-host slice's bounds from its topology and leaves kubernetesVersion unset", () => {
    const spec = resolveEnvironmentSpec(gcpSpec({ training: { accelerator: "google-tpu-v5e", acceleratorsPerNode: 4 }, gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000", tpuTopology: "4x8" } }));
    expect(spec.training?.nodes).toEqual({ min: 0, max: 8 });
    expect(spec.training?.kubernetesVersion).toBeUndefined();
    expect(spec.gcp?.tpuTopology).toBe("4x8");
  });
});
