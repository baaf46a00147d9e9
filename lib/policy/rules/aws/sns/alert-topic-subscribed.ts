import { fail, pass, skip, type ResourceRule } from "../../../types";
import { companionsOf } from "../../helpers";

const ALARM_TYPES = ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"];
const ACTIONS = ["alarm_actions", "ok_actions", "insufficient_data_actions"];

/**
 * LLM-AWS-SNS-2: topics that alarms or budgets send to have a subscriber. A topic is
 * sent to when a CloudWatch alarm's actions or a budget notification's
 * subscriber_sns_topic_arns reference it; topics nothing sends to are skipped.
 */
export const alertTopicSubscribed: ResourceRule = {
  id: "LLM-AWS-SNS-2",
  title: "SNS topics that receive alarms or budget alerts have at least one subscription",
  rationale: "An alarm or budget alert published to a topic nobody subscribes to is delivered to no one: the alert exists on paper only.",
  fix: "Add an aws_sns_topic_subscription for the topic (AwsAlertTopic subscribes every address given).",
  severity: "error",
  packs: ["cost"],
  cloud: "aws",
  appliesTo: ["aws_sns_topic"],
  check(topic, stack) {
    const fromAlarms = ALARM_TYPES.some((type) => ACTIONS.some((k) => companionsOf(stack, type, k, topic).length > 0));
    const fromBudgets = companionsOf(stack, "aws_budgets_budget", "notification", topic).length > 0;
    if (!fromAlarms && !fromBudgets) return skip;
    const subscriptions = companionsOf(stack, "aws_sns_topic_subscription", "topic_arn", topic);
    return subscriptions.length > 0 ? pass : fail(`receives ${fromAlarms ? "alarms" : "budget alerts"} but has no subscription`);
  },
};
