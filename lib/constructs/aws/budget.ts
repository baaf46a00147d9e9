import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { CeCostAllocationTag } from "@cdktf/provider-aws/lib/ce-cost-allocation-tag";
import { Construct, type ITerraformDependable } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Checks, isUnknown } from "../private/checks";
import type { Tier } from "../../util/tier";
import { Namer } from "../../naming";
import { markComponent, type EnvironmentIdentity } from "../common";
import { checkEmails } from "./alert-topic";

/** Props of {@link AwsBudget}. */
export interface AwsBudgetProps {
  /** The environment; the budget is `<name>-<tier>-monthly`. */
  readonly environment: EnvironmentIdentity;
  /** Monthly cost limit, USD. */
  readonly monthlyUsd: number;
  /** Actual-spend alert thresholds, percent of the limit. @default [50, 80, 100] */
  readonly thresholdsPercent?: readonly number[];
  /** Forecast alert threshold, percent of the limit. @default 100 */
  readonly forecastPercent?: number;
  /** Email addresses that get every alert. */
  readonly emails: readonly string[];
  /** SNS topic that gets every alert too. @default - none */
  readonly topicArn?: string;
  /** What must exist before the budget, e.g. the topic policy that lets Budgets publish to the topic. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** The cost-allocation tag that selects the environment's costs. */
  readonly costTag: { readonly key: string; readonly value: string };
  /**
   * Activate the tag as a cost-allocation tag. The tag is account-wide: let one stack own
   * it (destroying that stack deactivates it). Needs the management account's billing
   * rights, and AWS accepts it only once the tag has been seen on a resource. @default false
   */
  readonly activateCostTag?: boolean;
  /** First month of the budget, `YYYY-MM-01`; never taken from the clock. @default - left to AWS (the current month at creation) */
  readonly startDate?: string;
}

/** Actual-spend thresholds a budget takes: AWS Budgets allows 10 notifications, one is the forecast. */
export const BUDGET_MAX_THRESHOLDS = 9;

/** What {@link AwsBudget} uses for props left unset. */
export interface AwsBudgetDefaults {
  readonly thresholdsPercent: readonly number[];
  readonly forecastPercent: number;
  readonly activateCostTag: boolean;
}

/** The props {@link AwsBudget.validate} checks. */
export type AwsBudgetSettings = Partial<Pick<AwsBudgetProps, "monthlyUsd" | "thresholdsPercent" | "forecastPercent" | "emails" | "startDate">>;

/**
 * An AWS Budgets monthly cost budget over the environment's cost-allocation tag, with
 * an actual-spend alert at each threshold and a forecast alert, to email and the
 * alert topic; optionally activates the tag for cost allocation.
 */
export class AwsBudget extends Construct {
  public readonly budget: BudgetsBudget;
  public readonly budgetName: string;
  public readonly thresholdsPercent: readonly number[];
  public readonly forecastPercent: number;
  public readonly activateCostTag: boolean;

  /** What the budget uses for each prop left unset (the same in every tier). */
  public static defaults(_tier: Tier): AwsBudgetDefaults {
    // Cost-allocation tag activation is off in every tier: AWS accepts it only a day after
    // the tag is first seen, and only from the management (payer) account.
    return { thresholdsPercent: [50, 80, 100], forecastPercent: 100, activateCostTag: false };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: AwsBudgetSettings): readonly ValidationProblem[] {
    const checks = new Checks();
    checks.check("monthlyUsd", settings.monthlyUsd, (usd) => (usd > 0 && Number.isFinite(usd) ? undefined : `must be a positive amount of USD (got ${show(usd)})`));
    const given = settings.thresholdsPercent;
    if (given && !isUnknown(given)) {
      if (given.length === 0) checks.add("thresholdsPercent", given, "list at least one threshold");
      if (given.length > BUDGET_MAX_THRESHOLDS) {
        checks.add("thresholdsPercent", given, `AWS Budgets allows 10 notifications per budget, one is the forecast alert (got ${given.length} thresholds; allowed: 1 to ${BUDGET_MAX_THRESHOLDS})`);
      }
      given.forEach((t, i) => {
        checks.positive(`thresholdsPercent.${i}`, t, 1000, "A budget threshold (percent)");
        if (given.slice(0, i).includes(t)) checks.add(`thresholdsPercent.${i}`, t, `duplicates another threshold (got ${t}); each threshold makes one notification, list each once`);
      });
    }
    checks.positive("forecastPercent", settings.forecastPercent, 1000, "The forecast alert (percent)");
    if (settings.emails) {
      checkEmails(checks, "emails", settings.emails);
      if (settings.emails.length > 10) checks.add("emails", settings.emails, `AWS Budgets allows 10 email subscribers per notification (got ${settings.emails.length}); subscribe the rest to the alert topic`);
    }
    checks.check("startDate", settings.startDate, (d) => (/^\d{4}-(0[1-9]|1[0-2])-01$/.test(d) ? undefined : `must be the first day of a month, YYYY-MM-01 (got ${show(d.slice(0, 40))})`));
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AwsBudgetProps) {
    super(scope, id);
    markComponent(this, "budget");
    const defaults = AwsBudget.defaults(props.environment.tier);
    this.thresholdsPercent = [...(props.thresholdsPercent ?? defaults.thresholdsPercent)].sort((a, b) => a - b);
    this.forecastPercent = props.forecastPercent ?? defaults.forecastPercent;
    this.activateCostTag = props.activateCostTag ?? defaults.activateCostTag;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.budgetName = namer.name("budget", "environment.name", "monthly");
    problems.addAll(namer.found);
    problems.addAll(AwsBudget.validate(props));
    problems.throwIfAny(`AwsBudget ${this.node.path}`);

    const subscribers = { subscriberEmailAddresses: [...props.emails], subscriberSnsTopicArns: props.topicArn ? [props.topicArn] : undefined };
    // Independent of the budget: if activation fails (tag not seen yet, member account), the budget is still created.
    if (this.activateCostTag) new CeCostAllocationTag(this, "cost-tag", { tagKey: props.costTag.key, status: "Active" });
    this.budget = new BudgetsBudget(this, "budget", {
      name: this.budgetName,
      budgetType: "COST",
      limitAmount: props.monthlyUsd.toFixed(2),
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      timePeriodStart: props.startDate ? `${props.startDate}_00:00` : undefined,
      costFilter: [{ name: "TagKeyValue", values: [`user:${props.costTag.key}$${props.costTag.value}`] }],
      notification: [
        ...this.thresholdsPercent.map((threshold) => ({ comparisonOperator: "GREATER_THAN", notificationType: "ACTUAL", threshold, thresholdType: "PERCENTAGE", ...subscribers })),
        { comparisonOperator: "GREATER_THAN", notificationType: "FORECASTED", threshold: this.forecastPercent, thresholdType: "PERCENTAGE", ...subscribers },
      ],
      dependsOn: props.dependsOn && props.dependsOn.length > 0 ? [...props.dependsOn] : undefined,
    });
  }
}
