import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "../../cdk";
import { LlmOpsValidationError, ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer, checkName } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks } from "../private/checks";
import { stableId } from "../private/stable-id";
import { ROLES } from "./private/facts";
import { assignRole } from "./private/roles";
import type { IAzureIdentity } from "./key-vault";

/** One blob container mounted through the Blob CSI driver. */
export interface AzureObjectMountContainer {
  /** The container's name in the account, e.g. `datasets`. */
  readonly name: string;
  /** The container's ARM id (`resource_manager_id`, e.g. `AzureStorage.containerId("datasets")`): the scope of the role assignment. */
  readonly containerId: string;
  /** Mount read-only: Storage Blob Data Reader instead of Contributor. @default true */
  readonly readOnly?: boolean;
}

/** Props of {@link AzureObjectMount}. */
export interface AzureObjectMountProps {
  /** The environment; the identity is named `<name>-<tier>-<namespace>-<serviceAccount>-blob`. */
  readonly environment: EnvironmentIdentity;
  /** The resource group the identity goes in. */
  readonly resourceGroupName: string;
  /** The Azure region. */
  readonly location: string;
  /** The AKS cluster's OIDC issuer URL (`AzureTrainingCluster.oidcIssuerUrl`); the cluster needs workload identity on and `storage_profile.blob_driver_enabled` (see {@link AzureObjectMount.clusterStorageProfile}). */
  readonly oidcIssuerUrl: string;
  /** Name of the storage account holding the containers (Blob CSI `storageaccount`). */
  readonly storageAccountName: string;
  /** Resource group of the storage account (Blob CSI `resourcegroup`: needed when it is not the node resource group). @default - `resourceGroupName` */
  readonly storageResourceGroupName?: string;
  /** The containers pods mount, each read-only or read-write. */
  readonly containers: readonly AzureObjectMountContainer[];
  /** Kubernetes namespace of the pods. @default "training" */
  readonly namespace?: string;
  /** Kubernetes service account the pods run as (only pods running as it may mount). @default "blob-mount" */
  readonly serviceAccount?: string;
  /**
   * Further service accounts of the same namespace whose pods may mount the containers
   * (a federated credential each, keyed by name): in token-only mode the driver exchanges
   * the mounting pod's own token for this identity, so a job running as another account
   * (e.g. `training-job`, annotated with its own identity) mounts without running as
   * {@link serviceAccount}. At most 19 (Entra ID: 20 federated credentials per identity). @default []
   */
  readonly alsoServiceAccounts?: readonly string[];
}

type Settings = Pick<AzureObjectMountProps, "containers" | "namespace" | "serviceAccount" | "alsoServiceAccounts">;

/** A Kubernetes name (namespace or service account): DNS-1123 label. */
const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Blob containers mounted in AKS pods through the Blob CSI driver (BlobFuse2) with
 * workload identity, no account key: a user-assigned identity, a federated credential
 * trusting the cluster's OIDC issuer for `system:serviceaccount:<namespace>:<serviceAccount>`,
 * and Storage Blob Data Reader (read-only) or Contributor (read-write) scoped to each
 * container, keyed by container name. Nothing here runs while idle: no cost.
 *
 * What the cluster and the pods need:
 * - the AKS cluster with `storage_profile { blob_driver_enabled = true }` (the managed
 *   Blob CSI driver; off by default) and workload identity: {@link clusterStorageProfile}
 *   is the block to set, and {@link AzureObjectMount.clusterProblems} checks a cluster's;
 * - the service account annotated `azure.workload.identity/client-id: <clientId>`;
 * - a static PersistentVolume per container with `csi.driver: blob.csi.azure.com` and
 *   {@link volumeAttributes}: they select the token-only mode
 *   (`mountWithWorkloadIdentityToken: "true"`, Blob CSI driver v1.27.0 or later, a
 *   preview feature of the driver), the only one that works with shared-key access off
 *   on the account; the default mode fetches the account key.
 */
export class AzureObjectMount extends Construct {
  /** The `storage_profile` block the AKS cluster must carry for these mounts. */
  public static readonly clusterStorageProfile = { blobDriverEnabled: true } as const;

  public readonly identity: IAzureIdentity & { readonly resource: UserAssignedIdentity };
  public readonly credential: FederatedIdentityCredential;
  /** Every service account (of {@link namespace}) whose pods may mount: {@link serviceAccount} first. */
  public readonly serviceAccounts: readonly string[];
  public readonly namespace: string;
  public readonly serviceAccount: string;
  public readonly storageAccountName: string;
  public readonly storageResourceGroupName: string;
  /** The role assignment of each container, by container name. */
  public readonly assignments: Readonly<Record<string, RoleAssignment>>;
  /** The same `storage_profile` block as the static {@link AzureObjectMount.clusterStorageProfile}. */
  public readonly clusterStorageProfile = AzureObjectMount.clusterStorageProfile;
  private readonly readOnly: ReadonlyMap<string, boolean>;

  /** What the mount uses for each prop left unset (the same in every tier). */
  public static defaults(_tier: Tier): { readonly namespace: string; readonly serviceAccount: string; readonly readOnly: boolean } {
    return { namespace: "training", serviceAccount: "blob-mount", readOnly: true };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .check("namespace", settings.namespace, (n) => (K8S_NAME.test(n) ? undefined : `takes a Kubernetes namespace: lowercase letters, digits and hyphens, at most 63 (got ${show(n)})`))
      .check("serviceAccount", settings.serviceAccount, (n) => (K8S_NAME.test(n) ? undefined : `takes a Kubernetes service account name: lowercase letters, digits and hyphens, at most 63 (got ${show(n)})`));
    const also = settings.alsoServiceAccounts ?? [];
    if (also.length > 19) checks.add("alsoServiceAccounts", also.length, `takes at most 19 service accounts: Entra ID allows 20 federated credentials per identity, one of them for serviceAccount (got ${also.length})`);
    also.forEach((n, i) => {
      if (!K8S_NAME.test(n)) checks.add(`alsoServiceAccounts.${i}`, n, `takes a Kubernetes service account name: lowercase letters, digits and hyphens, at most 63 (got ${show(n)})`);
      else if (n === settings.serviceAccount || also.indexOf(n) !== i) checks.add(`alsoServiceAccounts.${i}`, n, `repeats ${show(n)}: each service account is trusted once`);
    });
    if (settings.containers !== undefined && settings.containers.length === 0) checks.add("containers", settings.containers, "lists no container: give at least one to mount");
    const seen = new Set<string>();
    (settings.containers ?? []).forEach((c, i) => {
      checks.check(`containers.${i}.name`, c.name, (n) => checkName("azure-storage-container", n)[0]);
      if (seen.has(c.name)) checks.add(`containers.${i}.name`, c.name, `repeats ${show(c.name)}: list each container once, it keys one role assignment`);
      seen.add(c.name);
    });
    return checks.problems;
  }

  /** The name of the mount's identity, `<name>-<tier>-<namespace>-<serviceAccount>-blob`: what a stack without a reference to it (the platform stack) reads it by. */
  public static identityName(environment: EnvironmentIdentity, namespace: string, serviceAccount: string, namer: Namer = new Namer(environment)): string {
    return namer.name("azure-identity", "namespace", namespace, serviceAccount, "blob");
  }

  /** Why a cluster's `storage_profile` cannot serve these mounts (empty when it can). */
  public static clusterProblems(storageProfile: { readonly blobDriverEnabled?: boolean | unknown } | undefined): readonly ValidationProblem[] {
    return storageProfile?.blobDriverEnabled === true ? [] : [{ path: "storageProfile.blobDriverEnabled", message: `must be true for Blob CSI mounts: the managed Blob CSI driver is off by default on AKS (got ${show(storageProfile?.blobDriverEnabled)})` }];
  }

  constructor(scope: Construct, id: string, props: AzureObjectMountProps) {
    super(scope, id);
    markComponent(this, "shared-storage");
    const d = AzureObjectMount.defaults(props.environment.tier);
    this.namespace = props.namespace ?? d.namespace;
    this.serviceAccount = props.serviceAccount ?? d.serviceAccount;
    this.storageAccountName = props.storageAccountName;
    this.storageResourceGroupName = props.storageResourceGroupName ?? props.resourceGroupName;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    const name = AzureObjectMount.identityName(props.environment, this.namespace, this.serviceAccount, namer);
    problems.addAll(namer.found);
    problems.addAll(AzureObjectMount.validate({ containers: props.containers, namespace: this.namespace, serviceAccount: this.serviceAccount, alsoServiceAccounts: props.alsoServiceAccounts }));
    problems.throwIfAny(`AzureObjectMount ${this.node.path}`);

    const resource = new UserAssignedIdentity(this, "identity", { resourceGroupName: props.resourceGroupName, location: props.location, name });
    this.identity = { resource, principalId: resource.principalId, identityId: resource.id, clientId: resource.clientId, principalType: "ServicePrincipal" };
    this.credential = new FederatedIdentityCredential(this, "credential", {
      resourceGroupName: props.resourceGroupName,
      parentId: resource.id,
      name: `${this.namespace}-${this.serviceAccount}`.slice(0, 120),
      audience: ["api://AzureADTokenExchange"],
      issuer: props.oidcIssuerUrl,
      subject: `system:serviceaccount:${this.namespace}:${this.serviceAccount}`,
    });
    this.serviceAccounts = [this.serviceAccount, ...(props.alsoServiceAccounts ?? [])];
    // Keyed by the account's name: adding or removing another one moves nothing. Entra ID refuses concurrent writes of one identity's credentials: each waits for the one before.
    let previous: FederatedIdentityCredential = this.credential;
    for (const account of props.alsoServiceAccounts ?? []) {
      previous = new FederatedIdentityCredential(this, stableId("credential", account, account), {
        resourceGroupName: props.resourceGroupName,
        parentId: resource.id,
        name: `${this.namespace}-${account}`.slice(0, 120),
        audience: ["api://AzureADTokenExchange"],
        issuer: props.oidcIssuerUrl,
        subject: `system:serviceaccount:${this.namespace}:${account}`,
        dependsOn: [previous],
      });
    }
    const assignments: Record<string, RoleAssignment> = {};
    const readOnly = new Map<string, boolean>();
    for (const c of props.containers) {
      const ro = c.readOnly ?? d.readOnly;
      readOnly.set(c.name, ro);
      // Keyed by the container (the target) and the role: adding or removing another container moves nothing; its name in the id is for people reading a plan.
      assignments[c.name] = assignRole(this, `blob-${c.name}`, this.identity, ro ? ROLES.storageBlobDataReader : ROLES.storageBlobDataContributor, c.containerId);
    }
    this.assignments = assignments;
    this.readOnly = readOnly;
  }

  /** The containers mounted, by name. */
  public get containers(): readonly string[] {
    return [...this.readOnly.keys()];
  }

  /** Whether a container is mounted read-only. */
  public isReadOnly(container: string): boolean {
    return this.readOnly.get(this.known(container)) as boolean;
  }

  /**
   * The `volumeAttributes` of a static Blob CSI PersistentVolume for a container
   * (blob-csi-driver workload identity guide): token-only mode, this identity's client id.
   * Pods mounting it must run as one of {@link serviceAccounts} in {@link namespace}.
   */
  public volumeAttributes(container: string): Readonly<Record<string, string>> {
    return {
      storageaccount: this.storageAccountName,
      containerName: this.known(container),
      clientID: this.identity.clientId,
      resourcegroup: this.storageResourceGroupName,
      mountWithWorkloadIdentityToken: "true",
    };
  }

  private known(container: string): string {
    if (!this.readOnly.has(container)) throw new LlmOpsValidationError(`AzureObjectMount ${this.node.path}`, [{ path: "container", message: `is not mounted here (got ${show(container)}; mounted: ${this.containers.join(", ")})` }]);
    return container;
  }
}
