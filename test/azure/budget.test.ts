import { describe, expect, it } from "vitest";
import { AzureBudget, startDateProblem } from "../../lib/constructs/azure/budget";
import { DEV, only, problemsOf } from "../helpers";
import { synthAzure } from "./helpers";

type Props = Partial<ConstructorParameters<typeof AzureBudget>[2]>;
const RG_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-dev-rg";
const props = (p: Props = {}) => ({ environment: DEV, resourceGroupId: RG_ID, monthlyAmount: 2000, startDate: "2026-12-01", emails: ["finops@acme.example"], ...p });
const build = (p: Props = {}) => synthAzure((s) => new AzureBudget(s, "budget", props(p)));

describe("AzureBudget", () => {
  it("makes a monthly budget on the resource group from the given start date, one notification per threshold and one on forecast", () => {
    // given the defaults and an action group
    const doc = build({ actionGroupIds: ["/subscriptions/x/resourceGroups/y/providers/microsoft.insights/actionGroups/z"] });
    // then
    const budget = only(doc, "azurerm_consumption_budget_resource_group") as { notification: Record<string, unknown>[] } & Record<string, unknown>;
    expect(budget).toMatchObject({ name: "acme-dev-monthly", resource_group_id: RG_ID, amount: 2000, time_grain: "Monthly", time_period: { start_date: "2026-12-01T00:00:00Z" } });
    expect(budget.notification.map((n) => `${n.threshold_type} ${n.threshold} ${n.operator}`)).toEqual([
      "Actual 50 GreaterThanOrEqualTo",
      "Actual 80 GreaterThanOrEqualTo",
      "Actual 100 GreaterThanOrEqualTo",
      "Forecasted 100 GreaterThanOrEqualTo",
    ]);
    for (const n of budget.notification) expect(n).toMatchObject({ enabled: true, contact_emails: ["finops@acme.example"], contact_groups: ["/subscriptions/x/resourceGroups/y/providers/microsoft.insights/actionGroups/z"] });
  });

  it("sorts the thresholds it is given and resolves its defaults into fields", () => {
    let budget!: AzureBudget;
    synthAzure((s) => (budget = new AzureBudget(s, "budget", props({ thresholdsPercent: [90, 30], forecastPercent: 110 }))));
    expect([budget.thresholdsPercent, budget.forecastPercent]).toEqual([[30, 90], 110]);
    expect(AzureBudget.defaults("prod")).toEqual({ thresholdsPercent: [50, 80, 100], forecastPercent: 100 });
  });

  it("leaves contact groups out when there is no action group (Azure takes emails alone)", () => {
    const budget = only(build(), "azurerm_consumption_budget_resource_group") as { notification: Record<string, unknown>[] };
    expect(budget.notification[0].contact_groups).toBeUndefined();
  });

  it.each([
    ["a start date that is not a first of a month", { startDate: "2026-12-15" }, /^startDate: must be the first day of a month: .* write 2026-12-01\)/],
    ["a start date before June 2017", { startDate: "2017-05-01" }, /^startDate: must be on or after 2017-06-01/],
    ["a start date in another format", { startDate: "12/01/2026" }, /^startDate: takes a date written YYYY-MM-01/],
    ["a month 13", { startDate: "2026-13-01" }, /^startDate: takes a date written YYYY-MM-01/],
    ["five thresholds (with the forecast, six notifications)", { thresholdsPercent: [10, 20, 30, 40, 50] }, /^thresholdsPercent: an Azure budget holds at most 5 notifications, and one is the forecast \(got 5 thresholds; allowed: up to 4\)/],
    ["a repeated threshold", { thresholdsPercent: [50, 50] }, /^thresholdsPercent\.1: repeats another threshold/],
    ["a threshold above 1000 percent", { thresholdsPercent: [1001] }, /^thresholdsPercent\.0: A budget threshold \(percent\)/],
    ["no email", { emails: [] }, /^emails: list at least one address/],
    ["a malformed email", { emails: ["finops"] }, /^emails\.0: /],
    ["an amount in fractions of a cent", { monthlyAmount: 10.005 }, /^monthlyAmount: must be a positive amount with at most two decimals/],
    ["a name too long for a budget", { environment: { name: "a".repeat(60), tier: "dev" } }, /^environment\.name: Azure consumption budget names are 1-63 characters/],
  ])("rejects %s", (_, p, message) => {
    expect(problemsOf(() => build(p as Props))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it("checks start dates alone, as the spec resolver does", () => {
    expect([startDateProblem("2027-01-01"), startDateProblem("2017-06-01")]).toEqual([undefined, undefined]);
  });
});
