import { describe, expect, it } from "vitest";
import { AwsBudget, type AwsBudgetProps } from "../lib/constructs/aws/budget";
import { LlmOpsValidationError } from "../lib/errors";
import { DEV, only, resources, synthAws, type Synthesized } from "./helpers";

const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:acme-dev-alerts";

/** Synthesizes a $25,000 budget over `environment=acme-dev`, alerting finops and the topic. */
function synthBudget(overrides: Partial<AwsBudgetProps> = {}): Synthesized {
  return synthAws(
    (s) =>
      new AwsBudget(s, "budget", {
        environment: DEV,
        monthlyUsd: 25000,
        emails: ["finops@acme.example"],
        topicArn: TOPIC_ARN,
        costTag: { key: "environment", value: "acme-dev" },
        ...overrides,
      }),
  );
}

interface Notification {
  notification_type: string;
  threshold: number;
  threshold_type: string;
  comparison_operator: string;
  subscriber_email_addresses: string[];
  subscriber_sns_topic_arns?: string[];
}

function problemsOf(build: () => unknown): { path: string; message: string }[] {
  try {
    build();
  } catch (e) {
    if (e instanceof LlmOpsValidationError) return [...e.problems];
    throw e;
  }
  throw new Error("expected an LlmOpsValidationError");
}

describe("AwsBudget", () => {
  it("is a monthly USD cost budget over the environment's cost-allocation tag", () => {
    // given / when
    const budget = only(synthBudget(), "aws_budgets_budget");
    // then
    expect(budget).toMatchObject({ name: "acme-dev-monthly", budget_type: "COST", time_unit: "MONTHLY", limit_amount: "25000.00", limit_unit: "USD" });
    expect(budget.cost_filter).toEqual([{ name: "TagKeyValue", values: ["user:environment$acme-dev"] }]);
  });

  it("alerts on actual spend at each threshold, lowest first, and once on the forecast, to the emails and the topic", () => {
    // given thresholds out of order / when
    const budget = only(synthBudget({ thresholdsPercent: [100, 50, 80], forecastPercent: 90 }), "aws_budgets_budget");
    // then
    const notifications = budget.notification as Notification[];
    expect(notifications.map((n) => [n.notification_type, n.threshold])).toEqual([
      ["ACTUAL", 50],
      ["ACTUAL", 80],
      ["ACTUAL", 100],
      ["FORECASTED", 90],
    ]);
    for (const n of notifications) {
      expect(n).toMatchObject({ threshold_type: "PERCENTAGE", comparison_operator: "GREATER_THAN", subscriber_email_addresses: ["finops@acme.example"], subscriber_sns_topic_arns: [TOPIC_ARN] });
    }
  });

  it("alerts at 50, 80 and 100% and on a forecast of 100% by default", () => {
    const notifications = only(synthBudget(), "aws_budgets_budget").notification as Notification[];
    expect(notifications.map((n) => `${n.notification_type}:${n.threshold}`)).toEqual(["ACTUAL:50", "ACTUAL:80", "ACTUAL:100", "FORECASTED:100"]);
  });

  it("emails only when no topic is given", () => {
    const notifications = only(synthBudget({ topicArn: undefined }), "aws_budgets_budget").notification as Notification[];
    expect(notifications.every((n) => n.subscriber_sns_topic_arns === undefined)).toBe(true);
  });

  it("starts on the given month and otherwise leaves the start to AWS, never to the clock", () => {
    expect(only(synthBudget({ startDate: "2026-01-01" }), "aws_budgets_budget").time_period_start).toBe("2026-01-01_00:00");
    expect(only(synthBudget(), "aws_budgets_budget").time_period_start).toBeUndefined();
  });

  it("activates the cost-allocation tag when asked, without making the budget wait for it", () => {
    // given / when
    const doc = synthBudget({ activateCostTag: true });
    // then the budget is created even where activation fails (tag not seen yet, member account)
    expect(only(doc, "aws_ce_cost_allocation_tag")).toMatchObject({ tag_key: "environment", status: "Active" });
    expect(only(doc, "aws_budgets_budget").depends_on).toBeUndefined();
  });

  it("leaves the account-wide tag alone by default", () => {
    const doc = synthBudget();
    expect(resources(doc, "aws_ce_cost_allocation_tag")).toEqual([]);
    expect(only(doc, "aws_budgets_budget").depends_on).toBeUndefined();
  });

  describe("validation", () => {
    it("rejects an empty email list: alerts would reach nobody", () => {
      expect(() => synthBudget({ emails: [] })).toThrowError(/emails: list at least one email address/);
    });

    it("rejects an entry that is not an email address, naming its position", () => {
      expect(() => synthBudget({ emails: ["finops@acme.example", "finops"] })).toThrowError(/emails\.1: must be an email address like oncall@example\.com.*\(got "finops"\)/);
    });

    it("rejects 10 thresholds: with the forecast that is one notification too many", () => {
      expect(() => synthBudget({ thresholdsPercent: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] })).toThrowError(
        /thresholdsPercent: AWS Budgets allows 10 notifications per budget.*\(got 10 thresholds; allowed: 1 to 9\)/,
      );
    });

    it("rejects a duplicate threshold, at its position in the list given", () => {
      expect(problemsOf(() => synthBudget({ thresholdsPercent: [80, 80, 50] }))).toEqual([{ path: "thresholdsPercent.1", message: "duplicates another threshold (got 80); each threshold makes one notification, list each once" }]);
    });

    it("rejects a threshold of 0, at its position in the list given", () => {
      expect(problemsOf(() => synthBudget({ thresholdsPercent: [50, 0] }))).toEqual([{ path: "thresholdsPercent.1", message: "A budget threshold (percent) takes a number above 0, at most 1000 (got 0)" }]);
    });

    it("rejects a start date that is not the first of a month", () => {
      expect(() => synthBudget({ startDate: "2026-01-15" })).toThrowError(/startDate: must be the first day of a month, YYYY-MM-01 \(got "2026-01-15"\)/);
    });

    it("rejects a limit of 0 USD", () => {
      expect(() => synthBudget({ monthlyUsd: 0 })).toThrowError(/monthlyUsd: must be a positive amount of USD \(got 0\)/);
    });
  });
});
