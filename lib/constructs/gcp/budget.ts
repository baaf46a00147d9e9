import { BillingBudget } from "@cdktf/provider-google/lib/billing-budget";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import type { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { PubsubSubscription } from "@cdktf/provider-google/lib/pubsub-subscription";
import { PubsubTopic } from "@cdktf/provider-google/lib/pubsub-topic";
import { PubsubTopicIamMember } from "@cdktf/provider-google/lib/pubsub-topic-iam-member";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent, type EnvironmentIdentity } from "../common";
import { Checks, isUnknown } from "../private/checks";
import type { IGcpEncryptionKey } from "./encryption-key";
import { checkEmails, emailChannels } from "./private/channels";
import { checkLabels } from "./private/labels";

/** Cloud Billing budgets notify at most 5 Monitoring channels (provider doc, `monitoring_notification_channels`). */
export const BUDGET_MAX_CHANNELS = 5;

/** The Google-managed account Cloud Billing publishes budget messages as. */
export const BUDGET_PUBLISHER = "serviceAccount:billing-budget-alert@system.gserviceaccount.com";

/** Props of {@link GcpBudget}. */
export interface GcpBudgetProps {
  /** The environment; the budget is `<name>-<tier> monthly`, its topic `<name>-<tier>-budget`. */
  readonly environment: EnvironmentIdentity;
  /** The project whose spend the budget watches (and that owns the channels and topic). */
  readonly project: string;
  /** The billing account paying for the project, `XXXXXX-XXXXXX-XXXXXX`. */
  readonly billingAccount: string;
  /** Monthly amount, in the billing account's currency. */
  readonly monthlyAmount: number;
  /** ISO 4217 code; must be the billing account's currency. @default "USD" */
  readonly currencyCode?: string;
  /** Actual-spend thresholds, percent of the amount. @default [50, 80, 100] */
  readonly thresholdsPercent?: readonly number[];
  /** Forecast threshold, percent of the amount. @default 100 */
  readonly forecastPercent?: number;
  /** Email addresses that get every alert: one Monitoring email channel each, keyed by address. */
  readonly emails: readonly string[];
  /** More Monitoring channels to notify, `projects/<p>/notificationChannels/<id>`; with the emails, at most 5. @default [] */
  readonly notificationChannels?: readonly string[];
  /** When given, a Pub/Sub topic encrypted with this key also gets every update (for automation). @default - no topic */
  readonly topicEncryptionKey?: IGcpEncryptionKey;
  /** Labels of the channels and the topic (budgets take none). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

type Settings = Pick<GcpBudgetProps, "billingAccount" | "monthlyAmount" | "currencyCode" | "thresholdsPercent" | "forecastPercent" | "emails" | "notificationChannels" | "labels">;

/**
 * A Cloud Billing budget on one project (by project number), monthly, with actual-spend
 * thresholds and a forecast rule (1.0-based: 80 % is 0.8), sent to email channels and,
 * when asked, to a CMEK-encrypted Pub/Sub topic Cloud Billing publishes to, with a pull
 * subscription that keeps each update 7 days for automation to read.
 *
 * Who applies it needs `billing.budgets.create` on the billing account (Billing Account
 * Administrator or Billing Account Costs Manager) or, for this single-project budget,
 * `billing.resourcebudgets.write` on the project (cloud.google.com/billing/docs/how-to/budget-api-access-control).
 * With user credentials (ADC), the provider must send a quota project: set
 * `user_project_override = true` and `billing_project = <project>` on the provider, and
 * hold `serviceusage.services.use` on that project, or the Budget API answers 403
 * (provider doc, google_billing_budget). Enable billingbudgets.googleapis.com there.
 */
export class GcpBudget extends Construct {
  public readonly budget: BillingBudget;
  public readonly channels: readonly MonitoringNotificationChannel[];
  public readonly topic?: PubsubTopic;
  /** A pull subscription on the topic keeping every update 7 days for automation to read (a topic without one drops what is published), never expiring. */
  public readonly subscription?: PubsubSubscription;
  public readonly displayName: string;
  public readonly thresholdsPercent: readonly number[];
  public readonly forecastPercent: number;
  public readonly currencyCode: string;

  /** What the budget uses for each prop left unset (the same in every tier). */
  public static defaults(_tier: Tier): { readonly thresholdsPercent: readonly number[]; readonly forecastPercent: number; readonly currencyCode: string } {
    return { thresholdsPercent: [50, 80, 100], forecastPercent: 100, currencyCode: "USD" };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .check("billingAccount", settings.billingAccount, (b) => (/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/.test(b) ? undefined : `takes a billing account id like "0X0X0X-0X0X0X-0X0X0X" (got ${show(b)}); find it with \`gcloud billing projects describe <project>\``))
      .check("monthlyAmount", settings.monthlyAmount, (a) => (Number.isFinite(a) && a > 0 && Math.round(a * 100) === a * 100 ? undefined : `must be a positive amount with at most two decimals (got ${show(a)})`))
      .check("currencyCode", settings.currencyCode, (c) => (/^[A-Z]{3}$/.test(c) ? undefined : `takes an ISO 4217 code such as "USD" (got ${show(c)})`))
      .positive("forecastPercent", settings.forecastPercent, 1000, "The forecast rule (percent)");
    const thresholds = settings.thresholdsPercent;
    if (thresholds && !isUnknown(thresholds)) {
      if (thresholds.length === 0) checks.add("thresholdsPercent", thresholds, "list at least one threshold");
      thresholds.forEach((t, i) => {
        checks.positive(`thresholdsPercent.${i}`, t, 1000, "A budget threshold (percent)");
        if (thresholds.slice(0, i).includes(t)) checks.add(`thresholdsPercent.${i}`, t, `repeats another threshold (got ${t}); list each once`);
      });
    }
    checkEmails(checks, "emails", settings.emails);
    const channels = (settings.emails?.length ?? 0) + (settings.notificationChannels?.length ?? 0);
    if (channels > BUDGET_MAX_CHANNELS) checks.add("emails", settings.emails, `a Cloud Billing budget notifies at most ${BUDGET_MAX_CHANNELS} channels (got ${channels} with notificationChannels); send the rest through a group address`);
    checkLabels(checks, "labels", settings.labels);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: GcpBudgetProps) {
    super(scope, id);
    markComponent(this, "budget");
    const d = GcpBudget.defaults(props.environment.tier);
    this.thresholdsPercent = [...(props.thresholdsPercent ?? d.thresholdsPercent)].sort((a, b) => a - b);
    this.forecastPercent = props.forecastPercent ?? d.forecastPercent;
    this.currencyCode = props.currencyCode ?? d.currencyCode;
    this.displayName = `${props.environment.name}-${props.environment.tier} monthly`;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    const topicName = namer.name("pubsub-topic", "environment.name", "budget");
    problems.addAll(namer.found);
    problems.addAll(GcpBudget.validate({ ...props, thresholdsPercent: props.thresholdsPercent, currencyCode: this.currencyCode }));
    if (this.displayName.length > 60) problems.add("environment.name", `a budget's display name is at most 60 characters (got ${show(this.displayName)})`);
    this.channels = emailChannels(this, problems, "emails", props.project, props.emails, "Budget", props.labels);
    problems.throwIfAny(`GcpBudget ${this.node.path}`);

    const projectInfo = new DataGoogleProject(this, "project", { projectId: props.project });
    let publisher: PubsubTopicIamMember | undefined;
    if (props.topicEncryptionKey) {
      this.topic = new PubsubTopic(this, "topic", {
        project: props.project,
        name: topicName,
        kmsKeyName: props.topicEncryptionKey.keyId,
        labels: props.labels && Object.keys(props.labels).length > 0 ? { ...props.labels } : undefined,
        // Pub/Sub encrypts through its service agent: the grant comes first.
        dependsOn: [...props.topicEncryptionKey.dependablesFor("pubsub")],
      });
      // Cloud Billing grants this itself only when the caller may set the topic's policy: written out, it never depends on that.
      publisher = new PubsubTopicIamMember(this, "billing-publisher", { project: props.project, topic: this.topic.name, role: "roles/pubsub.publisher", member: BUDGET_PUBLISHER });
      // Pub/Sub keeps messages only for subscriptions: 7 days of updates wait here; an unused pull subscription would expire after 31 days unless ttl is "".
      this.subscription = new PubsubSubscription(this, "updates", {
        project: props.project,
        name: `${topicName}-updates`,
        topic: this.topic.id,
        messageRetentionDuration: "604800s",
        expirationPolicy: { ttl: "" },
        labels: props.labels && Object.keys(props.labels).length > 0 ? { ...props.labels } : undefined,
      });
    }
    const units = Math.floor(props.monthlyAmount);
    const nanos = Math.round((props.monthlyAmount - units) * 1e9);
    this.budget = new BillingBudget(this, "budget", {
      billingAccount: props.billingAccount,
      displayName: this.displayName,
      amount: { specifiedAmount: { currencyCode: this.currencyCode, units: String(units), nanos: nanos === 0 ? undefined : nanos } },
      budgetFilter: { projects: [`projects/${projectInfo.number}`], calendarPeriod: "MONTH", creditTypesTreatment: "INCLUDE_ALL_CREDITS" },
      thresholdRules: [
        ...this.thresholdsPercent.map((p) => ({ thresholdPercent: p / 100, spendBasis: "CURRENT_SPEND" })),
        { thresholdPercent: this.forecastPercent / 100, spendBasis: "FORECASTED_SPEND" },
      ],
      allUpdatesRule: {
        monitoringNotificationChannels: [...this.channels.map((c) => c.id), ...(props.notificationChannels ?? [])],
        pubsubTopic: this.topic?.id,
        schemaVersion: this.topic ? "1.0" : undefined,
      },
      dependsOn: publisher ? [publisher] : undefined,
    });
  }
}
