import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { registerCloudPart } from "../cloud-modules";
import { AzurermBackend, Construct, LocalBackend } from "../cdk";
import { markComponent } from "../constructs/common";
import { AzureBudget } from "../constructs/azure/budget";
import { AzureGpuNodePool } from "../constructs/azure/gpu-node-pool";
import { AzureKeyVault, type AzureVaultKey, type IAzureIdentity } from "../constructs/azure/key-vault";
import { AzureMonitoring } from "../constructs/azure/monitoring";
import { AzureNetwork } from "../constructs/azure/network";
import { AzureStorage } from "../constructs/azure/storage";
import { AzureTrainingCluster } from "../constructs/azure/training-cluster";
import type { AzureAiSearch } from "../constructs/azure/ai-search";
import type { AzureContainerRegistry } from "../constructs/azure/container-registry";
import { AZURE_LUSTRE_CLAIM, AzureLustreFileSystem } from "../constructs/azure/lustre-file-system";
import { AzureObjectMount } from "../constructs/azure/object-mount";
import type { AzureOpenAiDeployment } from "../constructs/azure/openai-deployment";
import { AzureOpenModelServing } from "../constructs/azure/open-model-serving";
import { AzurePostgresVectorStore } from "../constructs/azure/postgres-vector-store";
import type { AzurePlatformServing } from "./azure-platform-stack";
import { addAzureModelRegistry, addAzureOpenAi, addAzureRegistry, addAzureSharedStorage, addAzureVectorStore, keyIdentitiesOf, privateEndpointKindsOf, VERSIONED_KEY_PURPOSES, type AzureComponentContext, type AzureModelRegistry } from "./azure-components";
import type { ResolvedAzureSection, ResolvedEnvironmentSpec } from "../environment/resolved";
import { LlmOpsValidationError } from "../errors";
import { LlmOpsStack, type LlmOpsStackProps } from "./llmops-stack";
import { TAG_KEYS } from "./tagging";

/** Props of {@link AzureLlmOpsStack}. */
export type AzureLlmOpsStackProps = LlmOpsStackProps;

/** The Kubernetes service account training jobs run as (namespace `training`), federated to a user-assigned identity through workload identity. */
export const AZURE_TRAINING_JOB_SERVICE_ACCOUNT = { namespace: "training", name: "training-job" } as const;

/**
 * Resource providers the environment needs registered beyond azurerm's `core` set
 * (Authorization, Compute, CostManagement, ManagedIdentity, MarketplaceOrdering,
 * Network, Resources, Storage: `internal/resourceproviders/required.go` at v4.55.0).
 */
export function resourceProvidersFor(spec: Pick<ResolvedEnvironmentSpec, "training" | "sharedStorage" | "vectorStore" | "azure">): string[] {
  // Key Vault, Log Analytics, diagnostics and alerts, budgets, dashboards; the image registry; the model registry (Azure Machine Learning).
  const providers = ["Microsoft.KeyVault", "Microsoft.OperationalInsights", "microsoft.insights", "Microsoft.Consumption", "Microsoft.Portal", "Microsoft.ContainerRegistry", "Microsoft.MachineLearningServices"];
  // AKS; Managed Prometheus (Azure Monitor workspace) and its alert rule groups.
  if (spec.training) providers.push("Microsoft.ContainerService", "Microsoft.Monitor", "Microsoft.AlertsManagement");
  if (spec.sharedStorage?.kind === "lustre") providers.push("Microsoft.StorageCache");
  if (spec.vectorStore?.engine === "postgres-pgvector") providers.push("Microsoft.DBforPostgreSQL");
  if (spec.vectorStore?.engine === "managed-search") providers.push("Microsoft.Search");
  if (spec.azure?.openAi) providers.push("Microsoft.CognitiveServices");
  return providers.sort();
}

/**
 * A LLMOps environment on Azure from one spec, in a resource group of its own: a Key
 * Vault key (with a user-assigned identity for storage), a private VNet with a NAT
 * gateway and the vault's and blob's private DNS zones, a private storage account
 * (datasets, checkpoints, artifacts; customer-managed key), and — with `training` — a
 * private AKS cluster with an NVIDIA GPU pool from the catalog that scales from zero
 * and a workload identity for training jobs; a monthly consumption budget on the
 * resource group, a Log Analytics workspace with diagnostic settings on every resource
 * that has them, an action group, GPU alerts through Managed Prometheus and a portal
 * dashboard. azurerm has no provider default tags: the `azure-tags` aspect writes
 * environment, tier, component, owner and cost center on every resource that takes tags.
 *
 * With `sharedStorage` (and training), the datasets and checkpoints containers mounted
 * through the Blob CSI driver (workload identity, no keys) or Azure Managed Lustre in
 * its own subnet, importing the datasets container; with `vectorStore`, PostgreSQL with
 * pgvector in a delegated subnet (Entra ID only) or Azure AI Search behind a private
 * endpoint; always a Premium container registry the kubelet pulls from and a model
 * registry and MLflow tracking server (an Azure Machine Learning workspace, private and
 * CMK-encrypted, on a storage account of its own; training jobs log and register); with
 * `azure.openAi`, an Azure OpenAI account and model deployment behind a private endpoint;
 * with `inference.model: { huggingFace }`, the model the platform stack serves on the
 * training pool ({@link servingModel}). Every one is CMK-encrypted through its own
 * user-assigned identity where the service takes a key.
 */
export class AzureLlmOpsStack extends LlmOpsStack {
  public readonly resourceGroup: ResourceGroup;
  public readonly network: AzureNetwork;
  public readonly keyVault: AzureKeyVault;
  /**
   * The key for consumers that pin a key version (AKS KMS, Managed Lustre): it rotates
   * like the main key, its versions never expire; the apply after a rotation re-points them.
   * Made with training or Lustre.
   */
  public readonly versionedKey: AzureVaultKey;
  public readonly storage: AzureStorage;
  public readonly training?: AzureTrainingCluster;
  public readonly gpuPool?: AzureGpuNodePool;
  /** The identity training jobs run as (`training/training-job` through workload identity). */
  public readonly trainingJobs?: IAzureIdentity;
  public readonly monitoring: AzureMonitoring;
  public readonly budget: AzureBudget;
  /** The datasets (read-only) and checkpoints containers mounted through the Blob CSI driver, with `sharedStorage.kind: object-mount`. */
  public readonly objectMount?: AzureObjectMount;
  /** Azure Managed Lustre, with `sharedStorage.kind: lustre`. */
  public readonly sharedStorage?: AzureLustreFileSystem;
  /** PostgreSQL with pgvector, or Azure AI Search, from `vectorStore.engine`. */
  public readonly vectorStore?: AzurePostgresVectorStore | AzureAiSearch;
  /** The image registry (the kubelet identity pulls from it). */
  public readonly registry: AzureContainerRegistry;
  /** The Azure OpenAI account and deployment of `azure.openAi`. */
  public readonly openAi?: AzureOpenAiDeployment;
  /** The model registry and MLflow tracking server: an Azure Machine Learning workspace, its storage account and Application Insights. */
  public readonly modelRegistry: AzureModelRegistry;
  /** The open model the platform stack serves on the training pool, with `inference.model: { huggingFace }` (and `deploy`). */
  public readonly servingModel?: AzurePlatformServing;

  constructor(scope: Construct, props: AzureLlmOpsStackProps) {
    super(scope, "azure", "azure-tags", props);
    this.resourceGroup = this.addResourceGroup();
    this.network = this.addNetwork();
    this.keyVault = this.addKeyVault();
    this.versionedKey = this.addVersionedKey();
    this.storage = this.addStorage();
    const training = this.addTraining();
    this.training = training?.cluster;
    this.gpuPool = training?.pool;
    this.trainingJobs = training?.jobs;
    const components = this.components;
    const storage = addAzureSharedStorage(components);
    this.objectMount = storage?.mount;
    this.sharedStorage = storage?.lustre;
    this.vectorStore = addAzureVectorStore(components);
    this.registry = addAzureRegistry(components);
    this.openAi = addAzureOpenAi(components);
    this.servingModel = this.servingModelOf();
    this.monitoring = this.addMonitoring();
    this.modelRegistry = addAzureModelRegistry(components, this.monitoring);
    this.budget = this.addBudget();
    this.addOutputs();
  }

  /** The resolved Azure section (the base stack checked the cloud). */
  private get azure(): ResolvedAzureSection {
    if (!this.spec.azure) throw new Error("an Azure spec resolved without its azure section");
    return this.spec.azure;
  }

  private get environment(): { readonly name: string; readonly tier: ResolvedEnvironmentSpec["tier"] } {
    return { name: this.spec.name, tier: this.spec.tier };
  }

  protected configureProvider(): void {
    const azure = this.azure;
    new AzurermProvider(this, "azurerm", {
      features: [
        {
          // Outside dev a resource group still holding resources Terraform does not manage is not deleted with it.
          resourceGroup: [{ preventDeletionIfContainsResources: this.spec.deletionProtection }],
          // Purge protection is on: a destroyed vault stays recoverable, never purged by Terraform.
          keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true, purgeSoftDeletedKeysOnDestroy: false }],
          // The storage account is reached only through its blob private endpoint: without this the
          // provider reads the queue and file data planes on every create and refresh, gets 403
          // from the closed account and fails (terraform-provider-azurerm #33454). Containers are
          // made through the management plane (`storage_account_id`).
          storage: [{ dataPlaneAvailable: false }],
        },
      ],
      subscriptionId: azure.subscriptionId,
      tenantId: azure.tenantId,
      // Shared key is off on the storage account: data-plane calls authenticate with Entra ID.
      storageUseAzuread: true,
      resourceProviderRegistrations: "core",
      resourceProvidersToRegister: resourceProvidersFor(this.spec),
    });
  }

  protected configureBackend(localPath: string): void {
    const remote = this.spec.azure?.stateBackend;
    if (remote) new AzurermBackend(this, { ...remote, subscriptionId: this.spec.azure?.subscriptionId, useAzureadAuth: true });
    else new LocalBackend(this, { path: localPath });
  }

  /** The environment's resource group: every resource of the stack goes in it, and the budget watches it. */
  private addResourceGroup(): ResourceGroup {
    const scope = new Construct(this, "environment");
    markComponent(scope, "environment");
    return new ResourceGroup(scope, "resource-group", { name: this.azure.resourceGroupName, location: this.spec.region });
  }

  private addNetwork(): AzureNetwork {
    return new AzureNetwork(this, "network", {
      environment: this.environment,
      resourceGroupName: this.resourceGroup.name,
      location: this.spec.region,
      cidr: this.spec.network.cidr,
      // A delegated subnet for PostgreSQL's VNet integration, a sized one for Lustre, only when the spec asks for them.
      postgres: this.spec.vectorStore?.engine === "postgres-pgvector",
      lustreCapacityTiB: this.spec.sharedStorage?.kind === "lustre" ? this.spec.sharedStorage.capacityGiB / 1024 : undefined,
      privateEndpointKinds: privateEndpointKindsOf(this.spec),
      // Where Terraform runs: peered, and linked to every private DNS zone (see "Before you apply").
      runnerVirtualNetworkIds: this.azure.runnerVirtualNetworkIds,
      subscriptionId: this.azure.subscriptionId,
    });
  }

  private addKeyVault(): AzureKeyVault {
    return new AzureKeyVault(this, "key-vault", {
      environment: this.environment,
      network: this.network,
      identities: keyIdentitiesOf(this.spec),
      identitiesForOtherKeys: VERSIONED_KEY_PURPOSES,
      preventDestroy: this.spec.preventDestroy,
    });
  }

  /** A key without expiry for the services that hold a versioned key id (the model registry's workspace always; AKS KMS and Managed Lustre when the spec has them). */
  private addVersionedKey(): AzureVaultKey {
    return this.keyVault.addKey("versioned", { keySize: this.keyVault.keySize as 2048 | 3072 | 4096, expires: false });
  }

  private addStorage(): AzureStorage {
    return new AzureStorage(this, "storage", {
      environment: this.environment,
      network: this.network,
      encryptionKey: this.keyVault,
      keyIdentity: this.keyVault.identity("storage"),
      versionRetentionDays: this.spec.checkpointVersionDays,
      // Lustre's blob integration authenticates with the account's shared keys (AMLFS prerequisites): the guardrail's suppression records why.
      sharedKeyAccessFor: this.spec.sharedStorage?.kind === "lustre" ? AzureLustreFileSystem.BLOB_INTEGRATION_SHARED_KEY : undefined,
      preventDestroy: this.spec.preventDestroy,
    });
  }

  /** What the component builders need of the stack (lib/stacks/azure-components.ts). */
  private get components(): AzureComponentContext {
    return { scope: this, spec: this.spec, environment: this.environment, resourceGroupName: this.resourceGroup.name, network: this.network, keyVault: this.keyVault, versionedKey: this.versionedKey, storage: this.storage, training: this.training, trainingJobs: this.trainingJobs };
  }

  /** The environment's tags with a component, for nested blocks the tagging aspect cannot reach (the system pool's VMs). */
  private tagsFor(component: string): Record<string, string> {
    return { ...this.tags, [TAG_KEYS.component]: component };
  }

  private addTraining(): { readonly cluster: AzureTrainingCluster; readonly pool: AzureGpuNodePool; readonly jobs: IAzureIdentity } | undefined {
    const t = this.spec.training;
    if (!t) return undefined;
    const cluster = new AzureTrainingCluster(this, "training", {
      environment: this.environment,
      network: this.network,
      // KMS holds a versioned key id: the key without expiry (the apply after a rotation re-points it).
      encryptionKey: this.versionedKey,
      kubernetesVersion: t.kubernetesVersion,
      adminGroupObjectIds: this.azure.clusterAdminGroupObjectIds,
      systemPoolTags: this.tagsFor("training"),
      // The managed Blob CSI driver, for the object mount.
      storageProfile: this.spec.sharedStorage?.kind === "object-mount" ? AzureObjectMount.clusterStorageProfile : undefined,
      // The AI toolchain operator (managed KAITO) when the served model takes the KAITO engine.
      aiToolchainOperator: this.servingEngine() === "kaito",
    });
    if (typeof t.capacity === "object") throw new LlmOpsValidationError("environment spec", [{ path: "training.capacity.reservation", message: "naming an existing reservation is not built for Azure in this release; use spot or on-demand" }]);
    const pool = new AzureGpuNodePool(this, "gpu-pool", {
      cluster,
      name: "train",
      accelerator: t.accelerator,
      acceleratorsPerNode: t.machine.acceleratorsPerNode,
      nodes: t.nodes,
      capacity: t.capacity,
      // The resolver accepted the machine here: outside the catalog's regions only with allowUnlistedRegion (and a warning).
      allowUnlistedRegion: !t.machine.regions.includes(this.spec.region),
    });
    const { namespace, name } = AZURE_TRAINING_JOB_SERVICE_ACCOUNT;
    const jobs = cluster.addWorkloadIdentity(namespace, name);
    // Blob data roles are per account here: jobs read datasets and write checkpoints and artifacts.
    this.storage.grantReadWrite(jobs);
    return { cluster, pool, jobs };
  }

  /** The engine the served Hugging Face model takes on the training pool (KAITO when it has a preset and the pool keeps the replicas up), if there is one. */
  private servingEngine(): "kaito" | "vllm" | undefined {
    const i = this.spec.inference;
    const t = this.spec.training;
    if (!i || !t || !("huggingFace" in i.model) || !i.deploy) return undefined;
    return AzureOpenModelServing.defaultEngine(i.model.huggingFace, { vmSize: t.machine.machineType, spot: t.capacity === "spot" }, t.nodes.min, i.replicas.min);
  }

  /**
   * The open model the platform stack serves, on the training pool: no serving pool of
   * its own, so nothing GPU stays up unless replicas run (each keeps a node of the pool up).
   */
  private servingModelOf(): AzurePlatformServing | undefined {
    const i = this.spec.inference;
    const engine = this.servingEngine();
    if (!i || !engine || !this.gpuPool || !("huggingFace" in i.model)) return undefined;
    return { pool: this.gpuPool.scheduling.pool, poolNodes: this.gpuPool.nodes, huggingFace: i.model.huggingFace, engine, replicas: i.replicas.min, huggingFaceTokenSecret: this.azure.huggingFaceTokenSecret };
  }

  /** Log Analytics with diagnostic settings on every resource that has them, the action group, GPU alerts and the dashboard. */
  private addMonitoring(): AzureMonitoring {
    const m = this.spec.monitoring;
    const monitoring = new AzureMonitoring(this, "monitoring", {
      environment: this.environment,
      resourceGroupName: this.resourceGroup.name,
      location: this.spec.region,
      emails: m.notify,
      retentionDays: this.spec.logRetentionDays,
      preventDestroy: this.spec.preventDestroy,
      gpuCluster: this.training ? { clusterId: this.training.cluster.id, clusterName: this.training.clusterName } : undefined,
      gpuSaturatedPercent: m.gpuHighPercent,
      gpuIdlePercent: m.gpuIdlePercent,
    });
    // Managed Prometheus on the cluster: the metrics agent the data collection rule feeds.
    this.training?.cluster.putMonitorMetrics({});
    monitoring.addDiagnostics("key-vault", "key-vault", this.keyVault.vaultId);
    monitoring.addDiagnostics("storage-blob", "storage-blob", this.storage.accountId);
    monitoring.addDiagnostics("storage-account", "storage-account", this.storage.accountId);
    monitoring.addDiagnostics("virtual-network", "virtual-network", this.network.virtualNetwork.id);
    monitoring.addDiagnostics("nat-gateway", "nat-gateway", this.network.natGateway.id);
    monitoring.addDiagnostics("nat-ip", "public-ip", this.network.egressIp.id);
    for (const nsg of this.network.node.children.filter((c): c is NetworkSecurityGroup => c instanceof NetworkSecurityGroup)) monitoring.addDiagnostics(`nsg-${nsg.node.id}`, "nsg", nsg.id);
    if (this.training) monitoring.addDiagnostics("aks", "aks", this.training.cluster.id);
    monitoring.addDiagnostics("registry", "container-registry", this.registry.registry.id);
    const vectors = this.vectorStore;
    if (vectors instanceof AzurePostgresVectorStore) monitoring.addDiagnostics("vector-store", "postgres-flexible", vectors.server.id);
    else if (vectors) monitoring.addDiagnostics("vector-search", "search-service", vectors.searchService.id);
    if (this.sharedStorage) {
      monitoring.addDiagnostics("lustre", "managed-lustre", this.sharedStorage.fileSystem.id);
      // Lustre's platform metrics are per OST without a total: the claim the platform stack mounts it as gives the percentage.
      if (this.training) monitoring.addVolumeFreeSpaceAlert("lustre", AZURE_LUSTRE_CLAIM, m.storageFreePercent, `Azure Managed Lustre ${this.sharedStorage.fileSystemName}`);
    }
    if (this.openAi) {
      monitoring.addDiagnostics("openai", "cognitive-account", this.openAi.account.id);
      monitoring.addDiagnostics("openai-key-vault", "key-vault", this.openAi.encryptionKey.vaultId);
      // Time to Response is not emitted for Standard deployments: the latency alert only for the others.
      const latency = this.spec.azure?.openAi?.sku === "Standard" ? undefined : m.latencyP90Ms;
      monitoring.addOpenAiAlerts({ id: this.openAi.account.id, name: this.openAi.accountName }, latency);
    }
    return monitoring;
  }

  /** A monthly consumption budget on the resource group, to the budget's emails and the action group. */
  private addBudget(): AzureBudget {
    const b = this.spec.budget;
    if (b.startDate === undefined) throw new LlmOpsValidationError("environment spec", [{ path: "budget.startDate", message: "is required on Azure (YYYY-MM-01)" }]);
    return new AzureBudget(this, "budget", {
      environment: this.environment,
      resourceGroupId: this.resourceGroup.id,
      monthlyAmount: b.monthlyUsd,
      startDate: b.startDate,
      thresholdsPercent: b.thresholdsPercent,
      forecastPercent: b.forecastPercent,
      emails: b.notify,
      actionGroupIds: [this.monitoring.actionGroupId],
    });
  }

  private addOutputs(): void {
    this.output("subscription_id", this.azure.subscriptionId, "Subscription of the environment");
    this.output("resource_group_name", this.resourceGroup.name, "Resource group holding every resource of the environment");
    this.output("virtual_network_id", this.network.virtualNetwork.id, "VNet of the environment (azure.runnerVirtualNetworkIds are peered with it and linked to its private DNS zones)");
    this.output("key_vault_uri", this.keyVault.vault.vaultUri, "Key Vault (private endpoint only)");
    this.output("encryption_key_id", this.keyVault.keyId, "Versionless id of the customer-managed key");
    this.output("storage_account_name", this.storage.accountName, "Storage account with the datasets, checkpoints and artifacts containers (Entra ID only, private endpoint)");
    this.output("log_analytics_workspace_id", this.monitoring.workspace.id, "Log Analytics workspace receiving the diagnostic settings");
    this.output("action_group_id", this.monitoring.actionGroupId, "Action group every alert and the budget notify");
    if (this.training) {
      this.output("training_cluster_name", this.training.clusterName, "AKS training cluster (private API server: reach it from the environment's VNet or a runner VNet of azure.runnerVirtualNetworkIds)");
      this.output("training_cluster_id", this.training.cluster.id, "Its ARM id");
    }
    this.output("serving_repository_url", this.registry.loginServer, "Push serving and training images here (private endpoint; the AKS kubelet identity pulls)");
    const ml = this.modelRegistry.workspace;
    this.output("model_registry_workspace_name", ml.workspaceName, "Azure Machine Learning workspace: the model registry (private endpoint only)");
    this.output("mlflow_tracking_uri", ml.mlflowTrackingUri, "Set MLFLOW_TRACKING_URI to this (azureml-mlflow; Entra ID tokens, e.g. the training job's workload identity, which holds AzureML Data Scientist)");
    if (this.objectMount) {
      const m = this.objectMount;
      this.output("object_mount_client_id", m.identity.clientId, `Client id of the blob mount identity: the platform stack annotates service account ${m.namespace}/${m.serviceAccount} with it and makes the claims blob-datasets (read-only) and blob-checkpoints (static Blob CSI volumes, mountWithWorkloadIdentityToken "true")`);
      this.output("object_mount_datasets_volume_attributes", JSON.stringify(m.volumeAttributes("datasets")), "volumeAttributes of the datasets PersistentVolume (JSON)");
      this.output("object_mount_checkpoints_volume_attributes", JSON.stringify(m.volumeAttributes("checkpoints")), "volumeAttributes of the checkpoints PersistentVolume (JSON)");
    }
    if (this.sharedStorage) {
      this.output("lustre_mgs_address", this.sharedStorage.mgsAddress, "What a Lustre client (the Azure Lustre CSI driver) mounts: <address>@tcp:/lustrefs");
      this.output("lustre_file_system_name", this.sharedStorage.fileSystemName, "Azure Managed Lustre file system, importing the datasets container");
    }
    const vectors = this.vectorStore;
    if (vectors instanceof AzurePostgresVectorStore) {
      this.output("vector_store_endpoint", vectors.endpoint, "PostgreSQL flexible server FQDN (private, port 5432, TLS, Entra ID tokens only)");
      this.output("vector_store_principal_sql", vectors.principalSql, "Run as the Entra administrator in the postgres database after apply: the training job's Entra-mapped role");
      this.output("vector_store_grant_sql", vectors.grantSql, "Run next in the vectors database: pgvector and the role's rights");
    } else if (vectors) {
      this.output("vector_store_endpoint", vectors.endpoint, "Azure AI Search endpoint (private endpoint, Entra ID only; indexes name the key and the service's identity)");
    }
    if (this.openAi) {
      this.output("openai_endpoint", this.openAi.endpoint, "Azure OpenAI endpoint (private endpoint, Entra ID tokens only)");
      this.output("openai_deployment", Object.keys(this.openAi.deployments).join(","), "Deployment name clients call (/openai/deployments/<name>)");
    }
    if (this.trainingJobs) {
      const { namespace, name } = AZURE_TRAINING_JOB_SERVICE_ACCOUNT;
      this.output("training_job_client_id", this.trainingJobs.clientId, `Annotate Kubernetes service account ${namespace}/${name} with azure.workload.identity/client-id set to this; label its pods azure.workload.identity/use: "true"`);
    }
  }
}

registerCloudPart("azure", "stack", AzureLlmOpsStack);
