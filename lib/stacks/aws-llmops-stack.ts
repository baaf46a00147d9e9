import { registerCloudPart } from "../cloud-modules";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "../cdk";
import { AwsAcceleratorNodeGroup } from "../constructs/aws/accelerator-node-group";
import { AwsAlertTopic } from "../constructs/aws/alert-topic";
import { AwsAuroraVectorStore } from "../constructs/aws/aurora-vector-store";
import { AwsBudget } from "../constructs/aws/budget";
import { AwsClusterAutoscalerRole } from "../constructs/aws/cluster-autoscaler-role";
import { AwsEncryptionKey } from "../constructs/aws/encryption-key";
import { AwsInferenceEndpoint } from "../constructs/aws/inference-endpoint";
import { AwsLustreFileSystem } from "../constructs/aws/lustre-file-system";
import { AwsMonitoring } from "../constructs/aws/monitoring";
import { AwsNetwork } from "../constructs/aws/network";
import { AwsObjectMount } from "../constructs/aws/object-mount";
import { AwsObjectStore } from "../constructs/aws/object-store";
import { AwsOpenSearchVectorStore } from "../constructs/aws/opensearch-vector-store";
import { openModelContainer, openModelPrefix } from "../constructs/aws/private/serving-containers";
import { AwsRegistry } from "../constructs/aws/registry";
import { AwsTrainingCluster } from "../constructs/aws/training-cluster";
import type { IVectorStore } from "../constructs/common";
import type { ResolvedAwsSection } from "../environment/resolved";
import { awsStateBackend } from "./aws-state";
import { LlmOpsStack, type LlmOpsStackProps } from "./llmops-stack";
import { TAG_KEYS } from "./tagging";

export { stackNameOf } from "./llmops-stack";
export { TAG_KEYS } from "./tagging";

/** The namespace and service accounts of training pods; their Pod Identity roles are made here, the accounts by the platform stack. */
export const TRAINING_SERVICE_ACCOUNTS = { namespace: "training", jobs: "training-job", vectorIndexer: "vector-indexer" } as const;

/** Props of {@link AwsLlmOpsStack}. */
export type AwsLlmOpsStackProps = LlmOpsStackProps;

/**
 * A complete LLMOps environment on AWS from one spec: key, network, buckets,
 * registries, EKS training cluster with an accelerator pool, FSx for Lustre or an S3
 * mount, a vector store, a SageMaker endpoint, an alert topic, a budget and alarms.
 * Every resource is tagged with environment, tier, component, owner and cost center.
 */
export class AwsLlmOpsStack extends LlmOpsStack {
  public readonly key: AwsEncryptionKey;
  public readonly network: AwsNetwork;
  public readonly objectStore: AwsObjectStore;
  public readonly registry: AwsRegistry;
  public readonly alerts: AwsAlertTopic;
  public readonly budget: AwsBudget;
  public readonly monitoring: AwsMonitoring;
  public readonly training?: AwsTrainingCluster;
  public readonly acceleratorPool?: AwsAcceleratorNodeGroup;
  /** FSx for Lustre, when `sharedStorage.kind` is lustre. */
  public readonly sharedStorage?: AwsLustreFileSystem;
  /** The Mountpoint for S3 driver, when `sharedStorage.kind` is object-mount. */
  public readonly objectMount?: AwsObjectMount;
  public readonly vectorStore?: IVectorStore;
  public readonly inference?: AwsInferenceEndpoint;

  constructor(scope: Construct, props: AwsLlmOpsStackProps) {
    super(scope, "aws", "aws-default-tags", props);
    const spec = this.spec;
    const environment = { name: spec.name, tier: spec.tier };
    const protection = { preventDestroy: spec.preventDestroy };
    this.key = new AwsEncryptionKey(this, "key", { environment, allowLustreDataRepositories: spec.sharedStorage?.kind === "lustre", ...protection });
    const encryptionKey = this.key;
    // A reserved pool (and the Lustre file system feeding it) sits in the reservation's zone: the network puts its first subnets there.
    const capacity = spec.training?.capacity;
    const firstZone = typeof capacity === "object" ? capacity.zone : undefined;
    this.network = new AwsNetwork(this, "network", { environment, encryptionKey, ...spec.network, firstZone, flowLogRetentionDays: spec.logRetentionDays });
    const forceDestroy = !spec.deletionProtection;
    this.objectStore = new AwsObjectStore(this, "storage", { environment, region: spec.region, encryptionKey, checkpointVersionDays: spec.checkpointVersionDays, forceDestroy, ...protection });
    this.registry = new AwsRegistry(this, "registry", { environment, encryptionKey, forceDelete: forceDestroy, ...protection });
    this.alerts = new AwsAlertTopic(this, "alerts", { environment, encryptionKey, emails: spec.monitoring.notify });
    const training = this.addTraining();
    this.training = training?.cluster;
    this.acceleratorPool = training?.pool;
    const storage = this.addSharedStorage();
    this.sharedStorage = storage?.lustre;
    this.objectMount = storage?.mount;
    this.vectorStore = this.addVectorStore();
    this.inference = this.addInference();
    this.budget = new AwsBudget(this, "budget", {
      environment,
      ...spec.budget,
      emails: spec.budget.notify,
      topicArn: this.alerts.topicArn,
      dependsOn: [this.alerts.policy],
      costTag: { key: TAG_KEYS.environment, value: this.environmentId },
      activateCostTag: this.aws.activateCostTag,
    });
    this.monitoring = this.addMonitoring();
    this.addOutputs();
  }

  /** The resolved AWS section (the base stack checked the cloud). */
  private get aws(): ResolvedAwsSection {
    if (!this.spec.aws) throw new Error("an AWS spec resolved without its aws section");
    return this.spec.aws;
  }

  protected configureProvider(tags: Readonly<Record<string, string>>): void {
    new AwsProvider(this, "aws", { region: this.spec.region, defaultTags: [{ tags: { ...tags } }] });
  }

  protected configureBackend(localPath: string): void {
    awsStateBackend(this, this.spec.aws?.stateBackend, localPath);
  }

  private addTraining(): { readonly cluster: AwsTrainingCluster; readonly pool: AwsAcceleratorNodeGroup } | undefined {
    const t = this.spec.training;
    if (!t) return undefined;
    const environment = { name: this.spec.name, tier: this.spec.tier };
    const net = this.network;
    const training = new AwsTrainingCluster(this, "training", {
      environment,
      vpcId: net.vpcId,
      vpcCidr: net.cidr,
      subnetIds: net.privateSubnetIds,
      encryptionKey: this.key,
      kubernetesVersion: t.kubernetesVersion,
      adminRoleArns: this.aws.clusterAdminRoleArns,
      logRetentionDays: this.spec.logRetentionDays,
      deletionProtection: this.spec.deletionProtection,
      lustreClient: this.spec.sharedStorage?.kind === "lustre",
    });
    const pool = new AwsAcceleratorNodeGroup(this, "accelerator-pool", {
      environment,
      pool: "train",
      cluster: training,
      vpcId: net.vpcId,
      nodeRoleArn: training.nodeRole.roleArn,
      subnetIds: net.privateSubnetIds,
      instanceType: t.machine.machineType,
      acceleratorsPerNode: t.machine.acceleratorsPerNode,
      acceleratorKind: t.vendor === "aws-neuron" ? "neuron" : "nvidia",
      efaInterfaces: t.machine.fabric === "efa" ? (t.machine.efaInterfaces ?? 0) : 0,
      nodes: t.nodes,
      capacity: t.capacity,
      labels: { "llmops/accelerator": t.accelerator },
    });
    // The autoscaler itself is installed by the platform stack (AwsPlatformStack).
    new AwsClusterAutoscalerRole(this, "cluster-autoscaler", { environment, cluster: training });
    const jobs = training.addPodRole("training-jobs", { purpose: "training-jobs", namespace: TRAINING_SERVICE_ACCOUNTS.namespace, serviceAccount: TRAINING_SERVICE_ACCOUNTS.jobs });
    this.objectStore.datasets.grantRead(jobs);
    this.objectStore.checkpoints.grantReadWrite(jobs);
    // Training writes candidate models; promoting one to models/serving/ is a release step, not a training job's.
    this.objectStore.artifacts.grantReadWrite(jobs, "models/candidates/");
    return { cluster: training, pool };
  }

  private addSharedStorage(): { readonly lustre?: AwsLustreFileSystem; readonly mount?: AwsObjectMount } | undefined {
    const s = this.spec.sharedStorage;
    if (!s) return undefined;
    const environment = { name: this.spec.name, tier: this.spec.tier };
    if (s.kind === "object-mount") {
      if (!this.training) return undefined;
      const dependencies = [this.training.systemNodeGroup];
      const mount = new AwsObjectMount(this, "object-mount", { environment, cluster: { clusterName: this.training.clusterName, dependencies }, readBuckets: [this.objectStore.datasets], readWriteBuckets: [this.objectStore.checkpoints] });
      return { mount };
    }
    const lustre = new AwsLustreFileSystem(this, "shared-storage", {
      environment,
      vpcId: this.network.vpcId,
      subnetId: this.network.privateSubnetIds[0],
      clientCidrs: [this.network.cidr],
      encryptionKey: this.key,
      capacityGiB: s.capacityGiB,
      throughputMBpsPerTiB: s.throughputMBpsPerTiB,
      backupRetentionDays: s.backupRetentionDays,
      dataRepository: { bucketName: this.objectStore.datasets.bucket.bucket, prefix: s.importPrefix },
      logRetentionDays: this.spec.logRetentionDays,
      preventDestroy: this.spec.preventDestroy,
    });
    if (this.training) lustre.allowClients(this.training.clusterSecurityGroupId);
    return { lustre };
  }

  private addVectorStore(): IVectorStore | undefined {
    const v = this.spec.vectorStore;
    if (!v) return undefined;
    const net = this.network;
    const common = { environment: { name: this.spec.name, tier: this.spec.tier }, vpcId: net.vpcId, subnetIds: net.privateSubnetIds, clientCidrs: [net.cidr], encryptionKey: this.key, dimensions: v.dimensions, preventDestroy: this.spec.preventDestroy };
    const settings = this.aws.vectorStore;
    let store: AwsOpenSearchVectorStore | AwsAuroraVectorStore;
    if (v.engine === "managed-search") {
      const search = new AwsOpenSearchVectorStore(this, "vector-store", { ...common, standbyReplicas: settings.standbyReplicas });
      for (const arn of this.aws.vectorStoreRoleArns) search.allowPrincipal(arn);
      store = search;
    } else {
      store = new AwsAuroraVectorStore(this, "vector-store", { ...common, minCapacity: settings.minCapacity, maxCapacity: settings.maxCapacity, deletionProtection: this.spec.deletionProtection, logRetentionDays: this.spec.logRetentionDays });
    }
    if (this.training) store.grantReadWrite(this.training.addPodRole("vector-indexer", { purpose: "vector-indexer", namespace: TRAINING_SERVICE_ACCOUNTS.namespace, serviceAccount: TRAINING_SERVICE_ACCOUNTS.vectorIndexer }));
    return store;
  }

  private addInference(): AwsInferenceEndpoint | undefined {
    const i = this.spec.inference;
    if (!i?.deploy) return undefined;
    const net = this.network;
    const open = "huggingFace" in i.model ? i.model.huggingFace : undefined;
    const container = open === undefined ? undefined : openModelContainer(this.spec.region, i.vendor, i.machine.acceleratorsPerNode, open);
    return new AwsInferenceEndpoint(this, "inference", {
      environment: { name: this.spec.name, tier: this.spec.tier },
      instanceType: i.machine.machineType,
      acceleratorsPerInstance: i.machine.acceleratorsPerNode,
      repository: this.registry,
      imageTag: "image" in i.model ? i.model.image : undefined,
      container,
      modelDataPrefix: open === undefined ? undefined : openModelPrefix(open),
      artifactsBucket: this.objectStore.artifacts,
      encryptionKey: this.key,
      vpc: { vpcId: net.vpcId, subnetIds: net.privateSubnetIds, cidr: net.cidr, s3PrefixListId: net.s3PrefixListId },
      replicas: i.replicas,
      targetInvocationsPerReplica: i.targetInvocationsPerReplica,
      scaleDownSchedule: i.scaleDownSchedule || undefined,
      logRetentionDays: this.spec.logRetentionDays,
    });
  }

  private addMonitoring(): AwsMonitoring {
    const endpoint = this.inference;
    return new AwsMonitoring(this, "monitoring", {
      environment: { name: this.spec.name, tier: this.spec.tier },
      region: this.spec.region,
      topicArn: this.alerts.topicArn,
      endpoint: endpoint && { endpointName: endpoint.endpointName, dimensions: endpoint.metricDimensions },
      cluster: this.training && this.acceleratorPool && { clusterName: this.training.clusterName, acceleratorKind: this.acceleratorPool.acceleratorKind },
      fileSystem: this.sharedStorage && { fileSystemId: this.sharedStorage.fileSystemId, capacityGiB: this.sharedStorage.capacityGiB },
      ...this.spec.monitoring,
    });
  }

  private addOutputs(): void {
    this.output("vpc_id", this.network.vpcId, "VPC of the environment");
    this.output("datasets_bucket", this.objectStore.datasets.bucketName, "Training data bucket");
    this.output("checkpoints_bucket", this.objectStore.checkpoints.bucketName, "Checkpoint bucket");
    this.output("artifacts_bucket", this.objectStore.artifacts.bucketName, "Model artifact bucket");
    this.output("serving_repository_url", this.registry.repositoryUrl, "Push serving images here (tags are immutable)");
    this.output("alert_topic_arn", this.alerts.topicArn, "Alert topic");
    if (this.training) this.output("training_cluster_name", this.training.clusterName, "EKS training cluster");
    if (this.sharedStorage) {
      this.output("lustre_dns_name", this.sharedStorage.dnsName, "Lustre file system DNS name");
      this.output("lustre_mount_name", this.sharedStorage.mountName, "Lustre mount name");
    }
    if (this.vectorStore) this.output("vector_store_endpoint", this.vectorStore.endpoint, "Vector store endpoint");
    if (this.inference) this.output("inference_endpoint_name", this.inference.endpointName, "SageMaker endpoint");
  }
}

registerCloudPart("aws", "stack", AwsLlmOpsStack);
