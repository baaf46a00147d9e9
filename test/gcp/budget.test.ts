import { describe, expect, it } from "vitest";
import { GcpBudget, type GcpBudgetProps } from "../../lib/constructs/gcp/budget";
import type { Construct } from "../../lib/cdk";
import { DEV, only, problemsOf } from "../helpers";
import { PROJECT, key, synthGcp } from "./helpers";

const ACCOUNT = "01A2B3-C4D5E6-F7A8B9";
const budget = (s: Construct, props: Partial<GcpBudgetProps> = {}) =>
  new GcpBudget(s, "budget", { environment: DEV, project: PROJECT, billingAccount: ACCOUNT, monthlyAmount: 300, emails: ["finops@acme.example"], ...props });

describe("GcpBudget", () => {
  it("watches the project by number each month, with 1.0-based thresholds and a forecast rule, to email channels", () => {
    // given / when
    const doc = synthGcp((s) => budget(s));
    // then
    const b = only(doc, "google_billing_budget");
    expect(b).toMatchObject({
      billing_account: ACCOUNT,
      display_name: "acme-dev monthly",
      amount: { specified_amount: { currency_code: "USD", units: "300" } },
      budget_filter: { calendar_period: "MONTH", credit_types_treatment: "INCLUDE_ALL_CREDITS" },
      threshold_rules: [
        { threshold_percent: 0.5, spend_basis: "CURRENT_SPEND" },
        { threshold_percent: 0.8, spend_basis: "CURRENT_SPEND" },
        { threshold_percent: 1, spend_basis: "CURRENT_SPEND" },
        { threshold_percent: 1, spend_basis: "FORECASTED_SPEND" },
      ],
    });
    expect((b.budget_filter as { projects: string[] }).projects).toEqual([expect.stringMatching(/^projects\/\$\{data\.google_project\.budget_project_\w+\.number\}$/)]);
    const rule = b.all_updates_rule as { monitoring_notification_channels: string[]; pubsub_topic?: string };
    expect(rule.monitoring_notification_channels).toEqual([expect.stringMatching(/^\$\{google_monitoring_notification_channel\.budget_email-finops-acme-example-\w+\.id\}$/)]);
    expect(rule.pubsub_topic).toBeUndefined();
    expect(only(doc, "google_monitoring_notification_channel")).toMatchObject({ type: "email", labels: { email_address: "finops@acme.example" } });
    expect(doc.resource.google_pubsub_topic).toBeUndefined();
  });

  it("publishes to a CMEK topic after the Pub/Sub agent's grant, and lets Cloud Billing publish to it", () => {
    const doc = synthGcp((s) => budget(s, { topicEncryptionKey: key(s, ["pubsub"]), monthlyAmount: 1234.5, thresholdsPercent: [90, 50], labels: { team: "finops" } }));
    const topic = only(doc, "google_pubsub_topic");
    expect(topic).toMatchObject({ name: "acme-dev-budget", labels: { team: "finops" } });
    expect(topic.kms_key_name).toMatch(/google_kms_crypto_key\.key_\w+\.id/);
    expect(topic.depends_on).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\.key_agent-pubsub_\w+$/)]);
    expect(only(doc, "google_pubsub_topic_iam_member")).toMatchObject({ role: "roles/pubsub.publisher", member: "serviceAccount:billing-budget-alert@system.gserviceaccount.com" });
    const b = only(doc, "google_billing_budget");
    expect(b.amount).toEqual({ specified_amount: { currency_code: "USD", units: "1234", nanos: 500000000 } });
    expect((b.threshold_rules as { threshold_percent: number }[]).map((r) => r.threshold_percent)).toEqual([0.5, 0.9, 1]);
    expect(b.all_updates_rule).toMatchObject({ schema_version: "1.0", pubsub_topic: expect.stringMatching(/google_pubsub_topic\.budget_topic_\w+\.id/) });
    expect(b.depends_on).toEqual([expect.stringMatching(/^google_pubsub_topic_iam_member\.budget_billing-publisher_\w+$/)]);
    expect(GcpBudget.defaults("prod")).toEqual(GcpBudget.defaults("dev"));
  });

  it("keeps every update 7 days in a never-expiring pull subscription, so nothing Cloud Billing publishes is dropped", () => {
    // given a budget with a topic / when synthesized
    const doc = synthGcp((s) => budget(s, { topicEncryptionKey: key(s, ["pubsub"]), labels: { team: "finops" } }));
    // then a pull subscription on it retains messages (a topic alone keeps none)
    const sub = only(doc, "google_pubsub_subscription");
    expect(sub).toMatchObject({ name: "acme-dev-budget-updates", message_retention_duration: "604800s", expiration_policy: { ttl: "" }, labels: { team: "finops" } });
    expect(sub.topic).toMatch(/google_pubsub_topic\.budget_topic_\w+\.id/);
    expect(sub.push_config).toBeUndefined();
    expect(synthGcp((s) => budget(s)).resource.google_pubsub_subscription).toBeUndefined();
  });

  it("keys channels by address, so removing one leaves the others in place", () => {
    const ids = [["a@acme.example", "b@acme.example"], ["b@acme.example"]].map((emails) => Object.keys(synthGcp((s) => budget(s, { emails })).resource.google_monitoring_notification_channel));
    expect(ids[0]).toContain(ids[1][0]);
  });

  it("rejects a bad billing account, amount, thresholds, more than 5 channels and repeated addresses", () => {
    const emails = ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "A@x.io"];
    expect(problemsOf(() => synthGcp((s) => budget(s, { billingAccount: "0000-1111", monthlyAmount: 0.001, currencyCode: "usd", thresholdsPercent: [50, 50, 0], emails, notificationChannels: ["projects/p/notificationChannels/1"] })))).toEqual([
      expect.stringMatching(/^billingAccount: takes a billing account id like "0X0X0X-0X0X0X-0X0X0X" \(got "0000-1111"\)/),
      expect.stringMatching(/^monthlyAmount: must be a positive amount with at most two decimals \(got 0\.001\)/),
      expect.stringMatching(/^currencyCode: takes an ISO 4217 code/),
      expect.stringMatching(/^thresholdsPercent\.1: repeats another threshold \(got 50\)/),
      expect.stringMatching(/^thresholdsPercent\.2: A budget threshold \(percent\) takes a number above 0/),
      expect.stringMatching(/^emails: a Cloud Billing budget notifies at most 5 channels \(got 6 with notificationChannels\)/),
      expect.stringMatching(/^emails\.4: repeats emails\.0/),
    ]);
    expect(problemsOf(() => synthGcp((s) => budget(s, { emails: [] })))).toEqual([expect.stringMatching(/^emails: list at least one email address/)]);
  });
});
