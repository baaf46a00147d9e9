import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import type { Construct } from "../../../cdk";
import type { ProblemCollector } from "../../../errors";
import { emailProblem } from "../../../util/patterns";
import type { Checks } from "../../private/checks";
import { isUnknown } from "../../private/checks";
import { stableIds } from "../../private/stable-id";

/** Checks a list of alert email addresses: at least one, each an address. */
export function checkEmails(checks: Checks, path: string, emails: readonly string[] | undefined): void {
  if (!emails || isUnknown(emails)) return;
  if (emails.length === 0) checks.add(path, emails, "list at least one email address: alerts that reach nobody are lost");
  emails.forEach((e, i) => checks.check(`${path}.${i}`, e, emailProblem));
}

/**
 * One Cloud Monitoring email channel per address, keyed by the address (case-folded),
 * so adding or removing one leaves the others' addresses, and their confirmations, alone.
 * Repeated addresses are recorded in `problems` and get no second channel: throw the
 * problems before using the channels.
 */
export function emailChannels(scope: Construct, problems: ProblemCollector, path: string, project: string, emails: readonly string[], purpose: string, labels?: Readonly<Record<string, string>>): MonitoringNotificationChannel[] {
  const ids = stableIds(scope, problems, path, "email", emails, { normalize: (v) => v.toLowerCase() });
  const made = new Set<string>();
  return emails.flatMap((email, i) => {
    if (made.has(ids[i])) return [];
    made.add(ids[i]);
    return [
      new MonitoringNotificationChannel(scope, ids[i], {
        project,
        displayName: `${purpose}: ${email}`,
        type: "email",
        labels: { email_address: email },
        userLabels: labels && Object.keys(labels).length > 0 ? { ...labels } : undefined,
      }),
    ];
  });
}
