import { describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "../../lib/cdk";
import { AZURE_DEVICE_PLUGIN_CHART, AzureAcceleratorPlatform, type AzureAcceleratorPlatformProps } from "../../lib/constructs/azure/accelerator-platform";
import { azureGpuScheduling } from "../../lib/constructs/azure/gpu-scheduling";
import { DEV, problemsOf, resources, synthStack, type Synthesized } from "../helpers";

const SPOT_POOL = azureGpuScheduling({ pool: "train", accelerator: "nvidia-a100", vmSize: "Standard_NC24ads_A100_v4", gpusPerNode: 1, gpuMemoryGiB: 80, spot: true });
const REGULAR_POOL = azureGpuScheduling({ pool: "serve", accelerator: "nvidia-h100", vmSize: "Standard_ND96isr_H100_v5", gpusPerNode: 8, gpuMemoryGiB: 80, spot: false });
const CLIENT_ID = "11111111-2222-3333-4444-555555555555";

function synthPlatform(overrides: Partial<AzureAcceleratorPlatformProps> = {}): Synthesized {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AzureAcceleratorPlatform(stack, "platform", { environment: DEV, pools: [SPOT_POOL], ...overrides });
  return synthStack(stack);
}

const releaseValues = (doc: Synthesized, name: string) => {
  const found = resources(doc, "helm_release").find((r) => r.name === name);
  if (!found) throw new Error(`no release ${name}`);
  return { release: found, values: JSON.parse((found.values as string[])[0]) as Record<string, unknown> };
};

describe("AzureAcceleratorPlatform", () => {
  it("installs the pinned NVIDIA device plugin chart once per GPU pool, in kube-system", () => {
    // given two pools / when
    const doc = synthPlatform({ pools: [SPOT_POOL, REGULAR_POOL] });
    // then
    const releases = resources(doc, "helm_release");
    expect(releases.map((r) => r.name).sort()).toEqual(["nvidia-device-plugin-serve", "nvidia-device-plugin-train"]);
    for (const r of releases) {
      expect(r).toMatchObject({ repository: "https://nvidia.github.io/k8s-device-plugin", chart: "nvidia-device-plugin", version: AZURE_DEVICE_PLUGIN_CHART.version, namespace: "kube-system" });
      expect(r.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it("runs the device plugin only on the pool's nodes, tolerating the GPU and Spot taints, without node-feature-discovery", () => {
    const { values } = releaseValues(synthPlatform(), "nvidia-device-plugin-train");
    expect(values.nodeSelector).toEqual({ "llmops/pool": "train" });
    expect(values.affinity).toBeNull();
    expect(values.gfd).toEqual({ enabled: false });
    expect(values.tolerations).toEqual(
      expect.arrayContaining([
        { key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" },
        { key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" },
      ]),
    );
  });

  it("tolerates only the GPU taint on a regular pool", () => {
    const { values } = releaseValues(synthPlatform({ pools: [REGULAR_POOL] }), "nvidia-device-plugin-serve");
    expect((values.tolerations as { key: string }[]).map((t) => t.key)).toEqual(["nvidia.com/gpu", "CriticalAddonsOnly"]);
  });

  it("creates the jobs' namespace and service accounts annotated with their managed identity's client id", () => {
    // given a namespace with a workload-identity service account / when
    const doc = synthPlatform({ jobNamespaces: [{ namespace: "training", serviceAccounts: [{ name: "training-job", clientId: CLIENT_ID }] }] });
    // then
    expect(resources(doc, "kubernetes_namespace_v1").map((n) => (n.metadata as { name: string }).name)).toEqual(["training"]);
    const [account] = resources(doc, "kubernetes_service_account_v1");
    expect(account.metadata).toMatchObject({ name: "training-job", annotations: { "azure.workload.identity/client-id": CLIENT_ID } });
    expect((account.metadata as { namespace: string }).namespace).toMatch(/kubernetes_namespace_v1\..*\.metadata\[0\]\.name/);
  });

  it("takes the same defaults in every tier: the pinned chart and no job namespaces", () => {
    expect(AzureAcceleratorPlatform.defaults("dev")).toEqual({ devicePluginVersion: AZURE_DEVICE_PLUGIN_CHART.version, jobNamespaces: [] });
    expect(AzureAcceleratorPlatform.defaults("prod")).toEqual(AzureAcceleratorPlatform.defaults("dev"));
  });

  it("rejects a chart version range, a pool listed twice, a bad namespace and a client id that is not a GUID", () => {
    expect(
      problemsOf(() =>
        synthPlatform({ devicePluginVersion: "^0.20", pools: [SPOT_POOL, SPOT_POOL], jobNamespaces: [{ namespace: "Training", serviceAccounts: [{ name: "training-job", clientId: "not-a-guid" }] }] }),
      ),
    ).toEqual([
      expect.stringMatching(/^devicePluginVersion: must be an exact chart version/),
      expect.stringMatching(/^pools\.1\.pool: names a pool listed twice/),
      expect.stringMatching(/^jobNamespaces\.0\.namespace: takes a Kubernetes namespace/),
      expect.stringMatching(/^jobNamespaces\.0\.serviceAccounts\.0\.clientId: takes the managed identity's client id, a GUID \(got "not-a-guid"\)/),
    ]);
  });
});
