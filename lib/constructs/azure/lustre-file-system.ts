import { ManagedLustreFileSystem } from "@cdktf/provider-azurerm/lib/managed-lustre-file-system";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct, type ITerraformDependable } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { parseCidr } from "../private/cidr";
import { keep } from "../private/stateful";
import { LUSTRE_SKUS, ROLES, WEEKDAYS, lustrePrefixFor, type LustreSku } from "./private/facts";
import { assignRole, roleWait } from "./private/roles";
import type { IAzureEncryptionKey, IAzureIdentity } from "./key-vault";
import type { SharedKeyService } from "./storage";

export { AZURE_LUSTRE_CLAIM, LUSTRE_SKUS, type LustreSku } from "./private/facts";

/** A weekly maintenance window (UTC). */
export interface AzureLustreMaintenanceWindow {
  /** Day of the week, e.g. `Sunday`. */
  readonly dayOfWeek: (typeof WEEKDAYS)[number];
  /** Start time in UTC, `HH:mm` (azurerm `time_of_day_in_utc`). */
  readonly timeOfDayUtc: string;
}

/** Root squash: what root (or every user) on an untrusted client is mapped to. */
export interface AzureLustreRootSquash {
  /** `RootOnly` squashes root on untrusted clients; `All` every user. */
  readonly mode: "RootOnly" | "All";
  /** UID squashed users become. @default 65534 (nobody) */
  readonly squashUid?: number;
  /** GID squashed users become. @default 65534 (nogroup) */
  readonly squashGid?: number;
  /**
   * Trusted clients keeping root, as Lustre NIDs separated by `;`, e.g. `10.20.0.4@tcp;10.20.0.[6-8]@tcp`.
   * Required: the file system's root directory belongs to root, so without a trusted
   * client nobody can create the directories jobs write to.
   */
  readonly noSquashNids: string;
}

/** Blob integration (Lustre HSM): the namespace is hydrated from, and archived to, a container. */
export interface AzureLustreBlobIntegration {
  /** ARM id of the container imported from and exported to (e.g. `AzureStorage.containerId("datasets")`). */
  readonly containerId: string;
  /** ARM id of another container of the same account for the import/export logs (e.g. `AzureStorage.containerId("artifacts")`). */
  readonly loggingContainerId: string;
  /** Only blobs under this path are imported; starts with `/`. @default "/" */
  readonly importPrefix?: string;
  /** ARM id of the storage account holding both containers: the scope of the HPC Cache Resource Provider's roles. */
  readonly storageAccountId: string;
  /**
   * Object id of the "HPC Cache Resource Provider" service principal in your tenant
   * (`az ad sp list --display-name "HPC Cache Resource Provider" --query "[].id" -o tsv`):
   * given Storage Account Contributor and Storage Blob Data Contributor on the account,
   * which blob integration needs. @default - no assignment: make them yourself before the apply
   */
  readonly resourceProviderPrincipalId?: string;
}

/** Props of {@link AzureLustreFileSystem}. */
export interface AzureLustreFileSystemProps {
  /** The environment; the file system is named `<name>-<tier>-lustre`. */
  readonly environment: EnvironmentIdentity;
  /** The resource group the file system goes in. */
  readonly resourceGroupName: string;
  /** The Azure region. */
  readonly location: string;
  /** ARM id of the file system's own subnet (one file system per subnet; NSG open for TCP 988 and 1019-1023 inside the VNet), e.g. `AzureNetwork.lustreSubnet.id`. */
  readonly subnetId: string;
  /** What the subnet's outbound path needs in place (AMLFS reaches AzureCloud from its subnet), e.g. `AzureNetwork.lustreEgress`: the file system waits for it. @default [] */
  readonly subnetDependables?: readonly ITerraformDependable[];
  /** The subnet's CIDR block, checked against the documented size for the capacity (e.g. `AzureNetwork.ranges.lustre`). @default - not checked */
  readonly subnetCidr?: string;
  /** Throughput SKU (MB/s per TiB). @default - AMLFS-Durable-Premium-500 in dev (the smallest file system: 4 TiB), AMLFS-Durable-Premium-125 otherwise */
  readonly sku?: LustreSku;
  /** Capacity in TiB: a multiple of the SKU's step, from the step up to the SKU's maximum. @default - the SKU's smallest size */
  readonly capacityTiB?: number;
  /** Availability zone (one: the file system is zonal). @default "1" */
  readonly zone?: string;
  /** Weekly maintenance window. @default - Sunday 02:00 UTC */
  readonly maintenanceWindow?: AzureLustreMaintenanceWindow;
  /** Root squash, or `false` for none (root on a client is root on the file system). With squash, name the admin hosts that keep root (`noSquashNids`). @default false */
  readonly rootSquash?: AzureLustreRootSquash | false;
  /** Customer-managed key: its versioned id is the `key_url`, updated in place on the apply after a rotation; give it a key whose versions do not expire (`AzureKeyVault.addKey` with `expires: false`), or the file system loses its key when the pinned version expires. */
  readonly encryptionKey: IAzureEncryptionKey;
  /** User-assigned identity the file system reads the key as (granted encrypt/decrypt on it here). */
  readonly keyIdentity: IAzureIdentity;
  /** Import from and export to a blob container. @default - none */
  readonly blobIntegration?: AzureLustreBlobIntegration;
  /** Put `lifecycle.prevent_destroy` on the file system. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<AzureLustreFileSystemProps, "sku" | "capacityTiB" | "zone" | "maintenanceWindow" | "subnetCidr" | "rootSquash"> & { readonly importPrefix?: string; readonly containerId?: string; readonly loggingContainerId?: string };

/**
 * An Azure Managed Lustre file system (`azurerm_managed_lustre_file_system`), zonal, in
 * its own subnet, encrypted with a customer-managed key through a user-assigned identity,
 * with a weekly maintenance window, root squash outside dev (root on a client becomes
 * 65534 on the file system) and optional blob integration (HSM) with a container.
 * SKU, capacity and subnet size are checked at synth time from data: the provider's
 * minimum = step per SKU, the documented maxima, and the documented subnet table.
 * Capacity, SKU, zone, subnet, identity and blob integration force a new file system.
 *
 * Blob integration authenticates with the account's shared keys: the account holding
 * the containers must allow shared-key access. {@link BLOB_INTEGRATION_SHARED_KEY} (and,
 * once built, {@link storageSharedKeyAccessFor}) names that documented exception; pass it
 * to `AzureStorage.sharedKeyAccessFor`, which
 * records the reason as a guardrail suppression. Idle cost is the full capacity: there
 * is no scale to zero (dev gets the smallest size; better, no file system).
 */
export class AzureLustreFileSystem extends Construct {
  /** The shared-key exception blob integration needs on its account, known before the file system exists (build the account first). */
  public static readonly BLOB_INTEGRATION_SHARED_KEY: SharedKeyService = "managed-lustre-blob-integration";
  public readonly fileSystem: ManagedLustreFileSystem;
  public readonly fileSystemName: string;
  public readonly sku: LustreSku;
  public readonly capacityTiB: number;
  public readonly zone: string;
  public readonly maintenanceWindow: AzureLustreMaintenanceWindow;
  /** The root squash set, or false for none. */
  public readonly rootSquash: AzureLustreRootSquash | false;
  public readonly preventDestroy: boolean;
  /** Aggregate throughput, MB/s: capacity × the SKU's MB/s per TiB. */
  public readonly throughputMBps: number;
  /** The documented smallest subnet for the capacity (prefix length). */
  public readonly requiredSubnetPrefix: number;
  /** The MGS address clients mount (`<mgsAddress>@tcp:/lustrefs`). */
  public readonly mgsAddress: string;
  /** The shared-key exception the blob integration needs on its storage account (pass to `AzureStorage.sharedKeyAccessFor`); undefined without blob integration. */
  public readonly storageSharedKeyAccessFor?: SharedKeyService;
  /** The HPC Cache Resource Provider's roles on the account, when its principal id was given. */
  public readonly resourceProviderAssignments: readonly RoleAssignment[];

  /** What the file system uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly sku: LustreSku; readonly capacityTiB: number; readonly zone: string; readonly maintenanceWindow: AzureLustreMaintenanceWindow; readonly rootSquash: AzureLustreRootSquash | false; readonly preventDestroy: boolean } {
    const sku = perTier<LustreSku>(tier, { dev: "AMLFS-Durable-Premium-500", staging: "AMLFS-Durable-Premium-125", prod: "AMLFS-Durable-Premium-125" });
    // No squash by default: the root directory belongs to root, and a squash without a trusted admin host leaves it unwritable to every client.
    const rootSquash = false as const;
    return { sku, capacityTiB: LUSTRE_SKUS[sku].stepTiB, zone: "1", maintenanceWindow: { dayOfWeek: "Sunday", timeOfDayUtc: "02:00" }, rootSquash, preventDestroy: resolveProtection(tier, {}).preventDestroy };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .oneOf("sku", settings.sku, Object.keys(LUSTRE_SKUS) as LustreSku[], "The Azure Managed Lustre SKU")
      .oneOf("zone", settings.zone, ["1", "2", "3"], "The availability zone")
      .oneOf("maintenanceWindow.dayOfWeek", settings.maintenanceWindow?.dayOfWeek, WEEKDAYS, "The maintenance day")
      .check("maintenanceWindow.timeOfDayUtc", settings.maintenanceWindow?.timeOfDayUtc, (t) => (/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(t) ? undefined : `takes a UTC time HH:mm, e.g. "02:00" (got ${show(t)})`))
      .check("blobIntegration.importPrefix", settings.importPrefix, (p) => (p.startsWith("/") ? undefined : `must start with "/" (got ${show(p)})`));
    const squash = settings.rootSquash;
    if (squash) {
      checks
        .oneOf("rootSquash.mode", squash.mode, ["RootOnly", "All"], "The root squash mode")
        .int("rootSquash.squashUid", squash.squashUid, 1, 4294967295, "The squashed UID")
        .int("rootSquash.squashGid", squash.squashGid, 1, 4294967295, "The squashed GID")
        .check("rootSquash.noSquashNids", squash.noSquashNids, (n) =>
          n.trim() === ""
            ? `names no trusted client: the file system's root directory belongs to root, so with root squashed everywhere no client can create the directories jobs write to; list the admin hosts that keep root as Lustre NIDs, e.g. "10.20.0.4@tcp", or turn rootSquash off`
            : n.split(";").every((nid) => /^[0-9.[\]-]+@tcp$/.test(nid.trim())) ? undefined : `takes Lustre NIDs separated by ";", e.g. "10.20.0.4@tcp;10.20.0.[6-8]@tcp" (got ${show(n)})`,
        );
    }
    if (settings.containerId !== undefined && settings.containerId === settings.loggingContainerId) {
      checks.add("blobIntegration.loggingContainerId", settings.loggingContainerId, `must be another container than the data container: AMLFS keeps import/export logs apart (got ${show(settings.loggingContainerId)} for both)`);
    }
    const sku = settings.sku !== undefined && settings.sku in LUSTRE_SKUS ? LUSTRE_SKUS[settings.sku] : undefined;
    if (sku) {
      checks.check("capacityTiB", settings.capacityTiB, (c) =>
        Number.isInteger(c) && c >= sku.stepTiB && c <= sku.maxTiB && c % sku.stepTiB === 0
          ? undefined
          : `${settings.sku} takes ${sku.stepTiB} to ${sku.maxTiB} TiB in steps of ${sku.stepTiB} (got ${show(c)}); pick a multiple of ${sku.stepTiB}, another SKU, or ask Azure support for more than ${sku.maxTiB} TiB`,
      );
    }
    const capacity = settings.capacityTiB;
    if (settings.subnetCidr !== undefined && !isUnknown(settings.subnetCidr) && capacity !== undefined && !isUnknown(capacity) && Number.isFinite(capacity)) {
      const subnet = parseCidr(settings.subnetCidr);
      const need = lustrePrefixFor(capacity) ?? 23;
      if (!subnet) checks.add("subnetCidr", settings.subnetCidr, `takes an IPv4 CIDR block such as "10.20.6.0/24" (got ${show(settings.subnetCidr)})`);
      else if (subnet.prefix > need) checks.add("subnetCidr", settings.subnetCidr, `is too small: ${capacity} TiB of Azure Managed Lustre needs a /${need} or larger subnet (AMLFS prerequisites; got /${subnet.prefix}); give a larger subnet or less capacity`);
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureLustreFileSystemProps) {
    super(scope, id);
    markComponent(this, "shared-storage");
    const d = AzureLustreFileSystem.defaults(props.environment.tier);
    this.sku = props.sku ?? d.sku;
    this.capacityTiB = props.capacityTiB ?? (this.sku in LUSTRE_SKUS ? LUSTRE_SKUS[this.sku].stepTiB : d.capacityTiB);
    this.zone = props.zone ?? d.zone;
    this.maintenanceWindow = props.maintenanceWindow ?? d.maintenanceWindow;
    this.rootSquash = props.rootSquash ?? d.rootSquash;
    this.preventDestroy = props.preventDestroy ?? d.preventDestroy;
    this.requiredSubnetPrefix = isUnknown(this.capacityTiB) ? 23 : (lustrePrefixFor(this.capacityTiB) ?? 23);
    this.throughputMBps = this.sku in LUSTRE_SKUS ? this.capacityTiB * LUSTRE_SKUS[this.sku].mbpsPerTiB : 0;
    const blob = props.blobIntegration;
    this.storageSharedKeyAccessFor = blob ? AzureLustreFileSystem.BLOB_INTEGRATION_SHARED_KEY : undefined;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.fileSystemName = namer.name("azure-managed-lustre", "environment.name", "lustre");
    problems.addAll(namer.found);
    problems.addAll(AzureLustreFileSystem.validate({ ...this, subnetCidr: props.subnetCidr, importPrefix: blob?.importPrefix, containerId: blob?.containerId, loggingContainerId: blob?.loggingContainerId }));
    problems.throwIfAny(`AzureLustreFileSystem ${this.node.path}`);

    const keyGrant = props.encryptionKey.grantEncryptDecrypt(props.keyIdentity);
    this.resourceProviderAssignments =
      blob?.resourceProviderPrincipalId === undefined
        ? []
        : [ROLES.storageAccountContributor, ROLES.storageBlobDataContributor].map((role) => assignRole(this, "hpc-cache-rp", { principalId: blob.resourceProviderPrincipalId as string }, role, blob.storageAccountId));
    this.fileSystem = keep(
      new ManagedLustreFileSystem(this, "file-system", {
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        name: this.fileSystemName,
        skuName: this.sku,
        storageCapacityInTb: this.capacityTiB,
        subnetId: props.subnetId,
        zones: [this.zone],
        maintenanceWindow: { dayOfWeek: this.maintenanceWindow.dayOfWeek, timeOfDayInUtc: this.maintenanceWindow.timeOfDayUtc },
        rootSquash: this.rootSquash ? { mode: this.rootSquash.mode, squashUid: this.rootSquash.squashUid ?? 65534, squashGid: this.rootSquash.squashGid ?? 65534, noSquashNids: this.rootSquash.noSquashNids } : undefined,
        identity: { type: "UserAssigned", identityIds: [props.keyIdentity.identityId] },
        encryptionKey: { keyUrl: props.encryptionKey.versionedKeyId, sourceVaultId: props.encryptionKey.vaultId },
        hsmSetting: blob ? { containerId: blob.containerId, loggingContainerId: blob.loggingContainerId, importPrefix: blob.importPrefix ?? "/" } : undefined,
        // The identity must hold its grant on the key, and the provider its roles on the account, before the create.
        dependsOn: [...props.encryptionKey.dependables, ...roleWait(this, [...keyGrant.dependables, ...this.resourceProviderAssignments]), ...(props.subnetDependables ?? [])],
      }),
      this.preventDestroy,
    );
    this.mgsAddress = this.fileSystem.mgsAddress;
  }
}
