import { describe, expect, it } from "vitest";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { AwsInferenceEndpoint, type AwsInferenceEndpointProps } from "../lib/constructs/aws/inference-endpoint";
import { cronProblem } from "../lib/util/cron";
import { awsCronProblem, toAwsCron } from "../lib/constructs/aws/private/aws-cron";
import { DEV, only, resources, synthAws, type Synthesized } from "./helpers";

const REPOSITORY_ARN = "arn:aws:ecr:us-east-1:123456789012:repository/acme-dev/serving";

type Overrides = Partial<Omit<AwsInferenceEndpointProps, "encryptionKey">>;

/** Synthesizes an Inferentia2 endpoint in dev, min 1 and max 2 (a variant) unless overridden; `overrides` replace any prop but the key. */
function synthEndpoint(overrides: Overrides = {}): Synthesized {
  return synthAws((s) => {
    const key = new AwsEncryptionKey(s, "key", { environment: DEV });
    new AwsInferenceEndpoint(s, "serving", {
      environment: DEV,
      instanceType: "ml.inf2.xlarge",
      acceleratorsPerInstance: 1,
      repository: { repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-dev/serving", repositoryArn: REPOSITORY_ARN },
      artifactsBucket: { bucketName: "acme-dev-artifacts", bucketArn: "arn:aws:s3:::acme-dev-artifacts" },
      vpc: { vpcId: "vpc-123", subnetIds: ["subnet-a", "subnet-b"], cidr: "10.40.0.0/16", s3PrefixListId: "pl-63a5400a" },
      encryptionKey: key,
      replicas: { min: 1, max: 2 },
      ...overrides,
    });
  });
}

const NIGHTLY_TO_ZERO = { cron: "0 20 * * 1-5", scaleUpCron: "0 7 * * 1-5", minReplicas: 0 };
const KEY_ARN = /^\$\{aws_kms_key\.key_\w+\.arn\}$/;

interface Statement {
  Sid: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}

/** The parsed desired state of the Cloud Control resource of a type. */
function cloudControl(doc: Synthesized, typeName: string): Record<string, unknown> {
  const r = resources(doc, "aws_cloudcontrolapi_resource").find((x) => x.type_name === typeName);
  if (!r) throw new Error(`no ${typeName}`);
  return JSON.parse(r.desired_state as string);
}

function variants(doc: Synthesized): Record<string, unknown>[] {
  return only(doc, "aws_sagemaker_endpoint_configuration").production_variants as Record<string, unknown>[];
}

describe("AwsInferenceEndpoint", () => {
  describe("variant mode (minimum of 1 or more)", () => {
    it("serves a network-isolated model from the VPC", () => {
      // given / when
      const doc = synthEndpoint();
      // then
      const model = only(doc, "aws_sagemaker_model");
      expect(model.enable_network_isolation).toBe(true);
      expect(model.vpc_config).toEqual({ subnets: ["subnet-a", "subnet-b"], security_group_ids: [expect.stringMatching(/aws_security_group\./)] });
      expect(model.primary_container).toMatchObject({
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-dev/serving:v1",
        model_data_source: { s3_data_source: [expect.objectContaining({ s3_uri: "s3://acme-dev-artifacts/models/serving/", s3_data_type: "S3Prefix" })] },
      });
      expect(only(doc, "aws_sagemaker_endpoint").name).toBe("acme-dev-serving");
    });

    it("puts the model on a variant with the minimum as its initial instance count", () => {
      const doc = synthEndpoint({ replicas: { min: 2, max: 4 } });
      expect(variants(doc)).toEqual([
        { variant_name: "primary", model_name: expect.stringMatching(/aws_sagemaker_model\./), instance_type: "ml.inf2.xlarge", initial_instance_count: 2 },
      ]);
      expect(only(doc, "aws_sagemaker_endpoint_configuration").execution_role_arn).toBeUndefined();
      expect(resources(doc, "aws_cloudcontrolapi_resource")).toEqual([]);
    });

    it("captures requests and responses to the capture prefix of the artifacts bucket, encrypted with the key", () => {
      const capture = only(synthEndpoint(), "aws_sagemaker_endpoint_configuration").data_capture_config as Record<string, unknown>;
      expect(capture).toMatchObject({
        enable_capture: true,
        initial_sampling_percentage: 100,
        destination_s3_uri: "s3://acme-dev-artifacts/data-capture/serving/",
        capture_options: [{ capture_mode: "Input" }, { capture_mode: "Output" }],
      });
      expect(capture.kms_key_id).toMatch(KEY_ARN);
    });

    it("scales the variant's instances on invocations per instance", () => {
      // given / when
      const doc = synthEndpoint();
      // then
      expect(only(doc, "aws_appautoscaling_target")).toMatchObject({
        service_namespace: "sagemaker",
        resource_id: "endpoint/acme-dev-serving/variant/primary",
        scalable_dimension: "sagemaker:variant:DesiredInstanceCount",
        min_capacity: 1,
        max_capacity: 2,
      });
      const policy = only(doc, "aws_appautoscaling_policy");
      expect(policy.target_tracking_scaling_policy_configuration).toMatchObject({
        target_value: 100,
        predefined_metric_specification: { predefined_metric_type: "SageMakerVariantInvocationsPerInstance" },
      });
      expect(resources(doc, "aws_cloudwatch_metric_alarm")).toEqual([]);
    });
  });

  describe("inference-component mode (may reach zero)", () => {
    it("deploys the model as an inference component on a managed-scaling variant when the minimum is 0", () => {
      // given / when
      const doc = synthEndpoint({ replicas: { min: 0, max: 2 } });
      // then the endpoint configuration (a one-resource CloudFormation stack: Cloud Control cannot create the type) carries the role and scaling to zero
      expect(resources(doc, "aws_sagemaker_endpoint_configuration")).toEqual([]);
      expect(resources(doc, "aws_cloudcontrolapi_resource").map((r) => r.type_name)).toEqual(["AWS::SageMaker::InferenceComponent"]);
      const stack = only(doc, "aws_cloudformation_stack");
      expect(stack).toMatchObject({ name: "acme-dev-serving-config", on_failure: "DELETE" });
      expect(stack.capabilities).toBeUndefined();
      const template = JSON.parse(stack.template_body as string);
      expect(Object.keys(template.Resources)).toEqual(["EndpointConfig"]);
      expect(template.Resources.EndpointConfig.Type).toBe("AWS::SageMaker::EndpointConfig");
      const config = template.Resources.EndpointConfig.Properties;
      expect(config.ExecutionRoleArn).toMatch(/^\$\{aws_iam_role\./);
      expect(config.EnableNetworkIsolation).toBe(true);
      expect(config.VpcConfig).toEqual({ Subnets: ["subnet-a", "subnet-b"], SecurityGroupIds: [expect.stringMatching(/aws_security_group\./)] });
      expect(config.ProductionVariants).toEqual([
        { VariantName: "primary", InstanceType: "ml.inf2.xlarge", InitialInstanceCount: 1, ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 2 }, RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" } },
      ]);
      expect(config.DataCaptureConfig).toMatchObject({ EnableCapture: true, KmsKeyId: expect.stringMatching(/aws_kms_key/), DestinationS3Uri: "s3://acme-dev-artifacts/data-capture/serving/" });
      const endpoint = only(doc, "aws_sagemaker_endpoint");
      expect(endpoint.endpoint_config_name).toMatch(/^\$\{aws_cloudformation_stack\.\w+\.outputs\["EndpointConfigName"\]\}$/);
      const component = cloudControl(doc, "AWS::SageMaker::InferenceComponent");
      expect(component.InferenceComponentName).toBe("acme-dev-serving-model");
      expect((component.Specification as { ModelName: string }).ModelName).toMatch(/^\$\{aws_sagemaker_model\./);
    });

    it("scales model copies and wakes from zero when a request finds no copy", () => {
      // given / when
      const doc = synthEndpoint({ replicas: { min: 0, max: 2 } });
      // then
      expect(only(doc, "aws_appautoscaling_target")).toMatchObject({
        resource_id: "inference-component/acme-dev-serving-model",
        scalable_dimension: "sagemaker:inference-component:DesiredCopyCount",
        min_capacity: 0,
      });
      const policies = resources(doc, "aws_appautoscaling_policy");
      expect(policies.map((p) => p.policy_type).sort()).toEqual(["StepScaling", "TargetTrackingScaling"]);
      const wake = policies.find((p) => p.policy_type === "StepScaling");
      expect(wake?.step_scaling_policy_configuration).toMatchObject({ adjustment_type: "ChangeInCapacity", step_adjustment: [{ metric_interval_lower_bound: "0", scaling_adjustment: 1 }] });
      const alarm = only(doc, "aws_cloudwatch_metric_alarm");
      expect(alarm).toMatchObject({ metric_name: "NoCapacityInvocationFailures", namespace: "AWS/SageMaker", dimensions: { InferenceComponentName: "acme-dev-serving-model" } });
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_appautoscaling_policy\.[\w-]*scale-out-from-zero[\w-]*\.arn\}$/)]);
    });

    it("is chosen too when a schedule scales a minimum of 1 down to 0", () => {
      const doc = synthEndpoint({ replicas: { min: 1, max: 2 }, scaleDownSchedule: NIGHTLY_TO_ZERO });
      expect(cloudControl(doc, "AWS::SageMaker::InferenceComponent").InferenceComponentName).toBe("acme-dev-serving-model");
      expect(only(doc, "aws_appautoscaling_target").resource_id).toBe("inference-component/acme-dev-serving-model");
      expect(only(doc, "aws_cloudwatch_metric_alarm").metric_name).toBe("NoCapacityInvocationFailures");
    });
  });

  it("scales down and back up on the schedule, translated to AWS cron in UTC", () => {
    // given / when
    const doc = synthEndpoint({ replicas: { min: 1, max: 2 }, scaleDownSchedule: NIGHTLY_TO_ZERO });
    // then
    const actions = Object.fromEntries(resources(doc, "aws_appautoscaling_scheduled_action").map((a) => [a.name, a]));
    // the maximum stays, so a request at night can still wake a copy
    expect(actions["acme-dev-serving-scale-down"]).toMatchObject({ schedule: "cron(0 20 ? * 2-6 *)", timezone: "Etc/UTC", scalable_target_action: { min_capacity: "0", max_capacity: "2" } });
    expect(actions["acme-dev-serving-scale-up"]).toMatchObject({ schedule: "cron(0 7 ? * 2-6 *)", timezone: "Etc/UTC", scalable_target_action: { min_capacity: "1", max_capacity: "2" } });
    // the scheduled actions own the bounds: an apply at night does not undo the scale-down
    expect(only(doc, "aws_appautoscaling_target").lifecycle).toEqual({ ignore_changes: ["min_capacity", "max_capacity"] });
  });

  it("holds a classic variant at the scaled-down count overnight", () => {
    const doc = synthEndpoint({ replicas: { min: 2, max: 4 }, scaleDownSchedule: { ...NIGHTLY_TO_ZERO, minReplicas: 1 } });
    const down = resources(doc, "aws_appautoscaling_scheduled_action").find((a) => String(a.name).endsWith("scale-down"))!;
    expect(down.scalable_target_action).toEqual({ min_capacity: "1", max_capacity: "1" });
  });

  it("encrypts volumes with the key, except on instances whose storage the hardware encrypts", () => {
    expect(only(synthEndpoint({ instanceType: "ml.inf2.xlarge" }), "aws_sagemaker_endpoint_configuration").kms_key_arn).toMatch(KEY_ARN);
    expect(only(synthEndpoint({ instanceType: "ml.g5.xlarge" }), "aws_sagemaker_endpoint_configuration").kms_key_arn).toBeUndefined();
  });

  describe("execution role", () => {
    const statements = (doc: Synthesized): Statement[] => JSON.parse(only(doc, "aws_iam_role_policy").policy as string).Statement;

    it("reads only the model prefix, writes only the capture prefix and pulls only its repository", () => {
      // given / when
      const byId = Object.fromEntries(statements(synthEndpoint()).map((s) => [s.Sid, s]));
      // then
      expect(byId.ReadModelArtifacts).toMatchObject({ Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-dev-artifacts/models/serving/*" });
      expect(byId.ListModelPrefix).toMatchObject({ Resource: "arn:aws:s3:::acme-dev-artifacts", Condition: { StringLike: { "s3:prefix": ["models/serving/*"] } } });
      expect(byId.WriteCapturedData).toMatchObject({ Action: "s3:PutObject", Resource: "arn:aws:s3:::acme-dev-artifacts/data-capture/serving/*" });
      expect(byId.PullServingImage.Resource).toBe(REPOSITORY_ARN);
      expect(byId.UseDataKey.Resource).toMatch(KEY_ARN);
    });

    it("grants on every resource only the ECR token, namespaced metric data and the VPC network interfaces", () => {
      // given / when
      const wildcard = statements(synthEndpoint()).filter((s) => s.Resource === "*" || (Array.isArray(s.Resource) && s.Resource.includes("*")));
      // then
      expect(wildcard.map((s) => s.Sid)).toEqual(["EcrToken", "PublishMetrics", "AttachToVpc"]);
      const [token, metrics, vpc] = wildcard;
      expect(token.Action).toBe("ecr:GetAuthorizationToken");
      expect(metrics).toMatchObject({ Action: "cloudwatch:PutMetricData", Condition: { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } } });
      expect((vpc.Action as string[]).every((a) => /^ec2:(Describe\w+|(Create|Delete)NetworkInterface(Permission)?)$/.test(a))).toBe(true);
    });
  });

  describe("updates", () => {
    it("leaves the model's name to Terraform and gives the variant's configuration only a prefix, creating each new one before destroying the old", () => {
      // given two images: a replaced role or security group changes no reference, so no synth-time hash can tell the versions apart
      const [v1, v2] = [synthEndpoint({ imageTag: "v1" }), synthEndpoint({ imageTag: "v2" })];
      // then no name is fixed at synth: Terraform generates a new one on every replacement
      const model = only(v1, "aws_sagemaker_model");
      expect(model.name).toBeUndefined();
      expect(model.lifecycle).toEqual({ create_before_destroy: true });
      const config = only(v1, "aws_sagemaker_endpoint_configuration");
      expect(config.name).toBeUndefined();
      expect(config.name_prefix).toBe("acme-dev-serving-");
      expect(config.lifecycle).toEqual({ create_before_destroy: true });
      expect(only(v2, "aws_sagemaker_endpoint_configuration").name_prefix).toBe(config.name_prefix);
      // and the endpoint follows whatever name the configuration gets
      expect(only(v2, "aws_sagemaker_endpoint")).toMatchObject({ name: "acme-dev-serving", endpoint_config_name: expect.stringMatching(/^\$\{aws_sagemaker_endpoint_configuration\.\w+\.name\}$/) });
    });

    it("lets CloudFormation name an inference-component configuration, keeping the replaced one until the endpoint has moved", () => {
      // given / when
      const stack = only(synthEndpoint({ replicas: { min: 0, max: 2 } }), "aws_cloudformation_stack");
      // then
      const template = JSON.parse(stack.template_body as string);
      expect(template.Resources.EndpointConfig.Properties.EndpointConfigName).toBeUndefined();
      expect(template.Resources.EndpointConfig.UpdateReplacePolicy).toBe("Retain");
      expect(template.Outputs).toEqual({ EndpointConfigName: { Value: { "Fn::GetAtt": ["EndpointConfig", "EndpointConfigName"] } } });
    });

    it("checks the longest generated configuration name (prefix and Terraform's 26-character suffix) against SageMaker's 63", () => {
      expect(() => synthEndpoint({ environment: { name: "abcdefghijklmnop", tier: "staging" } })).not.toThrow();
    });
  });

  describe("validation", () => {
    it("rejects an instance type without the ml. prefix", () => {
      expect(() => synthEndpoint({ instanceType: "p5.48xlarge" })).toThrowError(/instanceType: must be a SageMaker instance type like ml\.inf2\.xlarge \(got "p5\.48xlarge"\)/);
    });

    it("rejects a minimum above the maximum", () => {
      expect(() => synthEndpoint({ replicas: { min: 3, max: 2 } })).toThrowError(/replicas\.min: must not exceed the maximum \(got min 3, max 2\)/);
    });

    it("rejects a schedule that scales down to more replicas than the minimum", () => {
      expect(() => synthEndpoint({ replicas: { min: 1, max: 4 }, scaleDownSchedule: { ...NIGHTLY_TO_ZERO, minReplicas: 2 } })).toThrowError(
        /scaleDownSchedule\.minReplicas: must not exceed replicas\.min, or the schedule would scale up \(got 2; allowed: 0 to 1\)/,
      );
    });

    it("rejects a bad cron, naming the field", () => {
      expect(() => synthEndpoint({ scaleDownSchedule: { ...NIGHTLY_TO_ZERO, scaleUpCron: "0 25 * * 1-5" } })).toThrowError(/scaleDownSchedule\.scaleUpCron: hour value "25" is out of range/);
    });

    it("rejects a cron AWS cannot run (both day fields restricted)", () => {
      expect(() => synthEndpoint({ scaleDownSchedule: { ...NIGHTLY_TO_ZERO, cron: "0 20 1 * 1" } })).toThrowError(/scaleDownSchedule\.cron: AWS schedules cannot restrict both day-of-month and day-of-week/);
    });

    it("rejects capturing 0% of requests", () => {
      expect(() => synthEndpoint({ captureSamplingPercent: 0 })).toThrowError(/captureSamplingPercent: Data capture sampling \(percent\) takes a whole number from 1 to 100 \(got 0\)/);
    });

    it("rejects a prefix without a trailing slash", () => {
      expect(() => synthEndpoint({ capturePrefix: "data-capture/serving" })).toThrowError(/capturePrefix: must be an S3 key prefix ending in '\/'.*\(got "data-capture\/serving"\)/);
    });
  });
});

describe("cron", () => {
  describe("cronProblem", () => {
    it.each(["0 20 * * 1-5", "*/15 * * * *", "0 0 * * 0", "0 0 * * 7", "30 7 * * MON-FRI", "0 6 1,15 JAN-MAR *", "  0 20 * * 1-5  "])("accepts %j", (expr) => {
      expect(cronProblem(expr)).toBeUndefined();
    });

    it.each([
      ["0 20 * *", /must have 5 fields .* 4 fields/],
      ["0 20 * * 1-5 2026", /must have 5 fields .* 6 fields/],
      ["60 * * * *", /minute value "60" is out of range .*allowed: 0-59/],
      ["0 24 * * *", /hour value "24" is out of range .*allowed: 0-23/],
      ["0 0 0 * *", /day-of-month value "0" is out of range .*allowed: 1-31/],
      ["0 0 * 13 *", /month value "13" is out of range .*allowed: 1-12 or JAN-DEC/],
      ["0 0 * * 8", /day-of-week value "8" is out of range .*allowed: 0-7 or SUN-SAT/],
      ["0 0 * * FUN", /day-of-week value "FUN" is out of range/],
      ["0 0 * FOO *", /month value "FOO" is out of range/],
      ["0 0 * * 1,,2", /day-of-week field "1,,2" is not a list of values, ranges, '\*' or steps/],
      ["0 0 ? * 1", /day-of-month field "\?" is not a list/],
    ])("rejects %j", (expr, message) => {
      expect(cronProblem(expr)).toMatch(message);
    });
  });

  describe("awsCronProblem", () => {
    it.each(["0 20 * * 1-5", "0 0 1 * *", "0 0 * * 0,5-6", "0 7 * * MON-FRI"])("accepts %j", (expr) => {
      expect(awsCronProblem(expr)).toBeUndefined();
    });

    it.each([
      ["0 0 1 * 1", /cannot restrict both day-of-month and day-of-week/],
      ["0 0 * * */2", /no step in day-of-week/],
      ["0 0 * * 1-7", /range ending on Sunday/],
      ["0 0 * * FRI-SUN", /day-of-week range "FRI-SUN" runs backwards/],
      ["0 0 * * 5-7,3", /range ending on Sunday/],
      ["0 24 * * *", /hour value "24" is out of range/],
    ])("rejects %j", (expr, message) => {
      expect(awsCronProblem(expr)).toMatch(message);
    });
  });

  describe("toAwsCron", () => {
    it.each([
      ["0 20 * * 1-5", "cron(0 20 ? * 2-6 *)"],
      ["*/15 * * * *", "cron(0/15 * * * ? *)"],
      ["0 */6 * * *", "cron(0 0/6 * * ? *)"],
      ["0 0 * * 0", "cron(0 0 ? * 1 *)"],
      ["0 0 * * 7", "cron(0 0 ? * 1 *)"],
      ["0 0 * * 0,5-6", "cron(0 0 ? * 1,6-7 *)"],
      ["0 7 * * MON-FRI", "cron(0 7 ? * MON-FRI *)"],
      ["0 6 1 * *", "cron(0 6 1 * ? *)"],
    ])("translates %j to %j", (expr, aws) => {
      expect(toAwsCron(expr)).toBe(aws);
    });
  });
});
