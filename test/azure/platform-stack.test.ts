import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import { azureGpuScheduling } from "../../lib/constructs/azure/gpu-scheduling";
import type { LlmOpsStack } from "../../lib/stacks/llmops-stack";
import { AKS_ENTRA_SERVER_ID, AzurePlatformStack, addAzurePlatformStacks, azurePlatformPropsOf, type AzurePlatformSource, type AzurePlatformStackProps } from "../../lib/stacks/azure-platform-stack";
import { addPlatformStacksWhereInstalled } from "../../lib/stacks/platform-registry";
import { AzureGpuNodePool } from "../../lib/constructs/azure/gpu-node-pool";
import { AzureObjectMount } from "../../lib/constructs/azure/object-mount";
import { DEV, only, problemsOf, resources, synthStack, type Synthesized } from "../helpers";
import { cluster, synthAzure } from "./helpers";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
const POOL = azureGpuScheduling({ pool: "train", accelerator: "nvidia-a100", vmSize: "Standard_NC24ads_A100_v4", gpusPerNode: 1, gpuMemoryGiB: 80, spot: true });
const PROPS: AzurePlatformStackProps = { environment: DEV, subscriptionId: SUBSCRIPTION, resourceGroupName: "acme-dev-rg", clusterName: "acme-dev-aks", pools: [POOL] };

const remoteStates = (doc: Synthesized) => Object.fromEntries(Object.entries((doc.data?.terraform_remote_state ?? {}) as Record<string, Record<string, unknown>>).map(([k, v]) => [k, { backend: v.backend, config: v.config }]));

function build(props: Partial<AzurePlatformStackProps> = {}) {
  const app = Testing.app();
  const stack = new AzurePlatformStack(app, { ...PROPS, ...props });
  return { stack, doc: synthStack(stack) };
}

describe("AzurePlatformStack", () => {
  it("is named <name>-azure-platform-<tier> and reads the cluster by name and resource group, holding no reference into the environment's state", () => {
    const { stack, doc } = build();
    expect(stack.node.id).toBe("acme-azure-platform-dev");
    expect(Object.values(doc.data?.azurerm_kubernetes_cluster ?? {})).toEqual([{ name: "acme-dev-aks", resource_group_name: "acme-dev-rg" }]);
    expect(JSON.stringify(doc)).not.toContain("terraform_remote_state");
    expect(doc.provider?.azurerm).toEqual([expect.objectContaining({ subscription_id: SUBSCRIPTION, features: [{}] })]);
  });

  it("registers no resource provider: it only reads through data sources, so it needs no */register/action", () => {
    expect(build().doc.provider?.azurerm).toEqual([expect.objectContaining({ resource_provider_registrations: "none" })]);
  });

  it("reaches the API server with the cluster's host and CA and an Entra token from kubelogin (local accounts are off)", () => {
    const { doc } = build();
    const exec = { api_version: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", AKS_ENTRA_SERVER_ID] };
    const endpoint = { host: "${data.azurerm_kubernetes_cluster.cluster.kube_config[0].host}", cluster_ca_certificate: "${base64decode(data.azurerm_kubernetes_cluster.cluster.kube_config[0].cluster_ca_certificate)}" };
    expect(AKS_ENTRA_SERVER_ID).toBe("6dae42f8-4368-4678-94ff-3960e28e3630");
    expect(doc.provider?.kubernetes).toEqual([{ ...endpoint, exec: [exec] }]);
    expect(doc.provider?.helm).toEqual([{ kubernetes: { ...endpoint, exec } }]);
  });

  it("keeps its state in a local file by default, and beside the environment's under platform/ with an azurerm backend", () => {
    expect(build().doc.terraform?.backend).toEqual({ local: { path: "terraform.acme-azure-platform-dev.tfstate" } });
    const remote = build({ stateBackend: { resourceGroupName: "tfstate-rg", storageAccountName: "acmetfstate", containerName: "tfstate", key: "acme-dev.tfstate" } }).doc;
    expect(remote.terraform?.backend).toEqual({ azurerm: { resource_group_name: "tfstate-rg", storage_account_name: "acmetfstate", container_name: "tfstate", key: "platform/acme-dev.tfstate", use_azuread_auth: true, subscription_id: SUBSCRIPTION } });
  });

  it("annotates the jobs' service account with the client id of the identity the environment federated to it, read by the name the cluster gives it", () => {
    // given the identity the training cluster makes for training/training-job
    const envDoc = synthAzure((s) => cluster(s).addWorkloadIdentity("training", "training-job"));
    const madeName = (Object.values(envDoc.resource.azurerm_user_assigned_identity).find((i) => (i.name as string).includes("training-job")) as { name: string }).name;
    // when the platform stack is built
    const { doc } = build();
    // then it reads that identity by name and annotates the service account with its client id
    const identity = only({ resource: doc.data ?? {} }, "azurerm_user_assigned_identity");
    expect(identity).toEqual({ name: madeName, resource_group_name: "acme-dev-rg" });
    const account = only(doc, "kubernetes_service_account_v1").metadata as { name: string; annotations: Record<string, string> };
    expect(account.name).toBe("training-job");
    expect(account.annotations["azure.workload.identity/client-id"]).toMatch(/^\$\{data\.azurerm_user_assigned_identity\..*\.client_id\}$/);
    expect(resources(doc, "helm_release").map((r) => r.name).sort()).toEqual(["dcgm-exporter-train", "nvidia-device-plugin-train"]);
  });

  it("exports GPU metrics to managed Prometheus by default (the DCGM exporter on each pool and its PodMonitor), and not when told", () => {
    const { stack, doc } = build();
    expect(stack.gpuMetrics?.releases).toHaveProperty("dcgm-exporter-train");
    expect((only(doc, "kubernetes_manifest").manifest as { apiVersion: string; kind: string })).toMatchObject({ apiVersion: "azmonitoring.coreos.com/v1", kind: "PodMonitor" });
    const off = build({ gpuMetrics: false });
    expect(off.stack.gpuMetrics).toBeUndefined();
    expect(resources(off.doc, "helm_release").map((r) => r.name)).toEqual(["nvidia-device-plugin-train"]);
  });

  it("gives the environment's blob mount its service account, read by the mount identity's name, and a volume and claim per container in the job namespace", () => {
    // given the object mount the environment makes for training/blob-mount
    const mount = { namespace: "training", serviceAccount: "blob-mount", storageAccountName: "acmedevdata", containers: [{ name: "datasets", readOnly: true }, { name: "checkpoints", readOnly: false }] };
    // when
    const { doc } = build({ objectMount: mount });
    // then the identity is read by the name AzureObjectMount gives it, in the stack's resource group
    const identities = Object.values(doc.data?.azurerm_user_assigned_identity ?? {}) as { name: string; resource_group_name: string }[];
    expect(identities).toContainEqual({ name: AzureObjectMount.identityName(DEV, "training", "blob-mount"), resource_group_name: "acme-dev-rg" });
    const account = resources(doc, "kubernetes_service_account_v1").find((a) => (a.metadata as { name: string }).name === "blob-mount") as { metadata: Record<string, any> };
    expect(account.metadata.annotations["azure.workload.identity/client-id"]).toBe("${data.azurerm_user_assigned_identity.object-mount-identity.client_id}");
    expect(account.metadata.namespace).toMatch(/^\$\{kubernetes_namespace_v1\.platform_namespace-training-.*\.metadata\[0\]\.name\}$/);
    const attributes = resources(doc, "kubernetes_persistent_volume_v1").map((v) => (v.spec as Record<string, any>[])[0].persistent_volume_source.csi.volume_attributes);
    expect(attributes).toContainEqual(expect.objectContaining({ storageaccount: "acmedevdata", containerName: "datasets", resourcegroup: "acme-dev-rg", mountWithWorkloadIdentityToken: "true" }));
    expect(resources(doc, "kubernetes_persistent_volume_claim_v1").map((c) => (c.metadata as { name: string }).name).sort()).toEqual(["blob-checkpoints", "blob-datasets"]);
  });

  it("mounts the environment's Lustre file system at the MGS address the environment state outputs, from its azurerm blob or its local state file", () => {
    // given a remote backend / when
    const remote = build({ lustre: { capacityTiB: 16 }, stateBackend: { resourceGroupName: "tfstate-rg", storageAccountName: "acmetfstate", containerName: "tfstate", key: "acme-dev.tfstate" } }).doc;
    // then it reads the environment's blob (not platform/…) and its lustre_mgs_address output
    expect(Object.values(remoteStates(remote))).toEqual([{ backend: "azurerm", config: { resource_group_name: "tfstate-rg", storage_account_name: "acmetfstate", container_name: "tfstate", key: "acme-dev.tfstate", use_azuread_auth: true, subscription_id: SUBSCRIPTION } }]);
    const csi = (only(remote, "kubernetes_persistent_volume_v1").spec as Record<string, any>[])[0].persistent_volume_source.csi;
    expect(csi.volume_attributes).toEqual({ "mgs-ip-address": "${data.terraform_remote_state.environment-state.outputs.lustre_mgs_address}" });
    expect(resources(remote, "helm_release").map((r) => r.name)).toContain("azurelustre-csi-driver");
    // a local backend: the environment stack's state file, beside this stack's working directory
    expect(Object.values(remoteStates(build({ lustre: { capacityTiB: 16 } }).doc))).toEqual([{ backend: "local", config: { path: "../acme-azure-dev/terraform.acme-azure-dev.tfstate" } }]);
    // an address given: no state read
    const given = build({ lustre: { capacityTiB: 16, mgsAddress: "10.61.5.4" } }).doc;
    expect(remoteStates(given)).toEqual({});
    expect((only(given, "kubernetes_persistent_volume_claim_v1").metadata as { name: string }).name).toBe("lustre");
  });

  it("serves an open model on a named pool and outputs its in-cluster URL", () => {
    const { doc } = build({ serving: { pool: "train", poolNodes: { min: 0, max: 1 }, huggingFace: "microsoft/Phi-4-mini-instruct" } });
    expect(only(doc, "kubernetes_deployment_v1").metadata).toMatchObject({ name: "phi-4-mini-instruct" });
    expect(doc.output?.["serving-url"].value).toBe("http://phi-4-mini-instruct.inference.svc.cluster.local");
  });

  it.each(["dev", "prod"] as const)("has no open guardrail finding on the %s defaults, serving included (the budget rule is suppressed with its reason)", (tier) => {
    // given a platform stack with a served model / when fully synthesized
    const stack = new AzurePlatformStack(Testing.app(), { ...PROPS, environment: { name: "acme", tier }, serving: { pool: "train", poolNodes: { min: 0, max: 1 }, huggingFace: "microsoft/Phi-4-mini-instruct" } });
    rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
    // then
    const open = stack.guardrails.results.filter((f) => f.status === "non-compliant").map((f) => `${f.ruleId} ${f.resource}: ${f.message}`);
    expect(open).toEqual([]);
    expect(stack.guardrails.results.filter((f) => f.status === "suppressed").map((f) => f.ruleId)).toEqual(["LLM-COST-1"]);
  });

  it("refuses serving on a pool it does not have", () => {
    expect(problemsOf(() => build({ serving: { pool: "gpu", poolNodes: { min: 0, max: 1 }, huggingFace: "microsoft/Phi-4-mini-instruct" } }))).toEqual([expect.stringMatching(/^serving\.pool: names no pool of the stack \(got "gpu"; pools: train\)/)]);
  });
});

describe("Azure platform stacks from environment stacks", () => {
  /** What an Azure environment stack offers (its cluster and pool are real constructs here). */
  function source(overrides: Partial<AzurePlatformSource> = {}): AzurePlatformSource & { node: { id: string }; spec: { cloud: string; training: unknown } } {
    let made: AzurePlatformSource | undefined;
    synthAzure((s) => {
      const aks = cluster(s);
      const gpuPool = new AzureGpuNodePool(s, "gpu-pool", { cluster: aks, name: "train", accelerator: "nvidia-a100", acceleratorsPerNode: 1 });
      made = { spec: { name: "acme", tier: "dev", azure: { subscriptionId: SUBSCRIPTION } }, training: aks, gpuPool };
    });
    const m = made as AzurePlatformSource;
    return { node: { id: "acme-azure-dev" }, ...m, ...overrides, spec: { ...m.spec, cloud: "azure", training: {}, ...(overrides.spec ?? {}) } };
  }

  it("takes cluster, resource group, pool scheduling and subscription from the environment stack", () => {
    const props = azurePlatformPropsOf(source());
    expect(props).toMatchObject({ environment: { name: "acme", tier: "dev" }, subscriptionId: SUBSCRIPTION, resourceGroupName: "acme-dev-rg", clusterName: "acme-dev-aks" });
    expect(typeof props === "object" && props.pools[0]).toMatchObject({ pool: "train", vmSize: "Standard_NC24ads_A100_v4", resources: { "nvidia.com/gpu": 1 } });
  });

  it("is added by llmops synth for an Azure environment with a training cluster, and warns for one that exposes no pool", () => {
    // given an Azure environment stack and one without a GPU pool
    const app = Testing.app();
    const warnings: string[] = [];
    const environments = [source(), { ...source(), node: { id: "acme-azure-staging" }, gpuPool: undefined }] as unknown as LlmOpsStack[];
    // when
    const stacks = addPlatformStacksWhereInstalled(app, environments, (m) => warnings.push(m));
    // then
    expect(stacks.map((s) => s.node.id)).toEqual(["acme-azure-platform-dev"]);
    expect(warnings).toEqual([expect.stringMatching(/^acme-azure-staging: no platform stack because it exposes no training cluster and GPU pool/)]);
    expect(addAzurePlatformStacks(Testing.app(), [source({ spec: { name: "acme", tier: "dev", azure: undefined } })] as unknown as LlmOpsStack[])).toEqual([]);
  });
});
