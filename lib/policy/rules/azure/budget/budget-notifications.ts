import { fail, pass, type ResourceRule } from "../../../types";
import { blocks, isFalse } from "../../helpers";

/** A recipient list as synthesized: a non-empty list, or a reference to one. */
function hasAny(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => typeof v === "string" && v.length > 0);
  return typeof value === "string" && value.length > 0;
}

/** LLM-AZ-BUDGET-1: consumption budgets notify someone on actual and forecast spend. */
export const azureBudgetNotifications: ResourceRule = {
  id: "LLM-AZ-BUDGET-1",
  title: "Consumption budgets have Actual and Forecasted notifications, each sending to contact emails, an action group or a role",
  rationale:
    "A budget only notifies: one whose notifications name no recipient alerts nobody, and one without a forecast notification warns only after the money is spent, days late for a GPU pool left running.",
  fix: 'Add notification blocks with threshold_type "Actual" and "Forecasted", each with contact_emails, contact_groups (action group ids) or contact_roles (AzureBudget sends each threshold and the forecast to its emails and the action group).',
  severity: "error",
  packs: ["cost"],
  cloud: "azure",
  appliesTo: ["azurerm_consumption_budget_resource_group", "azurerm_consumption_budget_subscription"],
  check(budget) {
    const enabled = blocks(budget.attributes.notification).filter((n) => !isFalse(n.enabled));
    if (enabled.length === 0) return fail("has no enabled notification block, so it alerts nobody");
    const problems: string[] = [];
    const silent = enabled.filter((n) => !hasAny(n.contact_emails) && !hasAny(n.contact_groups) && !hasAny(n.contact_roles));
    if (silent.length > 0) problems.push(`${silent.length} notification${silent.length === 1 ? " sends" : "s send"} to nobody (no contact_emails, contact_groups or contact_roles)`);
    // threshold_type defaults to Actual.
    const types = new Set(enabled.map((n) => (n.threshold_type === undefined ? "Actual" : String(n.threshold_type))));
    if (!types.has("Actual")) problems.push('has no notification on actual spend (threshold_type = "Actual")');
    if (!types.has("Forecasted")) problems.push('has no notification on forecast spend (threshold_type = "Forecasted")');
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
