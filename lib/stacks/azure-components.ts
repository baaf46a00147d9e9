/**
 * The data and serving components of the Azure environment stack, built from the
 * resolved spec with the Azure constructs: shared storage (a Blob CSI mount or Azure
 * Managed Lustre), the vector store (PostgreSQL with pgvector or Azure AI Search), the
 * image registry, an Azure OpenAI deployment and the model registry (an Azure Machine
 * Learning workspace). The stack calls these in order and keeps what they return.
 */
import type { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
import type { Construct } from "../cdk";
import { AzureAccessPolicyKey } from "../constructs/azure/access-policy-key";
import { AzureAiSearch } from "../constructs/azure/ai-search";
import { AzureContainerRegistry, REGISTRY_CMK_CLOSED_VAULT_REASON } from "../constructs/azure/container-registry";
import type { AzureKeyVault, AzureVaultKey, IAzureIdentity } from "../constructs/azure/key-vault";
import { AzureLustreFileSystem } from "../constructs/azure/lustre-file-system";
import type { AzureNetwork, PrivateEndpointKind } from "../constructs/azure/network";
import { AzureMlWorkspace } from "../constructs/azure/ml-workspace";
import type { AzureMonitoring } from "../constructs/azure/monitoring";
import { AzureObjectMount } from "../constructs/azure/object-mount";
import { AzureOpenAiDeployment, OPENAI_CMK_KEY_SIZE } from "../constructs/azure/openai-deployment";
import { AzurePostgresVectorStore } from "../constructs/azure/postgres-vector-store";
import { AzureStorage } from "../constructs/azure/storage";
import type { AzureTrainingCluster } from "../constructs/azure/training-cluster";
import { markComponent, type EnvironmentIdentity } from "../constructs/common";
import { DATA_CLASSIFICATION_TAG, azureLustreImportPrefix, azureLustreSkuOf } from "../environment/azure-components";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";
import { LlmOpsValidationError } from "../errors";
import { buildName, compactName } from "../naming";

/** The Kubernetes service account pods mounting the blob containers run as (namespace `training`). */
export const AZURE_BLOB_MOUNT_SERVICE_ACCOUNT = { namespace: "training", name: "blob-mount" } as const;
/** The training jobs' service account in the same namespace (AZURE_TRAINING_JOB_SERVICE_ACCOUNT of the stack). */
const AZURE_TRAINING_JOB_SERVICE_ACCOUNT_NAME = "training-job";

/** The deployment name clients call for `azure.openAi` (`/openai/deployments/<name>`): the model's name. */
export function openAiDeploymentName(model: string): string {
  return model;
}

/** The identities (by purpose) whose components read the versioned key (`versionedKey`: Lustre, the model registry's workspace), granted there rather than on the main key. */
export const VERSIONED_KEY_PURPOSES = ["mlw", "lustre"] as const;

/** Key Vault identities (by purpose) the spec's components read the key as: storage and the model registry's workspace always, then one per CMK component (not the image registry: it cannot reach the closed vault at creation; not Azure OpenAI: its system-assigned identity reads a key of its own). */
export function keyIdentitiesOf(spec: Pick<ResolvedEnvironmentSpec, "sharedStorage" | "vectorStore" | "azure">): string[] {
  const purposes = ["storage", "mlw"];
  if (spec.sharedStorage?.kind === "lustre") purposes.push("lustre");
  if (spec.vectorStore?.engine === "postgres-pgvector") purposes.push("postgres");
  if (spec.vectorStore?.engine === "managed-search") purposes.push("search");
  return purposes;
}

/**
 * Private endpoint DNS zones the spec's components need in the network: the vault, blob,
 * the image registry and the model registry (its workspace's API and notebooks zones, its
 * storage account's file zone) always, AI Search and Azure OpenAI when asked for.
 */
export function privateEndpointKindsOf(spec: Pick<ResolvedEnvironmentSpec, "vectorStore" | "azure">): PrivateEndpointKind[] {
  const kinds: PrivateEndpointKind[] = ["vault", "blob", "registry", "amlworkspace", "notebooks", "file"];
  if (spec.vectorStore?.engine === "managed-search") kinds.push("search");
  if (spec.azure?.openAi) kinds.push("openai");
  return kinds;
}

/** What the component builders need of the stack. */
export interface AzureComponentContext {
  readonly scope: Construct;
  readonly spec: ResolvedEnvironmentSpec;
  readonly environment: EnvironmentIdentity;
  readonly resourceGroupName: string;
  readonly network: AzureNetwork;
  readonly keyVault: AzureKeyVault;
  /** The key without expiry for consumers that pin a version (Lustre), when the stack made one. */
  readonly versionedKey: AzureVaultKey;
  readonly storage: AzureStorage;
  readonly training?: AzureTrainingCluster;
  readonly trainingJobs?: IAzureIdentity;
}

/**
 * Shared storage for the training cluster: the datasets (read-only) and checkpoints
 * (read-write) containers mounted through the managed Blob CSI driver with workload
 * identity, or Azure Managed Lustre in its own subnet, its namespace imported from the
 * datasets container (blob integration; the account allows shared keys for it, recorded
 * as the storage guardrail's suppression), logs to the artifacts container.
 */
export function addAzureSharedStorage(c: AzureComponentContext): { readonly mount?: AzureObjectMount; readonly lustre?: AzureLustreFileSystem } | undefined {
  const s = c.spec.sharedStorage;
  if (!s || !c.training) return undefined;
  if (s.kind === "object-mount") {
    const problems = AzureObjectMount.clusterProblems(c.training.storageProfile);
    if (problems.length > 0) throw new LlmOpsValidationError("environment stack (training cluster)", problems);
    const mount = new AzureObjectMount(c.scope, "object-mount", {
      environment: c.environment,
      resourceGroupName: c.resourceGroupName,
      location: c.spec.region,
      oidcIssuerUrl: c.training.oidcIssuerUrl,
      storageAccountName: c.storage.accountName,
      namespace: AZURE_BLOB_MOUNT_SERVICE_ACCOUNT.namespace,
      serviceAccount: AZURE_BLOB_MOUNT_SERVICE_ACCOUNT.name,
      // Training jobs run as training-job (their own identity for the rest): they mount the containers too.
      alsoServiceAccounts: [AZURE_TRAINING_JOB_SERVICE_ACCOUNT_NAME],
      containers: [
        { name: "datasets", containerId: c.storage.containerId("datasets"), readOnly: true },
        { name: "checkpoints", containerId: c.storage.containerId("checkpoints"), readOnly: false },
      ],
    });
    return { mount };
  }
  const sku = azureLustreSkuOf(s.throughputMBpsPerTiB);
  const subnet = c.network.lustreSubnet;
  if (!sku || !subnet) throw new Error("a Lustre spec resolved without a SKU or the network without its Lustre subnet");
  const lustre = new AzureLustreFileSystem(c.scope, "lustre", {
    environment: c.environment,
    resourceGroupName: c.resourceGroupName,
    location: c.spec.region,
    subnetId: subnet.id,
    subnetDependables: c.network.lustreEgress ? [c.network.lustreEgress] : [],
    subnetCidr: c.network.ranges.lustre,
    sku,
    capacityTiB: s.capacityGiB / 1024,
    // key_url is a versioned id: the key without expiry (the apply after a rotation re-points it).
    encryptionKey: c.versionedKey,
    keyIdentity: c.keyVault.identity("lustre"),
    blobIntegration: {
      containerId: c.storage.containerId("datasets"),
      loggingContainerId: c.storage.containerId("artifacts"),
      importPrefix: azureLustreImportPrefix(s.importPrefix),
      storageAccountId: c.storage.accountId,
      resourceProviderPrincipalId: c.spec.azure?.lustreResourceProviderObjectId,
    },
    preventDestroy: c.spec.preventDestroy,
  });
  return { lustre };
}

/** The vector store, and read-write access for training jobs: PostgreSQL in its delegated subnet (SQL to run after apply), or AI Search behind its private endpoint (data-plane roles). */
export function addAzureVectorStore(c: AzureComponentContext): AzurePostgresVectorStore | AzureAiSearch | undefined {
  const v = c.spec.vectorStore;
  if (!v) return undefined;
  const common = { environment: c.environment, encryptionKey: c.keyVault, dimensions: v.dimensions, preventDestroy: c.spec.preventDestroy };
  let store: AzurePostgresVectorStore | AzureAiSearch;
  if (v.engine === "managed-search") {
    store = new AzureAiSearch(c.scope, "vector-search", { ...common, network: c.network, keyIdentity: c.keyVault.identity("search") });
  } else {
    const admin = c.spec.azure?.postgresAdmin;
    const subnet = c.network.postgresSubnet;
    if (!admin || !subnet) throw new LlmOpsValidationError("environment spec", [{ path: "azure.postgresAdmin", message: "is required with vectorStore.engine: postgres-pgvector" }]);
    store = new AzurePostgresVectorStore(c.scope, "vector-store", {
      ...common,
      resourceGroupName: c.resourceGroupName,
      location: c.spec.region,
      delegatedSubnetId: subnet.id,
      subnetDependables: c.network.postgresEgress ? [c.network.postgresEgress] : [],
      virtualNetworkId: c.network.virtualNetwork.id,
      runnerVirtualNetworkIds: c.network.runnerVirtualNetworkIds,
      keyIdentity: c.keyVault.identity("postgres"),
      entraAdmin: admin,
    });
  }
  if (c.trainingJobs) {
    if (store instanceof AzurePostgresVectorStore) store.grantReadWrite(c.trainingJobs, "training_job");
    else {
      // Jobs write embeddings and make the indexes (each index names the key and the service's identity).
      store.grantReadWrite(c.trainingJobs);
      store.grantManageIndexes(c.trainingJobs);
    }
  }
  return store;
}

/** The image registry (Premium, private endpoint, Microsoft-managed keys: see REGISTRY_CMK_CLOSED_VAULT_REASON); the cluster's kubelet identity pulls from it. */
export function addAzureRegistry(c: AzureComponentContext): AzureContainerRegistry {
  const registry = new AzureContainerRegistry(c.scope, "registry", {
    environment: c.environment,
    network: c.network,
    // Microsoft-managed keys: the registry cannot reach the closed vault with a user-assigned identity at creation.
    microsoftManagedKeyReason: REGISTRY_CMK_CLOSED_VAULT_REASON,
    preventDestroy: c.spec.preventDestroy,
  });
  if (c.training) registry.grantPull(c.training.kubeletIdentity);
  return registry;
}

/** The Azure OpenAI account and the model deployment of `azure.openAi`; training jobs may call it. */
export function addAzureOpenAi(c: AzureComponentContext): AzureOpenAiDeployment | undefined {
  const o = c.spec.azure?.openAi;
  if (!o) return undefined;
  const openAi = new AzureOpenAiDeployment(c.scope, "openai", {
    environment: c.environment,
    network: c.network,
    // Its own RSA 2048 key (Azure AI services take no other size) in a vault with access policies, read as the account's
    // system-assigned identity: Azure OpenAI takes no key from an RBAC vault nor through a user-assigned identity.
    encryptionKey: new AzureAccessPolicyKey(c.scope, "openai-key", { environment: c.environment, network: c.network, purpose: "openai", keySize: OPENAI_CMK_KEY_SIZE, preventDestroy: c.spec.preventDestroy }),
    deployments: [{ name: openAiDeploymentName(o.model), model: o.model, version: o.version, capacity: o.capacity, sku: o.sku }],
    dataClassification: c.spec.tags?.[DATA_CLASSIFICATION_TAG],
  });
  if (c.trainingJobs) openAi.grantInvoke(c.trainingJobs);
  return openAi;
}

/** The model registry: the Azure Machine Learning workspace, its own storage account and its Application Insights. */
export interface AzureModelRegistry {
  readonly workspace: AzureMlWorkspace;
  /** The workspace's storage account (shared key on for its default datastores; blob and file private endpoints). */
  readonly storage: AzureStorage;
  readonly insights: ApplicationInsights;
}

/**
 * The model registry and MLflow tracking server: an Azure Machine Learning workspace
 * (private endpoint, managed network, CMK service-side) on a storage account of its own
 * (Standard, CMK, TLS 1.2, no public access, blob and file private endpoints; shared key
 * on for the workspace's default datastores, recorded as the storage guardrail's
 * suppression), the environment's vault and a workspace-based Application Insights on the
 * Log Analytics workspace; diagnostics on each. Training jobs log runs and register models
 * (AzureML Data Scientist on the workspace).
 */
export function addAzureModelRegistry(c: AzureComponentContext, monitoring: AzureMonitoring): AzureModelRegistry {
  const cosmosDbPrincipalId = c.spec.azure?.cosmosDbObjectId;
  if (!cosmosDbPrincipalId) throw new LlmOpsValidationError("environment spec", [{ path: "azure.cosmosDbObjectId", message: "is required on Azure (the model registry's key grant)" }]);
  const storage = new AzureStorage(c.scope, "model-registry-storage", {
    environment: c.environment,
    network: c.network,
    encryptionKey: c.keyVault,
    keyIdentity: c.keyVault.identity("storage"),
    accountName: compactName("azure-storage-account", c.environment, "mlw").name,
    // The workspace makes its own containers; the datastores are reached on blob and file.
    containers: [],
    endpoints: ["blob", "file"],
    sharedKeyAccessFor: "azure-ml-workspace-datastores",
    preventDestroy: c.spec.preventDestroy,
  });
  // Billed and tagged as the registry's, not the environment's data storage.
  markComponent(storage, "registry");
  const insights = monitoring.addApplicationInsights(buildName("azure-monitor", c.environment, "mlw", "appi").name);
  const workspace = new AzureMlWorkspace(c.scope, "model-registry", {
    environment: c.environment,
    network: c.network,
    storageAccountId: storage.accountId,
    // The account is closed but for its endpoints: the workspace is made once they exist.
    waitFor: Object.values(storage.endpoints).filter((e) => e !== undefined),
    keyVaultId: c.keyVault.vaultId,
    applicationInsightsId: insights.id,
    // The workspace pins a key version (its encryption block forces replacement): a key whose versions never expire.
    encryptionKey: c.versionedKey,
    identity: c.keyVault.identity("mlw"),
    cosmosDbPrincipalId,
    preventDestroy: c.spec.preventDestroy,
  });
  if (c.trainingJobs) workspace.grantDataScientist(c.trainingJobs);
  monitoring.addDiagnostics("model-registry", "ml-workspace", workspace.workspace.id);
  monitoring.addDiagnostics("model-registry-storage-account", "storage-account", storage.accountId);
  monitoring.addDiagnostics("model-registry-storage-blob", "storage-blob", storage.accountId);
  monitoring.addDiagnostics("model-registry-storage-file", "storage-file", storage.accountId);
  return { workspace, storage, insights };
}
