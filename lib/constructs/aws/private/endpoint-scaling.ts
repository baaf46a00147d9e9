import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingScheduledAction } from "@cdktf/provider-aws/lib/appautoscaling-scheduled-action";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct, type ITerraformDependable } from "../../../cdk";
import { toAwsCron } from "./aws-cron";

/** A scale-down window: scale to `minReplicas` at `cron`, back at `scaleUpCron` (5-field, UTC). */
export interface ScaleDownSchedule {
  readonly cron: string;
  readonly scaleUpCron: string;
  readonly minReplicas: number;
}

/** What to scale and how. */
export interface EndpointScalingProps {
  /** `endpoint/<name>/variant/<variant>` or `inference-component/<name>`. */
  readonly resourceId: string;
  readonly mode: "variant" | "inference-component";
  readonly min: number;
  readonly max: number;
  readonly targetInvocations: number;
  readonly schedule?: ScaleDownSchedule;
  /** Inference component name, for the scale-out-from-zero alarm. */
  readonly componentName?: string;
  /** Name prefix of policies and alarms. */
  readonly name: string;
  readonly dependsOn: ITerraformDependable[];
}

/**
 * Target-tracking autoscaling of an endpoint variant's instances or an inference
 * component's copies, an optional nightly scale-down, and — for inference components
 * that may reach zero — the step policy and alarm that bring the first copy back
 * when requests arrive.
 */
export class EndpointScaling extends Construct {
  public readonly target: AppautoscalingTarget;

  constructor(scope: Construct, id: string, props: EndpointScalingProps) {
    super(scope, id);
    const dimension = props.mode === "variant" ? "sagemaker:variant:DesiredInstanceCount" : "sagemaker:inference-component:DesiredCopyCount";
    this.target = new AppautoscalingTarget(this, "target", {
      serviceNamespace: "sagemaker",
      resourceId: props.resourceId,
      scalableDimension: dimension,
      minCapacity: props.min,
      maxCapacity: props.max,
      dependsOn: props.dependsOn,
      // With a schedule, the scheduled actions own the bounds (the scale-up action restores
      // these values each morning); otherwise an apply at night would undo the scale-down.
      lifecycle: props.schedule ? { ignoreChanges: ["min_capacity", "max_capacity"] } : undefined,
    });
    const scalable = { serviceNamespace: "sagemaker", resourceId: this.target.resourceId, scalableDimension: this.target.scalableDimension };
    new AppautoscalingPolicy(this, "target-tracking", {
      ...scalable,
      name: `${props.name}-invocations`,
      policyType: "TargetTrackingScaling",
      targetTrackingScalingPolicyConfiguration: {
        targetValue: props.targetInvocations,
        predefinedMetricSpecification: {
          predefinedMetricType: props.mode === "variant" ? "SageMakerVariantInvocationsPerInstance" : "SageMakerInferenceComponentInvocationsPerCopy",
        },
        scaleInCooldown: 600,
        scaleOutCooldown: 120,
      },
    });
    if (props.schedule) {
      const low = props.schedule.minReplicas;
      new AppautoscalingScheduledAction(this, "scale-down", {
        ...scalable,
        name: `${props.name}-scale-down`,
        schedule: toAwsCron(props.schedule.cron),
        timezone: "Etc/UTC",
        // Inference components keep their maximum, so the wake-from-zero policy can still add
        // a copy when a request arrives; classic variants (low >= 1) are held at the low count.
        scalableTargetAction: { minCapacity: String(low), maxCapacity: String(props.mode === "inference-component" ? props.max : low) },
      });
      new AppautoscalingScheduledAction(this, "scale-up", {
        ...scalable,
        name: `${props.name}-scale-up`,
        schedule: toAwsCron(props.schedule.scaleUpCron),
        timezone: "Etc/UTC",
        scalableTargetAction: { minCapacity: String(props.min), maxCapacity: String(props.max) },
      });
    }
    const canReachZero = props.mode === "inference-component" && (props.min === 0 || (props.schedule?.minReplicas ?? 1) === 0);
    if (canReachZero && props.componentName) {
      const wake = new AppautoscalingPolicy(this, "scale-out-from-zero", {
        ...scalable,
        name: `${props.name}-from-zero`,
        policyType: "StepScaling",
        stepScalingPolicyConfiguration: {
          adjustmentType: "ChangeInCapacity",
          metricAggregationType: "Maximum",
          cooldown: 60,
          stepAdjustment: [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }],
        },
      });
      new CloudwatchMetricAlarm(this, "no-capacity-alarm", {
        alarmName: `${props.name}-no-capacity`,
        alarmDescription: "Requests arrived while no model copy was running: add one copy",
        namespace: "AWS/SageMaker",
        metricName: "NoCapacityInvocationFailures",
        dimensions: { InferenceComponentName: props.componentName },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "missing",
        alarmActions: [wake.arn],
      });
    }
  }
}
