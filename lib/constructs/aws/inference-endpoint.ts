import { CloudcontrolapiResource } from "@cdktf/provider-aws/lib/cloudcontrolapi-resource";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SagemakerEndpoint } from "@cdktf/provider-aws/lib/sagemaker-endpoint";
import { SagemakerModel } from "@cdktf/provider-aws/lib/sagemaker-model";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { awsCronProblem } from "./private/aws-cron";
import { markComponent, type EnvironmentIdentity, type IEncryptionKey } from "../common";
import { AccountInfo } from "./private/account";
import { endpointConfiguration } from "./private/endpoint-config";
import { EndpointRole } from "./private/endpoint-role";
import { EndpointScaling, type ScaleDownSchedule } from "./private/endpoint-scaling";
import { LOG_RETENTION_BY_TIER, checkLogRetention } from "./private/logs";
import { s3PrefixProblem } from "./private/s3";
import { Checks, isUnknown } from "../private/checks";
import { perTier, type Tier } from "../../util/tier";

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
  /**
   * A stock container to run instead of the repository's image (e.g. an AWS Deep Learning
   * Container serving an open model): its image URI, the ECR repository ARN the role may
   * pull from, and its environment. @default - the repository's image at `imageTag`
   */
  readonly container?: { readonly image: string; readonly repositoryArn: string; readonly environment?: Readonly<Record<string, string>> };
  /** Bucket of model artifacts and captured data. */
  readonly artifactsBucket: { readonly bucketName: string; readonly bucketArn: string };
  /** Prefix of the uncompressed model files in the artifacts bucket. @default "models/serving/" */
  readonly modelDataPrefix?: string;
  /** Prefix captured requests and responses are written under. @default "data-capture/serving/" */
  readonly capturePrefix?: string;
  /** Percent of requests whose request and response are written to S3 (for your own evaluation and drift analysis: SageMaker Model Monitor takes no new customers), 1-100. @default - 100 dev, 20 otherwise */
  readonly captureSamplingPercent?: number;
  /** Customer-managed key for volumes (where the instance has EBS), captured data and logs. */
  readonly encryptionKey: IEncryptionKey;
  /**
   * VPC, private subnets, the VPC CIDR (HTTPS to interface endpoints) and the S3 prefix
   * list of the VPC's S3 gateway endpoint (model artifacts and captured data travel there).
   */
  readonly vpc: { readonly vpcId: string; readonly subnetIds: readonly string[]; readonly cidr: string; readonly s3PrefixListId: string };
  /** Instance (or model-copy) count bounds; a minimum of 0 deploys an inference component that can scale to zero. @default - min 0 dev (scales to zero when idle, wakes on the first request), 1 staging, 2 prod; max 2 dev, 4 staging, 8 prod */
  readonly replicas?: { readonly min: number; readonly max: number };
  /** Invocations per instance (or copy) per minute autoscaling aims at. @default 100 */
  readonly targetInvocationsPerReplica?: number;
  /** Scale down on a schedule (5-field cron, UTC). @default - none */
  readonly scaleDownSchedule?: ScaleDownSchedule;
  /** Days endpoint logs are kept. @default - 14 dev, 90 staging, 365 prod */
  readonly logRetentionDays?: number;
}

/** The schedule a spec's `scaleDownSchedule` fills its unset fields from: down at 20:00 UTC on weekdays, up at 07:00, to zero. */
export const NIGHTS_AND_WEEKENDS: ScaleDownSchedule = { cron: "0 20 * * 1-5", scaleUpCron: "0 7 * * 1-5", minReplicas: 0 };

/** Container image tags: what ECR and Docker accept. */
export const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** What {@link AwsInferenceEndpoint} uses for props left unset. */
export interface AwsInferenceEndpointDefaults {
  readonly replicas: { readonly min: number; readonly max: number };
  readonly targetInvocationsPerReplica: number;
  readonly captureSamplingPercent: number;
  readonly imageTag: string;
  readonly modelDataPrefix: string;
  readonly capturePrefix: string;
  readonly logRetentionDays: number;
  /** The schedule the tier scales down on (the construct applies one only when given; the spec's presets read this). */
  readonly scaleDownSchedule?: ScaleDownSchedule;
}

/** The props {@link AwsInferenceEndpoint.validate} checks. */
export type AwsInferenceEndpointSettings = Partial<
  Pick<
    AwsInferenceEndpointProps,
    "instanceType" | "replicas" | "targetInvocationsPerReplica" | "scaleDownSchedule" | "captureSamplingPercent" | "imageTag" | "modelDataPrefix" | "capturePrefix" | "logRetentionDays"
  >
>;

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
  /** The CloudWatch dimensions of the endpoint's SageMaker metrics (per inference component, or per variant). */
  public readonly metricDimensions: Readonly<Record<string, string>>;
  /** Whether volumes are encrypted with the key (false for instances with hardware-encrypted instance storage). */
  public readonly volumeKeyApplied: boolean;

  /** What the endpoint uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): AwsInferenceEndpointDefaults {
    return {
      replicas: { min: perTier(tier, { dev: 0, staging: 1, prod: 2 }), max: perTier(tier, { dev: 2, staging: 4, prod: 8 }) },
      targetInvocationsPerReplica: 100,
      captureSamplingPercent: perTier(tier, { dev: 100, staging: 20, prod: 20 }),
      imageTag: "v1",
      modelDataPrefix: "models/serving/",
      capturePrefix: "data-capture/serving/",
      logRetentionDays: LOG_RETENTION_BY_TIER[tier],
      // dev scales to zero whenever idle (min 0), so it needs no schedule; staging keeps one floor copy by day.
      scaleDownSchedule: perTier(tier, { dev: false, staging: true, prod: false }) ? NIGHTS_AND_WEEKENDS : undefined,
    };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: AwsInferenceEndpointSettings): readonly ValidationProblem[] {
    const checks = new Checks();
    checks.check("instanceType", settings.instanceType, (t) => (/^ml\.[a-z0-9]+\.[a-z0-9]+$/.test(t) ? undefined : `must be a SageMaker instance type like ml.inf2.xlarge (got ${show(t)})`));
    checks.bounds("replicas", settings.replicas, 0, "SageMaker instance count");
    checks.int("targetInvocationsPerReplica", settings.targetInvocationsPerReplica, 1, 1_000_000, "Invocations per replica per minute");
    const schedule = settings.scaleDownSchedule;
    if (schedule) {
      checks.check("scaleDownSchedule.cron", schedule.cron, awsCronProblem);
      checks.check("scaleDownSchedule.scaleUpCron", schedule.scaleUpCron, awsCronProblem);
      const min = settings.replicas?.min;
      checks.check("scaleDownSchedule.minReplicas", schedule.minReplicas, (m) =>
        !Number.isInteger(m) || m < 0
          ? `must be a whole number, 0 or more (got ${show(m)})`
          : min !== undefined && !isUnknown(min) && m > min
            ? `must not exceed replicas.min, or the schedule would scale up (got ${m}; allowed: 0 to ${min})`
            : undefined,
      );
    }
    checks.int("captureSamplingPercent", settings.captureSamplingPercent, 1, 100, "Data capture sampling (percent)");
    checks.check("imageTag", settings.imageTag, (tag) => (IMAGE_TAG_PATTERN.test(tag) ? undefined : `must be an image tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-' (got ${show(tag.slice(0, 140))})`));
    for (const path of ["modelDataPrefix", "capturePrefix"] as const) {
      checks.check(path, settings[path], (prefix) => s3PrefixProblem(prefix) ?? (prefix.endsWith("/") && !prefix.startsWith("/") ? undefined : `must be an S3 key prefix ending in '/' without a leading '/' (got ${show(prefix.slice(0, 80))})`));
    }
    checkLogRetention(checks, "logRetentionDays", settings.logRetentionDays);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AwsInferenceEndpointProps) {
    super(scope, id);
    markComponent(this, "inference");
    const tier = props.environment.tier;
    const defaults = AwsInferenceEndpoint.defaults(tier);
    this.replicas = props.replicas ?? defaults.replicas;
    this.targetInvocationsPerReplica = props.targetInvocationsPerReplica ?? defaults.targetInvocationsPerReplica;
    this.captureSamplingPercent = props.captureSamplingPercent ?? defaults.captureSamplingPercent;
    this.imageTag = props.imageTag ?? defaults.imageTag;
    this.modelDataPrefix = props.modelDataPrefix ?? defaults.modelDataPrefix;
    this.capturePrefix = props.capturePrefix ?? defaults.capturePrefix;
    this.logRetentionDays = props.logRetentionDays ?? defaults.logRetentionDays;
    const schedule = props.scaleDownSchedule;
    const { min, max } = this.replicas;
    this.mode = min === 0 || schedule?.minReplicas === 0 ? "inference-component" : "variant";
    const family = /^ml\.([a-z0-9]+)\./.exec(props.instanceType)?.[1] ?? "";
    this.volumeKeyApplied = !INSTANCE_STORAGE_FAMILIES.includes(family);

    const problems = new ProblemCollector();
    problems.addAll(AwsInferenceEndpoint.validate({ ...this, instanceType: props.instanceType, scaleDownSchedule: schedule }));
    const namer = new Namer(props.environment);
    this.endpointName = namer.name("sagemaker", "environment.name", "serving");
    // Endpoint configurations of a variant are `<name>-<tier>-serving-` and Terraform's 26-character unique suffix: check the longest form now.
    namer.name("sagemaker", "environment.name", "serving", "0".repeat(26));
    const componentName = namer.name("sagemaker", "environment.name", "serving", "model");
    const roleName = namer.name("iam-role", "environment.name", "serving");
    problems.addAll(namer.found);
    problems.throwIfAny(`AwsInferenceEndpoint ${this.node.path}`);

    const base = `${props.environment.name}-${tier}`;
    const account = new AccountInfo(this, "account");
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/sagemaker/Endpoints/${this.endpointName}`,
      retentionInDays: this.logRetentionDays,
      kmsKeyId: props.encryptionKey.keyId,
    });
    const { role, policy: rolePolicy } = new EndpointRole(this, "execution-role", {
      roleName,
      account,
      artifactsBucketArn: props.artifactsBucket.bucketArn,
      modelDataPrefix: this.modelDataPrefix,
      capturePrefix: this.capturePrefix,
      repositoryArn: props.container?.repositoryArn ?? props.repository.repositoryArn,
      keyArn: props.encryptionKey.keyId,
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
    // before the endpoint moves to it (create_before_destroy), so each replacement needs
    // a name the old one does not hold. The names are generated at apply, never derived
    // from the configuration as synthesized (a replaced role or security group keeps
    // its reference, so a hash of references would repeat the old name): the model has
    // no name_prefix, so Terraform names it (`terraform-<unique id>`); a variant's
    // configuration takes `<name>-<tier>-serving-` and a unique suffix; CloudFormation
    // names an inference-component configuration on each replacement.
    const modelConfig = {
      executionRoleArn: role.arn,
      enableNetworkIsolation: true,
      primaryContainer: {
        image: props.container?.image ?? `${props.repository.repositoryUrl}:${this.imageTag}`,
        environment: props.container?.environment ? { ...props.container.environment } : undefined,
        modelDataSource: { s3DataSource: [{ s3Uri: `s3://${props.artifactsBucket.bucketName}/${this.modelDataPrefix}`, s3DataType: "S3Prefix", compressionType: "None" }] },
      },
      vpcConfig: { subnets: [...props.vpc.subnetIds], securityGroupIds: [sg.id] },
    };
    // The model waits for its role's permissions: SageMaker checks image and artifact access when it starts.
    const model = new SagemakerModel(this, "model", { ...modelConfig, lifecycle: { createBeforeDestroy: true }, dependsOn: [rolePolicy] });
    const config = endpointConfiguration(this, "config", {
      mode: this.mode,
      namePrefix: `${this.endpointName}-`,
      stackName: `${this.endpointName}-config`,
      variantName: this.variantName,
      instanceType: props.instanceType,
      initialInstanceCount: Math.max(1, min),
      maxInstanceCount: max,
      modelName: model.name,
      executionRoleArn: role.arn,
      volumeKeyArn: this.volumeKeyApplied ? props.encryptionKey.keyId : undefined,
      capture: { samplingPercent: this.captureSamplingPercent, destinationS3Uri: `s3://${props.artifactsBucket.bucketName}/${this.capturePrefix}`, keyArn: props.encryptionKey.keyId },
      vpc: { subnetIds: modelConfig.vpcConfig.subnets, securityGroupIds: modelConfig.vpcConfig.securityGroupIds },
    });
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
    this.metricDimensions = this.componentName ? { InferenceComponentName: this.componentName } : { EndpointName: this.endpointName, VariantName: this.variantName };
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
