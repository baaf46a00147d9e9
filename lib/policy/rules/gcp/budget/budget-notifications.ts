import { fail, pass, type ResourceRule } from "../../../types";
import { attr, blocks } from "../../helpers";

/** A channel list as synthesized: a non-empty list, or a reference to one. */
function hasAny(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => typeof v === "string" && v.length > 0);
  return typeof value === "string" && value.length > 0;
}

/** LLM-GCP-BUDGET-1: every budget has thresholds and sends to a notification channel or a Pub/Sub topic. */
export const gcpBudgetNotifications: ResourceRule = {
  id: "LLM-GCP-BUDGET-1",
  title: "Cloud Billing budgets have threshold rules and send to a Monitoring notification channel or a Pub/Sub topic",
  rationale:
    "Without thresholds a budget never alerts; without channels or a topic its alerts reach only the billing account's administrators, who are rarely the team running the accelerators, and nothing can act on them automatically.",
  fix: "Add threshold_rules and an all_updates_rule with monitoring_notification_channels (up to 5) and/or pubsub_topic (GcpBudget sends every threshold to its email channels and its topic).",
  severity: "error",
  packs: ["cost"],
  cloud: "gcp",
  appliesTo: ["google_billing_budget"],
  check(budget) {
    const problems: string[] = [];
    if (blocks(budget.attributes.threshold_rules).length === 0) problems.push("has no threshold_rules");
    const channels = attr(budget, "all_updates_rule.monitoring_notification_channels");
    const topic = attr(budget, "all_updates_rule.pubsub_topic");
    if (!hasAny(channels) && !(typeof topic === "string" && topic.length > 0)) problems.push("sends to no notification channel or Pub/Sub topic (all_updates_rule)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
