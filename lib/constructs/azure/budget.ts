import { ConsumptionBudgetResourceGroup } from "@cdktf/provider-azurerm/lib/consumption-budget-resource-group";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { emailProblem } from "../../util/patterns";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks, isUnknown } from "../private/checks";

/** A consumption budget holds at most 5 notifications (Microsoft.Consumption budgets API, `notifications`). */
export const BUDGET_MAX_NOTIFICATIONS = 5;

/** The earliest start date a consumption budget takes (provider doc, `time_period.start_date`). */
export const BUDGET_EARLIEST_START = "2017-06-01";

/** Props of {@link AzureBudget}. */
export interface AzureBudgetProps {
  /** The environment; the budget is named `<name>-<tier>-monthly`. */
  readonly environment: EnvironmentIdentity;
  /** ARM id of the resource group whose cost the budget watches. */
  readonly resourceGroupId: string;
  /** Monthly amount, in the billing currency of the subscription. */
  readonly monthlyAmount: number;
  /** First month the budget counts, `YYYY-MM-01`: the first of a month, not earlier than 2017-06-01 and at most twelve months ahead (Azure cannot change it later: a new date replaces the budget). */
  readonly startDate: string;
  /** Actual-spend thresholds, percent of the amount (0-1000); with the forecast, at most 5. @default [50, 80, 100] */
  readonly thresholdsPercent?: readonly number[];
  /** Forecasted-spend threshold, percent of the amount. @default 100 */
  readonly forecastPercent?: number;
  /** Email addresses every notification goes to. */
  readonly emails: readonly string[];
  /** Action groups every notification also goes to (ARM ids). @default [] */
  readonly actionGroupIds?: readonly string[];
}

type Settings = Pick<AzureBudgetProps, "monthlyAmount" | "startDate" | "thresholdsPercent" | "forecastPercent" | "emails">;

/**
 * A monthly consumption budget on one resource group (every resource the environment
 * makes lives there, so the budget sees all of its cost): one notification per
 * actual-spend threshold and one on forecasted spend, each to the emails and the action
 * groups. The start date comes from the caller, never from the clock, so synth is
 * deterministic; Azure takes a first of a month and cannot change it later.
 *
 * Before you apply: the subscription needs the `Microsoft.Consumption` resource provider
 * registered (the Azure environment stack's provider registers it), and budgets are not
 * available on every offer type (e.g. some sponsorship and CSP subscriptions).
 */
export class AzureBudget extends Construct {
  public readonly budget: ConsumptionBudgetResourceGroup;
  public readonly budgetName: string;
  public readonly thresholdsPercent: readonly number[];
  public readonly forecastPercent: number;
  public readonly startDate: string;

  /** What the budget uses for each prop left unset (the same in every tier). */
  public static defaults(_tier: Tier): { readonly thresholdsPercent: readonly number[]; readonly forecastPercent: number } {
    return { thresholdsPercent: [50, 80, 100], forecastPercent: 100 };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .check("monthlyAmount", settings.monthlyAmount, (a) => (Number.isFinite(a) && a > 0 && Math.round(a * 100) === a * 100 ? undefined : `must be a positive amount with at most two decimals (got ${show(a)})`))
      .positive("forecastPercent", settings.forecastPercent, 1000, "The forecast notification (percent)")
      .check("startDate", settings.startDate, startDateProblem);
    const thresholds = settings.thresholdsPercent;
    if (thresholds && !isUnknown(thresholds)) {
      if (thresholds.length === 0) checks.add("thresholdsPercent", thresholds, "list at least one threshold");
      if (thresholds.length + 1 > BUDGET_MAX_NOTIFICATIONS) {
        checks.add("thresholdsPercent", thresholds, `an Azure budget holds at most ${BUDGET_MAX_NOTIFICATIONS} notifications, and one is the forecast (got ${thresholds.length} thresholds; allowed: up to ${BUDGET_MAX_NOTIFICATIONS - 1})`);
      }
      thresholds.forEach((t, i) => {
        checks.positive(`thresholdsPercent.${i}`, t, 1000, "A budget threshold (percent)");
        if (thresholds.slice(0, i).includes(t)) checks.add(`thresholdsPercent.${i}`, t, `repeats another threshold (got ${t}); list each once`);
      });
    }
    const emails = settings.emails;
    if (emails && !isUnknown(emails)) {
      if (emails.length === 0) checks.add("emails", emails, "list at least one address: a notification that reaches nobody is lost");
      emails.forEach((e, i) => checks.check(`emails.${i}`, e, emailProblem));
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureBudgetProps) {
    super(scope, id);
    markComponent(this, "budget");
    const d = AzureBudget.defaults(props.environment.tier);
    this.thresholdsPercent = [...(props.thresholdsPercent ?? d.thresholdsPercent)].sort((a, b) => a - b);
    this.forecastPercent = props.forecastPercent ?? d.forecastPercent;
    this.startDate = props.startDate;
    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.budgetName = namer.name("azure-consumption-budget", "environment.name", "monthly");
    problems.addAll(namer.found);
    problems.addAll(AzureBudget.validate({ ...props, thresholdsPercent: this.thresholdsPercent, forecastPercent: this.forecastPercent }));
    problems.throwIfAny(`AzureBudget ${this.node.path}`);

    const contacts = { contactEmails: [...props.emails], contactGroups: props.actionGroupIds && props.actionGroupIds.length > 0 ? [...props.actionGroupIds] : undefined };
    this.budget = new ConsumptionBudgetResourceGroup(this, "budget", {
      name: this.budgetName,
      resourceGroupId: props.resourceGroupId,
      amount: props.monthlyAmount,
      timeGrain: "Monthly",
      timePeriod: { startDate: `${this.startDate}T00:00:00Z` },
      notification: [
        ...this.thresholdsPercent.map((t) => ({ enabled: true, threshold: t, operator: "GreaterThanOrEqualTo", thresholdType: "Actual", ...contacts })),
        { enabled: true, threshold: this.forecastPercent, operator: "GreaterThanOrEqualTo", thresholdType: "Forecasted", ...contacts },
      ],
    });
  }
}

/** Why `date` cannot start a consumption budget, or undefined. */
export function startDateProblem(date: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return `takes a date written YYYY-MM-01 (got ${show(date)})`;
  if (m[3] !== "01") return `must be the first day of a month: Azure budgets start on a month boundary (got ${show(date)}; write ${m[1]}-${m[2]}-01)`;
  if (date < BUDGET_EARLIEST_START) return `must be on or after ${BUDGET_EARLIEST_START}, the earliest start Azure budgets take (got ${show(date)})`;
  return undefined;
}
