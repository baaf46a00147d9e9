import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { CeCostAllocationTag } from "@cdktf/provider-aws/lib/ce-cost-allocation-tag";
import { Construct, Token } from "../../cdk";
import { ProblemCollector, show } from "../../errors";
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

  constructor(scope: Construct, id: string, props: AwsBudgetProps) {
    super(scope, id);
    markComponent(this, "budget");
    this.thresholdsPercent = [...(props.thresholdsPercent ?? [50, 80, 100])].sort((a, b) => a - b);
    this.forecastPercent = props.forecastPercent ?? 100;
    this.activateCostTag = props.activateCostTag ?? false;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.budgetName = namer.name("budget", "environment.name", "monthly");
    problems.addAll(namer.found);
    if (!Token.isUnresolved(props.monthlyUsd) && !(props.monthlyUsd > 0)) problems.add("monthlyUsd", `must be a positive amount of USD (got ${show(props.monthlyUsd)})`);
    if (this.thresholdsPercent.length === 0) problems.add("thresholdsPercent", "list at least one threshold");
    if (this.thresholdsPercent.length + 1 > 10) problems.add("thresholdsPercent", `AWS Budgets allows 10 notifications per budget, one is the forecast (got ${this.thresholdsPercent.length} thresholds; allowed: 1 to 9)`);
    // Checked in the order given, so each path points at the user's entry (not the sorted copy's).
    const given = props.thresholdsPercent ?? this.thresholdsPercent;
    given.forEach((t, i) => {
      if (!(t > 0 && t <= 1000)) problems.add(`thresholdsPercent.${i}`, `must be a percent above 0, at most 1000 (got ${show(t)})`);
      if (given.slice(0, i).includes(t)) problems.add(`thresholdsPercent.${i}`, `duplicates another threshold (got ${t})`);
    });
    if (!(this.forecastPercent > 0 && this.forecastPercent <= 1000)) problems.add("forecastPercent", `must be a percent above 0, at most 1000 (got ${show(this.forecastPercent)})`);
    checkEmails(problems, "emails", props.emails);
    if (props.emails.length > 10) problems.add("emails", `AWS Budgets allows 10 email subscribers per notification (got ${props.emails.length}); subscribe the rest to the alert topic`);
    if (props.startDate !== undefined && !/^\d{4}-(0[1-9]|1[0-2])-01$/.test(props.startDate)) problems.add("startDate", `must be the first day of a month, YYYY-MM-01 (got ${show(props.startDate)})`);
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
    });
  }
}
