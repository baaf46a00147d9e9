import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { emailProblem } from "../../util/patterns";
import { Checks, isUnknown } from "../private/checks";
import { Namer } from "../../naming";
import { markComponent, type EnvironmentIdentity, type IEncryptionKey } from "../common";
import { stableIds } from "../private/stable-id";
import { movedFromPrevious } from "../private/previous-address";
import { AccountInfo } from "./private/account";
import { policyDocument } from "./private/iam";

/** Records a problem for every entry of `emails` that is not an address, and for an empty list. */
export function checkEmails(checks: Checks, path: string, emails: readonly string[]): void {
  if (isUnknown(emails)) return;
  if (emails.length === 0) checks.add(path, emails, "list at least one email address: alerts that reach nobody are lost");
  emails.forEach((e, i) => checks.check(`${path}.${i}`, e, emailProblem));
}

/** Props of {@link AwsAlertTopic}. */
export interface AwsAlertTopicProps {
  /** The environment; the topic is `<name>-<tier>-alerts`. */
  readonly environment: EnvironmentIdentity;
  /** Key that encrypts messages at rest (its policy must let CloudWatch and Budgets use it). */
  readonly encryptionKey: IEncryptionKey;
  /** Email addresses subscribed to the topic (each confirms by email). */
  readonly emails: readonly string[];
}

/**
 * A KMS-encrypted SNS topic for alerts: CloudWatch alarms and AWS Budgets of this
 * account may publish, over TLS only, and every address given is subscribed.
 */
export class AwsAlertTopic extends Construct {
  public readonly topic: SnsTopic;
  public readonly topicArn: string;
  /** The topic policy that lets alarms and budgets publish: what a budget or alarm should wait for. */
  public readonly policy: SnsTopicPolicy;
  public readonly emails: readonly string[];

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Pick<AwsAlertTopicProps, "emails">>): readonly ValidationProblem[] {
    const checks = new Checks();
    if (settings.emails) checkEmails(checks, "emails", settings.emails);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AwsAlertTopicProps) {
    super(scope, id);
    markComponent(this, "monitoring");
    this.emails = props.emails;
    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    const name = namer.name("sns-topic", "environment.name", "alerts");
    problems.addAll(namer.found);
    problems.addAll(AwsAlertTopic.validate(props));
    // Keyed by address, so removing or reordering one leaves the others' subscriptions (and confirmations) alone.
    const subscriptionIds = stableIds(this, problems, "emails", "email", props.emails, { normalize: (e) => e.toLowerCase() });
    problems.throwIfAny(`AwsAlertTopic ${this.node.path}`);

    const account = new AccountInfo(this, "account");
    this.topic = new SnsTopic(this, "topic", { name, displayName: `${props.environment.name} ${props.environment.tier} alerts`, kmsMasterKeyId: props.encryptionKey.keyId });
    this.topicArn = this.topic.arn;
    this.policy = new SnsTopicPolicy(this, "policy", {
      arn: this.topic.arn,
      policy: policyDocument(
        {
          Sid: "AlarmsAndBudgetsOfThisAccountPublish",
          Effect: "Allow",
          Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] },
          Action: "SNS:Publish",
          Resource: this.topic.arn,
          Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
        },
        {
          Sid: "AccountManagesTopic",
          Effect: "Allow",
          Principal: { AWS: account.rootArn },
          Action: ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish", "SNS:DeleteTopic"],
          Resource: this.topic.arn,
        },
        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "SNS:Publish", Resource: this.topic.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ),
    });
    props.emails.forEach((email, i) => {
      const subscription = new SnsTopicSubscription(this, subscriptionIds[i], { topicArn: this.topic.arn, protocol: "email", endpoint: email });
      movedFromPrevious(subscription, `email-${i}`);
    });
  }
}
