import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { registerCloudPart } from "../cloud-modules";
import { AzurermBackend, Construct, LocalBackend } from "../cdk";
import { markComponent } from "../constructs/common";
import { AzureBudget } from "../constructs/azure/budget";
import { AzureGpuNodePool } from "../constructs/azure/gpu-node-pool";
import { AzureKeyVault, type IAzureIdentity } from "../constructs/azure/key-vault";
import { AzureMonitoring } from "../constructs/azure/monitoring";
import { AzureNetwork } from "../constructs/azure/network";
import { AzureStorage } from "../constructs/azure/storage";
import { AzureTrainingCluster } from "../constructs/azure/training-cluster";
import { azureNotBuilt } from "../environment/azure";
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
export function resourceProvidersFor(spec: Pick<ResolvedEnvironmentSpec, "training">): string[] {
  const providers = ["Microsoft.KeyVault", "Microsoft.OperationalInsights", "microsoft.insights", "Microsoft.Consumption", "Microsoft.Portal"];
  // AKS; Managed Prometheus (Azure Monitor workspace) and its alert rule groups.
  if (spec.training) providers.push("Microsoft.ContainerService", "Microsoft.Monitor", "Microsoft.AlertsManagement");
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
 * Shared storage, the vector store and inference are not built for Azure in this
 * release: a spec asking for them is an error naming the field.
 */
export class AzureLlmOpsStack extends LlmOpsStack {
  public readonly resourceGroup: ResourceGroup;
  public readonly network: AzureNetwork;
  public readonly keyVault: AzureKeyVault;
  public readonly storage: AzureStorage;
  public readonly training?: AzureTrainingCluster;
  public readonly gpuPool?: AzureGpuNodePool;
  /** The identity training jobs run as (`training/training-job` through workload identity). */
  public readonly trainingJobs?: IAzureIdentity;
  public readonly monitoring: AzureMonitoring;
  public readonly budget: AzureBudget;

  constructor(scope: Construct, props: AzureLlmOpsStackProps) {
    super(scope, "azure", "azure-tags", props);
    this.resourceGroup = this.addResourceGroup();
    this.network = this.addNetwork();
    this.keyVault = this.addKeyVault();
    this.storage = this.addStorage();
    const training = this.addTraining();
    this.training = training?.cluster;
    this.gpuPool = training?.pool;
    this.trainingJobs = training?.jobs;
    this.addSharedStorage();
    this.addVectorStore();
    this.addInference();
    this.monitoring = this.addMonitoring();
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
      // The PostgreSQL subnet comes with the vector store, which is not built for Azure in this release.
      postgres: false,
      privateEndpointKinds: ["vault", "blob"],
    });
  }

  private addKeyVault(): AzureKeyVault {
    return new AzureKeyVault(this, "key-vault", { environment: this.environment, network: this.network, identities: ["storage"], preventDestroy: this.spec.preventDestroy });
  }

  private addStorage(): AzureStorage {
    return new AzureStorage(this, "storage", {
      environment: this.environment,
      network: this.network,
      encryptionKey: this.keyVault,
      keyIdentity: this.keyVault.identity("storage"),
      versionRetentionDays: this.spec.checkpointVersionDays,
      preventDestroy: this.spec.preventDestroy,
    });
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
      encryptionKey: this.keyVault,
      kubernetesVersion: t.kubernetesVersion,
      adminGroupObjectIds: this.azure.clusterAdminGroupObjectIds,
      systemPoolTags: this.tagsFor("training"),
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

  /** Shared storage (Azure Managed Lustre or a Blob CSI mount): not built for Azure in this release. */
  private addSharedStorage(): void {
    this.notBuilt("sharedStorage.kind");
  }

  /** The vector store (PostgreSQL flexible server with pgvector, or Azure AI Search): not built for Azure in this release. */
  private addVectorStore(): void {
    this.notBuilt("vectorStore.engine");
  }

  /** Inference (an Azure OpenAI deployment or an open model on AKS): not built for Azure in this release. */
  private addInference(): void {
    this.notBuilt("inference.accelerator");
  }

  /** Throws the resolver's problem for a component the spec asks for and this release does not build (a resolved spec made by hand gets here). */
  private notBuilt(path: string): void {
    const problems = azureNotBuilt(this.spec).filter((p) => p.path === path);
    if (problems.length > 0) throw new LlmOpsValidationError("environment spec", problems);
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
    this.output("virtual_network_id", this.network.virtualNetwork.id, "VNet of the environment (peer the Terraform runner's network to reach the private endpoints)");
    this.output("key_vault_uri", this.keyVault.vault.vaultUri, "Key Vault (private endpoint only)");
    this.output("encryption_key_id", this.keyVault.keyId, "Versionless id of the customer-managed key");
    this.output("storage_account_name", this.storage.accountName, "Storage account with the datasets, checkpoints and artifacts containers (Entra ID only, private endpoint)");
    this.output("log_analytics_workspace_id", this.monitoring.workspace.id, "Log Analytics workspace receiving the diagnostic settings");
    this.output("action_group_id", this.monitoring.actionGroupId, "Action group every alert and the budget notify");
    if (this.training) {
      this.output("training_cluster_name", this.training.clusterName, "AKS training cluster (private: az aks command invoke, or a runner in the VNet)");
      this.output("training_cluster_id", this.training.cluster.id, "Its ARM id");
    }
    if (this.trainingJobs) {
      const { namespace, name } = AZURE_TRAINING_JOB_SERVICE_ACCOUNT;
      this.output("training_job_client_id", this.trainingJobs.clientId, `Annotate Kubernetes service account ${namespace}/${name} with azure.workload.identity/client-id set to this; label its pods azure.workload.identity/use: "true"`);
    }
  }
}

registerCloudPart("azure", "stack", AzureLlmOpsStack);
