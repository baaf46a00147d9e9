import { DataAzurermKubernetesCluster } from "@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster";
import { DataAzurermUserAssignedIdentity } from "@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { AzurermBackend, DataTerraformRemoteStateAzurerm, DataTerraformRemoteStateLocal, Fn, LocalBackend, TerraformOutput, TerraformStack, type App } from "../cdk";
import { AzureAcceleratorPlatform } from "../constructs/azure/accelerator-platform";
import { AzureBlobVolumes, type AzureBlobVolumeContainer } from "../constructs/azure/blob-volumes";
import { AzureGpuMetrics } from "../constructs/azure/gpu-metrics";
import type { AzureGpuPoolScheduling } from "../constructs/azure/gpu-scheduling";
import { AZURE_LUSTRE_CLAIM } from "../constructs/azure/private/facts";
import { AzureLustreVolume } from "../constructs/azure/lustre-volume";
import { AzureObjectMount } from "../constructs/azure/object-mount";
import { AzureOpenModelServing, type AzureOpenModelServingProps } from "../constructs/azure/open-model-serving";
import { AzureTrainingCluster } from "../constructs/azure/training-cluster";
import type { EnvironmentIdentity } from "../constructs/common";
import { stableId } from "../constructs/private/stable-id";
import { LlmOpsValidationError } from "../errors";
import { Guardrails, type GuardrailOptions } from "../policy/guardrails";
import { platformStackNameOf, registerPlatformStacks } from "./platform-registry";
import { stackNameOf, type LlmOpsStack } from "./llmops-stack";

/**
 * The application id of the AKS Microsoft Entra server, the same for every AKS cluster
 * with Entra integration: tokens for the API server are issued to it
 * (azure.github.io/kubelogin/concepts/aks.html, "Azure Kubernetes Service AAD Server").
 */
export const AKS_ENTRA_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** The service account training jobs run as: the environment stack federates a managed identity to it. */
export const AZURE_JOB_SERVICE_ACCOUNT = { namespace: "training", name: "training-job" } as const;

/** azurerm remote state (Entra ID auth). */
export interface AzureStateBackend {
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
  /** The environment's state blob; the platform's is `platform/<key>`. */
  readonly key: string;
}

/** An open model to serve: {@link AzureOpenModelServingProps} with the pool named instead of given. */
export type AzurePlatformServing = Omit<AzureOpenModelServingProps, "environment" | "pool"> & {
  /** The GPU pool it runs on, by name (one of `pools`). */
  readonly pool: string;
};

/** The environment's blob mount ({@link AzureObjectMount}): the platform makes its service account, volumes and claims. */
export interface AzurePlatformObjectMount {
  /** Namespace of the service account and claims. */
  readonly namespace: string;
  /** The service account the environment's federated credential trusts; its identity is read by {@link AzureObjectMount.identityName}. */
  readonly serviceAccount: string;
  /** The storage account holding the containers. */
  readonly storageAccountName: string;
  /** Its resource group. @default - the stack's `resourceGroupName` */
  readonly storageResourceGroupName?: string;
  /** The containers mounted, each read-only or read-write. */
  readonly containers: readonly AzureBlobVolumeContainer[];
}

/** The environment's Azure Managed Lustre file system: the platform installs the Lustre CSI driver and makes a volume and claim. */
export interface AzurePlatformLustre {
  /** Capacity of the file system, TiB. */
  readonly capacityTiB: number;
  /** The MGS address. @default - the environment state's output `lustre_mgs_address` (read through `terraform_remote_state` from the environment's backend) */
  readonly mgsAddress?: string;
  /** Namespace of the claim (`lustre`). @default "training" */
  readonly namespace?: string;
}

/** Props of {@link AzurePlatformStack}. */
export interface AzurePlatformStackProps {
  /** The environment (name and tier): the stack is `<name>-azure-platform-<tier>`. */
  readonly environment: EnvironmentIdentity;
  /** The subscription of the cluster. */
  readonly subscriptionId: string;
  /** The resource group of the cluster and of the jobs' managed identities. */
  readonly resourceGroupName: string;
  /** The AKS cluster's name, read through a data source. */
  readonly clusterName: string;
  /** The cluster's GPU pools ({@link AzureGpuNodePool.scheduling}). */
  readonly pools: readonly AzureGpuPoolScheduling[];
  /** Service accounts of jobs, each with the managed identity the environment federated to it (read by its name). @default - [AZURE_JOB_SERVICE_ACCOUNT] */
  readonly jobServiceAccounts?: readonly { readonly namespace: string; readonly name: string }[];
  /** The DCGM exporter on each GPU pool and the PodMonitor managed Prometheus scrapes (the GPU alerts read its `DCGM_FI_DEV_GPU_UTIL`); the cluster needs managed Prometheus on. @default true */
  readonly gpuMetrics?: boolean;
  /** The environment's blob mount (`sharedStorage.kind: object-mount`). @default - none */
  readonly objectMount?: AzurePlatformObjectMount;
  /** The environment's Azure Managed Lustre file system (`sharedStorage.kind: lustre`). @default - none */
  readonly lustre?: AzurePlatformLustre;
  /** An open model to serve on a GPU pool. @default - none */
  readonly serving?: AzurePlatformServing;
  /** Remote state; the platform's blob is `platform/<key>`. @default - a local backend */
  readonly stateBackend?: AzureStateBackend;
  /** Path of the local state file when there is no remote backend. @default "terraform.<stack>.tfstate" */
  readonly localStatePath?: string;
  /** How the guardrails run. @default - every pack, enforcing */
  readonly guardrails?: GuardrailOptions;
}

/**
 * What runs inside an AKS cluster, as a second stack: the NVIDIA device plugin on each
 * GPU pool and the jobs' workload-identity service accounts
 * ({@link AzureAcceleratorPlatform}); the DCGM exporter and the PodMonitor managed
 * Prometheus scrapes ({@link AzureGpuMetrics}: the environment's GPU alerts read it); the
 * blob mount's service account, volumes and claims ({@link AzureBlobVolumes}) or the
 * Lustre CSI driver with a volume and claim ({@link AzureLustreVolume}); and optionally an
 * open model served on a pool ({@link AzureOpenModelServing}). It reads the cluster and
 * the managed identities by name through data sources; only the Lustre MGS address
 * (no azurerm data source has it) is read from the environment state's output. The API server is private and local accounts are off: apply it after the
 * environment stack, from inside the VNet, signed in with the Azure CLI as a principal
 * with an AKS RBAC role on the cluster (`kubelogin` on the PATH turns that sign-in into
 * an Entra token for the API server) and "Azure Kubernetes Service Cluster User Role"
 * (to read the cluster's host and CA).
 */
export class AzurePlatformStack extends TerraformStack {
  public readonly platform: AzureAcceleratorPlatform;
  /** The DCGM exporters and their PodMonitor (unless `gpuMetrics` is false). */
  public readonly gpuMetrics?: AzureGpuMetrics;
  /** The blob mount's service account, volumes and claims. */
  public readonly blobVolumes?: AzureBlobVolumes;
  /** The Lustre CSI driver, volume and claim. */
  public readonly lustreVolume?: AzureLustreVolume;
  public readonly serving?: AzureOpenModelServing;
  public readonly guardrails: Guardrails;

  constructor(scope: App, props: AzurePlatformStackProps) {
    const env = props.environment;
    const name = platformStackNameOf({ name: env.name, cloud: "azure", tier: env.tier });
    const servingPool = props.serving && props.pools.find((p) => p.pool === props.serving?.pool);
    if (props.serving && !servingPool) {
      throw new LlmOpsValidationError(`platform stack ${name}`, [{ path: "serving.pool", message: `names no pool of the stack (got ${JSON.stringify(props.serving.pool)}; pools: ${props.pools.map((p) => p.pool).join(", ") || "none"})` }]);
    }
    super(scope, name);

    // Read-only here (data sources): registering resource providers would need `*/register/action` for nothing.
    new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId: props.subscriptionId, storageUseAzuread: true, resourceProviderRegistrations: "none" });
    const remote = props.stateBackend;
    if (remote) new AzurermBackend(this, { ...remote, key: `platform/${remote.key}`, useAzureadAuth: true, subscriptionId: props.subscriptionId });
    else new LocalBackend(this, { path: props.localStatePath ?? `terraform.${name}.tfstate` });

    const aks = new DataAzurermKubernetesCluster(this, "cluster", { name: props.clusterName, resourceGroupName: props.resourceGroupName });
    const kubeConfig = aks.kubeConfig.get(0);
    const exec = { apiVersion: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", AKS_ENTRA_SERVER_ID] };
    const endpoint = { host: kubeConfig.host, clusterCaCertificate: Fn.base64decode(kubeConfig.clusterCaCertificate) };
    new HelmProvider(this, "helm", { kubernetes: { ...endpoint, exec } });
    new KubernetesProvider(this, "kubernetes", { ...endpoint, exec: [exec] });

    const accounts = props.jobServiceAccounts ?? [AZURE_JOB_SERVICE_ACCOUNT];
    const lustreNamespace = props.lustre && (props.lustre.namespace ?? AZURE_LUSTRE_CLAIM.namespace);
    const namespaces = [...new Set([...accounts.map((a) => a.namespace), ...(props.objectMount ? [props.objectMount.namespace] : []), ...(lustreNamespace ? [lustreNamespace] : [])])];
    this.platform = new AzureAcceleratorPlatform(this, "platform", {
      environment: env,
      pools: props.pools,
      jobNamespaces: namespaces.map((namespace) => ({
        namespace,
        serviceAccounts: accounts
          .filter((a) => a.namespace === namespace)
          .map((a) => {
            const identity = new DataAzurermUserAssignedIdentity(this, stableId("identity", `${a.namespace}/${a.name}`, `${a.namespace}-${a.name}`), {
              name: AzureTrainingCluster.workloadIdentityName(env, a.namespace, a.name),
              resourceGroupName: props.resourceGroupName,
            });
            return { name: a.name, clientId: identity.clientId };
          }),
      })),
    });
    if (props.gpuMetrics ?? true) this.gpuMetrics = new AzureGpuMetrics(this, "gpu-metrics", { environment: env, pools: props.pools });
    const namespaceOf = (namespace: string): string => this.platform.namespaces[namespace].metadata.name;
    const mount = props.objectMount;
    if (mount) {
      const identity = new DataAzurermUserAssignedIdentity(this, "object-mount-identity", { name: AzureObjectMount.identityName(env, mount.namespace, mount.serviceAccount), resourceGroupName: props.resourceGroupName });
      this.blobVolumes = new AzureBlobVolumes(this, "object-mount", {
        environment: env,
        namespace: namespaceOf(mount.namespace),
        serviceAccount: mount.serviceAccount,
        clientId: identity.clientId,
        storageAccountName: mount.storageAccountName,
        storageResourceGroupName: mount.storageResourceGroupName ?? props.resourceGroupName,
        containers: mount.containers,
      });
    }
    if (props.lustre && lustreNamespace) {
      const mgsAddress = props.lustre.mgsAddress ?? environmentState(this, props).getString("lustre_mgs_address");
      this.lustreVolume = new AzureLustreVolume(this, "lustre", { environment: env, mgsAddress, capacityTiB: props.lustre.capacityTiB, namespace: namespaceOf(lustreNamespace), pools: props.pools });
    }
    if (props.serving && servingPool) {
      this.serving = new AzureOpenModelServing(this, "serving", { ...props.serving, environment: env, pool: servingPool });
      new TerraformOutput(this, "serving-url", { value: this.serving.url, description: `In-cluster URL of ${props.serving.huggingFace} (OpenAI-compatible API, served by ${this.serving.engine})` });
    }
    new TerraformOutput(this, "releases", { value: Object.keys(this.platform.releases).sort().join(","), description: "Helm releases installed in the cluster" });
    this.guardrails = Guardrails.of(this, { tier: env.tier, ...props.guardrails });
    Guardrails.suppress(this, "LLM-COST-1", "This stack creates no billable Azure resource: its pods run on the environment stack's node pools, which that stack's budget covers.");
  }
}

/**
 * The environment stack's state, to read an output known only after its apply (the
 * Lustre MGS address: azurerm has no data source for the file system): its azurerm
 * backend blob, or its local state file beside this stack's working directory
 * (`cdktf.out/stacks/<environment stack>/terraform.<environment stack>.tfstate`).
 */
function environmentState(scope: AzurePlatformStack, props: AzurePlatformStackProps): DataTerraformRemoteStateAzurerm | DataTerraformRemoteStateLocal {
  const remote = props.stateBackend;
  if (remote) return new DataTerraformRemoteStateAzurerm(scope, "environment-state", { ...remote, useAzureadAuth: true, subscriptionId: props.subscriptionId });
  const envStack = stackNameOf({ name: props.environment.name, cloud: "azure", tier: props.environment.tier });
  return new DataTerraformRemoteStateLocal(scope, "environment-state", { path: `../${envStack}/terraform.${envStack}.tfstate` });
}

/**
 * What an Azure environment stack offers its platform stack, by structure (the Azure
 * environment stack has these members): its resolved spec, the cluster and the GPU pool.
 */
export interface AzurePlatformSource {
  readonly spec: {
    readonly name: string;
    readonly tier: EnvironmentIdentity["tier"];
    readonly azure?: { readonly subscriptionId: string; readonly resourceGroupName?: string; readonly stateBackend?: AzureStateBackend };
  };
  readonly training?: { readonly clusterName: string; readonly resourceGroupName: string };
  readonly gpuPool?: { readonly scheduling: AzureGpuPoolScheduling };
  /** The blob mount (the Azure environment stack's `objectMount`). */
  readonly objectMount?: Pick<AzureObjectMount, "namespace" | "serviceAccount" | "storageAccountName" | "storageResourceGroupName" | "containers" | "isReadOnly">;
  /** Azure Managed Lustre (the Azure environment stack's `sharedStorage`). */
  readonly sharedStorage?: { readonly capacityTiB: number };
  /** The open model to serve on the GPU pool (the Azure environment stack's `servingModel`, from `inference.model: { huggingFace }`). */
  readonly servingModel?: AzurePlatformServing;
}

/** The platform stack props of an Azure environment stack, or why it has none. */
export function azurePlatformPropsOf(environment: AzurePlatformSource): AzurePlatformStackProps | string {
  const { spec, training, gpuPool, servingModel, objectMount: mount, sharedStorage } = environment;
  if (!spec.azure) return "its spec has no resolved azure section (subscription)";
  if (!training || !gpuPool) return "it exposes no training cluster and GPU pool (members training and gpuPool)";
  // The spec's names, not the environment's resource attributes: a token of the other stack would make cdktf read its state.
  const resourceGroupName = spec.azure.resourceGroupName ?? training.resourceGroupName;
  return {
    environment: { name: spec.name, tier: spec.tier },
    subscriptionId: spec.azure.subscriptionId,
    resourceGroupName,
    clusterName: training.clusterName,
    pools: [gpuPool.scheduling],
    objectMount: mount && {
      namespace: mount.namespace,
      serviceAccount: mount.serviceAccount,
      storageAccountName: mount.storageAccountName,
      // The environment puts the account in its resource group.
      storageResourceGroupName: resourceGroupName,
      containers: mount.containers.map((name) => ({ name, readOnly: mount.isReadOnly(name) })),
    },
    lustre: sharedStorage && { capacityTiB: sharedStorage.capacityTiB },
    serving: servingModel,
    stateBackend: spec.azure.stateBackend,
  };
}

/** Adds a platform stack for each Azure environment stack that has a training cluster and a GPU pool; warns for one that does not say what it has. */
export function addAzurePlatformStacks(app: App, environments: readonly LlmOpsStack[], warn: (message: string) => void = () => undefined): AzurePlatformStack[] {
  const stacks: AzurePlatformStack[] = [];
  for (const environment of environments.filter((e) => e.spec.cloud === "azure")) {
    const props = azurePlatformPropsOf(environment as unknown as AzurePlatformSource);
    if (typeof props === "string") warn(`${environment.node.id}: no platform stack because ${props}`);
    else stacks.push(new AzurePlatformStack(app, props));
  }
  return stacks;
}
registerPlatformStacks("azure", addAzurePlatformStacks);
