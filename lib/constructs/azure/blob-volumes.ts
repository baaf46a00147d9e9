import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { PersistentVolumeV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { checkName } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks } from "../private/checks";
import { stableId } from "../private/stable-id";

/** The managed Blob CSI driver of AKS (`storage_profile.blob_driver_enabled`). */
export const BLOB_CSI_DRIVER = "blob.csi.azure.com";

/** The storage class name static volumes and their claims share: it names no StorageClass, so nothing is provisioned and the claim binds to its volume only. */
export const STATIC_STORAGE_CLASS = "llmops-static";

/** A blob container to mount. */
export interface AzureBlobVolumeContainer {
  /** The container's name in the account. */
  readonly name: string;
  /** Mount it read-only (the identity holds Storage Blob Data Reader on it). @default true */
  readonly readOnly?: boolean;
}

/** Props of {@link AzureBlobVolumes}. */
export interface AzureBlobVolumesProps {
  /** The environment. */
  readonly environment: EnvironmentIdentity;
  /** The namespace of the service account and the claims (it must exist; the platform makes `training`). */
  readonly namespace: string;
  /** The service account pods mounting the containers run as; its federated credential and blob roles are the environment's (`AzureObjectMount`). */
  readonly serviceAccount: string;
  /** Client id of the mount's managed identity (`AzureObjectMount.identity.clientId`, or read by `AzureObjectMount.identityName`). */
  readonly clientId: string;
  /** The storage account holding the containers. */
  readonly storageAccountName: string;
  /** Its resource group (the driver looks the account up there: it is not the node resource group). */
  readonly storageResourceGroupName: string;
  /** The containers, one PersistentVolume and claim each. */
  readonly containers: readonly AzureBlobVolumeContainer[];
}

type Settings = Pick<AzureBlobVolumesProps, "namespace" | "serviceAccount" | "containers">;

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Blob containers as Kubernetes volumes, mounted through AKS's managed Blob CSI driver
 * (BlobFuse2) with workload identity and no account key: the service account annotated
 * with the mount identity's client id, and per container a static PersistentVolume
 * (`blob.csi.azure.com`, `volumeAttributes` of the blob-csi-driver workload identity
 * guide with `mountWithWorkloadIdentityToken: "true"`, the token-only mode that works
 * with shared keys off) and a claim bound to it by name, both `Retain`: deleting them
 * never touches the data. Claims are named `blob-<container>`; only pods running as the
 * service account can mount them (the driver requests the pod's token). The identity,
 * its federated credential and its roles come from the environment ({@link AzureObjectMount}).
 */
export class AzureBlobVolumes extends Construct {
  public readonly serviceAccount: ServiceAccountV1;
  /** Claims by container name. */
  public readonly claims: Readonly<Record<string, PersistentVolumeClaimV1>>;
  /** Volumes by container name. */
  public readonly volumes: Readonly<Record<string, PersistentVolumeV1>>;

  /** What the volumes use for each prop left unset (the same in every tier). */
  public static defaults(_tier: Tier): { readonly readOnly: boolean } {
    return { readOnly: true };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .check("namespace", settings.namespace, (n) => (K8S_NAME.test(n) ? undefined : `takes a Kubernetes namespace: lowercase letters, digits and hyphens, at most 63 (got ${show(n)})`))
      .check("serviceAccount", settings.serviceAccount, (n) => (K8S_NAME.test(n) ? undefined : `takes a Kubernetes service account name: lowercase letters, digits and hyphens, at most 63 (got ${show(n)})`));
    if (settings.containers !== undefined && settings.containers.length === 0) checks.add("containers", settings.containers, "lists no container: give at least one to mount");
    const seen = new Set<string>();
    (settings.containers ?? []).forEach((c, i) => {
      checks.check(`containers.${i}.name`, c.name, (n) => checkName("azure-storage-container", n)[0]);
      if (seen.has(c.name)) checks.add(`containers.${i}.name`, c.name, `repeats ${show(c.name)}: list each container once, it names one volume and claim`);
      seen.add(c.name);
    });
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureBlobVolumesProps) {
    super(scope, id);
    markComponent(this, "shared-storage");
    const d = AzureBlobVolumes.defaults(props.environment.tier);
    const problems = new ProblemCollector();
    problems.addAll(AzureBlobVolumes.validate(props));
    problems.throwIfAny(`AzureBlobVolumes ${this.node.path}`);

    this.serviceAccount = new ServiceAccountV1(this, "service-account", {
      metadata: { name: props.serviceAccount, namespace: props.namespace, annotations: { "azure.workload.identity/client-id": props.clientId } },
    });
    const claims: Record<string, PersistentVolumeClaimV1> = {};
    const volumes: Record<string, PersistentVolumeV1> = {};
    for (const c of props.containers) {
      const readOnly = c.readOnly ?? d.readOnly;
      const accessModes = [readOnly ? "ReadOnlyMany" : "ReadWriteMany"];
      // Cluster-scoped, so the name carries the namespace; the handle is unique per container in the cluster (no "#" or "/").
      const name = `${props.namespace}-blob-${c.name}`;
      const key = stableId("container", c.name, c.name);
      // Blob storage has no size: the capacity is nominal, the claim asks for no more than it.
      volumes[c.name] = new PersistentVolumeV1(this, `${key}-volume`, {
        metadata: { name, labels: { "app.kubernetes.io/managed-by": "llmops-constructs" } },
        spec: [
          {
            accessModes,
            capacity: { storage: "1Ti" },
            persistentVolumeReclaimPolicy: "Retain",
            storageClassName: STATIC_STORAGE_CLASS,
            persistentVolumeSource: {
              csi: {
                driver: BLOB_CSI_DRIVER,
                volumeHandle: `${props.storageAccountName}_${c.name}_${props.namespace}`,
                readOnly,
                volumeAttributes: {
                  storageaccount: props.storageAccountName,
                  containerName: c.name,
                  clientID: props.clientId,
                  resourcegroup: props.storageResourceGroupName,
                  mountWithWorkloadIdentityToken: "true",
                },
              },
            },
          },
        ],
      });
      claims[c.name] = new PersistentVolumeClaimV1(this, `${key}-claim`, {
        metadata: { name: `blob-${c.name}`, namespace: props.namespace },
        spec: { accessModes, storageClassName: STATIC_STORAGE_CLASS, volumeName: volumes[c.name].metadata.name, resources: { requests: { storage: "1Ti" } } },
      });
    }
    this.claims = claims;
    this.volumes = volumes;
  }
}
