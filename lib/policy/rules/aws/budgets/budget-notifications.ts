import { fail, pass, type ResourceRule } from "../../../types";
import { blocks } from "../../helpers";

/** A subscriber list as synthesized: a non-empty list, or a reference (a string) to one. */
function hasAny(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => typeof v === "string" && v.length > 0);
  return typeof value === "string" && value.length > 0;
}

/** LLM-AWS-BUDGET-1: every budget notifies someone. */
export const budgetNotifications: ResourceRule = {
  id: "LLM-AWS-BUDGET-1",
  title: "AWS budgets have notifications, each with at least one subscriber",
  rationale: "A budget alerts nobody on its own: without a notification, or with one that has no subscriber, overspend is found on the invoice.",
  fix: "Add notification blocks with subscriber_email_addresses or subscriber_sns_topic_arns (AwsBudget sends every threshold and the forecast to its emails and the alert topic).",
  severity: "error",
  packs: ["cost"],
  cloud: "aws",
  appliesTo: ["aws_budgets_budget"],
  check(budget) {
    const notifications = blocks(budget.attributes.notification);
    if (notifications.length === 0) return fail("has no notification");
    const silent = notifications.map((n, i) => (hasAny(n.subscriber_email_addresses) || hasAny(n.subscriber_sns_topic_arns) ? 0 : i + 1)).filter((i) => i > 0);
    if (silent.length === 0) return pass;
    return fail(`notification${silent.length === 1 ? "" : "s"} ${silent.join(", ")} of ${notifications.length} ${silent.length === 1 ? "has" : "have"} no subscriber`);
  },
};
