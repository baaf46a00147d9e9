import { describe, expect, it } from "vitest";
import { gcpBudgetNotifications } from "../../lib/policy/rules/gcp/budget/budget-notifications";
import { gcpNoPublicMembers } from "../../lib/policy/rules/gcp/iam/no-public-members";
import { gcpKeyDestroyDelay } from "../../lib/policy/rules/gcp/kms/key-destroy-delay";
import { gcpKeyRotation } from "../../lib/policy/rules/gcp/kms/key-rotation";
import { gcpAlertPolicyChannels } from "../../lib/policy/rules/gcp/monitoring/alert-policy-channels";
import { gcpFirewallNoOpenIngress } from "../../lib/policy/rules/gcp/network/firewall-no-open-ingress";
import { gcpSubnetFlowLogs } from "../../lib/policy/rules/gcp/network/subnet-flow-logs";
import { statefulPreventDestroy } from "../../lib/policy/rules/common/stateful-prevent-destroy";
import { gcpUnreachedLabels } from "../../lib/policy/rules/gcp/labels/unreached-labels";
import { check, fullGcpSpec, stackFindings } from "./gcp-helpers";
import { failures, statuses } from "./helpers";

describe("Google Cloud platform rules on the stack", () => {
  it.each(["dev", "prod"] as const)("pass the IAM grants, key, subnet, firewalls, budget and alert policies the %s stack builds", (tier) => {
    const findings = stackFindings(fullGcpSpec(tier));
    for (const rule of [gcpNoPublicMembers, gcpKeyRotation, gcpKeyDestroyDelay, gcpSubnetFlowLogs, gcpFirewallNoOpenIngress, gcpBudgetNotifications, gcpAlertPolicyChannels]) {
      const mine = findings.filter((f) => f.ruleId === rule.id);
      expect(mine.length, rule.id).toBeGreaterThan(0);
      expect(mine.filter((f) => f.status !== "compliant"), rule.id).toEqual([]);
    }
    // the IAM rule reads every kind of grant the stack makes: key, bucket, topic, project and service-account members
    const types = new Set(findings.filter((f) => f.ruleId === gcpNoPublicMembers.id).map((f) => f.resourceType));
    expect([...types].sort()).toEqual(["google_kms_crypto_key_iam_member", "google_project_iam_member", "google_pubsub_topic_iam_member", "google_service_account_iam_member", "google_storage_bucket_iam_member"]);
  });
});

describe("LLM-GCP-IAM-1 no public principals", () => {
  it("fails a member, a binding and a policy granting allUsers or allAuthenticatedUsers, on any Google IAM type", () => {
    const findings = check(
      gcpNoPublicMembers,
      "dev",
      ["google_storage_bucket_iam_member", "public", { bucket: "b", role: "roles/storage.objectViewer", member: "allUsers" }],
      ["google_storage_bucket_iam_member", "named", { bucket: "b", role: "roles/storage.objectViewer", member: "group:ml@acme.example" }],
      ["google_cloud_run_v2_service_iam_binding", "invokers", { name: "s", role: "roles/run.invoker", members: ["user:a@acme.example", "allAuthenticatedUsers"] }],
      ["google_pubsub_topic_iam_policy", "policy", { topic: "t", policy_data: JSON.stringify({ bindings: [{ role: "roles/pubsub.subscriber", members: ["allUsers"] }] }) }],
    );
    expect(statuses(findings)).toEqual({
      "google_storage_bucket_iam_member.public": "non-compliant",
      "google_storage_bucket_iam_member.named": "compliant",
      "google_cloud_run_v2_service_iam_binding.invokers": "non-compliant",
      "google_pubsub_topic_iam_policy.policy": "non-compliant",
    });
    expect(failures(findings)).toEqual(["grants roles/storage.objectViewer to allUsers", "grants roles/run.invoker to allAuthenticatedUsers", "grants to allUsers"]);
    expect(gcpNoPublicMembers.suppressible).toBe(false);
  });
});

describe("LLM-GCP-KMS-1 rotation within 90 days", () => {
  it("passes 90 days, fails 90 days and 2 seconds and no rotation, and skips asymmetric keys", () => {
    const key = (rotation?: string, purpose?: string) => ({ name: "k", key_ring: "r", ...(rotation ? { rotation_period: rotation } : {}), ...(purpose ? { purpose } : {}) });
    const findings = check(
      gcpKeyRotation,
      "dev",
      ["google_kms_crypto_key", "ninety", key("7776000s")],
      ["google_kms_crypto_key", "longer", key("7776002s")],
      ["google_kms_crypto_key", "never", key()],
      ["google_kms_crypto_key", "signing", key(undefined, "ASYMMETRIC_SIGN")],
    );
    expect(statuses(findings)).toEqual({ "google_kms_crypto_key.ninety": "compliant", "google_kms_crypto_key.longer": "non-compliant", "google_kms_crypto_key.never": "non-compliant" });
    expect(failures(findings)).toEqual(["rotates less often than every 90 days (rotation_period 7776002s; at most 7776000s)", "does not rotate (rotation_period is unset)"]);
  });
});

describe("LLM-GCP-KMS-2 destroy delay of 30 days", () => {
  it("passes the default and 30 days, fails one day", () => {
    const findings = check(gcpKeyDestroyDelay, "dev", ["google_kms_crypto_key", "default", { name: "a" }], ["google_kms_crypto_key", "month", { name: "b", destroy_scheduled_duration: "2592000s" }], ["google_kms_crypto_key", "day", { name: "c", destroy_scheduled_duration: "86400s" }]);
    expect(statuses(findings)).toEqual({ "google_kms_crypto_key.default": "compliant", "google_kms_crypto_key.month": "compliant", "google_kms_crypto_key.day": "non-compliant" });
    expect(failures(findings)).toEqual(["destroys key versions after 1 day (destroy_scheduled_duration 86400s; at least 2592000s)"]);
  });
});

describe("LLM-GCP-NET-1 flow logs and Private Google Access", () => {
  it("fails a subnet with neither and skips a proxy-only subnet", () => {
    const findings = check(gcpSubnetFlowLogs, "dev", ["google_compute_subnetwork", "bare", { name: "s", ip_cidr_range: "10.0.0.0/24" }], ["google_compute_subnetwork", "proxy", { name: "p", ip_cidr_range: "10.1.0.0/24", purpose: "REGIONAL_MANAGED_PROXY" }]);
    expect(statuses(findings)).toEqual({ "google_compute_subnetwork.bare": "non-compliant" });
    expect(failures(findings)).toEqual(["has no flow logs (no log_config block); has no Private Google Access (private_ip_google_access is not true)"]);
  });
});

describe("LLM-GCP-NET-2 no ingress from the internet", () => {
  it("fails an allow rule from 0.0.0.0/0 and passes a deny rule from it, egress and internal ranges", () => {
    const findings = check(
      gcpFirewallNoOpenIngress,
      "dev",
      ["google_compute_firewall", "ssh", { name: "ssh", network: "n", allow: [{ protocol: "tcp", ports: ["22", "8888"] }], source_ranges: ["0.0.0.0/0"] }],
      ["google_compute_firewall", "deny", { name: "deny", network: "n", deny: [{ protocol: "all" }], source_ranges: ["0.0.0.0/0"] }],
      ["google_compute_firewall", "internal", { name: "int", network: "n", allow: [{ protocol: "tcp" }], source_ranges: ["10.0.0.0/8"] }],
      ["google_compute_firewall", "egress", { name: "out", network: "n", direction: "EGRESS", allow: [{ protocol: "all" }], destination_ranges: ["0.0.0.0/0"] }],
    );
    expect(statuses(findings)).toEqual({ "google_compute_firewall.ssh": "non-compliant", "google_compute_firewall.deny": "compliant", "google_compute_firewall.internal": "compliant" });
    expect(failures(findings)).toEqual(["allows ingress from 0.0.0.0/0 on tcp:22,8888"]);
  });
});

describe("LLM-GCP-BUDGET-1 budgets that notify", () => {
  it("fails a budget without thresholds or channels and passes one with a topic only", () => {
    const amount = { specified_amount: { units: "1000" } };
    const findings = check(
      gcpBudgetNotifications,
      "dev",
      ["google_billing_budget", "silent", { billing_account: "0", amount }],
      ["google_billing_budget", "topic", { billing_account: "0", amount, threshold_rules: [{ threshold_percent: 0.5 }], all_updates_rule: { pubsub_topic: "${google_pubsub_topic.budget.id}" } }],
    );
    expect(statuses(findings)).toEqual({ "google_billing_budget.silent": "non-compliant", "google_billing_budget.topic": "compliant" });
    expect(failures(findings)).toEqual(["has no threshold_rules; sends to no notification channel or Pub/Sub topic (all_updates_rule)"]);
  });
});

describe("LLM-GCP-MON-1 alert policies that notify", () => {
  it("fails an alert policy with no notification channel", () => {
    const findings = check(gcpAlertPolicyChannels, "dev", ["google_monitoring_alert_policy", "quiet", { display_name: "q", combiner: "OR", conditions: [] }], ["google_monitoring_alert_policy", "loud", { display_name: "l", notification_channels: ["${google_monitoring_notification_channel.a.id}"] }]);
    expect(statuses(findings)).toEqual({ "google_monitoring_alert_policy.quiet": "non-compliant", "google_monitoring_alert_policy.loud": "compliant" });
  });
});

describe("LLM-REL-1 on Google stores", () => {
  it("asks prevent_destroy of a Vector Search index and a Cloud SQL database in prod", () => {
    const findings = check(statefulPreventDestroy, "prod", ["google_vertex_ai_index", "index", { display_name: "i" }], ["google_sql_database", "db", { name: "vectors", instance: "i" }], ["google_sql_database", "kept", { name: "v", instance: "i", lifecycle: { prevent_destroy: true } }]);
    expect(statuses(findings)).toEqual({ "google_vertex_ai_index.index": "non-compliant", "google_sql_database.db": "non-compliant", "google_sql_database.kept": "compliant" });
  });

  it("is met by the prod stack's Vector Search index and Cloud SQL database", () => {
    const sql = stackFindings(fullGcpSpec("prod")).filter((f) => f.ruleId === "LLM-REL-1" && f.resourceType === "google_sql_database");
    const index = stackFindings(fullGcpSpec("prod", { vectorStore: { engine: "managed-search" } })).filter((f) => f.ruleId === "LLM-REL-1" && f.resourceType === "google_vertex_ai_index");
    expect([...sql, ...index].map((f) => f.status)).toEqual(["compliant", "compliant"]);
  });
});

describe("LLM-GCP-TAG-1 labels where default_labels do not reach", () => {
  const LABELS = { environment: "acme-dev", tier: "dev", component: "training", owner: "ml_at_acme_example", "cost-center": "cc-1" };

  it("passes the node pools, Cloud SQL instance, alert policies and channels the stack labels", () => {
    const findings = stackFindings(fullGcpSpec("dev")).filter((f) => f.ruleId === gcpUnreachedLabels.id);
    expect(new Set(findings.map((f) => f.resourceType))).toEqual(new Set(["google_container_node_pool", "google_sql_database_instance", "google_monitoring_alert_policy", "google_monitoring_notification_channel"]));
    expect(findings.filter((f) => f.status !== "compliant")).toEqual([]);
  });

  it("fails a node pool and a Cloud SQL instance relying on default_labels, naming the field", () => {
    const findings = check(
      gcpUnreachedLabels,
      "dev",
      ["google_container_node_pool", "bare", { cluster: "c", node_config: { machine_type: "g2-standard-4" } }],
      ["google_container_node_pool", "labelled", { cluster: "c", node_config: { machine_type: "g2-standard-4", resource_labels: LABELS } }],
      ["google_sql_database_instance", "partial", { name: "v", settings: { user_labels: { environment: "acme-dev", tier: "dev" } } }],
    );
    expect(statuses(findings)).toEqual({ "google_container_node_pool.bare": "non-compliant", "google_container_node_pool.labelled": "compliant", "google_sql_database_instance.partial": "non-compliant" });
    expect(failures(findings)).toEqual([
      "lacks the labels environment, tier, component, owner, cost-center in node_config.resource_labels (default_labels do not reach it)",
      "lacks the labels component, owner, cost-center in settings.user_labels (default_labels do not reach it)",
    ]);
  });
});
