import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct, type ITerraformDependable } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { formatCidr, isAligned, isPrivate, overlaps, parseCidr, type Cidr } from "../private/cidr";
import { stableId } from "../private/stable-id";
import { ROLES, WEEKDAYS } from "./private/facts";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { assignRole, roleWait } from "./private/roles";
import type { IAzureEncryptionKey, IAzureIdentity } from "./key-vault";
import type { AzureNetwork } from "./network";

/** What the cluster needs of its network. */
export type IAzureClusterNetwork = Pick<AzureNetwork, "resourceGroupName" | "location" | "cidr" | "virtualNetwork" | "nodesSubnet" | "apiServerSubnet" | "egressDependables" | "clusterPrivateDnsZone">;

/** AKS cluster auto-upgrade channels (azurerm `automatic_upgrade_channel`). */
export const UPGRADE_CHANNELS = ["patch", "rapid", "stable", "node-image", "none"] as const;
/** AKS node OS upgrade channels (azurerm `node_os_upgrade_channel`). */
export const NODE_OS_CHANNELS = ["NodeImage", "SecurityPatch", "Unmanaged", "None"] as const;

/** A weekly AKS maintenance window, in UTC. */
export interface AzureAksMaintenanceWindow {
  /** Day of the week, e.g. `Sunday`. */
  readonly dayOfWeek: (typeof WEEKDAYS)[number];
  /** Start, `HH:mm` UTC. */
  readonly startTimeUtc: string;
  /** Length in hours, 4-24 (AKS needs at least 4). */
  readonly durationHours: number;
}

/** Props of {@link AzureTrainingCluster}. */
export interface AzureTrainingClusterProps {
  /** The environment; the cluster is named `<name>-<tier>-aks`. */
  readonly environment: EnvironmentIdentity;
  /** The network: nodes in its nodes subnet (egress through its NAT gateway), the API server in its delegated subnet. */
  readonly network: IAzureClusterNetwork;
  /** The key that encrypts etcd (KMS, private vault): its versioned id is used, and moves to a new version on the apply after a rotation (an in-place cluster update); give it a key whose versions do not expire (`AzureKeyVault.addKey` with `expires: false`): KMS cannot decrypt secrets under an expired version. */
  readonly encryptionKey: IAzureEncryptionKey;
  /** Kubernetes version, e.g. `1.33`. @default - the region's default version */
  readonly kubernetesVersion?: string;
  /** Entra ID groups given cluster-admin. @default [] */
  readonly adminGroupObjectIds?: readonly string[];
  /**
   * Whether the identity that applies the stack gets Azure Kubernetes Service RBAC Cluster
   * Admin on the cluster: local accounts are off, so without it (or an admin group it is
   * in) the platform stack's Helm and Kubernetes calls are refused. @default true
   */
  readonly deployerClusterAdmin?: boolean;
  /** Pod CIDR of the overlay (each node takes a /24; it can grow, never shrink); must not overlap the VNet. @default "10.244.0.0/16" */
  readonly podCidr?: string;
  /** Service CIDR, /12 or smaller; must not overlap the VNet or the pods. @default "10.0.0.0/16" */
  readonly serviceCidr?: string;
  /** Cluster auto-upgrade channel. @default "patch" */
  readonly upgradeChannel?: (typeof UPGRADE_CHANNELS)[number];
  /** Node OS upgrade channel. @default "NodeImage" */
  readonly nodeOsUpgradeChannel?: (typeof NODE_OS_CHANNELS)[number];
  /** When cluster and node OS upgrades may run (weekly windows, so they do not land during training runs at random). @default - cluster Saturday 02:00 UTC and node OS Saturday 06:00, 4 hours each, in dev and staging; Sunday in prod */
  readonly maintenanceWindows?: { readonly autoUpgrade: AzureAksMaintenanceWindow; readonly nodeOs: AzureAksMaintenanceWindow };
  /** Control plane tier. @default - "Free" in dev (no SLA), "Standard" otherwise */
  readonly skuTier?: "Free" | "Standard" | "Premium";
  /** VM size of the system pool (Ephemeral OS disk: it must fit the size's cache or temp disk). @default - Standard_D2ads_v5 in dev, Standard_D4ads_v5 otherwise */
  readonly systemVmSize?: string;
  /** System pool node count bounds (autoscaled). @default - { min: 1, max: 2 } in dev, { min: 2, max: 4 } otherwise */
  readonly systemNodes?: { readonly min: number; readonly max: number };
  /** OS disk of system nodes, GiB (Ephemeral: at most the size's temp disk). @default - 64 in dev, 128 otherwise */
  readonly systemOsDiskGb?: number;
  /** Enable the AI toolchain operator add-on (managed KAITO: the Workspace CRD that {@link AzureOpenModelServing}'s KAITO engine needs). @default false */
  readonly aiToolchainOperator?: boolean;
  /** Tags of the system pool's VMs: the tagging aspect cannot reach this nested block. @default {} */
  readonly systemPoolTags?: Readonly<Record<string, string>>;
  /** The cluster's `storage_profile`: `blobDriverEnabled` turns on the managed Blob CSI driver (`AzureObjectMount.clusterStorageProfile`); the disk, file and snapshot drivers keep AKS's defaults (on). @default - none: AKS's defaults, Blob CSI off */
  readonly storageProfile?: { readonly blobDriverEnabled?: boolean };
}

type Settings = Pick<AzureTrainingClusterProps, "podCidr" | "serviceCidr" | "upgradeChannel" | "nodeOsUpgradeChannel" | "skuTier" | "systemNodes" | "systemOsDiskGb" | "maintenanceWindows">;

/** A Kubernetes name (namespace or service account): DNS-1123 label. */
const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A private AKS cluster for training: API server VNet integration in the delegated
 * subnet (required with a private KMS vault), no public FQDN; Azure CNI overlay with the
 * Cilium data plane and network policy; egress through the network's NAT gateway;
 * workload identity with the OIDC issuer; Entra ID with Azure RBAC and local accounts
 * off; etcd secrets encrypted with the vault key (KMS, private vault); user-assigned
 * cluster and kubelet identities with the grants AKS needs (Network Contributor on the
 * VNet, which holds the API server and node subnets; Private DNS Zone Contributor on the
 * API server's private DNS zone, the network's {@link AzureNetwork.clusterPrivateDnsZone},
 * linked to the VNet and the Terraform runner's VNets so the runner resolves the API
 * server; Key Vault Crypto User on the key and Key Vault Contributor on the vault for KMS,
 * Managed Identity Operator on the kubelet identity), all made before the cluster;
 * cluster and node OS upgrade channels; Free tier in dev, Standard otherwise; an
 * autoscaled system pool for critical add-ons only, host encryption, Ephemeral OS disks,
 * across zones outside dev.
 *
 * Before you apply: host encryption needs the subscription feature
 * `Microsoft.Compute/EncryptionAtHost` registered.
 */
export class AzureTrainingCluster extends Construct {
  public readonly cluster: KubernetesCluster;
  public readonly clusterIdentity: IAzureIdentity;
  public readonly kubeletIdentity: IAzureIdentity;
  public readonly tier: Tier;
  public readonly location: string;
  public readonly resourceGroupName: string;
  public readonly clusterName: string;
  public readonly podCidr: string;
  public readonly serviceCidr: string;
  public readonly upgradeChannel: string;
  public readonly nodeOsUpgradeChannel: string;
  public readonly skuTier: string;
  public readonly systemNodes: { readonly min: number; readonly max: number };
  /** The weekly windows cluster and node OS upgrades run in. */
  public readonly maintenanceWindows: { readonly autoUpgrade: AzureAksMaintenanceWindow; readonly nodeOs: AzureAksMaintenanceWindow };
  /** The nodes subnet's id: node pools join it. */
  public readonly nodesSubnetId: string;
  /** The cluster's OIDC issuer URL, for federated credentials. */
  public readonly oidcIssuerUrl: string;
  /** The `storage_profile` set on the cluster (undefined: AKS's defaults). */
  public readonly storageProfile?: { readonly blobDriverEnabled?: boolean };
  /** The applying identity's cluster-admin role on the cluster (see `deployerClusterAdmin`); undefined when turned off. The environment's apply ends 120 s after it (a `time_sleep`), so the platform stack applied next finds it in effect. */
  public readonly deployerAdmin?: RoleAssignment;
  /** Grants and network associations the cluster waited for: node pools wait for them too. */
  public readonly dependables: readonly ITerraformDependable[];
  private readonly environment: EnvironmentIdentity;

  /** What the cluster uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): Required<Omit<Settings, never>> & { readonly systemVmSize: string } {
    const dev = tier === "dev";
    return {
      podCidr: "10.244.0.0/16",
      serviceCidr: "10.0.0.0/16",
      upgradeChannel: "patch",
      nodeOsUpgradeChannel: "NodeImage",
      skuTier: perTier(tier, { dev: "Free", staging: "Standard", prod: "Standard" }),
      systemVmSize: dev ? "Standard_D2ads_v5" : "Standard_D4ads_v5",
      systemNodes: dev ? { min: 1, max: 2 } : { min: 2, max: 4 },
      systemOsDiskGb: dev ? 64 : 128,
      maintenanceWindows: (() => {
        const dayOfWeek = tier === "prod" ? "Sunday" : "Saturday";
        return { autoUpgrade: { dayOfWeek, startTimeUtc: "02:00", durationHours: 4 }, nodeOs: { dayOfWeek, startTimeUtc: "06:00", durationHours: 4 } };
      })(),
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings> & { readonly vnetCidr?: string }): readonly ValidationProblem[] {
    const checks = new Checks()
      .oneOf("upgradeChannel", settings.upgradeChannel, UPGRADE_CHANNELS, "The cluster upgrade channel")
      .oneOf("nodeOsUpgradeChannel", settings.nodeOsUpgradeChannel, NODE_OS_CHANNELS, "The node OS upgrade channel")
      .oneOf("skuTier", settings.skuTier, ["Free", "Standard", "Premium"], "The AKS tier")
      .bounds("systemNodes", settings.systemNodes, 1, "The system pool")
      .int("systemOsDiskGb", settings.systemOsDiskGb, 30, 2048, "The system nodes' OS disk (GiB)");
    for (const kind of ["autoUpgrade", "nodeOs"] as const) {
      const w = settings.maintenanceWindows?.[kind];
      if (!w) continue;
      checks
        .oneOf(`maintenanceWindows.${kind}.dayOfWeek`, w.dayOfWeek, WEEKDAYS, "The maintenance day")
        .check(`maintenanceWindows.${kind}.startTimeUtc`, w.startTimeUtc, (t) => (/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(t) ? undefined : `takes a UTC time HH:mm, e.g. "02:00" (got ${show(t)})`))
        .int(`maintenanceWindows.${kind}.durationHours`, w.durationHours, 4, 24, "The maintenance window (hours; AKS needs at least 4)");
    }
    const pods = cidrOf(checks, "podCidr", settings.podCidr, 8, 24);
    const services = cidrOf(checks, "serviceCidr", settings.serviceCidr, 12, 28);
    const vnet = settings.vnetCidr !== undefined && !isUnknown(settings.vnetCidr) ? parseCidr(settings.vnetCidr) : undefined;
    if (pods && vnet && overlaps(pods, vnet)) checks.add("podCidr", settings.podCidr, `must not overlap the VNet ${settings.vnetCidr} (got ${show(settings.podCidr)})`);
    if (services && vnet && overlaps(services, vnet)) checks.add("serviceCidr", settings.serviceCidr, `must not overlap the VNet ${settings.vnetCidr} (got ${show(settings.serviceCidr)})`);
    if (services && pods && overlaps(services, pods)) checks.add("serviceCidr", settings.serviceCidr, `must not overlap the pod CIDR ${settings.podCidr} (got ${show(settings.serviceCidr)})`);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureTrainingClusterProps) {
    super(scope, id);
    markComponent(this, "training");
    const d = AzureTrainingCluster.defaults(props.environment.tier);
    this.environment = props.environment;
    this.tier = props.environment.tier;
    this.location = props.network.location;
    this.resourceGroupName = props.network.resourceGroupName;
    this.podCidr = props.podCidr ?? d.podCidr;
    this.serviceCidr = props.serviceCidr ?? d.serviceCidr;
    this.upgradeChannel = props.upgradeChannel ?? d.upgradeChannel;
    this.nodeOsUpgradeChannel = props.nodeOsUpgradeChannel ?? d.nodeOsUpgradeChannel;
    this.skuTier = props.skuTier ?? d.skuTier;
    this.systemNodes = props.systemNodes ?? d.systemNodes;
    const systemOsDiskGb = props.systemOsDiskGb ?? d.systemOsDiskGb;
    this.maintenanceWindows = props.maintenanceWindows ?? d.maintenanceWindows;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.clusterName = namer.name("aks-cluster", "environment.name", "aks");
    const dnsPrefix = namer.name("aks-dns-prefix", "environment.name");
    const names = { cluster: namer.name("azure-identity", "environment.name", "aks"), kubelet: namer.name("azure-identity", "environment.name", "aks-kubelet") };
    problems.addAll(namer.found);
    problems.addAll(AzureTrainingCluster.validate({ ...this, systemOsDiskGb, skuTier: this.skuTier as Settings["skuTier"], upgradeChannel: this.upgradeChannel as Settings["upgradeChannel"], nodeOsUpgradeChannel: this.nodeOsUpgradeChannel as Settings["nodeOsUpgradeChannel"], vnetCidr: props.network.cidr }));
    problems.throwIfAny(`AzureTrainingCluster ${this.node.path}`);

    const base = { resourceGroupName: this.resourceGroupName, location: this.location };
    this.clusterIdentity = identityOf(new UserAssignedIdentity(this, "identity", { ...base, name: names.cluster }));
    this.kubeletIdentity = identityOf(new UserAssignedIdentity(this, "kubelet-identity", { ...base, name: names.kubelet }));
    const key = props.encryptionKey;
    const dns = props.network.clusterPrivateDnsZone();
    const grants = [
      assignRole(this, "cluster", this.clusterIdentity, ROLES.privateDnsZoneContributor, dns.zone.id),
      assignRole(this, "cluster", this.clusterIdentity, ROLES.networkContributor, props.network.virtualNetwork.id),
      assignRole(this, "cluster", this.clusterIdentity, ROLES.managedIdentityOperator, this.kubeletIdentity.identityId),
      assignRole(this, "cluster", this.clusterIdentity, ROLES.keyVaultCryptoUser, key.keyResourceId),
      assignRole(this, "cluster", this.clusterIdentity, ROLES.keyVaultContributor, key.vaultId),
    ];
    // The grants through one wait for their propagation: AKS checks its identity's rights as it creates the cluster.
    this.dependables = [...roleWait(this, grants), ...props.network.egressDependables, ...key.dependables, ...dns.links];
    this.nodesSubnetId = props.network.nodesSubnet.id;
    const client = new DataAzurermClientConfig(this, "client", {});
    const multiZone = this.tier !== "dev";

    this.cluster = new KubernetesCluster(this, "cluster", {
      ...base,
      name: this.clusterName,
      dnsPrefix,
      kubernetesVersion: props.kubernetesVersion,
      skuTier: this.skuTier,
      privateClusterEnabled: true,
      privateClusterPublicFqdnEnabled: false,
      // Ours, not "System": an AKS-managed zone is linked to the cluster's VNet only, and the runner could not resolve the API server.
      privateDnsZoneId: dns.zone.id,
      apiServerAccessProfile: { virtualNetworkIntegrationEnabled: true, subnetId: props.network.apiServerSubnet.id },
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataPlane: "cilium",
        networkPolicy: "cilium",
        podCidr: this.podCidr,
        serviceCidr: this.serviceCidr,
        dnsServiceIp: formatCidr({ base: (parseCidr(this.serviceCidr) as Cidr).base + 10, prefix: 32 }).split("/")[0],
        outboundType: "userAssignedNATGateway",
        loadBalancerSku: "standard",
      },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      roleBasedAccessControlEnabled: true,
      localAccountDisabled: true,
      azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, tenantId: client.tenantId, adminGroupObjectIds: [...(props.adminGroupObjectIds ?? [])] },
      keyManagementService: { keyVaultKeyId: key.versionedKeyId, keyVaultNetworkAccess: "Private" },
      identity: { type: "UserAssigned", identityIds: [this.clusterIdentity.identityId] },
      kubeletIdentity: { clientId: this.kubeletIdentity.clientId, objectId: this.kubeletIdentity.principalId, userAssignedIdentityId: this.kubeletIdentity.identityId },
      automaticUpgradeChannel: this.upgradeChannel,
      nodeOsUpgradeChannel: this.nodeOsUpgradeChannel,
      maintenanceWindowAutoUpgrade: weekly(this.maintenanceWindows.autoUpgrade),
      maintenanceWindowNodeOs: weekly(this.maintenanceWindows.nodeOs),
      aiToolchainOperatorEnabled: props.aiToolchainOperator ?? false,
      storageProfile: props.storageProfile ? { blobDriverEnabled: props.storageProfile.blobDriverEnabled ?? false } : undefined,
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: 48,
      defaultNodePool: {
        name: "system",
        vmSize: props.systemVmSize ?? d.systemVmSize,
        vnetSubnetId: props.network.nodesSubnet.id,
        autoScalingEnabled: true,
        minCount: this.systemNodes.min,
        maxCount: this.systemNodes.max,
        onlyCriticalAddonsEnabled: true,
        hostEncryptionEnabled: true,
        nodePublicIpEnabled: false,
        osDiskType: "Ephemeral",
        osDiskSizeGb: systemOsDiskGb,
        osSku: "Ubuntu",
        zones: multiZone ? ["1", "2", "3"] : undefined,
        temporaryNameForRotation: "systemtmp",
        upgradeSettings: { maxSurge: "10%" },
        tags: props.systemPoolTags ? { ...props.systemPoolTags } : undefined,
      },
      dependsOn: [...this.dependables],
    });
    this.oidcIssuerUrl = this.cluster.oidcIssuerUrl;
    this.storageProfile = props.storageProfile;
    if (props.deployerClusterAdmin ?? true) {
      this.deployerAdmin = assignRole(this, "deployer", { principalId: client.objectId }, ROLES.aksRbacClusterAdmin, this.cluster.id);
      // Its consumer is the platform stack, applied next: the environment's apply ends only after the role has had time to propagate.
      roleWait(this, [this.deployerAdmin], "deployer-admin-wait");
    }
  }

  /**
   * The name {@link addWorkloadIdentity} gives the identity of `namespace/serviceAccount`:
   * a stack that cannot reference it (the platform stack) reads it by this name.
   */
  public static workloadIdentityName(environment: EnvironmentIdentity, namespace: string, serviceAccount: string, namer: Namer = new Namer(environment)): string {
    return namer.name("azure-identity", "namespace", namespace, serviceAccount);
  }

  /**
   * A user-assigned identity that pods of `serviceAccount` in `namespace` run as through
   * workload identity: a federated credential trusts the cluster's OIDC issuer for
   * `system:serviceaccount:<namespace>:<serviceAccount>`. Annotate the service account
   * with `azure.workload.identity/client-id: <clientId>` and label pods
   * `azure.workload.identity/use: "true"`. Keyed by value; asking twice returns the same.
   */
  public addWorkloadIdentity(namespace: string, serviceAccount: string): IAzureIdentity & { readonly credential: FederatedIdentityCredential } {
    const problems = new ProblemCollector();
    if (!isUnknown(namespace) && !K8S_NAME.test(namespace)) problems.add("namespace", `takes a Kubernetes namespace: lowercase letters, digits and hyphens, at most 63 (got ${show(namespace)})`);
    if (!isUnknown(serviceAccount) && !K8S_NAME.test(serviceAccount)) problems.add("serviceAccount", `takes a Kubernetes service account name: lowercase letters, digits and hyphens, at most 63 (got ${show(serviceAccount)})`);
    const namer = new Namer(this.environment);
    const name = AzureTrainingCluster.workloadIdentityName(this.environment, namespace, serviceAccount, namer);
    problems.addAll(namer.found);
    problems.throwIfAny(`AzureTrainingCluster ${this.node.path} addWorkloadIdentity`);
    const id = stableId("workload", `${namespace}/${serviceAccount}`, `${namespace}-${serviceAccount}`);
    const existing = this.node.tryFindChild(id) as Construct | undefined;
    const scope = existing ?? new Construct(this, id);
    const identity = (scope.node.tryFindChild("identity") as UserAssignedIdentity | undefined) ?? new UserAssignedIdentity(scope, "identity", { resourceGroupName: this.resourceGroupName, location: this.location, name });
    const credential =
      (scope.node.tryFindChild("credential") as FederatedIdentityCredential | undefined) ??
      new FederatedIdentityCredential(scope, "credential", {
        resourceGroupName: this.resourceGroupName,
        parentId: identity.id,
        name: `${namespace}-${serviceAccount}`.slice(0, 120),
        audience: ["api://AzureADTokenExchange"],
        issuer: this.cluster.oidcIssuerUrl,
        subject: `system:serviceaccount:${namespace}:${serviceAccount}`,
      });
    return { ...identityOf(identity), credential };
  }
}

function weekly(w: AzureAksMaintenanceWindow) {
  return { frequency: "Weekly", interval: 1, dayOfWeek: w.dayOfWeek, startTime: w.startTimeUtc, utcOffset: "+00:00", duration: w.durationHours };
}

function identityOf(resource: UserAssignedIdentity): IAzureIdentity {
  return { principalId: resource.principalId, identityId: resource.id, clientId: resource.clientId, principalType: "ServicePrincipal" };
}

function cidrOf(checks: Checks, path: string, value: string | undefined, minPrefix: number, maxPrefix: number): Cidr | undefined {
  if (value === undefined || isUnknown(value)) return undefined;
  const c = parseCidr(value);
  if (!c || !isAligned(c) || !isPrivate(c) || c.prefix < minPrefix || c.prefix > maxPrefix) {
    checks.add(path, value, `takes a private, aligned IPv4 CIDR block from /${minPrefix} to /${maxPrefix} (got ${show(value)})`);
    return undefined;
  }
  return c;
}
