import { describe, expect, it } from "vitest";
import { TerraformStack, Testing, type Construct } from "../../lib/cdk";
import { AzureBlobVolumes, BLOB_CSI_DRIVER, type AzureBlobVolumesProps } from "../../lib/constructs/azure/blob-volumes";
import { AZURE_MONITOR_CRD_API_VERSION, AzureGpuMetrics, DCGM_EXPORTER_CHART } from "../../lib/constructs/azure/gpu-metrics";
import { azureGpuScheduling } from "../../lib/constructs/azure/gpu-scheduling";
import { AZURE_LUSTRE_CSI_CHART, AzureLustreVolume, type AzureLustreVolumeProps } from "../../lib/constructs/azure/lustre-volume";
import { DEV, only, problemsOf, resources, synthStack, type Synthesized } from "../helpers";

const SPOT_POOL = azureGpuScheduling({ pool: "train", accelerator: "nvidia-a100", vmSize: "Standard_NC24ads_A100_v4", gpusPerNode: 1, gpuMemoryGiB: 80, spot: true });
const REGULAR_POOL = azureGpuScheduling({ pool: "serve", accelerator: "nvidia-h100", vmSize: "Standard_ND96isr_H100_v5", gpusPerNode: 8, gpuMemoryGiB: 80, spot: false });
const CLIENT_ID = "11111111-2222-3333-4444-555555555555";

function synth(build: (s: Construct) => void): Synthesized {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return synthStack(stack);
}

const valuesOf = (release: Record<string, unknown>) => JSON.parse((release.values as string[])[0]) as Record<string, unknown>;

describe("AzureGpuMetrics", () => {
  it("runs the pinned DCGM exporter on each GPU pool's nodes only, tolerating its taints, with the chart's monitoring.coreos.com ServiceMonitor off", () => {
    // given two pools / when
    const doc = synth((s) => new AzureGpuMetrics(s, "metrics", { environment: DEV, pools: [SPOT_POOL, REGULAR_POOL] }));
    // then one release per pool, in kube-system, at the chart version the NVIDIA index lists
    const releases = resources(doc, "helm_release");
    expect(releases.map((r) => r.name).sort()).toEqual(["dcgm-exporter-serve", "dcgm-exporter-train"]);
    for (const r of releases) expect(r).toMatchObject({ repository: "https://nvidia.github.io/dcgm-exporter/helm-charts", chart: "dcgm-exporter", version: "4.8.2", namespace: "kube-system" });
    expect(DCGM_EXPORTER_CHART.version).toBe("4.8.2");
    const spot = valuesOf(releases.find((r) => r.name === "dcgm-exporter-train") as Record<string, unknown>);
    expect(spot.nodeSelector).toEqual({ "llmops/pool": "train" });
    expect(spot.tolerations).toEqual([
      { key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" },
      { key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" },
    ]);
    expect(spot.serviceMonitor).toEqual({ enabled: false });
    expect(valuesOf(releases.find((r) => r.name === "dcgm-exporter-serve") as Record<string, unknown>).tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }]);
  });

  it("has managed Prometheus scrape the exporters through a PodMonitor of the azmonitoring.coreos.com group, with Azure's label limits, after the releases", () => {
    const doc = synth((s) => new AzureGpuMetrics(s, "metrics", { environment: DEV, pools: [SPOT_POOL] }));
    const monitor = only(doc, "kubernetes_manifest");
    expect(AZURE_MONITOR_CRD_API_VERSION).toBe("azmonitoring.coreos.com/v1");
    expect(monitor.manifest).toMatchObject({
      apiVersion: "azmonitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: "dcgm-exporter", namespace: "kube-system" },
      spec: {
        labelLimit: 63,
        labelNameLengthLimit: 511,
        labelValueLengthLimit: 1023,
        selector: { matchLabels: { "app.kubernetes.io/name": "dcgm-exporter" } },
        namespaceSelector: { matchNames: ["kube-system"] },
        podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }],
      },
    });
    expect(monitor.depends_on).toEqual([expect.stringMatching(/^helm_release\.metrics_dcgm-exporter-train_/)]);
  });

  it("refuses a chart range and a scrape interval Prometheus does not read", () => {
    expect(problemsOf(() => new AzureGpuMetrics(new TerraformStack(Testing.app(), "t"), "m", { environment: DEV, pools: [SPOT_POOL], chartVersion: "^4.8", scrapeInterval: "30" }))).toEqual([
      expect.stringMatching(/^chartVersion: must be an exact chart version like 4\.8\.2 \(got "\^4\.8"\)/),
      expect.stringMatching(/^scrapeInterval: takes a Prometheus duration in seconds or minutes such as "30s" \(got "30"\)/),
    ]);
  });
});

describe("AzureBlobVolumes", () => {
  const PROPS: AzureBlobVolumesProps = {
    environment: DEV,
    namespace: "training",
    serviceAccount: "blob-mount",
    clientId: CLIENT_ID,
    storageAccountName: "acmedevdata",
    storageResourceGroupName: "acme-dev-rg",
    containers: [{ name: "datasets" }, { name: "checkpoints", readOnly: false }],
  };

  it("annotates the service account the environment federated with the mount identity's client id", () => {
    const doc = synth((s) => new AzureBlobVolumes(s, "blob", PROPS));
    expect(only(doc, "kubernetes_service_account_v1").metadata).toEqual({ name: "blob-mount", namespace: "training", annotations: { "azure.workload.identity/client-id": CLIENT_ID } });
  });

  it("makes a Retain Blob CSI volume per container in the token-only workload identity mode, read-only by default, and a claim bound to it by name", () => {
    // given datasets (default read-only) and checkpoints (read-write) / when
    const doc = synth((s) => new AzureBlobVolumes(s, "blob", PROPS));
    // then
    const volumes = resources(doc, "kubernetes_persistent_volume_v1");
    const spec = (name: string) => (volumes.find((v) => (v.metadata as { name: string }).name === name)?.spec as Record<string, unknown>[])[0] as Record<string, any>;
    const datasets = spec("training-blob-datasets");
    expect(datasets).toMatchObject({ access_modes: ["ReadOnlyMany"], persistent_volume_reclaim_policy: "Retain", storage_class_name: "llmops-static" });
    expect(datasets.persistent_volume_source.csi).toEqual({
      driver: BLOB_CSI_DRIVER,
      volume_handle: "acmedevdata_datasets_training",
      read_only: true,
      volume_attributes: { storageaccount: "acmedevdata", containerName: "datasets", clientID: CLIENT_ID, resourcegroup: "acme-dev-rg", mountWithWorkloadIdentityToken: "true" },
    });
    expect(spec("training-blob-checkpoints")).toMatchObject({ access_modes: ["ReadWriteMany"], persistent_volume_source: { csi: { read_only: false } } });
    const claims = resources(doc, "kubernetes_persistent_volume_claim_v1");
    expect(claims.map((c) => (c.metadata as { name: string }).name).sort()).toEqual(["blob-checkpoints", "blob-datasets"]);
    const claim = claims.find((c) => (c.metadata as { name: string }).name === "blob-datasets") as Record<string, any>;
    expect(claim.spec).toMatchObject({ access_modes: ["ReadOnlyMany"], storage_class_name: "llmops-static", volume_name: expect.stringMatching(/^\$\{kubernetes_persistent_volume_v1\..*datasets.*\.metadata\[0\]\.name\}$/) });
    expect(claim.metadata.namespace).toBe("training");
  });

  it("refuses no container, a container listed twice, and names Kubernetes or Azure reject", () => {
    const s = () => new TerraformStack(Testing.app(), "t");
    expect(problemsOf(() => new AzureBlobVolumes(s(), "b", { ...PROPS, containers: [] }))).toEqual([expect.stringMatching(/^containers: lists no container/)]);
    expect(problemsOf(() => new AzureBlobVolumes(s(), "b", { ...PROPS, namespace: "Training", containers: [{ name: "datasets" }, { name: "datasets" }] }))).toEqual([
      expect.stringMatching(/^namespace: takes a Kubernetes namespace/),
      expect.stringMatching(/^containers\.1\.name: repeats "datasets"/),
    ]);
    expect(problemsOf(() => new AzureBlobVolumes(s(), "b", { ...PROPS, containers: [{ name: "Data_Sets" }] }))).toEqual([expect.stringMatching(/^containers\.0\.name: /)]);
  });
});

describe("AzureLustreVolume", () => {
  const PROPS: AzureLustreVolumeProps = { environment: DEV, mgsAddress: "10.61.5.4", capacityTiB: 16, namespace: "training", pools: [SPOT_POOL] };

  it("installs the released Azure Lustre CSI chart from MCR in kube-system, its node plugin tolerating the pools' taints and its controller the system pool's", () => {
    const doc = synth((s) => new AzureLustreVolume(s, "lustre", { ...PROPS, pools: [SPOT_POOL, azureGpuScheduling({ ...SPOT_POOL, pool: "other", accelerator: "nvidia-a100", spot: false })] }));
    const release = only(doc, "helm_release");
    expect(release).toMatchObject({ name: "azurelustre-csi-driver", namespace: "kube-system", repository: "oci://mcr.microsoft.com/microsoft.azuremanagedlustre", chart: "azurelustre-csi-driver", version: "0.6.0" });
    expect(AZURE_LUSTRE_CSI_CHART.version).toBe("0.6.0");
    const values = valuesOf(release) as { node: { tolerations: unknown[] }; controller: { tolerations: unknown[] } };
    // the chart's own node tolerations kept (spot, sku=gpu, nvidia.com/gpu Exists): they already cover both pools' taints
    expect(values.node.tolerations).toEqual([
      { key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" },
      { key: "sku", operator: "Equal", value: "gpu", effect: "NoSchedule" },
      { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
    ]);
    expect(values.controller.tolerations).toContainEqual({ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" });
    expect(values.controller.tolerations).toContainEqual({ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" });
  });

  it("adds a toleration for a pool taint the chart's set does not cover", () => {
    const tainted = { ...SPOT_POOL, taints: [...SPOT_POOL.taints, { key: "team", value: "ml", effect: "NoSchedule" as const }] };
    const values = valuesOf(only(synth((s) => new AzureLustreVolume(s, "lustre", { ...PROPS, pools: [tainted] })), "helm_release")) as { node: { tolerations: unknown[] } };
    expect(values.node.tolerations).toHaveLength(4);
    expect(values.node.tolerations).toContainEqual({ key: "team", operator: "Equal", value: "ml", effect: "NoSchedule" });
  });

  it("makes a static volume on the MGS address, sized to the file system, and a ReadWriteMany claim bound to it, after the driver", () => {
    const doc = synth((s) => new AzureLustreVolume(s, "lustre", PROPS));
    const volume = only(doc, "kubernetes_persistent_volume_v1") as Record<string, any>;
    expect(volume.metadata.name).toBe("training-lustre");
    expect(volume.spec[0]).toEqual({
      access_modes: ["ReadWriteMany"],
      capacity: { storage: "16Ti" },
      persistent_volume_reclaim_policy: "Retain",
      storage_class_name: "llmops-static",
      mount_options: ["noatime", "flock"],
      persistent_volume_source: { csi: { driver: "azurelustre.csi.azure.com", volume_handle: "training-lustre", volume_attributes: { "mgs-ip-address": "10.61.5.4" } } },
    });
    expect(volume.depends_on).toEqual([expect.stringMatching(/^helm_release\.lustre_csi-driver_/)]);
    const claim = only(doc, "kubernetes_persistent_volume_claim_v1") as Record<string, any>;
    expect(claim.metadata).toEqual({ name: "lustre", namespace: "training" });
    expect(claim.spec).toMatchObject({ access_modes: ["ReadWriteMany"], storage_class_name: "llmops-static", resources: { requests: { storage: "16Ti" } } });
  });

  it("refuses a fractional capacity and a chart range", () => {
    expect(problemsOf(() => new AzureLustreVolume(new TerraformStack(Testing.app(), "t"), "l", { ...PROPS, capacityTiB: 1.5, chartVersion: "latest" }))).toEqual([
      expect.stringMatching(/^capacityTiB: takes the file system's capacity in whole TiB \(got 1\.5\)/),
      expect.stringMatching(/^chartVersion: must be an exact released chart version like 0\.6\.0/),
    ]);
  });
});
