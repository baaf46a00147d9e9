import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Annotations, Construct, Op, type ITerraformDependable } from "../../cdk";
import { LlmOpsValidationError, ProblemCollector, type ValidationProblem } from "../../errors";
import { EKS_VERSIONS, kubernetesSupport, today } from "../../catalog/kubernetes";
import { Checks, isUnknown } from "../private/checks";
import { perTier, type Tier } from "../../util/tier";
import { Namer } from "../../naming";
import { IAM_ROLE_ARN_PATTERN } from "../../util/patterns";
import { markComponent, resolveProtection, type EnvironmentIdentity, type IEncryptionKey } from "../common";
import type { IRole } from "./role";
import { AccountInfo } from "./private/account";
import { assumeRolePolicy, policyDocument } from "./private/iam";
import { LOG_RETENTION_BY_TIER, checkLogRetention } from "./private/logs";
import { stableIds } from "../private/stable-id";
import { movedFromPrevious } from "../private/previous-address";

/** Root volume of each system node, GiB (gp3). */
export const SYSTEM_NODE_VOLUME_GIB = 50;

/** Control-plane log types EKS can send to CloudWatch. */
export const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** Log groups Container Insights writes to, under `/aws/containerinsights/<cluster>/`. */
export const CONTAINER_INSIGHTS_LOG_GROUPS = ["application", "dataplane", "host", "performance"] as const;


const POD_IDENTITY_TRUST = policyDocument({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] });

/** Props of {@link AwsTrainingCluster}. */
export interface AwsTrainingClusterProps {
  /** The environment; the cluster is `<name>-<tier>-training`. */
  readonly environment: EnvironmentIdentity;
  /** VPC of the cluster. */
  readonly vpcId: string;
  /** CIDR of the VPC: the private API endpoint accepts HTTPS from it. */
  readonly vpcCidr: string;
  /** Private subnets across zones. */
  readonly subnetIds: readonly string[];
  /** Key that encrypts Kubernetes secrets and control-plane logs. */
  readonly encryptionKey: IEncryptionKey;
  /** Kubernetes minor version, one EKS supports. @default - the catalog's EKS default (EKS_VERSIONS.defaultVersion) */
  readonly kubernetesVersion?: string;
  /** Roles given cluster-admin through access entries; with none, the creator keeps admin rights. @default [] */
  readonly adminRoleArns?: readonly string[];
  /**
   * Instance type of the system node group (x86_64). @default - "t3.large" in dev (8 GiB
   * and 35 pods like m7i.large, burstable CPU, cheaper idle), "m7i.large" otherwise
   */
  readonly systemInstanceType?: string;
  /** System node count bounds (CoreDNS, controllers). @default - min 1, max 3 (min 2 in prod) */
  readonly systemNodes?: { readonly min: number; readonly max: number };
  /** Days control-plane logs are kept. @default - 14 dev, 90 staging, 365 prod */
  readonly logRetentionDays?: number;
  /** EKS deletion protection. @default - off in dev, on otherwise */
  readonly deletionProtection?: boolean;
  /** Install the FSx for Lustre CSI driver (with its role), for clusters that mount a Lustre file system. @default true */
  readonly lustreClient?: boolean;
}

/** What {@link AwsTrainingCluster} uses for props left unset. */
export interface AwsTrainingClusterDefaults {
  readonly kubernetesVersion: string;
  readonly systemInstanceType: string;
  readonly systemNodes: { readonly min: number; readonly max: number };
  readonly logRetentionDays: number;
  readonly deletionProtection: boolean;
}

/** The props {@link AwsTrainingCluster.validate} checks. */
export type AwsTrainingClusterSettings = Partial<Pick<AwsTrainingClusterProps, "kubernetesVersion" | "systemNodes" | "adminRoleArns" | "logRetentionDays">>;

/**
 * An EKS cluster for training: private API endpoint only, secrets encrypted with the
 * customer-managed key, every control-plane log type to an encrypted log group,
 * access entries (API authentication mode, no aws-auth ConfigMap), managed add-ons
 * (VPC CNI, kube-proxy, Pod Identity agent, CoreDNS, FSx for Lustre CSI driver with
 * its own Pod Identity role) and a small on-demand system node group. Accelerator
 * pools are added with {@link AwsAcceleratorNodeGroup}.
 */
export class AwsTrainingCluster extends Construct {
  public readonly cluster: EksCluster;
  /** Cluster name, known at synth. */
  public readonly clusterName: string;
  public readonly clusterArn: string;
  public readonly clusterSecurityGroupId: string;
  /** Role every node runs as; grant it data access through its ARN and name. */
  public readonly nodeRole: IRole;
  public readonly kubernetesVersion: string;
  /** Instance type of the system node group. */
  public readonly systemInstanceType: string;
  public readonly adminRoleArns: readonly string[];
  public readonly systemNodes: { readonly min: number; readonly max: number };
  public readonly logRetentionDays: number;
  public readonly deletionProtection: boolean;
  /** The system node group (add-ons that need nodes wait for it). */
  public readonly systemNodeGroup: EksNodeGroup;
  /** What any node group needs before its nodes join: the node role's policies and the early add-ons. */
  public readonly nodeDependencies: readonly ITerraformDependable[];
  private readonly namer: Namer;

  /** What the cluster uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): AwsTrainingClusterDefaults {
    return {
      kubernetesVersion: EKS_VERSIONS.defaultVersion,
      // t3.medium would halve the price again, but VPC CNI allows it 17 pods: the add-ons'
      // daemon sets and controllers (CoreDNS, FSx and S3 CSI, CloudWatch agent, Fluent Bit,
      // Pod Identity agent) leave too little room for what the platform installs next.
      systemInstanceType: perTier(tier, { dev: "t3.large", staging: "m7i.large", prod: "m7i.large" }),
      systemNodes: { min: perTier(tier, { dev: 1, staging: 1, prod: 2 }), max: 3 },
      logRetentionDays: LOG_RETENTION_BY_TIER[tier],
      deletionProtection: resolveProtection(tier, {}).deletionProtection,
    };
  }

  /**
   * Every problem of the given settings, by prop name (values unknown until apply are
   * skipped). A version EKS no longer supports is a problem; one in extended support
   * or near the end of standard support comes back as a warning (`warnings`).
   */
  public static validate(settings: AwsTrainingClusterSettings, warnings: string[] = []): readonly ValidationProblem[] {
    const checks = new Checks();
    checks.check("kubernetesVersion", settings.kubernetesVersion, (version) => {
      if (!/^1\.\d{2}$/.test(version)) return `must be a Kubernetes minor version like "${EKS_VERSIONS.defaultVersion}" (got ${JSON.stringify(version.slice(0, 20))})`;
      const support = kubernetesSupport(EKS_VERSIONS, version, today());
      if (support.warning) warnings.push(support.warning);
      return support.problem;
    });
    const nodes = settings.systemNodes;
    checks.bounds("systemNodes", nodes, 1, "The system node group (CoreDNS needs a node)");
    for (const [i, arn] of (settings.adminRoleArns ?? []).entries()) {
      checks.check(`adminRoleArns.${i}`, arn, (a) => (IAM_ROLE_ARN_PATTERN.test(a) ? undefined : `must be an IAM role ARN like arn:aws:iam::123456789012:role/admin (got ${JSON.stringify(a.slice(0, 80))})`));
    }
    checkLogRetention(checks, "logRetentionDays", settings.logRetentionDays);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AwsTrainingClusterProps) {
    super(scope, id);
    markComponent(this, "training");
    const tier = props.environment.tier;
    const defaults = AwsTrainingCluster.defaults(tier);
    this.kubernetesVersion = props.kubernetesVersion ?? defaults.kubernetesVersion;
    this.adminRoleArns = props.adminRoleArns ?? [];
    this.systemInstanceType = props.systemInstanceType ?? defaults.systemInstanceType;
    this.systemNodes = props.systemNodes ?? defaults.systemNodes;
    this.logRetentionDays = props.logRetentionDays ?? defaults.logRetentionDays;
    this.deletionProtection = props.deletionProtection ?? defaults.deletionProtection;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.namer = namer;
    this.clusterName = namer.name("eks-cluster", "environment.name", "training");
    const clusterRoleName = namer.name("iam-role", "environment.name", "eks-cluster");
    const nodeRoleName = namer.name("iam-role", "environment.name", "eks-node");
    const fsxRoleName = namer.name("iam-role", "environment.name", "fsx-csi");
    const systemGroupName = namer.name("eks-node-group", "environment.name", "system");
    const systemTemplateName = namer.name("launch-template", "environment.name", "system");
    problems.addAll(namer.found);
    const warnings: string[] = [];
    problems.addAll(AwsTrainingCluster.validate(this, warnings));
    for (const warning of warnings) Annotations.of(this).addWarning(`kubernetesVersion: ${warning}`);
    const { min, max } = this.systemNodes;
    if (!isUnknown(props.subnetIds) && props.subnetIds.length < 2) problems.add("subnetIds", `EKS needs subnets in at least two zones (got ${props.subnetIds.length})`);
    // Keyed by principal ARN (readable part: the role name), so removing one admin leaves the others' entries alone.
    const adminIds = stableIds(this, problems, "adminRoleArns", "admin", this.adminRoleArns, { label: (arn) => arn.slice(arn.lastIndexOf("/") + 1) });
    problems.throwIfAny(`AwsTrainingCluster ${this.node.path}`);

    const base = `${props.environment.name}-${tier}`;
    const account = new AccountInfo(this, "account");
    const managed = (name: string) => `arn:${account.partition}:iam::aws:policy/${name}`;

    const clusterRole = new IamRole(this, "cluster-role", { name: clusterRoleName, assumeRolePolicy: assumeRolePolicy("eks.amazonaws.com") });
    const clusterPolicy = new IamRolePolicyAttachment(this, "cluster-policy", { role: clusterRole.name, policyArn: managed("AmazonEKSClusterPolicy") });
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/eks/${this.clusterName}/cluster`,
      retentionInDays: this.logRetentionDays,
      kmsKeyId: props.encryptionKey.keyId,
    });
    const apiSg = new SecurityGroup(this, "api-sg", {
      name: `${base}-eks-api`,
      description: "HTTPS to the private Kubernetes API from inside the VPC",
      vpcId: props.vpcId,
      ingress: [{ description: "Kubernetes API from the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [props.vpcCidr] }],
      egress: [],
      tags: { Name: `${base}-eks-api` },
    });
    this.cluster = new EksCluster(this, "cluster", {
      name: this.clusterName,
      version: this.kubernetesVersion,
      roleArn: clusterRole.arn,
      vpcConfig: { subnetIds: [...props.subnetIds], endpointPrivateAccess: true, endpointPublicAccess: false, securityGroupIds: [apiSg.id] },
      encryptionConfig: { provider: { keyArn: props.encryptionKey.keyId }, resources: ["secrets"] },
      enabledClusterLogTypes: [...EKS_LOG_TYPES],
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: this.adminRoleArns.length === 0 },
      bootstrapSelfManagedAddons: false,
      upgradePolicy: { supportType: "STANDARD" },
      deletionProtection: this.deletionProtection,
      // Set at creation only: the provider replaces the cluster when it changes, so adding the
      // first admin role later (or removing the last) must not flip it. The creator keeps admin
      // until its access entry is deleted by hand.
      lifecycle: { ignoreChanges: ["access_config[0].bootstrap_cluster_creator_admin_permissions"] },
      dependsOn: [clusterPolicy, logGroup],
    });
    this.clusterArn = this.cluster.arn;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    this.adminRoleArns.forEach((principalArn, i) => {
      // An admin role of another account (say, the example's placeholder) fails at plan with this
      // message, not halfway through the apply; EKS access entries take this account's principals.
      const roleAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(principalArn)?.[1];
      const sameAccount = roleAccount === undefined ? [] : [{ condition: Op.eq(roleAccount, account.accountId), errorMessage: `aws.clusterAdminRoleArns: ${principalArn} belongs to account ${roleAccount}, not the account this stack deploys to; list a role of this account.` }];
      const entry = new EksAccessEntry(this, adminIds[i], { clusterName: this.cluster.name, principalArn, type: "STANDARD", lifecycle: { precondition: sameAccount } });
      const association = new EksAccessPolicyAssociation(this, `${adminIds[i]}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${account.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: "cluster" },
      });
      movedFromPrevious(entry, `admin-${i}`);
      movedFromPrevious(association, `admin-${i}-policy`);
    });

    const nodeRole = new IamRole(this, "node-role", { name: nodeRoleName, assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com") });
    const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy"].map(
      (p) => new IamRolePolicyAttachment(this, `node-${p}`, { role: nodeRole.name, policyArn: managed(p) }),
    );
    this.nodeRole = { principalId: nodeRole.arn, roleArn: nodeRole.arn, roleName: nodeRole.name };

    const addon = (name: string, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}) =>
      new EksAddon(this, `addon-${name}`, {
        clusterName: this.cluster.name,
        addonName: name,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        ...extra,
      });
    const early = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"].map((n) => addon(n));
    this.nodeDependencies = [...nodePolicies, ...early];

    const systemTemplate = new LaunchTemplate(this, "system-template", {
      name: systemTemplateName,
      description: `System nodes of ${base}`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: SYSTEM_NODE_VOLUME_GIB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
      // Burstable system nodes run on their baseline: unlimited credits would bill sustained CPU the idle estimate does not count.
      creditSpecification: this.systemInstanceType.startsWith("t") ? { cpuCredits: "standard" } : undefined,
    });
    this.systemNodeGroup = new EksNodeGroup(this, "system-nodes", {
      clusterName: this.cluster.name,
      nodeGroupName: systemGroupName,
      nodeRoleArn: nodeRole.arn,
      subnetIds: [...props.subnetIds],
      amiType: "AL2023_x86_64_STANDARD",
      instanceTypes: [this.systemInstanceType],
      capacityType: "ON_DEMAND",
      scalingConfig: { minSize: min, maxSize: max, desiredSize: min },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: systemTemplate.id, version: systemTemplate.latestVersion.toString() },
      labels: { "llmops/pool": "system" },
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: [...this.nodeDependencies],
    });

    const afterNodes = { dependsOn: [this.systemNodeGroup] };
    addon("coredns", afterNodes);
    if (props.lustreClient ?? true) {
      // The FSx CSI driver mounts file systems created here (static provisioning): it
      // only needs to describe them, through its own Pod Identity role.
      const fsxRole = new IamRole(this, "fsx-csi-role", { name: fsxRoleName, assumeRolePolicy: POD_IDENTITY_TRUST });
      new IamRolePolicy(this, "fsx-csi-policy", {
        role: fsxRole.name,
        name: "describe-file-systems",
        policy: policyDocument({ Effect: "Allow", Action: ["fsx:DescribeFileSystems", "fsx:DescribeVolumes"], Resource: "*" }),
      });
      addon("aws-fsx-csi-driver", { ...afterNodes, podIdentityAssociation: [{ roleArn: fsxRole.arn, serviceAccount: "fsx-csi-controller-sa" }] });
    }

    // Container Insights (with GPU and Neuron metrics) feeds the accelerator alarms. Its
    // log groups are made here, so they get the key and a retention (the agent would
    // otherwise create them unencrypted, kept forever).
    const insightsGroups = CONTAINER_INSIGHTS_LOG_GROUPS.map(
      (kind) =>
        new CloudwatchLogGroup(this, `insights-${kind}`, {
          name: `/aws/containerinsights/${this.clusterName}/${kind}`,
          retentionInDays: this.logRetentionDays,
          kmsKeyId: props.encryptionKey.keyId,
        }),
    );
    const cwRole = new IamRole(this, "cloudwatch-agent-role", { name: namer.name("iam-role", "environment.name", "cw-agent"), assumeRolePolicy: POD_IDENTITY_TRUST });
    new IamRolePolicyAttachment(this, "cloudwatch-agent-policy", { role: cwRole.name, policyArn: managed("CloudWatchAgentServerPolicy") });
    addon("amazon-cloudwatch-observability", {
      dependsOn: [this.systemNodeGroup, ...insightsGroups],
      podIdentityAssociation: [{ roleArn: cwRole.arn, serviceAccount: "cloudwatch-agent" }],
    });
  }

  /**
   * A role that pods of one Kubernetes service account assume through Pod Identity;
   * grant it data access with the stores' `grant*` methods. `id` is a fixed construct
   * id, `purpose` one short word in the role name.
   */
  public addPodRole(id: string, props: { readonly purpose: string; readonly namespace: string; readonly serviceAccount: string }): IRole {
    const name = this.namer.name("iam-role", "purpose", props.purpose);
    if (this.namer.found.length > 0) throw new LlmOpsValidationError(`AwsTrainingCluster ${this.node.path}`, this.namer.found);
    const role = new IamRole(this, `${id}-role`, { name, assumeRolePolicy: POD_IDENTITY_TRUST });
    new EksPodIdentityAssociation(this, `${id}-association`, { clusterName: this.cluster.name, namespace: props.namespace, serviceAccount: props.serviceAccount, roleArn: role.arn });
    return { principalId: role.arn, roleArn: role.arn, roleName: role.name };
  }
}
