import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import { AzureLlmOpsStack } from "../../lib/stacks/azure-llmops-stack";
import { addAzurePlatformStacks } from "../../lib/stacks/azure-platform-stack";
import { only, resources, synthStack, type Synthesized } from "../helpers";
import { azureEnvSpec } from "./helpers";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const HPC_CACHE_RP = "22222222-2222-2222-2222-222222222222";
const A100 = { accelerator: "nvidia-a100", acceleratorsPerNode: 1 };

const spec = (overrides: Record<string, unknown> = {}, azure: Record<string, unknown> = {}) => azureEnvSpec(SUBSCRIPTION, { training: A100, ...overrides }, azure);

/** The environment stack of a spec and the platform stack made from it, in one app (as `llmops synth` makes them), both synthesized. */
function both(overrides: Record<string, unknown> = {}, azure: Record<string, unknown> = {}): { env: AzureLlmOpsStack; envDoc: Synthesized; doc: Synthesized } {
  const app = Testing.app();
  const env = new AzureLlmOpsStack(app, { spec: spec(overrides, azure) });
  const [platform] = addAzurePlatformStacks(app, [env]);
  return { env, doc: synthStack(platform), envDoc: synthStack(env) };
}

const aks = (doc: Synthesized) => only(doc, "azurerm_kubernetes_cluster") as Record<string, any>;

describe("Azure platform stack from an environment stack", () => {
  it("reads the cluster and identities by the spec's names: no reference into the environment's state, no output added to it", () => {
    const { doc, envDoc } = both();
    expect(doc.data?.terraform_remote_state).toBeUndefined();
    expect(Object.values(doc.data?.azurerm_kubernetes_cluster ?? {})).toEqual([expect.objectContaining({ name: "acme-dev-aks", resource_group_name: "acme-dev-rg" })]);
    expect(Object.keys(envDoc.output ?? {}).filter((k) => k.startsWith("cross-stack"))).toEqual([]);
  });

  it("exports DCGM_FI_DEV_GPU_UTIL where the environment's GPU alerts read it: managed Prometheus on the cluster, the exporter and its PodMonitor in the platform", () => {
    const { doc, envDoc } = both();
    // the environment: the metrics add-on (which installs the azmonitoring CRDs) and rules on the DCGM series
    expect(aks(envDoc).monitor_metrics).toBeDefined();
    const rules = JSON.stringify(resources(envDoc, "azurerm_monitor_alert_prometheus_rule_group"));
    expect(rules).toContain("DCGM_FI_DEV_GPU_UTIL");
    // the platform: an exporter on the training pool and the PodMonitor
    expect(resources(doc, "helm_release").map((r) => r.name)).toContain("dcgm-exporter-train");
    expect((only(doc, "kubernetes_manifest").manifest as { apiVersion: string }).apiVersion).toBe("azmonitoring.coreos.com/v1");
  });

  it("with object-mount: the cluster has the Blob CSI driver, and the platform makes the service account the environment's credential trusts, annotated from the mount identity, and the claims", () => {
    const { doc, envDoc } = both({ sharedStorage: { kind: "object-mount" } });
    // the environment: Blob CSI on, a federated credential for training/blob-mount on the mount identity
    expect(aks(envDoc).storage_profile).toMatchObject({ blob_driver_enabled: true });
    expect(resources(envDoc, "azurerm_federated_identity_credential").map((c) => c.subject)).toContain("system:serviceaccount:training:blob-mount");
    const mountIdentity = resources(envDoc, "azurerm_user_assigned_identity").find((i) => (i.name as string).endsWith("-blob")) as { name: string };
    // the platform: reads that identity by its name and annotates training/blob-mount with its client id
    const read = Object.entries(doc.data?.azurerm_user_assigned_identity ?? {}).find(([, v]) => (v as { name: string }).name === mountIdentity.name);
    expect(read?.[1]).toMatchObject({ resource_group_name: "acme-dev-rg" });
    const account = resources(doc, "kubernetes_service_account_v1").find((a) => (a.metadata as { name: string }).name === "blob-mount") as { metadata: { annotations: Record<string, string> } };
    expect(account.metadata.annotations["azure.workload.identity/client-id"]).toBe(`\${data.azurerm_user_assigned_identity.${read?.[0]}.client_id}`);
    // one volume per container the environment granted, on its account, read-only where its role is Reader
    const accountName = (resources(envDoc, "azurerm_storage_account") as { name: string }[]).map((a) => a.name).find((n) => !n.endsWith("mlw")) as string;
    const volumes = resources(doc, "kubernetes_persistent_volume_v1").map((v) => (v.spec as Record<string, any>[])[0]);
    expect(volumes.map((v) => [v.persistent_volume_source.csi.volume_attributes.containerName, v.persistent_volume_source.csi.volume_attributes.storageaccount, v.access_modes[0]]).sort()).toEqual([
      ["checkpoints", accountName, "ReadWriteMany"],
      ["datasets", accountName, "ReadOnlyMany"],
    ]);
    expect(doc.data?.terraform_remote_state).toBeUndefined();
  });

  it("with lustre: the platform installs the Lustre CSI driver and mounts the file system the environment outputs as lustre_mgs_address, sized to it", () => {
    const { doc, envDoc } = both({ sharedStorage: { kind: "lustre", throughputMBpsPerTiB: 250, capacityGiB: 16384 } }, { lustreResourceProviderObjectId: HPC_CACHE_RP });
    expect(envDoc.output?.lustre_mgs_address?.value).toMatch(/^\$\{azurerm_managed_lustre_file_system\..*\.mgs_address\}$/);
    expect(Object.values(doc.data?.terraform_remote_state ?? {})).toEqual([expect.objectContaining({ backend: "local", config: { path: "../acme-azure-dev/terraform.acme-azure-dev.tfstate" } })]);
    const volume = (only(doc, "kubernetes_persistent_volume_v1").spec as Record<string, any>[])[0];
    expect(volume.capacity).toEqual({ storage: "16Ti" });
    expect(volume.persistent_volume_source.csi.volume_attributes["mgs-ip-address"]).toBe("${data.terraform_remote_state.environment-state.outputs.lustre_mgs_address}");
    expect(resources(doc, "helm_release").map((r) => r.name)).toContain("azurelustre-csi-driver");
    // the environment's free-space alert selects the claim the platform makes, at monitoring.storageFreePercent (10 by default)
    const claim = only(doc, "kubernetes_persistent_volume_claim_v1") as { metadata: { name: string; namespace: string } };
    const rules = resources(envDoc, "azurerm_monitor_alert_prometheus_rule_group").flatMap((g) => g.rule as { alert: string; expression: string }[]);
    const free = rules.find((r) => r.alert === "VolumeLowFreeSpace");
    expect(claim.metadata.name).toBe("lustre");
    expect(free?.expression).toContain(`persistentvolumeclaim="${claim.metadata.name}"`);
    expect(free?.expression).toContain('namespace="training"');
    expect(free?.expression).toMatch(/< 10$/);
  });

  it("serves a KAITO-preset model on an on-demand pool through KAITO with the AI toolchain operator on; on a Spot pool through vLLM with it off", () => {
    // given a pool that keeps a node up, on-demand / when
    const inference = { ...A100, model: { huggingFace: "microsoft/Phi-4-mini-instruct" }, replicas: { min: 1, max: 1 } };
    const onDemand = both({ training: { ...A100, nodes: { min: 1, max: 2 }, capacity: "on-demand" }, inference });
    // then the cluster runs the add-on that serves the Workspace the platform emits
    expect(aks(onDemand.envDoc).ai_toolchain_operator_enabled).toBe(true);
    expect(resources(onDemand.doc, "kubernetes_manifest").map((m) => (m.manifest as { kind: string }).kind).sort()).toEqual(["PodMonitor", "Workspace"]);
    // given the same on Spot / then vLLM, and no add-on
    const spot = both({ training: { ...A100, nodes: { min: 1, max: 2 }, capacity: "spot" }, inference });
    expect(aks(spot.envDoc).ai_toolchain_operator_enabled).toBe(false);
    expect(resources(spot.doc, "kubernetes_manifest").map((m) => (m.manifest as { kind: string }).kind)).toEqual(["PodMonitor"]);
    expect(resources(spot.doc, "kubernetes_deployment_v1")).toHaveLength(1);
  });
});
