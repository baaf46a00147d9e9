import { describe, expect, it } from "vitest";
import { AzureTrainingCluster } from "../../lib/constructs/azure/training-cluster";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { cluster, synthAzure, type Env, roleDependencies } from "./helpers";

type Props = Partial<ConstructorParameters<typeof AzureTrainingCluster>[2]>;
const build = (props: Props = {}, env: Env = DEV) => synthAzure((s) => cluster(s, env, props));
const aks = (doc: ReturnType<typeof build>) => only(doc, "azurerm_kubernetes_cluster");

describe("AzureTrainingCluster", () => {
  it("makes a private cluster with API server VNet integration in the delegated subnet and no public FQDN", () => {
    // given / when
    const c = aks(build());
    // then
    expect(c).toMatchObject({
      name: "acme-dev-aks",
      dns_prefix: "acme-dev",
      private_cluster_enabled: true,
      private_cluster_public_fqdn_enabled: false,
      private_dns_zone_id: expect.stringMatching(/^\$\{azurerm_private_dns_zone\.network_aks-zone_\w+\.id\}$/),
      api_server_access_profile: { virtual_network_integration_enabled: true, subnet_id: expect.stringMatching(/azurerm_subnet\.network_apiserver_\w+\.id/) },
    });
  });

  it("uses Azure CNI overlay with Cilium, NAT gateway egress and service/pod ranges apart from the VNet", () => {
    expect(aks(build()).network_profile).toEqual({
      network_plugin: "azure",
      network_plugin_mode: "overlay",
      network_data_plane: "cilium",
      network_policy: "cilium",
      pod_cidr: "10.244.0.0/16",
      service_cidr: "10.0.0.0/16",
      dns_service_ip: "10.0.0.10",
      outbound_type: "userAssignedNATGateway",
      load_balancer_sku: "standard",
    });
  });

  it("turns on workload identity, Entra ID with Azure RBAC and no local accounts, and KMS with the versioned key over a private vault", () => {
    const c = aks(build({ adminGroupObjectIds: ["22222222-2222-2222-2222-222222222222"] }));
    expect(c).toMatchObject({
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      local_account_disabled: true,
      role_based_access_control_enabled: true,
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, admin_group_object_ids: ["22222222-2222-2222-2222-222222222222"] },
      key_management_service: { key_vault_key_id: expect.stringMatching(/data\.azurerm_key_vault_key\.keys_current-version_\w+\.id\}$/), key_vault_network_access: "Private" },
    });
  });

  it("runs as user-assigned cluster and kubelet identities after the grants AKS needs", () => {
    const doc = build();
    const c = aks(doc);
    expect(c.identity).toEqual({ type: "UserAssigned", identity_ids: [expect.stringMatching(/azurerm_user_assigned_identity\.training_identity_\w+\.id/)] });
    expect(c.kubelet_identity).toMatchObject({ user_assigned_identity_id: expect.stringMatching(/training_kubelet-identity/) });
    const grants = resources(doc, "azurerm_role_assignment").filter((r) => String(r.principal_id).includes("training_identity"));
    expect(grants.map((g) => g.role_definition_name).sort()).toEqual(["Key Vault Contributor", "Key Vault Crypto User", "Managed Identity Operator", "Network Contributor", "Private DNS Zone Contributor"]);
    const grantAddresses = Object.keys(doc.resource.azurerm_role_assignment).filter((k) => k.startsWith("training_cluster")).map((k) => `azurerm_role_assignment.${k}`);
    expect(c.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_subnet_nat_gateway_association\./), expect.stringMatching(/^azurerm_key_vault_key\./)]));
    expect(roleDependencies(doc, c)).toEqual({ direct: [], awaited: expect.arrayContaining(grantAddresses) });
  });

  it("sets both upgrade channels and a system pool for critical add-ons with host encryption and Ephemeral OS disks", () => {
    const c = aks(build());
    expect(c).toMatchObject({ automatic_upgrade_channel: "patch", node_os_upgrade_channel: "NodeImage", sku_tier: "Free", image_cleaner_enabled: true });
    expect(c.default_node_pool).toMatchObject({
      name: "system",
      vm_size: "Standard_D2ads_v5",
      auto_scaling_enabled: true,
      min_count: 1,
      max_count: 2,
      only_critical_addons_enabled: true,
      host_encryption_enabled: true,
      node_public_ip_enabled: false,
      os_disk_type: "Ephemeral",
      os_disk_size_gb: 64,
      os_sku: "Ubuntu",
      vnet_subnet_id: expect.stringMatching(/azurerm_subnet\.network_nodes_\w+\.id/),
    });
    expect((c.default_node_pool as Record<string, unknown>).zones).toBeUndefined();
  });

  it("gives the identity that applies it Azure Kubernetes Service RBAC Cluster Admin on the cluster (local accounts are off), unless turned off", () => {
    // given / when
    const doc = build();
    // then the applying principal (from the client config) holds the AKS RBAC cluster-admin role on this cluster
    const admins = resources(doc, "azurerm_role_assignment").filter((r) => r.role_definition_name === "Azure Kubernetes Service RBAC Cluster Admin");
    expect(admins).toHaveLength(1);
    expect(admins[0]).toMatchObject({ principal_id: expect.stringMatching(/^\$\{data\.azurerm_client_config\..*\.object_id\}$/), scope: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\..*\.id\}$/) });
    // and the apply ends 120s after it, so the platform stack applied next is not refused while it propagates
    const admin = Object.keys(doc.resource.azurerm_role_assignment).find((k) => k.startsWith("training_deployer-"));
    const waits = resources(doc, "time_sleep").filter((w) => (w.depends_on as string[]).includes(`azurerm_role_assignment.${admin}`));
    expect(waits).toEqual([expect.objectContaining({ create_duration: "120s", depends_on: [`azurerm_role_assignment.${admin}`] })]);
    // and a cluster whose admins come from groups only can leave it out
    const without = build({ deployerClusterAdmin: false });
    expect(resources(without, "azurerm_role_assignment").filter((r) => r.role_definition_name === "Azure Kubernetes Service RBAC Cluster Admin")).toEqual([]);
    expect(Object.keys(without.resource.time_sleep ?? {}).filter((k) => k.includes("deployer-admin-wait"))).toEqual([]);
  });

  it("enables the AI toolchain operator add-on (managed KAITO) only when asked", () => {
    expect(aks(build()).ai_toolchain_operator_enabled).toBe(false);
    expect(aks(build({ aiToolchainOperator: true })).ai_toolchain_operator_enabled).toBe(true);
  });

  it("names a workload identity so a stack without a reference to it can read it by name", () => {
    const doc = synthAzure((s) => cluster(s).addWorkloadIdentity("training", "training-job"));
    const names = resources(doc, "azurerm_user_assigned_identity").map((i) => i.name);
    expect(names).toContain(AzureTrainingCluster.workloadIdentityName(DEV, "training", "training-job"));
  });

  it("is Standard tier with a larger system pool across zones in prod", () => {
    const c = aks(build({ systemPoolTags: { environment: "acme" } }, PROD));
    expect(c.sku_tier).toBe("Standard");
    expect(c.default_node_pool).toMatchObject({ vm_size: "Standard_D4ads_v5", min_count: 2, max_count: 4, os_disk_size_gb: 128, zones: ["1", "2", "3"], tags: { environment: "acme" } });
    expect(AzureTrainingCluster.defaults("staging").skuTier).toBe("Standard");
    expect(AzureTrainingCluster.defaults("dev").skuTier).toBe("Free");
  });

  it("gives a service account a user-assigned identity federated with the cluster's issuer, keyed by value", () => {
    const doc = synthAzure((s) => {
      const c = cluster(s);
      const a = c.addWorkloadIdentity("training", "trainer");
      expect(c.addWorkloadIdentity("training", "trainer").credential).toBe(a.credential);
      c.addWorkloadIdentity("serving", "api");
      expect(problemsOf(() => c.addWorkloadIdentity("Training", "trainer_1"))).toEqual([expect.stringMatching(/^namespace: takes a Kubernetes namespace/), expect.stringMatching(/^serviceAccount: takes a Kubernetes service account name/)]);
    });
    const creds = resources(doc, "azurerm_federated_identity_credential");
    expect(creds.map((c) => c.subject).sort()).toEqual(["system:serviceaccount:serving:api", "system:serviceaccount:training:trainer"]);
    for (const c of creds) expect(c).toMatchObject({ audience: ["api://AzureADTokenExchange"], issuer: expect.stringMatching(/azurerm_kubernetes_cluster\.training_cluster_\w+\.oidc_issuer_url/) });
    expect(Object.keys(doc.resource.azurerm_federated_identity_credential)).toEqual(expect.arrayContaining([expect.stringMatching(/^training_workload-training-trainer-[0-9a-f]{8}_credential_/)]));
    expect(resources(doc, "azurerm_user_assigned_identity").map((i) => i.name)).toEqual(expect.arrayContaining(["acme-dev-training-trainer", "acme-dev-serving-api"]));
  });

  it("rejects ranges that overlap the VNet or each other, and channels and tiers AKS does not know", () => {
    expect(problemsOf(() => build({ podCidr: "10.20.0.0/16", serviceCidr: "10.20.128.0/17" }))).toEqual([
      expect.stringMatching(/^podCidr: must not overlap the VNet 10\.20\.0\.0\/16/),
      expect.stringMatching(/^serviceCidr: must not overlap the VNet/),
      expect.stringMatching(/^serviceCidr: must not overlap the pod CIDR/),
    ]);
    expect(problemsOf(() => build({ serviceCidr: "10.0.0.0/8" }))).toEqual([expect.stringMatching(/^serviceCidr: takes a private, aligned IPv4 CIDR block from \/12 to \/28 \(got "10\.0\.0\.0\/8"\)/)]);
    expect(problemsOf(() => build({ upgradeChannel: "weekly" as never, skuTier: "Gold" as never, systemNodes: { min: 0, max: 1 } }))).toEqual([
      expect.stringMatching(/^upgradeChannel: The cluster upgrade channel accepts patch, rapid/),
      expect.stringMatching(/^skuTier: The AKS tier accepts Free, Standard, Premium \(got "Gold"\)/),
      expect.stringMatching(/^systemNodes\.min: .*at least 1 \(got 0\)/),
    ]);
  });

  it("runs cluster and node OS upgrades in weekly maintenance windows: Saturday before prod, Sunday in prod", () => {
    // given dev and prod defaults
    const window = (doc: ReturnType<typeof build>, key: string) => only(doc, "azurerm_kubernetes_cluster")[key];
    const dev = build();
    expect(window(dev, "maintenance_window_auto_upgrade")).toEqual({ frequency: "Weekly", interval: 1, day_of_week: "Saturday", start_time: "02:00", utc_offset: "+00:00", duration: 4 });
    expect(window(dev, "maintenance_window_node_os")).toEqual({ frequency: "Weekly", interval: 1, day_of_week: "Saturday", start_time: "06:00", utc_offset: "+00:00", duration: 4 });
    expect(window(build({}, PROD), "maintenance_window_auto_upgrade")).toMatchObject({ day_of_week: "Sunday", start_time: "02:00" });
    // when given its own windows
    const own = build({ maintenanceWindows: { autoUpgrade: { dayOfWeek: "Wednesday", startTimeUtc: "22:30", durationHours: 6 }, nodeOs: { dayOfWeek: "Thursday", startTimeUtc: "04:00", durationHours: 8 } } });
    expect(window(own, "maintenance_window_node_os")).toMatchObject({ day_of_week: "Thursday", start_time: "04:00", duration: 8 });
  });

  it("rejects maintenance windows AKS refuses", () => {
    const bad = { autoUpgrade: { dayOfWeek: "Someday" as never, startTimeUtc: "25:00", durationHours: 2 }, nodeOs: { dayOfWeek: "Sunday" as const, startTimeUtc: "06:00", durationHours: 30 } };
    expect(problemsOf(() => build({ maintenanceWindows: bad }))).toEqual([
      expect.stringMatching(/^maintenanceWindows\.autoUpgrade\.dayOfWeek: The maintenance day accepts Sunday/),
      expect.stringMatching(/^maintenanceWindows\.autoUpgrade\.startTimeUtc: takes a UTC time HH:mm/),
      expect.stringMatching(/^maintenanceWindows\.autoUpgrade\.durationHours: .*from 4 to 24 \(got 2\)/),
      expect.stringMatching(/^maintenanceWindows\.nodeOs\.durationHours: .*from 4 to 24 \(got 30\)/),
    ]);
  });
});
