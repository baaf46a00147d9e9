import { describe, expect, it } from "vitest";
import type { Construct } from "../../lib/cdk";
import { AzureObjectMount, type AzureObjectMountProps } from "../../lib/constructs/azure/object-mount";
import { DEV, only, problemsOf, resources } from "../helpers";
import { AzureStorage } from "../../lib/constructs/azure/storage";
import { AzureTrainingCluster } from "../../lib/constructs/azure/training-cluster";
import { LOCATION, RESOURCE_GROUP, network, synthAzure, vault } from "./helpers";

type Props = Partial<AzureObjectMountProps>;
function mount(s: Construct, props: Props = {}): AzureObjectMount {
  const net = network(s);
  const kv = vault(s, DEV, { identities: ["storage"] }, net);
  const st = new AzureStorage(s, "storage", { environment: DEV, network: net, encryptionKey: kv, keyIdentity: kv.identity("storage") });
  const aks = new AzureTrainingCluster(s, "training", { environment: DEV, network: net, encryptionKey: kv });
  return new AzureObjectMount(s, "mount", {
    environment: DEV,
    resourceGroupName: RESOURCE_GROUP,
    location: LOCATION,
    oidcIssuerUrl: aks.oidcIssuerUrl,
    storageAccountName: st.accountName,
    containers: [
      { name: "datasets", containerId: st.containerId("datasets") },
      { name: "checkpoints", containerId: st.containerId("checkpoints"), readOnly: false },
    ],
    ...props,
  });
}

describe("AzureObjectMount", () => {
  it("makes a user-assigned identity that the training service account's pods run as, trusted through the cluster's OIDC issuer", () => {
    // given / when
    const doc = synthAzure((s) => {
      mount(s);
    });
    // then
    const identity = resources(doc, "azurerm_user_assigned_identity").find((i) => i.name === "acme-dev-training-blob-mount-blob");
    expect(identity).toMatchObject({ resource_group_name: RESOURCE_GROUP, location: LOCATION });
    expect(only(doc, "azurerm_federated_identity_credential")).toMatchObject({
      audience: ["api://AzureADTokenExchange"],
      issuer: expect.stringMatching(/azurerm_kubernetes_cluster\.training_cluster_\w+\.oidc_issuer_url/),
      subject: "system:serviceaccount:training:blob-mount",
      parent_id: expect.stringMatching(/azurerm_user_assigned_identity\.mount_identity_\w+\.id/),
    });
  });

  it("trusts further service accounts of the namespace, one credential each, written one after another, so a training job mounts as itself", () => {
    // given the training jobs' account beside the mount's own
    const doc = synthAzure((s) => {
      mount(s, { alsoServiceAccounts: ["training-job"] });
    });
    // then two credentials on the one identity; the second waits for the first (Entra ID refuses concurrent writes of one identity's credentials)
    const credentials = Object.entries(doc.resource.azurerm_federated_identity_credential) as [string, { subject: string; depends_on?: string[]; parent_id: string }][];
    expect(credentials.map(([, c]) => c.subject).sort()).toEqual(["system:serviceaccount:training:blob-mount", "system:serviceaccount:training:training-job"]);
    expect(new Set(credentials.map(([, c]) => c.parent_id)).size).toBe(1);
    const [first] = credentials.find(([, c]) => c.subject.endsWith(":blob-mount"))!;
    expect(credentials.find(([, c]) => c.subject.endsWith(":training-job"))![1].depends_on).toEqual([`azurerm_federated_identity_credential.${first}`]);
    // and a repeated or malformed account is refused at its index
    expect(problemsOf(() => synthAzure((s) => { mount(s, { alsoServiceAccounts: ["blob-mount", "Jobs"] }); }))).toEqual([
      expect.stringMatching(/^alsoServiceAccounts\.0: repeats "blob-mount"/),
      expect.stringMatching(/^alsoServiceAccounts\.1: takes a Kubernetes service account name/),
    ]);
  });

  it("grants read on read-only containers and read-write on the others, each scoped to its container and keyed by its name", () => {
    const doc = synthAzure((s) => {
      mount(s);
    });
    const blob = Object.entries(doc.resource.azurerm_role_assignment).filter(([k]) => k.startsWith("mount_blob-"));
    expect(blob.map(([k, r]) => [k.split("-storage")[0], r.role_definition_name, String(r.scope).match(/storage_(\w+?)_/)?.[1]]).sort()).toEqual([
      ["mount_blob-checkpoints", "Storage Blob Data Contributor", "checkpoints"],
      ["mount_blob-datasets", "Storage Blob Data Reader", "datasets"],
    ]);
    for (const [, r] of blob) expect(r).toMatchObject({ principal_type: "ServicePrincipal", principal_id: expect.stringMatching(/mount_identity_\w+\.principal_id/) });
  });

  it("tells the stack what the cluster and the persistent volumes need: the Blob CSI driver on, token-only workload identity mounts", () => {
    synthAzure((s) => {
      const m = mount(s);
      expect(m.clusterStorageProfile).toEqual({ blobDriverEnabled: true });
      expect(AzureObjectMount.clusterProblems(undefined)).toEqual([{ path: "storageProfile.blobDriverEnabled", message: expect.stringMatching(/must be true for Blob CSI mounts/) }]);
      expect(AzureObjectMount.clusterProblems({ blobDriverEnabled: true })).toEqual([]);
      expect(m.volumeAttributes("datasets")).toMatchObject({ storageaccount: "acmedevdata", containerName: "datasets", resourcegroup: RESOURCE_GROUP, mountWithWorkloadIdentityToken: "true", clientID: expect.any(String) });
      expect(m.isReadOnly("datasets")).toBe(true);
      expect(m.isReadOnly("checkpoints")).toBe(false);
      expect(problemsOf(() => m.volumeAttributes("artifacts"))).toEqual([expect.stringMatching(/^container: is not mounted here \(got "artifacts"; mounted: datasets, checkpoints\)/)]);
    });
  });

  it("rejects bad Kubernetes names, an empty or repeated container list and illegal container names", () => {
    expect(problemsOf(() => synthAzure((s) => mount(s, { namespace: "Training", serviceAccount: "sa_1" })))).toEqual([
      expect.stringMatching(/^namespace: takes a Kubernetes namespace/),
      expect.stringMatching(/^serviceAccount: takes a Kubernetes service account name/),
    ]);
    expect(AzureObjectMount.validate({ containers: [] })).toEqual([{ path: "containers", message: expect.stringMatching(/lists no container/) }]);
    expect(AzureObjectMount.validate({ containers: [{ name: "data", containerId: "a" }, { name: "data", containerId: "b" }, { name: "Bad_Name", containerId: "c" }] })).toEqual([
      { path: "containers.1.name", message: expect.stringMatching(/repeats "data"/) },
      { path: "containers.2.name", message: expect.stringMatching(/Azure blob container names allow lowercase/) },
    ]);
    expect(AzureObjectMount.defaults("prod")).toEqual({ namespace: "training", serviceAccount: "blob-mount", readOnly: true });
  });
});
