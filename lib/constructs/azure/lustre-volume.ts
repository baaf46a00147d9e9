import { Release } from "@cdktf/provider-helm/lib/release";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { PersistentVolumeV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-v1";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks } from "../private/checks";
import { azureTolerationsFor, type AzureGpuPoolScheduling } from "./gpu-scheduling";
import { STATIC_STORAGE_CLASS } from "./blob-volumes";
import { AZURE_LUSTRE_CLAIM } from "./private/facts";

/**
 * The Azure Lustre CSI driver's released Helm chart (kubernetes-sigs/azurelustre-csi-driver
 * `charts/README.md`, "Released chart versions": 0.6.0, driver image family v0.6.0): an OCI
 * artifact in MCR. AKS has no managed Lustre CSI driver.
 */
export const AZURE_LUSTRE_CSI_CHART = { repository: "oci://mcr.microsoft.com/microsoft.azuremanagedlustre", chart: "azurelustre-csi-driver", version: "0.6.0" } as const;

/** The CSI driver name the chart registers. */
export const AZURE_LUSTRE_CSI_DRIVER = "azurelustre.csi.azure.com";

/** The node plugin's tolerations in the chart's values (spot, `sku=gpu`, `nvidia.com/gpu`): setting `node.tolerations` replaces them, so they are kept. */
const CHART_NODE_TOLERATIONS = [
  { key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" },
  { key: "sku", operator: "Equal", value: "gpu", effect: "NoSchedule" },
  { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
] as const;

/** The controller's tolerations in the chart's values (control-plane taints), which `controller.tolerations` replaces. */
const CHART_CONTROLLER_TOLERATIONS = ["master", "controlplane", "control-plane"].map((r) => ({ key: `node-role.kubernetes.io/${r}`, operator: "Exists", effect: "NoSchedule" }));

/** Props of {@link AzureLustreVolume}. */
export interface AzureLustreVolumeProps {
  /** The environment. */
  readonly environment: EnvironmentIdentity;
  /** The file system's MGS address (`AzureLustreFileSystem.mgsAddress`, the environment's output `lustre_mgs_address`). */
  readonly mgsAddress: string;
  /** The file system's capacity, TiB: the volume's size. */
  readonly capacityTiB: number;
  /** The namespace of the claim (it must exist; the platform makes `training`). */
  readonly namespace: string;
  /** The GPU pools whose pods mount it: the driver's node plugin tolerates their taints. */
  readonly pools: readonly AzureGpuPoolScheduling[];
  /** Name of the claim (the environment's free-space alert selects `training/lustre`). @default "lustre" */
  readonly claimName?: string;
  /** Version of the Azure Lustre CSI driver chart. @default - AZURE_LUSTRE_CSI_CHART.version */
  readonly chartVersion?: string;
}

type Settings = Pick<AzureLustreVolumeProps, "capacityTiB" | "namespace" | "claimName" | "chartVersion">;

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * An Azure Managed Lustre file system as a Kubernetes volume: the Azure Lustre CSI driver
 * (pinned chart, in `kube-system`: its node plugin loads the Lustre client on each node,
 * tolerating the GPU pools' taints; its controller, needed for dynamic provisioning only,
 * tolerates `CriticalAddonsOnly` so it runs on the system pool, the only untainted place
 * in a cluster whose system pool is critical-addons-only), a static PersistentVolume on
 * the file system's MGS address (`mgs-ip-address`, mount options `noatime` and `flock`,
 * `Retain`: deleting it never touches the data) and a ReadWriteMany claim bound to it by
 * name, the driver's static-provisioning form.
 */
export class AzureLustreVolume extends Construct {
  public readonly release: Release;
  public readonly volume: PersistentVolumeV1;
  public readonly claim: PersistentVolumeClaimV1;
  public readonly claimName: string;
  public readonly chartVersion: string;

  /** What the volume uses for each prop left unset (the same in every tier). */
  public static defaults(_tier: Tier): { readonly claimName: string; readonly chartVersion: string } {
    return { claimName: AZURE_LUSTRE_CLAIM.name, chartVersion: AZURE_LUSTRE_CSI_CHART.version };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    return new Checks()
      .check("capacityTiB", settings.capacityTiB, (c) => (Number.isInteger(c) && c > 0 ? undefined : `takes the file system's capacity in whole TiB (got ${show(c)})`))
      .check("namespace", settings.namespace, (n) => (K8S_NAME.test(n) ? undefined : `takes a Kubernetes namespace: lowercase letters, digits and hyphens, at most 63 (got ${show(n)})`))
      .check("claimName", settings.claimName, (n) => (K8S_NAME.test(n) ? undefined : `takes a claim name: lowercase letters, digits and hyphens, at most 63 (got ${show(n)})`))
      .check("chartVersion", settings.chartVersion, (v) => (/^\d+\.\d+\.\d+$/.test(v) ? undefined : `must be an exact released chart version like ${AZURE_LUSTRE_CSI_CHART.version} (got ${show(v.slice(0, 40))})`)).problems;
  }

  constructor(scope: Construct, id: string, props: AzureLustreVolumeProps) {
    super(scope, id);
    markComponent(this, "shared-storage");
    const d = AzureLustreVolume.defaults(props.environment.tier);
    this.claimName = props.claimName ?? d.claimName;
    this.chartVersion = props.chartVersion ?? d.chartVersion;
    const problems = new ProblemCollector();
    problems.addAll(AzureLustreVolume.validate({ capacityTiB: props.capacityTiB, namespace: props.namespace, claimName: this.claimName, chartVersion: this.chartVersion }));
    problems.throwIfAny(`AzureLustreVolume ${this.node.path}`);

    this.release = new Release(this, "csi-driver", {
      name: "azurelustre-csi-driver",
      namespace: "kube-system",
      repository: AZURE_LUSTRE_CSI_CHART.repository,
      chart: AZURE_LUSTRE_CSI_CHART.chart,
      version: this.chartVersion,
      values: [JSON.stringify(azureLustreCsiValues(props.pools), null, 2)],
      cleanupOnFail: true,
      timeout: 600,
    });
    const size = `${props.capacityTiB}Ti`;
    const name = `${props.namespace}-${this.claimName}`;
    this.volume = new PersistentVolumeV1(this, "volume", {
      metadata: { name, labels: { "app.kubernetes.io/managed-by": "llmops-constructs" } },
      spec: [
        {
          accessModes: ["ReadWriteMany"],
          capacity: { storage: size },
          persistentVolumeReclaimPolicy: "Retain",
          storageClassName: STATIC_STORAGE_CLASS,
          mountOptions: ["noatime", "flock"],
          persistentVolumeSource: { csi: { driver: AZURE_LUSTRE_CSI_DRIVER, volumeHandle: name, volumeAttributes: { "mgs-ip-address": props.mgsAddress } } },
        },
      ],
      dependsOn: [this.release],
    });
    this.claim = new PersistentVolumeClaimV1(this, "claim", {
      metadata: { name: this.claimName, namespace: props.namespace },
      spec: { accessModes: ["ReadWriteMany"], storageClassName: STATIC_STORAGE_CLASS, volumeName: this.volume.metadata.name, resources: { requests: { storage: size } } },
    });
  }
}

/** Values of the Azure Lustre CSI chart: the node plugin also tolerates the pools' taints, the controller the system pool's `CriticalAddonsOnly`. */
export function azureLustreCsiValues(pools: readonly AzureGpuPoolScheduling[]): Record<string, unknown> {
  const node: { key: string; operator: string; value?: string; effect: string }[] = [...CHART_NODE_TOLERATIONS];
  for (const t of pools.flatMap(azureTolerationsFor)) {
    if (!node.some((n) => n.key === t.key && (n.operator === "Exists" || n.value === t.value))) node.push(t);
  }
  return {
    controller: { tolerations: [...CHART_CONTROLLER_TOLERATIONS, { key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }] },
    node: { tolerations: node },
  };
}
