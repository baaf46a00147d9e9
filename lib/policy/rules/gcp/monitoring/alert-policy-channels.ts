import { fail, pass, type ResourceRule } from "../../../types";

/** LLM-GCP-MON-1: every alert policy notifies a channel. */
export const gcpAlertPolicyChannels: ResourceRule = {
  id: "LLM-GCP-MON-1",
  title: "Cloud Monitoring alert policies send to at least one notification channel",
  rationale: "An alert policy without a notification channel opens incidents nobody is told about: the GPU left idle or the failing endpoint is found on the invoice or by a user.",
  fix: "Set notification_channels to one or more google_monitoring_notification_channel ids (GcpMonitoring sends every policy to each monitoring.notify address).",
  severity: "error",
  packs: ["cost"],
  cloud: "gcp",
  appliesTo: ["google_monitoring_alert_policy"],
  check(policy) {
    const channels = policy.attributes.notification_channels;
    const any = Array.isArray(channels) ? channels.some((c) => typeof c === "string" && c.length > 0) : typeof channels === "string" && channels.length > 0;
    return any ? pass : fail("notifies no one (notification_channels is empty)");
  },
};
