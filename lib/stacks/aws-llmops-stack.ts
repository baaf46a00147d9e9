import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Annotations, Aspects, LocalBackend, S3Backend, TerraformOutput, TerraformStack, type Construct } from "../cdk";
import { AwsAcceleratorNodeGroup } from "../constructs/aws/accelerator-node-group";
import { AwsAlertTopic } from "../constructs/aws/alert-topic";
import { AwsAuroraVectorStore } from "../constructs/aws/aurora-vector-store";
import { AwsBudget } from "../constructs/aws/budget";
import { AwsEncryptionKey } from "../constructs/aws/encryption-key";
import { AwsInferenceEndpoint } from "../constructs/aws/inference-endpoint";
import { AwsLustreFileSystem } from "../constructs/aws/lustre-file-system";
import { AwsMonitoring } from "../constructs/aws/monitoring";
import { AwsNetwork } from "../constructs/aws/network";
import { AwsObjectStore } from "../constructs/aws/object-store";
import { AwsOpenSearchVectorStore } from "../constructs/aws/opensearch-vector-store";
import { AwsRegistry } from "../constructs/aws/registry";
import { AwsTrainingCluster } from "../constructs/aws/training-cluster";
import type { IVectorStore } from "../constructs/common";
import { isResolvedSpec, resolveEnvironmentSpec, type ResolvedEnvironmentSpec } from "../spec/resolve";
import { Guardrails, type GuardrailOptions } from "../policy/guardrails";
import { ComponentTags } from "./component-tags";

/** Tag keys every resource carries. */
export const TAG_KEYS = { environment: "environment", tier: "tier", component: "component", owner: "owner", costCenter: "cost-center", managedBy: "managed-by" } as const;

/** Props of {@link AwsLlmOpsStack}. */
export interface AwsLlmOpsStackProps {
  /** The environment spec: raw data (parsed YAML/JSON) or an already resolved spec. */
  readonly spec: unknown;
  /** Directory-relative path of the local state file when the spec sets no remote backend. @default "terraform.<stack>.tfstate" */
  readonly localStatePath?: string;
  /** How the guardrails run (packs, levels, report-only). @default - every pack, enforcing */
  readonly guardrails?: GuardrailOptions;
}

/** The stack name of a spec: `<name>-<tier>`. */
export function stackNameOf(spec: { readonly name: string; readonly tier: string }): string {
  return `${spec.name}-${spec.tier}`;
}

/**
 * A complete LLMOps environment on AWS from one spec: key, network, buckets,
 * registries, EKS training cluster with an accelerator pool, FSx for Lustre, a vector
 * store, a SageMaker endpoint, an alert topic, a budget and alarms. Every resource is
 * tagged with environment, tier, component, owner and cost center.
 */
export class AwsLlmOpsStack extends TerraformStack {
  /** The spec after presets: the values this stack was built from. */
  public readonly spec: ResolvedEnvironmentSpec;
  public readonly key: AwsEncryptionKey;
  public readonly network: AwsNetwork;
  public readonly objectStore: AwsObjectStore;
  public readonly registry: AwsRegistry;
  public readonly alerts: AwsAlertTopic;
  public readonly budget: AwsBudget;
  public readonly monitoring: AwsMonitoring;
  public readonly training?: AwsTrainingCluster;
  public readonly acceleratorPool?: AwsAcceleratorNodeGroup;
  public readonly sharedStorage?: AwsLustreFileSystem;
  public readonly vectorStore?: IVectorStore;
  public readonly inference?: AwsInferenceEndpoint;
  /** The stack's guardrails: suppress findings with `Guardrails.suppress`. */
  public readonly guardrails: Guardrails;

  constructor(scope: Construct, props: AwsLlmOpsStackProps) {
    const spec = isResolvedSpec(props.spec) ? props.spec : resolveEnvironmentSpec(props.spec);
    const stackName = stackNameOf(spec);
    super(scope, stackName);
    this.spec = spec;
    const environment = { name: spec.name, tier: spec.tier };
    const envTag = stackName;

    new AwsProvider(this, "aws", {
      region: spec.region,
      defaultTags: [
        {
          tags: {
            ...spec.tags,
            [TAG_KEYS.environment]: envTag,
            [TAG_KEYS.tier]: spec.tier,
            [TAG_KEYS.owner]: spec.owner,
            [TAG_KEYS.costCenter]: spec.costCenter,
            [TAG_KEYS.managedBy]: "llmops-constructs",
          },
        },
      ],
    });
    if (spec.aws.stateBackend) {
      const backend = new S3Backend(this, { bucket: spec.aws.stateBackend.bucket, key: spec.aws.stateBackend.key, region: spec.aws.stateBackend.region, encrypt: true });
      backend.addOverride("use_lockfile", true);
    } else {
      new LocalBackend(this, { path: props.localStatePath ?? `terraform.${stackName}.tfstate` });
    }
    Aspects.of(this).add(new ComponentTags(TAG_KEYS.component));
    this.guardrails = Guardrails.of(this, { tier: spec.tier, ...props.guardrails });
    for (const warning of spec.warnings) Annotations.of(this).addWarning(warning);

    const protection = { preventDestroy: spec.preventDestroy };
    const logs = spec.logRetentionDays;
    this.key = new AwsEncryptionKey(this, "key", { environment, allowLustreDataRepositories: spec.sharedStorage !== undefined, ...protection });
    const encryptionKey = this.key;
    this.network = new AwsNetwork(this, "network", {
      environment,
      encryptionKey,
      cidr: spec.network.cidr,
      zones: spec.network.zones,
      natGateways: spec.network.natGateways,
      flowLogRetentionDays: logs,
    });
    const net = this.network;
    this.objectStore = new AwsObjectStore(this, "storage", { environment, region: spec.region, encryptionKey, checkpointVersionDays: spec.checkpointVersionDays, forceDestroy: !spec.deletionProtection, ...protection });
    this.registry = new AwsRegistry(this, "registry", { environment, encryptionKey, forceDelete: !spec.deletionProtection, ...protection });
    this.alerts = new AwsAlertTopic(this, "alerts", { environment, encryptionKey, emails: spec.monitoring.notify });

    if (spec.training) {
      const t = spec.training;
      this.training = new AwsTrainingCluster(this, "training", {
        environment,
        vpcId: net.vpcId,
        vpcCidr: net.cidr,
        subnetIds: net.privateSubnetIds,
        encryptionKey,
        kubernetesVersion: t.kubernetesVersion,
        adminRoleArns: spec.aws.clusterAdminRoleArns,
        logRetentionDays: logs,
        deletionProtection: spec.deletionProtection,
      });
      this.acceleratorPool = new AwsAcceleratorNodeGroup(this, "accelerator-pool", {
        environment,
        pool: "train",
        cluster: this.training,
        vpcId: net.vpcId,
        nodeRoleArn: this.training.nodeRole.roleArn,
        subnetIds: net.privateSubnetIds,
        instanceType: t.machine.machineType,
        acceleratorsPerNode: t.machine.acceleratorsPerNode,
        acceleratorKind: t.accelerator.startsWith("aws-") ? "neuron" : "nvidia",
        efaInterfaces: t.machine.fabric === "efa" ? (t.machine.efaInterfaces ?? 0) : 0,
        nodes: t.nodes,
        capacity: t.capacity,
        labels: { "llmops/accelerator": t.accelerator },
      });
      const jobs = this.training.addPodRole("training-jobs", { purpose: "training-jobs", namespace: "training", serviceAccount: "training-job" });
      this.objectStore.datasets.grantRead(jobs);
      this.objectStore.checkpoints.grantReadWrite(jobs);
      // Training writes candidate models; promoting one to models/serving/ is a release step, not a training job's.
      this.objectStore.artifacts.grantReadWrite(jobs, "models/candidates/");
    }

    if (spec.sharedStorage) {
      const s = spec.sharedStorage;
      this.sharedStorage = new AwsLustreFileSystem(this, "shared-storage", {
        environment,
        vpcId: net.vpcId,
        subnetId: net.privateSubnetIds[0],
        clientCidrs: [net.cidr],
        encryptionKey,
        capacityGiB: s.capacityGiB,
        throughputMBpsPerTiB: s.throughputMBpsPerTiB,
        backupRetentionDays: s.backupRetentionDays,
        dataRepository: { bucketName: this.objectStore.datasets.bucket.bucket, prefix: s.importPrefix },
        logRetentionDays: logs,
        ...protection,
      });
    }

    if (spec.vectorStore) {
      const v = spec.vectorStore;
      const common = { environment, vpcId: net.vpcId, subnetIds: net.privateSubnetIds, clientCidrs: [net.cidr], encryptionKey, dimensions: v.dimensions, ...protection };
      this.vectorStore =
        v.engine === "opensearch-serverless"
          ? new AwsOpenSearchVectorStore(this, "vector-store", { ...common, standbyReplicas: v.standbyReplicas })
          : new AwsAuroraVectorStore(this, "vector-store", { ...common, minCapacity: v.minCapacity, maxCapacity: v.maxCapacity, deletionProtection: spec.deletionProtection, logRetentionDays: logs });
      if (this.vectorStore instanceof AwsOpenSearchVectorStore) for (const arn of spec.aws.vectorStoreRoleArns) this.vectorStore.allowPrincipal(arn);
      if (this.training) {
        const indexer = this.training.addPodRole("vector-indexer", { purpose: "vector-indexer", namespace: "training", serviceAccount: "vector-indexer" });
        this.vectorStore.grantReadWrite(indexer);
      }
    }

    if (this.sharedStorage && this.training) this.sharedStorage.allowClients(this.training.clusterSecurityGroupId);

    if (spec.inference?.deploy) {
      const i = spec.inference;
      this.inference = new AwsInferenceEndpoint(this, "inference", {
        environment,
        instanceType: i.machine.machineType,
        acceleratorsPerInstance: i.machine.acceleratorsPerNode,
        repository: this.registry,
        imageTag: i.image,
        artifactsBucket: this.objectStore.artifacts,
        encryptionKey,
        vpc: { vpcId: net.vpcId, subnetIds: net.privateSubnetIds, cidr: net.cidr, s3PrefixListId: net.s3PrefixListId },
        replicas: i.replicas,
        targetInvocationsPerReplica: i.targetInvocationsPerReplica,
        scaleDownSchedule: i.scaleDownSchedule || undefined,
        logRetentionDays: logs,
      });
    }

    this.budget = new AwsBudget(this, "budget", {
      environment,
      monthlyUsd: spec.budget.monthlyUsd,
      thresholdsPercent: spec.budget.thresholdsPercent,
      forecastPercent: spec.budget.forecastPercent,
      emails: spec.budget.notify,
      topicArn: this.alerts.topicArn,
      costTag: { key: TAG_KEYS.environment, value: envTag },
      activateCostTag: spec.budget.activateCostTag,
      startDate: spec.budget.startDate,
    });
    const endpoint = this.inference;
    this.monitoring = new AwsMonitoring(this, "monitoring", {
      environment,
      region: spec.region,
      topicArn: this.alerts.topicArn,
      endpoint: endpoint && {
        endpointName: endpoint.endpointName,
        dimensions: endpoint.componentName ? { InferenceComponentName: endpoint.componentName } : { EndpointName: endpoint.endpointName, VariantName: endpoint.variantName },
      },
      cluster: this.training && this.acceleratorPool && { clusterName: this.training.clusterName, acceleratorKind: this.acceleratorPool.acceleratorKind },
      fileSystem: this.sharedStorage && { fileSystemId: this.sharedStorage.fileSystemId, capacityGiB: this.sharedStorage.capacityGiB },
      latencyP90Ms: spec.monitoring.latencyP90Ms,
      gpuHighPercent: spec.monitoring.gpuHighPercent,
      gpuIdlePercent: spec.monitoring.gpuIdlePercent,
      storageFreePercent: spec.monitoring.storageFreePercent,
    });

    const output = (id: string, value: string, description: string) => new TerraformOutput(this, id, { value, description });
    output("vpc_id", net.vpcId, "VPC of the environment");
    output("datasets_bucket", this.objectStore.datasets.bucketName, "Training data bucket");
    output("checkpoints_bucket", this.objectStore.checkpoints.bucketName, "Checkpoint bucket");
    output("artifacts_bucket", this.objectStore.artifacts.bucketName, "Model artifact bucket");
    output("serving_repository_url", this.registry.repositoryUrl, "Push serving images here (tags are immutable)");
    output("alert_topic_arn", this.alerts.topicArn, "Alert topic");
    if (this.training) output("training_cluster_name", this.training.clusterName, "EKS training cluster");
    if (this.sharedStorage) {
      output("lustre_dns_name", this.sharedStorage.dnsName, "Lustre file system DNS name");
      output("lustre_mount_name", this.sharedStorage.mountName, "Lustre mount name");
    }
    if (this.vectorStore) output("vector_store_endpoint", this.vectorStore.endpoint, "Vector store endpoint");
    if (this.inference) output("inference_endpoint_name", this.inference.endpointName, "SageMaker endpoint");
  }
}
