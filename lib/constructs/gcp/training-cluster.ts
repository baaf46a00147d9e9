import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, protectionDefaults, type EnvironmentIdentity, type IPrincipal } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { stableId } from "../private/stable-id";
import type { IGcpEncryptionKey } from "./encryption-key";
import type { IGcpClusterNetwork } from "./network";
import { isPrivate, parseCidr } from "./private/cidr";
import { checkLabels } from "./private/labels";

/** GKE release channels (provider doc, `release_channel.channel`). */
export const RELEASE_CHANNELS = ["RAPID", "REGULAR", "STABLE", "EXTENDED"] as const;
export type ReleaseChannel = (typeof RELEASE_CHANNELS)[number];

/** Boot disk of each system node, GB (pd-balanced). */
export const SYSTEM_NODE_DISK_GB = 50;

/** Zones GKE spreads a regional cluster's node pools over when no node locations are given. */
export const REGIONAL_CLUSTER_ZONES = 3;

/** Roles of the nodes' own service account: GKE's least-privilege node role, and pulling images. */
export const NODE_ROLES = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"] as const;

/** Props of {@link GcpTrainingCluster}. */
export interface GcpTrainingClusterProps {
  /** The environment; the cluster is named `<name>-<tier>-training`. */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the cluster. */
  readonly project: string;
  /** The region; a regional cluster spans its zones. */
  readonly region: string;
  /** The VPC, subnet and secondary ranges the cluster uses. */
  readonly network: IGcpClusterNetwork;
  /** Key for Kubernetes secrets (application-layer encryption) and node boot disks. */
  readonly encryptionKey: IGcpEncryptionKey;
  /** Run the control plane and nodes in every zone of the region. @default - regional in prod, zonal otherwise */
  readonly regional?: boolean;
  /** The zone of a zonal cluster, in the region. @default - `<region>-b` */
  readonly zone?: string;
  /** GKE release channel. @default - STABLE in prod, REGULAR otherwise */
  readonly releaseChannel?: ReleaseChannel;
  /** GKE deletion protection. @default - on outside dev */
  readonly deletionProtection?: boolean;
  /** More private CIDR blocks allowed to reach the private control plane, beside the nodes' subnet. @default [] */
  readonly authorizedNetworks?: readonly string[];
  /** Let kubectl reach the control plane's DNS endpoint from outside the VPC (still IAM-checked). @default false */
  readonly dnsEndpointExternalAccess?: boolean;
  /** Turn on GKE multi-networking, which A3 GPU pools with extra NICs need. @default false */
  readonly multiNetworking?: boolean;
  /** Machine type of the system pool. @default "e2-standard-2" */
  readonly systemMachineType?: string;
  /** Node count bounds of the system pool, across zones; a regional cluster needs a maximum of at least 3 (a node per zone at creation). @default - { min: 1, max: 2 } dev, { min: 1, max: 3 } staging, { min: 3, max: 6 } prod (a regional cluster's maximum at least 3) */
  readonly systemNodes?: { readonly min: number; readonly max: number };
  /** Labels for the cluster and its nodes (`resource_labels`, which provider default labels do not reach). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Turn on the Lustre CSI driver's legacy port (6988), which Managed Lustre instances with GKE support need; it works around a port conflict with the GKE metadata server (provider doc). @default false */
  readonly lustreLegacyPort?: boolean;
}

type Settings = Pick<GcpTrainingClusterProps, "regional" | "zone" | "releaseChannel" | "deletionProtection" | "systemMachineType" | "systemNodes" | "authorizedNetworks" | "labels">;

/**
 * A private GKE Standard cluster for training: private nodes and a private endpoint
 * reachable from the VPC only, Workload Identity, secrets encrypted with the key,
 * Dataplane V2, a release channel, shielded nodes, DCGM metrics with managed
 * Prometheus, the Cloud Storage FUSE and Managed Lustre CSI drivers, deletion
 * protection by tier, and a small system pool on its own least-privilege service
 * account. Accelerator pools are added with `GcpAcceleratorNodePool`.
 */
export class GcpTrainingCluster extends Construct {
  public readonly cluster: ContainerCluster;
  public readonly systemPool: ContainerNodePool;
  /** The nodes' service account (system and accelerator pools). */
  public readonly nodeServiceAccount: ServiceAccount;
  public readonly clusterName: string;
  /** The cluster's location: a region, or a zone. */
  public readonly location: string;
  /** Zones node pools may use: the zone of a zonal cluster, or none (every zone of the region). */
  public readonly zones: readonly string[];
  public readonly project: string;
  public readonly region: string;
  /** `<project>.svc.id.goog`. */
  public readonly workloadPool: string;
  public readonly regional: boolean;
  /** The environment's tier, which the pools' defaults follow. */
  public readonly tier: Tier;
  public readonly releaseChannel: ReleaseChannel;
  public readonly deletionProtection: boolean;
  /** Whether GKE multi-networking is on (extra node NICs, as multi-node A3 and A4 pools need). */
  public readonly multiNetworking: boolean;
  public readonly systemMachineType: string;
  public readonly systemNodes: { readonly min: number; readonly max: number };
  public readonly labels: Readonly<Record<string, string>>;
  public readonly encryptionKey: IGcpEncryptionKey;
  private readonly identities = new Set<string>();

  /** What the cluster uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly regional: boolean; readonly releaseChannel: ReleaseChannel; readonly deletionProtection: boolean; readonly systemMachineType: string; readonly systemNodes: { readonly min: number; readonly max: number } } {
    return {
      regional: tier === "prod",
      releaseChannel: tier === "prod" ? "STABLE" : "REGULAR",
      deletionProtection: protectionDefaults(tier).deletionProtection,
      systemMachineType: "e2-standard-2",
      systemNodes: perTier(tier, { dev: { min: 1, max: 2 }, staging: { min: 1, max: 3 }, prod: { min: 3, max: 6 } }),
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped); `region` checks the zone. */
  public static validate(settings: Partial<Settings>, region?: string): readonly ValidationProblem[] {
    const checks = new Checks().oneOf("releaseChannel", settings.releaseChannel, RELEASE_CHANNELS, "A GKE release channel").bounds("systemNodes", settings.systemNodes, 1, "The system pool's node count");
    if (settings.regional && settings.systemNodes) {
      checks.check("systemNodes.max", settings.systemNodes.max, (max) => (max >= REGIONAL_CLUSTER_ZONES ? undefined : `a regional cluster starts its system pool with a node in each of its ${REGIONAL_CLUSTER_ZONES} zones: set a maximum of at least ${REGIONAL_CLUSTER_ZONES} (got ${max}), or regional: false`));
    }
    if (settings.regional) checks.check("zone", settings.zone, (z) => `applies to zonal clusters only; a regional cluster spans the region (got ${show(z)}); drop it or set regional: false`);
    if (region !== undefined && !isUnknown(region)) {
      checks.check("zone", settings.zone, (z) => (z.startsWith(`${region}-`) && /^[a-z]+-[a-z]+\d+-[a-z]$/.test(z) ? undefined : `must be a zone of ${show(region)}, like "${region}-b" (got ${show(z)})`));
    }
    (settings.authorizedNetworks ?? []).forEach((cidr, i) =>
      checks.check(`authorizedNetworks.${i}`, cidr, (c) => {
        const parsed = parseCidr(c);
        return parsed && isPrivate(parsed) ? undefined : `the control plane is private: authorize private (RFC 1918) CIDR blocks only (got ${show(c)})`;
      }),
    );
    checkLabels(checks, "labels", settings.labels);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: GcpTrainingClusterProps) {
    super(scope, id);
    markComponent(this, "training");
    const defaults = GcpTrainingCluster.defaults(props.environment.tier);
    this.regional = props.regional ?? defaults.regional;
    this.releaseChannel = props.releaseChannel ?? defaults.releaseChannel;
    this.deletionProtection = props.deletionProtection ?? defaults.deletionProtection;
    this.multiNetworking = props.multiNetworking ?? false;
    this.systemMachineType = props.systemMachineType ?? defaults.systemMachineType;
    // A regional cluster starts with a node per zone: its default maximum is at least the zones it spreads over.
    this.systemNodes = props.systemNodes ?? (this.regional ? { min: defaults.systemNodes.min, max: Math.max(defaults.systemNodes.max, REGIONAL_CLUSTER_ZONES) } : defaults.systemNodes);
    this.labels = props.labels ?? {};
    this.project = props.project;
    this.region = props.region;
    this.tier = props.environment.tier;
    this.encryptionKey = props.encryptionKey;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.clusterName = namer.name("gke-cluster", "environment.name", "training");
    const accountId = namer.name("gcp-service-account", "environment.name", "gke-nodes");
    problems.addAll(namer.found);
    problems.addAll(GcpTrainingCluster.validate({ ...props, regional: this.regional, releaseChannel: this.releaseChannel, systemNodes: this.systemNodes }, props.region));
    problems.throwIfAny(`GcpTrainingCluster ${this.node.path}`);

    const zone = props.zone ?? `${props.region}-b`;
    this.location = this.regional ? props.region : zone;
    this.zones = this.regional ? [] : [zone];
    this.workloadPool = `${props.project}.svc.id.goog`;

    this.nodeServiceAccount = new ServiceAccount(this, "nodes", { project: props.project, accountId, displayName: `GKE nodes of ${this.clusterName}` });
    const roles = NODE_ROLES.map(
      (role) => new ProjectIamMember(this, `nodes-${role.split("/")[1].replace(/\./g, "-")}`, { project: props.project, role, member: this.nodeServiceAccount.member }),
    );

    this.cluster = new ContainerCluster(this, "cluster", {
      project: props.project,
      name: this.clusterName,
      location: this.location,
      network: props.network.networkId,
      subnetwork: props.network.subnetId,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: { clusterSecondaryRangeName: props.network.podsRangeName, servicesSecondaryRangeName: props.network.servicesRangeName },
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      deletionProtection: this.deletionProtection,
      releaseChannel: { channel: this.releaseChannel },
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
      // Never empty: an empty block would re-open IP access (terraform-google-kubernetes-engine #2216).
      masterAuthorizedNetworksConfig: {
        gcpPublicCidrsAccessEnabled: false,
        cidrBlocks: [props.network.ranges.nodes, ...(props.authorizedNetworks ?? [])].map((cidrBlock, i) => ({ cidrBlock, displayName: i === 0 ? "nodes" : `authorized-${i}` })),
      },
      controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: props.dnsEndpointExternalAccess ?? false } },
      workloadIdentityConfig: { workloadPool: this.workloadPool },
      databaseEncryption: { state: "ENCRYPTED", keyName: props.encryptionKey.keyId },
      datapathProvider: "ADVANCED_DATAPATH",
      // Dataplane V2 enforces network policy itself; written out so scanners see it was chosen.
      networkPolicy: { enabled: false, provider: "PROVIDER_UNSPECIFIED" },
      // Multi-networking needs Dataplane V2, set above (GKE "Set up multi-network support for Pods").
      enableMultiNetworking: this.multiNetworking,
      enableShieldedNodes: true,
      enableLegacyAbac: false,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] },
      monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS", "DCGM"], managedPrometheus: { enabled: true } },
      addonsConfig: {
        gcsFuseCsiDriverConfig: { enabled: true },
        gcePersistentDiskCsiDriverConfig: { enabled: true },
        // Managed Lustre instances with GKE support listen on 6988 (provider doc, `enable_legacy_lustre_port`): on only where such an instance is used.
        lustreCsiDriverConfig: { enabled: true, enableLegacyLustrePort: props.lustreLegacyPort ?? false },
      },
      clusterAutoscaling: { autoscalingProfile: props.environment.tier === "prod" ? "BALANCED" : "OPTIMIZE_UTILIZATION" },
      costManagementConfig: { enabled: true },
      resourceLabels: Object.keys(this.labels).length > 0 ? { ...this.labels } : undefined,
      ...this.defaultPoolSettings(),
      // GKE encrypts secrets through its service agent; the transient default pool boots on the nodes' account with a CMEK disk: the grants come first.
      dependsOn: [...props.encryptionKey.dependablesFor("gke"), ...roles, ...props.encryptionKey.dependablesFor("compute")],
    });

    this.systemPool = new ContainerNodePool(this, "system", {
      project: props.project,
      name: "system",
      cluster: this.cluster.id,
      location: this.location,
      autoscaling: { totalMinNodeCount: this.systemNodes.min, totalMaxNodeCount: this.systemNodes.max, locationPolicy: "BALANCED" },
      ...this.systemInitialNodes(),
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: this.nodeConfig({ machineType: this.systemMachineType, diskSizeGb: SYSTEM_NODE_DISK_GB }),
      dependsOn: [...roles, ...props.encryptionKey.dependablesFor("compute")],
    });
  }

  /**
   * The system pool's initial size: `initial_node_count` is per zone in a regional cluster
   * (GKE spreads its nodes over {@link REGIONAL_CLUSTER_ZONES} zones) and changing it forces
   * the pool's replacement (provider doc): per zone, within the total bounds, and ignored
   * after creation, so tuning `systemNodes` never replaces the pool.
   */
  private systemInitialNodes(): { initialNodeCount: number; lifecycle: { ignoreChanges: string[] } } {
    const perZone = this.regional ? Math.max(1, Math.floor(this.systemNodes.min / REGIONAL_CLUSTER_ZONES)) : this.systemNodes.min;
    return { initialNodeCount: perZone, lifecycle: { ignoreChanges: ["initial_node_count"] } };
  }

  /**
   * The transient default pool (made, then removed, at creation) boots like the others: on
   * the nodes' service account, shielded, with a CMEK boot disk, so an organization that
   * restricts the default Compute Engine account or non-CMEK disks does not block the
   * cluster. Changes are ignored: the pool no longer exists (cluster-toolkit gke-cluster does the same).
   */
  private defaultPoolSettings(): { nodeConfig: NonNullable<ConstructorParameters<typeof ContainerCluster>[2]["nodeConfig"]>; lifecycle: { ignoreChanges: string[] } } {
    return {
      nodeConfig: {
        serviceAccount: this.nodeServiceAccount.email,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        bootDiskKmsKey: this.encryptionKey.keyId,
        diskType: "pd-balanced",
      },
      lifecycle: { ignoreChanges: ["node_config"] },
    };
  }

  /** The node settings every pool of the cluster shares: own service account, shielded COS nodes, GKE metadata server, CMEK boot disk, labels. */
  public nodeConfig(extra: { readonly machineType: string; readonly diskSizeGb: number; readonly diskType?: string }): NonNullable<ConstructorParameters<typeof ContainerNodePool>[2]["nodeConfig"]> {
    return {
      machineType: extra.machineType,
      diskSizeGb: extra.diskSizeGb,
      diskType: extra.diskType ?? "pd-balanced",
      imageType: "COS_CONTAINERD",
      serviceAccount: this.nodeServiceAccount.email,
      oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      workloadMetadataConfig: { mode: "GKE_METADATA" },
      bootDiskKmsKey: this.encryptionKey.keyId,
      metadata: { "disable-legacy-endpoints": "true" },
      resourceLabels: Object.keys(this.labels).length > 0 ? { ...this.labels } : undefined,
    };
  }

  /**
   * A Google service account for pods running as Kubernetes service account
   * `<namespace>/<serviceAccount>` (Workload Identity): returns the principal to grant
   * access to (e.g. `bucket.grantReadWrite(identity)`). Keyed by the Kubernetes
   * identity, so adding another leaves this one's address alone.
   */
  public addPodIdentity(namespace: string, serviceAccount: string, accountId: string): IPrincipal & { readonly account: ServiceAccount } {
    const k8s = `${namespace}/${serviceAccount}`;
    const problems = new ProblemCollector();
    if (this.identities.has(k8s)) problems.add("addPodIdentity", `${show(k8s)} already has a pod identity: add it once`);
    const namer = new Namer({ name: "", tier: "" });
    namer.given("gcp-service-account", "addPodIdentity.accountId", accountId);
    problems.addAll(namer.found);
    problems.throwIfAny(`GcpTrainingCluster ${this.node.path}`);
    this.identities.add(k8s);
    const id = stableId("pod-identity", k8s, k8s);
    const account = new ServiceAccount(this, id, { project: this.project, accountId, displayName: `Pods of ${k8s} in ${this.clusterName}` });
    new ServiceAccountIamMember(this, `${id}-binding`, {
      serviceAccountId: account.name,
      role: "roles/iam.workloadIdentityUser",
      member: `serviceAccount:${this.workloadPool}[${k8s}]`,
      // The pool exists once the cluster does.
      dependsOn: [this.cluster],
    });
    return { principalId: account.email, account };
  }
}
