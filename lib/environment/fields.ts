import { z } from "zod";
import { cronProblem } from "../util/cron";
import { emailProblem, EMAIL_MAX_LENGTH, IAM_ROLE_ARN_PATTERN } from "../util/patterns";

/**
 * Field types of the environment spec. Every string has a length cap that is checked
 * first and stops the checks after it, so a 1 MB value never reaches a pattern; every
 * pattern is linear (no nested or overlapping repetition).
 */

/** A string of at most `max` characters; longer input stops here. */
export function capped(max: number, what: string) {
  return z.string().max(max, { error: `is longer than ${what} can be (allowed: up to ${max} characters)`, abort: true });
}

/** A capped string that must satisfy `problem` (a shared check, so spec and constructs say the same). */
export function checked(max: number, what: string, problem: (value: string) => string | undefined) {
  return capped(max, what).superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  });
}

/** An email address, checked by the same function as the alert and budget constructs. */
export const email = checked(EMAIL_MAX_LENGTH, "an email address", emailProblem).describe("An email address.");

/** One or more email addresses. */
export const emails = z.array(email).min(1, { error: "list at least one email address: alerts that reach nobody are lost" }).max(50);

/** A 5-field cron expression (UTC). */
export const cron = checked(200, "a cron expression", cronProblem);

/** An IAM role ARN. */
export const iamRoleArn = checked(2048, "an IAM role ARN", (v) =>
  IAM_ROLE_ARN_PATTERN.test(v) ? undefined : `must be an IAM role ARN like arn:aws:iam::123456789012:role/ml-platform-admin, without spaces (got ${JSON.stringify(v.slice(0, 80))})`,
);

/** A positive whole number. */
export const positiveInt = z.number().int().positive();

/** A whole number, 0 or more. */
export const nonNegativeInt = z.number().int().min(0);

/** A cloud region id: lowercase letters, digits and hyphens (which regions exist is checked per cloud). */
export const region = checked(32, "a region id", (v) =>
  /^[a-z][a-z0-9-]*[a-z0-9]$/.test(v) ? undefined : `must be a cloud region id like us-east-1, us-central1 or eastus (got ${JSON.stringify(v.slice(0, 40))})`,
);

/** Replica or node count bounds. */
export const bounds = z
  .object({
    min: nonNegativeInt.optional().describe("Fewest replicas/nodes. @default - per tier"),
    max: positiveInt.optional().describe("Most replicas/nodes. @default - per tier"),
  })
  .strict();
