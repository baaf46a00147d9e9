import { registerCloudPart } from "../cloud-modules";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GcsBackend, LocalBackend, type Construct } from "../cdk";
import type { IPrincipal } from "../constructs/common";
import { GcpAcceleratorNodePool } from "../constructs/gcp/accelerator-node-pool";
import { GcpBudget } from "../constructs/gcp/budget";
import { GcpEncryptionKey, type KeyUser } from "../constructs/gcp/encryption-key";
import { GcpGpuNetworks } from "../constructs/gcp/gpu-networks";
import { GcpLogRetention } from "../constructs/gcp/log-retention";
import { GcpInferenceEndpoint } from "../constructs/gcp/inference-endpoint";
import { GcpLustreFileSystem, type LustreThroughput } from "../constructs/gcp/lustre-file-system";
import { GcpMonitoring } from "../constructs/gcp/monitoring";
import { GcpObjectMount } from "../constructs/gcp/object-mount";
import { GcpNetwork } from "../constructs/gcp/network";
import { GcpObjectStore } from "../constructs/gcp/object-store";
import { GcpPostgresVectorStore } from "../constructs/gcp/postgres-vector-store";
import { GcpRegistry } from "../constructs/gcp/registry";
import { GcpVectorSearch } from "../constructs/gcp/vector-search";
import { GcpTrainingCluster } from "../constructs/gcp/training-cluster";
import type { ResolvedEnvironmentSpec, ResolvedGcpSection } from "../environment/resolved";
import { LlmOpsStack, type LlmOpsStackProps } from "./llmops-stack";
import { gcpCapacity, inferenceDeployCommand, inferencePscCommand, isModelGarden } from "./gcp-stack-parts";
import { TAG_KEYS } from "./tagging";
import { Guardrails } from "../policy/guardrails";
import { gcpNoCmekOption } from "../policy/rules/gcp/kms/no-cmek-option";

/** Props of {@link GcpLlmOpsStack}. */
export type GcpLlmOpsStackProps = LlmOpsStackProps;

/** The Kubernetes service account training jobs run as (namespace `training`), bound to a Google service account through Workload Identity. */
export const TRAINING_JOB_SERVICE_ACCOUNT = { namespace: "training", name: "training-job" } as const;
/** The Kubernetes service account of the jobs that write embeddings (namespace `training`), as on AWS. */
export const VECTOR_INDEXER_SERVICE_ACCOUNT = { namespace: "training", name: "vector-indexer" } as const;

/** Services whose agents use the key, for what the stack builds: each component that encrypts with the key adds its user here. */
export function keyUsersOf(spec: Pick<ResolvedEnvironmentSpec, "training" | "vectorStore" | "inference">): KeyUser[] {
  // Pub/Sub: the budget's topic; Artifact Registry: the images repository (every environment has both).
  const users: KeyUser[] = ["storage", "pubsub", "artifact-registry"];
  if (spec.training) users.push("gke", "compute");
  // Vector Search takes no customer-managed key in provider 6.50: only Cloud SQL uses it.
  if (spec.vectorStore?.engine === "postgres-pgvector") users.push("cloud-sql");
  // The private endpoint takes the key; a Model Garden deployment takes none in provider 6.50.
  if (spec.inference && !isModelGarden(spec.inference)) users.push("vertex");
  return users;
}

/**
 * A LLMOps environment on Google Cloud from one spec: a Cloud KMS key, a private VPC,
 * the datasets, checkpoints and artifacts buckets, an Artifact Registry repository for
 * images, the `_Default` log bucket's retention, and — with `training` — a private GKE cluster with a GPU or TPU pool from
 * the catalog and a Workload Identity service account for training jobs; a Cloud Billing
 * budget (email channels and a CMEK Pub/Sub topic) and Cloud Monitoring alerts. Every
 * labelable resource carries environment, tier, component, owner and cost center as
 * labels (encoded: `ml@acme.example` is `ml_at_acme_example`).
 *
 * With `vectorStore`, Cloud SQL for PostgreSQL (pgvector) or Vertex AI Vector Search.
 * With `sharedStorage` (and training), Managed Lustre in the pool's zone or Cloud
 * Storage FUSE volumes; with `inference`, a Vertex AI endpoint (private and
 * CMEK-encrypted for a model image, which CI deploys; a Model Garden deployment for a
 * Hugging Face model). Run `GcpEncryptionKey.agentCommands(project, keyUsersOf(spec))`
 * once per project before the apply: several of these services create their agents lazily.
 */
export class GcpLlmOpsStack extends LlmOpsStack {
  public readonly key: GcpEncryptionKey;
  public readonly network: GcpNetwork;
  public readonly objectStore: GcpObjectStore;
  public readonly logRetention: GcpLogRetention;
  public readonly registry: GcpRegistry;
  public readonly training?: GcpTrainingCluster;
  public readonly acceleratorPool?: GcpAcceleratorNodePool;
  /** The extra GPUDirect VPCs of a multi-node A3 or A4 pool. */
  public readonly gpuNetworks?: GcpGpuNetworks;
  /** The Google service account training jobs run as (`training/training-job` through Workload Identity). */
  public readonly trainingJobs?: IPrincipal & { readonly email: string };
  /** The Google service account of `training/vector-indexer`, which writes embeddings to the vector store. */
  public readonly vectorIndexer?: IPrincipal & { readonly email: string };
  /** Managed Lustre in the accelerator pool's zone, with `sharedStorage.kind: lustre`. */
  public readonly sharedStorage?: GcpLustreFileSystem;
  /** Cloud Storage FUSE volumes of the datasets (read-only) and checkpoints buckets, with `sharedStorage.kind: object-mount`. */
  public readonly objectMount?: GcpObjectMount;
  /** Cloud SQL for PostgreSQL with pgvector, or Vertex AI Vector Search, from `vectorStore.engine`. */
  public readonly vectorStore?: GcpPostgresVectorStore | GcpVectorSearch;
  /** The Vertex AI endpoint: private and CMEK-encrypted for a model image (CI deploys it), or a Model Garden deployment of a Hugging Face model. */
  public readonly inference?: GcpInferenceEndpoint;
  public readonly budget: GcpBudget;
  public readonly monitoring: GcpMonitoring;

  constructor(scope: Construct, props: GcpLlmOpsStackProps) {
    super(scope, "gcp", "gcp-labels", props);
    const spec = this.spec;
    const common = { environment: { name: spec.name, tier: spec.tier }, project: this.gcp.project, region: spec.region };
    this.key = new GcpEncryptionKey(this, "key", { ...common, users: keyUsersOf(spec), preventDestroy: spec.preventDestroy });
    this.network = new GcpNetwork(this, "network", { ...common, cidr: spec.network.cidr });
    this.objectStore = new GcpObjectStore(this, "storage", {
      ...common,
      encryptionKey: this.key,
      checkpointVersionDays: spec.checkpointVersionDays,
      forceDestroy: !spec.deletionProtection,
      preventDestroy: spec.preventDestroy,
    });
    this.logRetention = new GcpLogRetention(this, "logs", { project: this.gcp.project, tier: spec.tier, retentionDays: spec.logRetentionDays });
    this.registry = new GcpRegistry(this, "registry", { ...common, encryptionKey: this.key, preventDestroy: spec.preventDestroy });
    const training = this.addTraining();
    this.training = training?.cluster;
    this.acceleratorPool = training?.pool;
    this.gpuNetworks = training?.gpuNetworks;
    this.trainingJobs = training?.jobs;
    const storage = this.addSharedStorage();
    this.sharedStorage = storage?.lustre;
    this.objectMount = storage?.mount;
    this.vectorStore = this.addVectorStore();
    this.vectorIndexer = this.grantVectorStore();
    this.inference = this.addInference();
    this.budget = this.addBudget();
    this.monitoring = this.addMonitoring();
    this.acceptKeyGaps();
    this.addOutputs();
  }

  /**
   * Suppresses LLM-GCP-KMS-3 (a warning) on what the spec chose and provider 6.50
   * cannot encrypt with the environment's key, saying why: the reports keep each one,
   * suppressed with its reason, for the reviewer.
   */
  private acceptKeyGaps(): void {
    const gaps: [Construct | undefined, string][] = [
      [this.sharedStorage, "sharedStorage.kind is lustre: Managed Lustre takes a customer-managed key only from hashicorp/google 7.13 (kms_key), and these bindings wrap 6.50, so the file system uses a Google-managed key; object-mount keeps the data in the CMEK buckets."],
      [this.vectorStore instanceof GcpVectorSearch ? this.vectorStore : undefined, "vectorStore.engine is managed-search: a Vector Search index takes a customer-managed key only from hashicorp/google 7.5 (encryption_spec), and these bindings wrap 6.50; postgres-pgvector uses the environment's key."],
      [this.inference?.deployment ? this.inference : undefined, "inference deploys a Hugging Face model through Model Garden, which takes no customer-managed key in hashicorp/google 6.50; a model image on the private endpoint uses the environment's key."],
    ];
    for (const [construct, reason] of gaps) if (construct) Guardrails.suppress(construct, gcpNoCmekOption.id, reason);
  }

  /** The resolved Google Cloud section (the base stack checked the cloud). */
  private get gcp(): ResolvedGcpSection {
    if (!this.spec.gcp) throw new Error("a Google Cloud spec resolved without its gcp section");
    return this.spec.gcp;
  }

  protected configureProvider(labels: Readonly<Record<string, string>>): void {
    const project = this.gcp.project;
    // Budgets and other billing APIs need a quota project: bill API calls to the environment's own.
    const provider = new GoogleProvider(this, "google", { project, region: this.spec.region, userProjectOverride: true, billingProject: project });
    // Written as an override: cdktf snake-cases the keys of a provider's map arguments
    // (only `tags` is spared), which would turn the label cost-center into cost_center.
    provider.addOverride("default_labels", { ...labels });
  }

  protected configureBackend(localPath: string): void {
    const remote = this.spec.gcp?.stateBackend;
    if (remote) new GcsBackend(this, { bucket: remote.bucket, prefix: remote.prefix });
    else new LocalBackend(this, { path: localPath });
  }

  /** Labels for what the provider's `default_labels` do not reach (node pools' resource labels): the environment's, with the component. */
  private labelsFor(component: string): Record<string, string> {
    return { ...this.tags, [TAG_KEYS.component]: component };
  }

  private addTraining(): { readonly cluster: GcpTrainingCluster; readonly pool: GcpAcceleratorNodePool; readonly gpuNetworks?: GcpGpuNetworks; readonly jobs: IPrincipal & { readonly email: string } } | undefined {
    const t = this.spec.training;
    if (!t) return undefined;
    const environment = { name: this.spec.name, tier: this.spec.tier };
    // Capacity is zonal: the resolver picked the reservation's zone, or the catalog's zone of the region offering the machine; a zonal cluster and the pool go there.
    const zone = this.gcp.trainingZone;
    // The resolver accepted the machine and zone: outside the catalog's regions or zones only with allowUnlistedRegion (and a warning).
    const allowUnlistedRegion = !t.machine.regions.includes(this.spec.region) || this.gcp.trainingZoneUnlisted === true;
    const regional = this.spec.network.zones > 1;
    // The resolver sets the space exactly when the pool is a multi-node A3 or A4 one: its GPU NICs need multi-networking.
    const gpuNetworksCidr = this.gcp.gpuNetworksCidr;
    const cluster = new GcpTrainingCluster(this, "training", {
      environment,
      project: this.gcp.project,
      region: this.spec.region,
      network: this.network,
      encryptionKey: this.key,
      regional,
      zone: regional ? undefined : zone,
      deletionProtection: this.spec.deletionProtection,
      multiNetworking: gpuNetworksCidr !== undefined,
      labels: this.labelsFor("training"),
      // Managed Lustre with GKE support listens on the legacy port: only then is it turned on.
      lustreLegacyPort: this.spec.sharedStorage?.kind === "lustre",
    });
    const gpuNetworks = gpuNetworksCidr === undefined ? undefined : new GcpGpuNetworks(this, "gpu-networks", {
      environment,
      project: this.gcp.project,
      region: this.spec.region,
      zone: zone ?? GcpAcceleratorNodePool.defaultZone(cluster),
      machineType: t.machine.machineType,
      cidr: gpuNetworksCidr,
      avoid: [this.network.cidr],
    });
    const pool = new GcpAcceleratorNodePool(this, "accelerator-pool", {
      cluster,
      name: "train",
      accelerator: t.accelerator,
      acceleratorsPerNode: t.machine.acceleratorsPerNode,
      nodes: t.nodes,
      capacity: gcpCapacity(t.capacity),
      tpuTopology: this.gcp.tpuTopology,
      zone,
      gpuNetworks,
      allowUnlistedRegion,
    });
    const accountId = `${this.spec.name}-${this.spec.tier}-train-jobs`;
    const jobs = cluster.addPodIdentity(TRAINING_JOB_SERVICE_ACCOUNT.namespace, TRAINING_JOB_SERVICE_ACCOUNT.name, accountId);
    this.objectStore.datasets.grantRead(jobs);
    this.objectStore.checkpoints.grantReadWrite(jobs);
    // Training writes candidate models; Cloud Storage grants are per bucket (no prefix scoping without IAM conditions).
    this.objectStore.artifacts.grantReadWrite(jobs);
    return { cluster, pool, gpuNetworks, jobs: { principalId: jobs.principalId, email: jobs.account.email } };
  }

  /** Shared storage for the pool (the resolver asks for training with it): Managed Lustre in the pool's zone (GKE support on), or the buckets mounted through the cluster's Cloud Storage FUSE CSI driver. */
  private addSharedStorage(): { readonly lustre?: GcpLustreFileSystem; readonly mount?: GcpObjectMount } | undefined {
    const s = this.spec.sharedStorage;
    if (!s || !this.training || !this.acceleratorPool) return undefined;
    if (s.kind === "object-mount") {
      const mount = new GcpObjectMount(this, "object-mount", { environment: this.environment, cluster: this.training, readBuckets: [this.objectStore.datasets], readWriteBuckets: [this.objectStore.checkpoints] });
      return { mount };
    }
    const lustre = new GcpLustreFileSystem(this, "lustre", {
      environment: this.environment,
      project: this.gcp.project,
      zone: this.acceleratorPool.zone,
      network: this.network,
      capacityGib: s.capacityGiB,
      perUnitStorageThroughput: s.throughputMBpsPerTiB as LustreThroughput,
      preventDestroy: this.spec.preventDestroy,
    });
    return { lustre };
  }

  /** The vector store: Cloud SQL (private IP, TLS, CMEK after the Cloud SQL agent's grant, after the private services peering), or Vector Search behind Private Service Connect. */
  private addVectorStore(): GcpPostgresVectorStore | GcpVectorSearch | undefined {
    const v = this.spec.vectorStore;
    if (!v) return undefined;
    const common = { environment: this.environment, project: this.gcp.project, region: this.spec.region, dimensions: v.dimensions, preventDestroy: this.spec.preventDestroy };
    if (v.engine === "managed-search") return new GcpVectorSearch(this, "vector-search", { ...common, consumerSubnet: { networkId: this.network.networkId, subnetId: this.network.subnetId } });
    return new GcpPostgresVectorStore(this, "vector-store", {
      ...common,
      network: this.network,
      encryptionKey: this.key,
      deletionProtection: this.spec.deletionProtection,
      labels: this.labelsFor("vector-store"),
    });
  }

  /**
   * Lets training jobs and a `vector-indexer` identity (as on AWS) read and write the vector
   * store: Cloud SQL connect + IAM login roles and an IAM database user each; Vector Search
   * `roles/aiplatform.user` on the project (provider 6.50 has no index-level IAM resource).
   */
  private grantVectorStore(): (IPrincipal & { readonly email: string }) | undefined {
    const store = this.vectorStore;
    if (!store || !this.training || !this.trainingJobs) return undefined;
    const { namespace, name } = VECTOR_INDEXER_SERVICE_ACCOUNT;
    const indexer = this.training.addPodIdentity(namespace, name, `${this.spec.name}-${this.spec.tier}-vec-index`);
    store.grantReadWrite(this.trainingJobs);
    store.grantReadWrite(indexer);
    return { principalId: indexer.principalId, email: indexer.account.email };
  }

  private addInference(): GcpInferenceEndpoint | undefined {
    const i = this.spec.inference;
    if (!i) return undefined;
    const model = "huggingFace" in i.model && i.deploy
      ? {
          huggingFace: i.model.huggingFace,
          acceptEula: i.model.acceptEula,
          huggingFaceTokenSecret: this.gcp.huggingFaceTokenSecret,
          accelerator: i.accelerator,
          acceleratorsPerReplica: i.machine.acceleratorsPerNode,
          replicas: i.replicas,
          allowUnlistedRegion: !i.machine.regions.includes(this.spec.region),
        }
      : undefined;
    return new GcpInferenceEndpoint(this, "inference", {
      environment: this.environment,
      project: this.gcp.project,
      region: this.spec.region,
      encryptionKey: this.key,
      model,
      labels: model ? undefined : this.labelsFor("inference"),
    });
  }

  private get environment(): { readonly name: string; readonly tier: ResolvedEnvironmentSpec["tier"] } {
    return { name: this.spec.name, tier: this.spec.tier };
  }

  /** The Cloud Billing budget on the project: email channels and a CMEK-encrypted Pub/Sub topic (the provider sends the project as quota project, which the Budget API needs). */
  private addBudget(): GcpBudget {
    const b = this.spec.budget;
    return new GcpBudget(this, "budget", {
      environment: this.environment,
      project: this.gcp.project,
      billingAccount: this.gcp.billingAccount,
      monthlyAmount: b.monthlyUsd,
      currencyCode: "USD",
      thresholdsPercent: b.thresholdsPercent,
      forecastPercent: b.forecastPercent,
      emails: b.notify,
      topicEncryptionKey: this.key,
      labels: this.labelsFor("budget"),
    });
  }

  /** Alert policies, each to every monitoring.notify channel: the GPU pool's saturation and idle time (DCGM), a TPU pool's idle time (duty cycle), Managed Lustre's free space, and the endpoint when there is one. */
  private addMonitoring(): GcpMonitoring {
    const m = this.spec.monitoring;
    const gpu = this.spec.training?.vendor === "nvidia" && this.training;
    const tpu = this.spec.training?.vendor === "google-tpu" && this.training;
    return new GcpMonitoring(this, "monitoring", {
      environment: this.environment,
      project: this.gcp.project,
      emails: m.notify,
      gpuCluster: gpu ? { clusterName: gpu.clusterName } : undefined,
      tpuCluster: tpu ? { clusterName: tpu.clusterName } : undefined,
      endpoint: this.inference ? { endpointId: this.inference.endpointId } : undefined,
      latencyP90Ms: m.latencyP90Ms,
      gpuSaturatedPercent: m.gpuHighPercent,
      gpuIdlePercent: m.gpuIdlePercent,
      // monitoring.gpuIdlePercent is the spec's accelerator idle threshold, TPUs included.
      tpuIdlePercent: m.gpuIdlePercent,
      lustre: this.sharedStorage ? { instanceId: this.sharedStorage.instanceId } : undefined,
      storageFreePercent: m.storageFreePercent,
      labels: this.labelsFor("monitoring"),
    });
  }

  private addOutputs(): void {
    this.output("project_id", this.gcp.project, "Project of the environment");
    this.output("network_name", this.network.networkName, "VPC of the environment");
    this.output("datasets_bucket", this.objectStore.datasets.bucketName, "Training data bucket");
    this.output("checkpoints_bucket", this.objectStore.checkpoints.bucketName, "Checkpoint bucket");
    this.output("artifacts_bucket", this.objectStore.artifacts.bucketName, "Model artifact bucket");
    this.output("encryption_key", this.key.keyId, "Cloud KMS key of the environment");
    this.output("serving_repository_url", this.registry.url, "Push serving and training images here (tags are immutable); GKE nodes may pull from it");
    if (this.sharedStorage) {
      this.output("lustre_mount_point", this.sharedStorage.mountPoint, "What a Lustre client (the GKE Managed Lustre CSI driver) mounts");
      this.output("lustre_instance", this.sharedStorage.instanceId, "Managed Lustre instance, in the accelerator pool's zone");
    }
    if (this.objectMount) {
      const m = this.objectMount;
      this.output("object_mount_service_account", m.principal.principalId, `Annotate Kubernetes service account ${m.namespace}/${m.kubernetesServiceAccount} with iam.gke.io/gcp-service-account set to this; pods add gke-gcsfuse/volumes: "true" and gcsfuse.csi.storage.gke.io volumes`);
    }
    const vectors = this.vectorStore;
    if (vectors instanceof GcpPostgresVectorStore) {
      this.output("vector_store_endpoint", vectors.endpoint, "Private IP of the Cloud SQL instance (PostgreSQL on 5432, TLS only); run CREATE EXTENSION vector; once");
      this.output("vector_store_connection_name", vectors.connectionName, "What the Cloud SQL connectors and Auth Proxy take");
    } else if (vectors) {
      this.output("vector_store_endpoint", vectors.endpoint, "Private IP of the Vector Search index (its Private Service Connect endpoint in the nodes' subnet): send match requests here");
      this.output("vector_store_deployed_index_id", vectors.deployedIndexId, "Deployed index id that match requests name");
      if (vectors.serviceAttachment) this.output("vector_store_service_attachment", vectors.serviceAttachment, "Service attachment of the deployed index, for Private Service Connect endpoints in other VPCs of allowed projects");
    }
    if (this.inference) {
      this.output("inference_endpoint_id", this.inference.endpointId, this.inference.private ? "Private Vertex AI endpoint (Private Service Connect), empty until CI deploys a model" : "Vertex AI endpoint of the Model Garden deployment (public Vertex AI API)");
      const command = inferenceDeployCommand(this.spec, this.gcp.project, this.inference, this.registry.url);
      if (command) this.output("inference_deploy_command", command, "Run from CI after uploading the model (gcloud ai models upload)");
      const connect = inferencePscCommand(this.spec, this.gcp.project, this.inference, this.network);
      if (connect) this.output("inference_psc_command", connect, "Run from CI once, after the first deploy-model: the Private Service Connect endpoint (address and forwarding rule in the nodes' subnet) that VPC clients send predictions to; the service attachment exists only once a model is deployed");
    }
    if (this.budget.topic) this.output("budget_topic", this.budget.topic.id, "Pub/Sub topic receiving every budget update");
    if (this.budget.subscription) this.output("budget_subscription", this.budget.subscription.id, "Pull subscription keeping every budget update 7 days for automation (gcloud pubsub subscriptions pull)");
    if (this.training) {
      this.output("training_cluster_name", this.training.clusterName, "GKE training cluster");
      this.output("training_cluster_location", this.training.location, "Its location (gcloud container clusters get-credentials --location)");
    }
    if (this.vectorIndexer) {
      const { namespace, name } = VECTOR_INDEXER_SERVICE_ACCOUNT;
      this.output("vector_indexer_service_account", this.vectorIndexer.email, `Annotate Kubernetes service account ${namespace}/${name} with iam.gke.io/gcp-service-account set to this; it and training-job read and write the vector store`);
    }
    if (this.gpuNetworks) {
      const g = this.gpuNetworks;
      this.output("gpu_network_objects", g.kubernetesManifest(), `kubectl apply this once the cluster exists: the GKE Network objects pods name to use the ${g.profile.kind} NICs; then install ${g.profile.nccl} (README, Before you apply)`);
    }
    if (this.trainingJobs) {
      const { namespace, name } = TRAINING_JOB_SERVICE_ACCOUNT;
      this.output("training_job_service_account", this.trainingJobs.email, `Annotate Kubernetes service account ${namespace}/${name} with iam.gke.io/gcp-service-account set to this`);
    }
  }
}

registerCloudPart("gcp", "stack", GcpLlmOpsStack);
