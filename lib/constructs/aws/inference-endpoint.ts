import { createHash } from "node:crypto";
import { CloudcontrolapiResource } from "@cdktf/provider-aws/lib/cloudcontrolapi-resource";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SagemakerEndpoint } from "@cdktf/provider-aws/lib/sagemaker-endpoint";
import { SagemakerModel } from "@cdktf/provider-aws/lib/sagemaker-model";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct, Lazy } from "../../cdk";
import { ProblemCollector, show } from "../../errors";
import { Namer } from "../../naming";
import { awsCronProblem } from "../../util/cron";
import { markComponent, type EnvironmentIdentity, type IEncryptionKey } from "../common";
import { AccountInfo } from "./private/account";
import { endpointConfiguration } from "./private/endpoint-config";
import { EndpointRole } from "./private/endpoint-role";
import { EndpointScaling, type ScaleDownSchedule } from "./private/endpoint-scaling";
import { LOG_RETENTION_BY_TIER, checkRetention } from "./private/logs";

/**
 * SageMaker instance families with local NVMe instance storage: SageMaker rejects a
 * volume KMS key for them (their instance storage is encrypted by the hardware).
 */
export const INSTANCE_STORAGE_FAMILIES: readonly string[] = ["g4dn", "g5", "g6", "g6e", "p3dn", "p4d", "p4de", "p5", "p5e", "p5en", "trn1", "trn1n", "trn2"];

/** Props of {@link AwsInferenceEndpoint}. */
export interface AwsInferenceEndpointProps {
  /** The environment; the endpoint is `<name>-<tier>-serving`. */
  readonly environment: EnvironmentIdentity;
  /** SageMaker instance type, e.g. `ml.inf2.xlarge`. */
  readonly instanceType: string;
  /** Accelerators on one instance (a model copy uses all of them). */
  readonly acceleratorsPerInstance: number;
  /** ECR repository URL and ARN the serving image comes from. */
  readonly repository: { readonly repositoryUrl: string; readonly repositoryArn: string };
  /** Image tag in the repository (tags are immutable: name a version). @default "v1" */
  readonly imageTag?: string;
  /** Bucket of model artifacts and captured data. */
  readonly artifactsBucket: { readonly bucketName: string; readonly bucketArn: string };
  /** Prefix of the uncompressed model files in the artifacts bucket. @default "models/serving/" */
  readonly modelDataPrefix?: string;
  /** Prefix captured requests and responses are written under. @default "data-capture/serving/" */
  readonly capturePrefix?: string;
  /** Percent of requests captured for drift monitoring, 1-100. @default - 100 dev, 20 otherwise */
  readonly captureSamplingPercent?: number;
  /** Customer-managed key for volumes (where the instance has EBS), captured data and logs. */
  readonly encryptionKey: IEncryptionKey;
  /**
   * VPC, private subnets, the VPC CIDR (HTTPS to interface endpoints) and the S3 prefix
   * list of the VPC's S3 gateway endpoint (model artifacts and captured data travel there).
   */
  readonly vpc: { readonly vpcId: string; readonly subnetIds: readonly string[]; readonly cidr: string; readonly s3PrefixListId: string };
  /** Instance (or model-copy) count bounds; a minimum of 0 deploys an inference component that can scale to zero. @default - min 1 (2 in prod), max 2 dev, 4 staging, 8 prod */
  readonly replicas?: { readonly min: number; readonly max: number };
  /** Invocations per instance (or copy) per minute autoscaling aims at. @default 100 */
  readonly targetInvocationsPerReplica?: number;
  /** Scale down on a schedule (5-field cron, UTC). @default - none */
  readonly scaleDownSchedule?: ScaleDownSchedule;
  /** Days endpoint logs are kept. @default - 14 dev, 90 staging, 365 prod */
  readonly logRetentionDays?: number;
}

/**
 * A SageMaker real-time endpoint in the VPC with network isolation, encrypted
 * volumes and captured data, a dedicated least-privilege execution role, data
 * capture to the artifacts bucket and target-tracking autoscaling. When it may
 * reach zero (a minimum of 0, or a schedule down to 0) the model is deployed as an
 * inference component on a managed-scaling variant, the only form SageMaker scales
 * to zero; otherwise as a classic variant.
 */
export class AwsInferenceEndpoint extends Construct {
  public readonly endpoint: SagemakerEndpoint;
  public readonly endpointName: string;
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly mode: "variant" | "inference-component";
  public readonly replicas: { readonly min: number; readonly max: number };
  public readonly targetInvocationsPerReplica: number;
  public readonly captureSamplingPercent: number;
  public readonly imageTag: string;
  public readonly modelDataPrefix: string;
  public readonly capturePrefix: string;
  public readonly logRetentionDays: number;
  /** The inference component name, in inference-component mode. */
  public readonly componentName?: string;
  public readonly variantName = "primary";
  /** Whether volumes are encrypted with the key (false for instances with hardware-encrypted instance storage). */
  public readonly volumeKeyApplied: boolean;

  constructor(scope: Construct, id: string, props: AwsInferenceEndpointProps) {
    super(scope, id);
    markComponent(this, "inference");
    const tier = props.environment.tier;
    this.replicas = props.replicas ?? { min: tier === "prod" ? 2 : 1, max: { dev: 2, staging: 4, prod: 8 }[tier] };
    this.targetInvocationsPerReplica = props.targetInvocationsPerReplica ?? 100;
    this.captureSamplingPercent = props.captureSamplingPercent ?? (tier === "dev" ? 100 : 20);
    this.imageTag = props.imageTag ?? "v1";
    this.modelDataPrefix = props.modelDataPrefix ?? "models/serving/";
    this.capturePrefix = props.capturePrefix ?? "data-capture/serving/";
    this.logRetentionDays = props.logRetentionDays ?? LOG_RETENTION_BY_TIER[tier];
    const schedule = props.scaleDownSchedule;
    this.mode = this.replicas.min === 0 || schedule?.minReplicas === 0 ? "inference-component" : "variant";
    const family = /^ml\.([a-z0-9]+)\./.exec(props.instanceType)?.[1] ?? "";
    this.volumeKeyApplied = !INSTANCE_STORAGE_FAMILIES.includes(family);

    const problems = new ProblemCollector();
    if (!/^ml\.[a-z0-9]+\.[a-z0-9]+$/.test(props.instanceType)) problems.add("instanceType", `must be a SageMaker instance type like ml.inf2.xlarge (got ${show(props.instanceType)})`);
    const { min, max } = this.replicas;
    if (!Number.isInteger(min) || min < 0) problems.add("replicas.min", `must be a whole number, 0 or more (got ${show(min)})`);
    if (!Number.isInteger(max) || max < 1) problems.add("replicas.max", `must be a whole number, at least 1 (got ${show(max)})`);
    if (min > max) problems.add("replicas", `min must not exceed max (got min ${min}, max ${max})`);
    if (schedule) {
      for (const [path, expr] of [["scaleDownSchedule.cron", schedule.cron], ["scaleDownSchedule.scaleUpCron", schedule.scaleUpCron]] as const) {
        const problem = awsCronProblem(expr);
        if (problem) problems.add(path, problem);
      }
      if (schedule.minReplicas > min) problems.add("scaleDownSchedule.minReplicas", `must not exceed replicas.min (got ${schedule.minReplicas}; allowed: 0 to ${min})`);
    }
    if (!Number.isInteger(this.captureSamplingPercent) || this.captureSamplingPercent < 1 || this.captureSamplingPercent > 100) {
      problems.add("captureSamplingPercent", `must be a whole percent from 1 to 100 (got ${show(this.captureSamplingPercent)})`);
    }
    for (const [path, prefix] of [["modelDataPrefix", this.modelDataPrefix], ["capturePrefix", this.capturePrefix]] as const) {
      if (!/^[A-Za-z0-9!_.*'()/-]+\/$/.test(prefix) || prefix.startsWith("/")) problems.add(path, `must be an S3 key prefix ending in '/' without a leading '/' (got ${show(prefix)})`);
    }
    checkRetention(problems, "logRetentionDays", this.logRetentionDays);
    const namer = new Namer(props.environment);
    this.endpointName = namer.name("sagemaker", "environment.name", "serving");
    // Models and endpoint configurations are `<name>-<tier>-serving-<8 hex>`: check the longest form now.
    const versionBase = this.endpointName;
    namer.name("sagemaker", "environment.name", "serving", "00000000");
    const componentName = namer.name("sagemaker", "environment.name", "serving", "model");
    const roleName = namer.name("iam-role", "environment.name", "serving");
    problems.addAll(namer.found);
    problems.throwIfAny(`AwsInferenceEndpoint ${this.node.path}`);

    const base = `${props.environment.name}-${tier}`;
    const account = new AccountInfo(this, "account");
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/sagemaker/Endpoints/${this.endpointName}`,
      retentionInDays: this.logRetentionDays,
      kmsKeyId: props.encryptionKey.keyArn,
    });
    const { role, policy: rolePolicy } = new EndpointRole(this, "execution-role", {
      roleName,
      account,
      artifactsBucketArn: props.artifactsBucket.bucketArn,
      modelDataPrefix: this.modelDataPrefix,
      capturePrefix: this.capturePrefix,
      repositoryArn: props.repository.repositoryArn,
      keyArn: props.encryptionKey.keyArn,
      logGroupArn: logGroup.arn,
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
    const sg = new SecurityGroup(this, "sg", {
      name: `${base}-serving`,
      description: "Network interfaces of the inference endpoint",
      vpcId: props.vpc.vpcId,
      ingress: [],
      egress: [
        { description: "HTTPS to interface endpoints", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [props.vpc.cidr] },
        { description: "HTTPS to S3 through the gateway endpoint", protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [props.vpc.s3PrefixListId] },
      ],
      tags: { Name: `${base}-serving` },
    });

    // Models and endpoint configurations are immutable: any change creates a new one
    // before the endpoint moves to it, so each is named by a hash of its whole
    // configuration as synthesized (references resolve to stable resource addresses).
    const versioned = (what: unknown) =>
      Lazy.stringValue({ produce: (context) => `${versionBase}-${createHash("sha256").update(JSON.stringify(context.resolve(what))).digest("hex").slice(0, 8)}` });
    const modelConfig = {
      executionRoleArn: role.arn,
      enableNetworkIsolation: true,
      primaryContainer: {
        image: `${props.repository.repositoryUrl}:${this.imageTag}`,
        modelDataSource: { s3DataSource: [{ s3Uri: `s3://${props.artifactsBucket.bucketName}/${this.modelDataPrefix}`, s3DataType: "S3Prefix", compressionType: "None" }] },
      },
      vpcConfig: { subnets: [...props.vpc.subnetIds], securityGroupIds: [sg.id] },
    };
    const modelName = versioned(modelConfig);
    // The model waits for its role's permissions: SageMaker checks image and artifact access when it starts.
    const model = new SagemakerModel(this, "model", { name: modelName, ...modelConfig, lifecycle: { createBeforeDestroy: true }, dependsOn: [rolePolicy] });
    const configSpec = {
      mode: this.mode,
      variantName: this.variantName,
      instanceType: props.instanceType,
      initialInstanceCount: Math.max(1, min),
      maxInstanceCount: max,
      modelName: model.name,
      executionRoleArn: role.arn,
      volumeKeyArn: this.volumeKeyApplied ? props.encryptionKey.keyArn : undefined,
      capture: { samplingPercent: this.captureSamplingPercent, destinationS3Uri: `s3://${props.artifactsBucket.bucketName}/${this.capturePrefix}`, keyArn: props.encryptionKey.keyArn },
      vpc: { subnetIds: modelConfig.vpcConfig.subnets, securityGroupIds: modelConfig.vpcConfig.securityGroupIds },
    };
    const config = endpointConfiguration(this, "config", { ...configSpec, name: versioned({ ...configSpec, model: modelName }) });
    this.endpoint = new SagemakerEndpoint(this, "endpoint", { name: this.endpointName, endpointConfigName: config.name, dependsOn: [config.resource] });

    let resourceId = `endpoint/${this.endpointName}/variant/${this.variantName}`;
    let scalingDependsOn: (SagemakerEndpoint | CloudcontrolapiResource)[] = [this.endpoint];
    if (this.mode === "inference-component") {
      this.componentName = componentName;
      const component = new CloudcontrolapiResource(this, "inference-component", {
        typeName: "AWS::SageMaker::InferenceComponent",
        desiredState: JSON.stringify({
          InferenceComponentName: this.componentName,
          EndpointName: this.endpoint.name,
          VariantName: this.variantName,
          Specification: {
            ModelName: model.name,
            ComputeResourceRequirements: { NumberOfAcceleratorDevicesRequired: props.acceleratorsPerInstance, MinMemoryRequiredInMb: 1024 },
          },
          RuntimeConfig: { CopyCount: Math.max(1, min) },
        }),
      });
      resourceId = `inference-component/${this.componentName}`;
      scalingDependsOn = [component];
    }
    new EndpointScaling(this, "scaling", {
      resourceId,
      mode: this.mode,
      min,
      max,
      targetInvocations: this.targetInvocationsPerReplica,
      schedule,
      componentName: this.componentName,
      name: this.endpointName,
      dependsOn: scalingDependsOn,
    });
  }
}
