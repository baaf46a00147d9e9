import type { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { Construct } from "../../cdk";
import { LlmOpsValidationError, ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { addSuppressions } from "../../policy/suppressions";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity, type Grant, type IPrincipal } from "../common";
import { Checks } from "../private/checks";
import { keep } from "../private/stateful";
import { privateEndpoint, type IAzurePrivateEndpointNetwork } from "./private/endpoint";
import { ROLES } from "./private/facts";
import { assignRole, grantOf, roleWait } from "./private/roles";
import type { IAzureEncryptionKey, IAzureIdentity } from "./key-vault";

/** The containers every LLMOps account holds. */
export const STORAGE_CONTAINERS = ["datasets", "checkpoints", "artifacts"] as const;
/** One of {@link STORAGE_CONTAINERS}. */
export type StorageContainerName = (typeof STORAGE_CONTAINERS)[number];
/** Storage services an account can be reached on through a private endpoint (its subresources). */
export const STORAGE_ENDPOINTS = ["blob", "file"] as const;
/** One of {@link STORAGE_ENDPOINTS}. */
export type StorageEndpointName = (typeof STORAGE_ENDPOINTS)[number];

/**
 * Services documented to need shared-key access on the account, with the reason the
 * guardrail suppression records: Azure Managed Lustre imports and exports blobs with the
 * account's keys (learn.microsoft.com/azure/azure-managed-lustre/amlfs-prerequisites,
 * "Blob integration prerequisites"); an Azure Machine Learning workspace's default
 * datastores (`workspaceblobstore`, `workspacefilestore`) hold the account key unless
 * the workspace's `systemDatastoresAuthMode` is `identity`, which azurerm 4.55's
 * `azurerm_machine_learning_workspace` cannot set.
 */
export const SHARED_KEY_SERVICES = {
  "managed-lustre-blob-integration": "Azure Managed Lustre blob integration (import and export) authenticates with the account's shared keys, per the AMLFS prerequisites; access stays private: no public network access.",
  "azure-ml-workspace-datastores":
    "The Azure Machine Learning workspace's default datastores (workspaceblobstore, workspacefilestore) authenticate with the account key: identity-based system datastores (systemDatastoresAuthMode) cannot be set through azurerm 4.55; the account is the workspace's own, with no public network access.",
} as const;
/** A service documented to need shared-key access. */
export type SharedKeyService = keyof typeof SHARED_KEY_SERVICES;

/** Props of {@link AzureStorage}. */
export interface AzureStorageProps {
  /** The environment; the account is named `<name><tier>data` (no hyphens: see `compactName`). */
  readonly environment: EnvironmentIdentity;
  /** The network: the account's blob private endpoint goes in its endpoints subnet, its record in the `blob` zone. */
  readonly network: IAzurePrivateEndpointNetwork;
  /** The customer-managed key (versionless id: the account follows rotation). */
  readonly encryptionKey: IAzureEncryptionKey;
  /** The user-assigned identity the account reads the key as; it must be granted on the key (`AzureKeyVault` identities are). */
  readonly keyIdentity: IAzureIdentity;
  /** The account name, globally unique, 3-24 lowercase letters and digits. @default - `<name><tier>data`, hyphens dropped */
  readonly accountName?: string;
  /** Replication. @default - LRS in dev, ZRS in staging, GZRS in prod */
  readonly replication?: "LRS" | "ZRS" | "GRS" | "GZRS" | "RAGRS" | "RAGZRS";
  /** Days deleted blobs and containers stay recoverable, 1-365. @default - 7 in dev, 30 otherwise */
  readonly softDeleteDays?: number;
  /** Days after which a non-current blob version is deleted, 1-36500. @default - 30 in dev, 90 otherwise */
  readonly versionRetentionDays?: number;
  /** Days after its last change when a checkpoint blob moves to the cool tier. @default 30 */
  readonly checkpointsCoolAfterDays?: number;
  /** Containers to make (by name, through ARM). @default - datasets, checkpoints and artifacts */
  readonly containers?: readonly StorageContainerName[];
  /** Storage services reached through a private endpoint each, its record in the service's zone. @default ["blob"] */
  readonly endpoints?: readonly StorageEndpointName[];
  /** Allow shared-key access for a documented service that needs it; the guardrail LLM-AZ-ST-2 is suppressed with the service's reason. @default - shared key off */
  readonly sharedKeyAccessFor?: SharedKeyService;
  /** Put `lifecycle.prevent_destroy` on the account. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<AzureStorageProps, "replication" | "softDeleteDays" | "versionRetentionDays" | "checkpointsCoolAfterDays" | "sharedKeyAccessFor" | "containers" | "endpoints">;

/**
 * A StorageV2 account for datasets, checkpoints and artifacts, private and encrypted:
 * customer-managed key through a user-assigned identity (infrastructure encryption on),
 * TLS 1.2, HTTPS only, shared key off and Entra ID by default (a documented service may
 * turn shared key on with its reason recorded as a guardrail suppression), no public
 * network access (default deny, bypass AzureServices; a blob private endpoint with its
 * record in `privatelink.blob.core.windows.net`, and a file one in
 * `privatelink.file.core.windows.net` when asked for), no public blobs, no cross-tenant
 * replication; blob versioning, soft delete of blobs and containers; a management policy
 * that deletes non-current versions and cools old checkpoints. `grantRead` and
 * `grantReadWrite` assign Storage Blob Data Reader / Contributor on the account, keyed
 * by value.
 *
 * With shared key off, the azurerm provider needs `storage_use_azuread = true`.
 */
export class AzureStorage extends Construct {
  public readonly account: StorageAccount;
  /** The containers made, by name (all of {@link STORAGE_CONTAINERS} unless `containers` names fewer). */
  public readonly containers: Readonly<Partial<Record<StorageContainerName, StorageContainer>>>;
  /** The blob private endpoint. */
  public readonly endpoint: PrivateEndpoint;
  /** The private endpoint of each storage service asked for, by service. */
  public readonly endpoints: Readonly<Partial<Record<StorageEndpointName, PrivateEndpoint>>>;
  public readonly managementPolicy: StorageManagementPolicy;
  public readonly accountName: string;
  public readonly accountId: string;
  public readonly replication: NonNullable<AzureStorageProps["replication"]>;
  public readonly softDeleteDays: number;
  public readonly versionRetentionDays: number;
  public readonly checkpointsCoolAfterDays: number;
  public readonly sharedKeyAccess: boolean;
  public readonly preventDestroy: boolean;

  /** What the account uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly replication: NonNullable<AzureStorageProps["replication"]>; readonly softDeleteDays: number; readonly versionRetentionDays: number; readonly checkpointsCoolAfterDays: number; readonly preventDestroy: boolean } {
    return {
      replication: perTier(tier, { dev: "LRS", staging: "ZRS", prod: "GZRS" }),
      softDeleteDays: tier === "dev" ? 7 : 30,
      versionRetentionDays: tier === "dev" ? 30 : 90,
      checkpointsCoolAfterDays: 30,
      preventDestroy: resolveProtection(tier, {}).preventDestroy,
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .oneOf("replication", settings.replication, ["LRS", "ZRS", "GRS", "GZRS", "RAGRS", "RAGZRS"], "Storage replication")
      .int("softDeleteDays", settings.softDeleteDays, 1, 365, "Blob and container soft delete (days)")
      .int("versionRetentionDays", settings.versionRetentionDays, 1, 36500, "Non-current version retention (days)")
      .int("checkpointsCoolAfterDays", settings.checkpointsCoolAfterDays, 0, 36500, "Moving checkpoints to cool (days after the last change)")
      .oneOf("sharedKeyAccessFor", settings.sharedKeyAccessFor, Object.keys(SHARED_KEY_SERVICES) as SharedKeyService[], "Shared-key access");
    (settings.containers ?? []).forEach((c, i) => checks.oneOf(`containers.${i}`, c, STORAGE_CONTAINERS, "A container"));
    const endpoints = settings.endpoints;
    if (endpoints !== undefined && !endpoints.includes("blob")) checks.add("endpoints", endpoints, `must include "blob": the account is reached on blob through its private endpoint (got ${show(endpoints)})`);
    (endpoints ?? []).forEach((e, i) => checks.oneOf(`endpoints.${i}`, e, STORAGE_ENDPOINTS, "A storage private endpoint"));
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureStorageProps) {
    super(scope, id);
    markComponent(this, "storage");
    const d = AzureStorage.defaults(props.environment.tier);
    this.replication = props.replication ?? d.replication;
    this.softDeleteDays = props.softDeleteDays ?? d.softDeleteDays;
    this.versionRetentionDays = props.versionRetentionDays ?? d.versionRetentionDays;
    this.checkpointsCoolAfterDays = props.checkpointsCoolAfterDays ?? d.checkpointsCoolAfterDays;
    this.sharedKeyAccess = props.sharedKeyAccessFor !== undefined;
    this.preventDestroy = props.preventDestroy ?? d.preventDestroy;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.accountName = props.accountName === undefined ? namer.compact("azure-storage-account", "accountName", "data") : namer.given("azure-storage-account", "accountName", props.accountName);
    problems.addAll(namer.found);
    problems.addAll(AzureStorage.validate({ ...this, sharedKeyAccessFor: props.sharedKeyAccessFor, containers: props.containers, endpoints: props.endpoints }));
    problems.throwIfAny(`AzureStorage ${this.node.path}`);

    this.account = keep(
      new StorageAccount(this, "account", {
        resourceGroupName: props.network.resourceGroupName,
        location: props.network.location,
        name: this.accountName,
        accountKind: "StorageV2",
        accountTier: "Standard",
        accountReplicationType: this.replication,
        accessTier: "Hot",
        minTlsVersion: "TLS1_2",
        httpsTrafficOnlyEnabled: true,
        sharedAccessKeyEnabled: this.sharedKeyAccess,
        defaultToOauthAuthentication: true,
        allowNestedItemsToBePublic: false,
        publicNetworkAccessEnabled: false,
        crossTenantReplicationEnabled: false,
        infrastructureEncryptionEnabled: true,
        networkRules: { defaultAction: "Deny", bypass: ["AzureServices"] },
        identity: { type: "UserAssigned", identityIds: [props.keyIdentity.identityId] },
        customerManagedKey: { keyVaultKeyId: props.encryptionKey.keyId, userAssignedIdentityId: props.keyIdentity.identityId },
        blobProperties: {
          versioningEnabled: true,
          deleteRetentionPolicy: { days: this.softDeleteDays },
          containerDeleteRetentionPolicy: { days: this.softDeleteDays },
        },
        // The identity must be allowed to use the key (and the grant have propagated), and the key reachable, before the account encrypts with it.
        dependsOn: [...props.encryptionKey.dependables, ...roleWait(this, props.encryptionKey.grantEncryptDecrypt(props.keyIdentity).dependables)],
      }),
      this.preventDestroy,
    );
    this.accountId = this.account.id;
    if (props.sharedKeyAccessFor !== undefined) addSuppressions(this.account, [{ id: "LLM-AZ-ST-2", reason: SHARED_KEY_SERVICES[props.sharedKeyAccessFor] }]);
    this.endpoint = privateEndpoint(this, "endpoint", props.network, "blob", `${this.accountName}-blob-pe`, this.account.id);
    const endpoints: Partial<Record<StorageEndpointName, PrivateEndpoint>> = { blob: this.endpoint };
    // Keyed by service: the blob endpoint keeps its address.
    if (props.endpoints?.includes("file")) endpoints.file = privateEndpoint(this, "file-endpoint", props.network, "file", `${this.accountName}-file-pe`, this.account.id);
    this.endpoints = endpoints;
    const containers: Partial<Record<StorageContainerName, StorageContainer>> = {};
    for (const name of props.containers ?? STORAGE_CONTAINERS) {
      // Through ARM (storage_account_id), not the data plane: no key or network path needed.
      containers[name] = new StorageContainer(this, name, { name, storageAccountId: this.account.id, containerAccessType: "private" });
    }
    this.containers = containers;
    this.managementPolicy = new StorageManagementPolicy(this, "lifecycle", {
      storageAccountId: this.account.id,
      rule: [
        {
          name: "noncurrent-versions",
          enabled: true,
          filters: { blobTypes: ["blockBlob"] },
          actions: { version: { deleteAfterDaysSinceCreation: this.versionRetentionDays } },
        },
        ...(containers.checkpoints
          ? [
              {
                name: "cool-checkpoints",
                enabled: true,
                filters: { blobTypes: ["blockBlob"], prefixMatch: ["checkpoints/"] },
                actions: { baseBlob: { tierToCoolAfterDaysSinceModificationGreaterThan: this.checkpointsCoolAfterDays } },
              },
            ]
          : []),
      ],
    });
  }

  /** The ARM id of a container, for role assignments scoped to it. */
  public containerId(name: StorageContainerName): string {
    const container = this.containers[name];
    if (!container) throw new LlmOpsValidationError(`AzureStorage ${this.node.path}`, [{ path: "container", message: `is not one of this account's (got ${show(name)}; allowed: ${STORAGE_CONTAINERS.join(", ")})` }]);
    return container.resourceManagerId;
  }

  /** Lets a principal read blobs of every container (Storage Blob Data Reader on the account), keyed by value. */
  public grantRead(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "reader", principal, ROLES.storageBlobDataReader, this.account.id));
  }

  /** Lets a principal read, write and delete blobs of every container (Storage Blob Data Contributor on the account), keyed by value. */
  public grantReadWrite(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "writer", principal, ROLES.storageBlobDataContributor, this.account.id));
  }
}
