import { describe, expect, it } from "vitest";
import type { Construct } from "../../lib/cdk";
import { AzureLustreFileSystem, LUSTRE_SKUS, type AzureLustreFileSystemProps } from "../../lib/constructs/azure/lustre-file-system";
import { AzureStorage } from "../../lib/constructs/azure/storage";
import { suppressionsOn } from "../../lib/policy/suppressions";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { LOCATION, RESOURCE_GROUP, network, synthAzure, vault, type Env, roleDependencies } from "./helpers";

type Props = Partial<AzureLustreFileSystemProps>;
function lustre(s: Construct, env: Env = DEV, props: Props = {}): AzureLustreFileSystem {
  const net = network(s, env, { lustreCapacityTiB: props.capacityTiB ?? 16 });
  const kv = vault(s, env, { identities: ["lustre"] }, net);
  return new AzureLustreFileSystem(s, "lustre", {
    environment: env,
    resourceGroupName: RESOURCE_GROUP,
    location: LOCATION,
    subnetId: net.lustreSubnet!.id,
    subnetCidr: net.ranges.lustre,
    encryptionKey: kv,
    keyIdentity: kv.identity("lustre"),
    ...props,
  });
}
const build = (props: Props = {}, env: Env = DEV) => synthAzure((s) => lustre(s, env, props));

describe("AzureLustreFileSystem", () => {
  it("makes the smallest zonal file system in dev, in its own subnet, with a weekly maintenance window", () => {
    // given / when
    const doc = build();
    // then
    expect(only(doc, "azurerm_managed_lustre_file_system")).toMatchObject({
      name: "acme-dev-lustre",
      resource_group_name: RESOURCE_GROUP,
      location: LOCATION,
      sku_name: "AMLFS-Durable-Premium-500",
      storage_capacity_in_tb: 4,
      zones: ["1"],
      subnet_id: expect.stringMatching(/azurerm_subnet\.network_lustre_\w+\.id/),
      maintenance_window: { day_of_week: "Sunday", time_of_day_in_utc: "02:00" },
    });
    expect(AzureLustreFileSystem.defaults("prod")).toMatchObject({ sku: "AMLFS-Durable-Premium-125", capacityTiB: 16, preventDestroy: true });
  });

  it("encrypts with the vault key through the user-assigned identity, after the identity's grant on the key", () => {
    const doc = build();
    const fs = only(doc, "azurerm_managed_lustre_file_system");
    expect(fs).toMatchObject({
      identity: { type: "UserAssigned", identity_ids: [expect.stringMatching(/identity-lustre/)] },
      encryption_key: { key_url: expect.stringMatching(/data\.azurerm_key_vault_key\.keys_current-version_\w+\.id/), source_vault_id: expect.stringMatching(/azurerm_key_vault\.keys_vault_\w+\.id/) },
    });
    expect(fs.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_key_vault_key\./)]));
    expect(roleDependencies(doc, fs).awaited).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_role_assignment\.keys_key-user/)]));
    expect(roleDependencies(doc, fs).direct).toEqual([]);
    expect(fs.hsm_setting).toBeUndefined();
  });

  it("imports from and exports to the datasets container, grants the HPC Cache Resource Provider, and names the shared-key exception for the account", () => {
    const doc = synthAzure((s) => {
      // given an account with the containers, on the same vault
      const net = network(s, DEV, { lustreCapacityTiB: 8 });
      const kv = vault(s, DEV, { identities: ["storage", "lustre"] }, net);
      const blobIntegration = (st: AzureStorage) => ({ containerId: st.containerId("datasets"), loggingContainerId: st.containerId("artifacts"), storageAccountId: st.accountId, importPrefix: "/train", resourceProviderPrincipalId: "22222222-2222-2222-2222-222222222222" });
      // when the file system imports from it, and the account takes the exception the file system names
      const st = new AzureStorage(s, "storage", { environment: DEV, network: net, encryptionKey: kv, keyIdentity: kv.identity("storage"), sharedKeyAccessFor: AzureLustreFileSystem.BLOB_INTEGRATION_SHARED_KEY });
      const fs = new AzureLustreFileSystem(s, "lustre", { environment: DEV, resourceGroupName: RESOURCE_GROUP, location: LOCATION, subnetId: net.lustreSubnet!.id, subnetCidr: net.ranges.lustre, encryptionKey: kv, keyIdentity: kv.identity("lustre"), blobIntegration: blobIntegration(st) });
      // then
      expect(fs.storageSharedKeyAccessFor).toBe("managed-lustre-blob-integration");
      expect(st.account.sharedAccessKeyEnabledInput).toBe(true);
      expect(suppressionsOn(st.account)).toEqual([{ id: "LLM-AZ-ST-2", reason: expect.stringMatching(/Managed Lustre/) }]);
    });
    const fs = only(doc, "azurerm_managed_lustre_file_system");
    expect(fs.hsm_setting).toEqual({ container_id: expect.stringMatching(/storage_container\.storage_datasets_\w+\.resource_manager_id/), logging_container_id: expect.stringMatching(/storage_artifacts/), import_prefix: "/train" });
    const rp = resources(doc, "azurerm_role_assignment").filter((r) => r.principal_id === "22222222-2222-2222-2222-222222222222");
    expect(rp.map((r) => r.role_definition_name).sort()).toEqual(["Storage Account Contributor", "Storage Blob Data Contributor"]);
    for (const r of rp) expect(r.scope).toMatch(/azurerm_storage_account\.storage_account_\w+\.id/);
    const rpKeys = Object.keys(doc.resource.azurerm_role_assignment).filter((k) => k.startsWith("lustre_hpc-cache-rp"));
    expect(rpKeys).toHaveLength(2);
    expect(roleDependencies(doc, fs).awaited).toEqual(expect.arrayContaining(rpKeys.map((k) => `azurerm_role_assignment.${k}`)));
  });

  it("sizes capacity by the SKU's step and reports throughput; keeps the file system in prod", () => {
    const doc = synthAzure((s) => {
      const fs = lustre(s, PROD, { sku: "AMLFS-Durable-Premium-250", capacityTiB: 24 });
      expect(fs.throughputMBps).toBe(24 * 250);
      expect(fs.requiredSubnetPrefix).toBe(26);
    });
    expect(only(doc, "azurerm_managed_lustre_file_system")).toMatchObject({ sku_name: "AMLFS-Durable-Premium-250", storage_capacity_in_tb: 24, lifecycle: { prevent_destroy: true } });
    expect(LUSTRE_SKUS["AMLFS-Durable-Premium-40"]).toEqual({ mbpsPerTiB: 40, stepTiB: 48, maxTiB: 768 });
  });

  it("rejects capacities off the SKU's step or range, a subnet too small for the capacity, and malformed windows", () => {
    expect(problemsOf(() => build({ sku: "AMLFS-Durable-Premium-125", capacityTiB: 20 }))).toEqual([expect.stringMatching(/^capacityTiB: AMLFS-Durable-Premium-125 takes 16 to 128 TiB in steps of 16 \(got 20\)/)]);
    expect(problemsOf(() => build({ sku: "AMLFS-Durable-Premium-40", capacityTiB: 16 }))).toEqual([expect.stringMatching(/^capacityTiB: AMLFS-Durable-Premium-40 takes 48 to 768 TiB in steps of 48 \(got 16\)/)]);
    expect(problemsOf(() => build({ sku: "AMLFS-Durable-Premium-500", capacityTiB: 132 }))).toEqual([expect.stringMatching(/^capacityTiB: .*4 to 128 TiB.*ask Azure support/)]);
    expect(problemsOf(() => build({ capacityTiB: 48, sku: "AMLFS-Durable-Premium-250", subnetCidr: "10.20.8.0/27" }))).toEqual([expect.stringMatching(/^subnetCidr: is too small: 48 TiB of Azure Managed Lustre needs a \/25 or larger subnet \(AMLFS prerequisites; got \/27\)/)]);
    expect(problemsOf(() => build({ zone: "4", maintenanceWindow: { dayOfWeek: "Someday" as never, timeOfDayUtc: "2:00" }, sku: "AMLFS-Premium" as never }))).toEqual([
      expect.stringMatching(/^sku: The Azure Managed Lustre SKU accepts AMLFS-Durable-Premium-40/),
      expect.stringMatching(/^zone: .*accepts 1, 2, 3 \(got "4"\)/),
      expect.stringMatching(/^maintenanceWindow\.dayOfWeek: The maintenance day accepts Sunday/),
      expect.stringMatching(/^maintenanceWindow\.timeOfDayUtc: takes a UTC time HH:mm/),
    ]);
    expect(AzureLustreFileSystem.validate({ importPrefix: "train" })).toEqual([{ path: "blobIntegration.importPrefix", message: expect.stringMatching(/must start with "\/"/) }]);
    expect(AzureLustreFileSystem.validate({ containerId: "/c/datasets", loggingContainerId: "/c/datasets" })).toEqual([{ path: "blobIntegration.loggingContainerId", message: expect.stringMatching(/must be another container than the data container/) }]);
  });

  it("squashes no root by default (the root directory belongs to root), and squashes to 65534 outside the admin hosts it is given", () => {
    // given dev and prod defaults
    expect(only(build(), "azurerm_managed_lustre_file_system").root_squash).toBeUndefined();
    expect(only(build({}, PROD), "azurerm_managed_lustre_file_system").root_squash).toBeUndefined();
    // when a prod file system trusts an admin host
    const trusted = build({ rootSquash: { mode: "All", noSquashNids: "10.20.0.4@tcp;10.20.0.[6-8]@tcp" } }, PROD);
    expect(only(trusted, "azurerm_managed_lustre_file_system").root_squash).toEqual({ mode: "All", squash_uid: 65534, squash_gid: 65534, no_squash_nids: "10.20.0.4@tcp;10.20.0.[6-8]@tcp" });
    // and a squash trusting nobody is refused: no client could ever make the directories jobs write to
    expect(problemsOf(() => build({ rootSquash: { mode: "RootOnly", noSquashNids: "" } }, PROD))).toEqual([expect.stringMatching(/^rootSquash\.noSquashNids: names no trusted client: the file system's root directory belongs to root/)]);
  });

  it("rejects a root squash azurerm or Lustre would refuse", () => {
    expect(problemsOf(() => build({ rootSquash: { mode: "None" as never, squashUid: 0, noSquashNids: "10.20.0.4" } }, PROD))).toEqual([
      expect.stringMatching(/^rootSquash\.mode: The root squash mode accepts RootOnly, All \(got "None"\)/),
      expect.stringMatching(/^rootSquash\.squashUid: .*\(got 0\)/),
      expect.stringMatching(/^rootSquash\.noSquashNids: takes Lustre NIDs separated by ";"/),
    ]);
  });
});
