/**
 * An email address: `local@domain.tld`, no spaces, no empty dot-separated part (so no
 * `..`), at most 254 characters. Every part is delimited, so matching is linear.
 */
export const EMAIL_PATTERN = /^[^\s@.]+(?:\.[^\s@.]+)*@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** The longest email address SMTP carries (RFC 5321 path limit less the brackets). */
export const EMAIL_MAX_LENGTH = 254;

/** Why `value` is not an email address alerts can go to, or undefined. */
export function emailProblem(value: string): string | undefined {
  if (value.length > EMAIL_MAX_LENGTH) return `is longer than an email address can be (got ${value.length} characters; allowed: up to ${EMAIL_MAX_LENGTH})`;
  if (!EMAIL_PATTERN.test(value)) return `must be an email address like oncall@example.com, without spaces or empty parts such as ".." (got ${JSON.stringify(value)})`;
  return undefined;
}

/** The ARN of an IAM role in any AWS partition: role names and paths take `\w+=,.@-` and `/`. */
export const IAM_ROLE_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
