import { fail, pass, type ResourceRule } from "../../../types";
import { attr } from "../../helpers";
import { REQUIRED_TAG_KEYS } from "../../common/required-tags";

/**
 * Google types whose labels live in a field the provider's `default_labels` do not
 * reach (no `effective_labels` in provider 6.50), with that field's dotted path.
 * Types with a top-level `labels` field are LLM-TAG-1's.
 */
export const OWN_LABEL_FIELDS: Readonly<Record<string, string>> = {
  google_container_node_pool: "node_config.resource_labels",
  google_sql_database_instance: "settings.user_labels",
  google_monitoring_alert_policy: "user_labels",
  google_monitoring_notification_channel: "user_labels",
};

/** LLM-GCP-TAG-1: resources the provider's default labels miss carry the required labels themselves. */
export const gcpUnreachedLabels: ResourceRule = {
  id: "LLM-GCP-TAG-1",
  title: "Node pools, Cloud SQL instances, alert policies and notification channels carry environment, tier, component, owner and cost-center in their own label field",
  rationale:
    "The provider's default_labels reach only resources with a top-level labels field: GKE nodes (the accelerators, the largest line of the bill), Cloud SQL instances and Monitoring objects get none of them, so billing exports and owner lookups miss them unless the labels are set where each resource keeps its own.",
  fix: "Set the required labels (the environment's, plus the component) in node_config.resource_labels, settings.user_labels or user_labels (the environment stacks pass them to GcpTrainingCluster, GcpPostgresVectorStore, GcpBudget and GcpMonitoring as labels).",
  severity: "error",
  packs: ["tagging"],
  cloud: "gcp",
  appliesTo: Object.keys(OWN_LABEL_FIELDS),
  check(resource) {
    const field = OWN_LABEL_FIELDS[resource.type];
    const value = attr(resource, field);
    const labels = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    const missing = REQUIRED_TAG_KEYS.filter((k) => typeof labels[k] !== "string" || (labels[k] as string).length === 0);
    return missing.length === 0 ? pass : fail(`lacks the label${missing.length === 1 ? "" : "s"} ${missing.join(", ")} in ${field} (default_labels do not reach it)`);
  },
};
