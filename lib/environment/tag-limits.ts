import type { ValidationProblem } from "../errors";

/** AWS tag limits: 50 tags per resource, keys up to 128 characters, values up to 256, `aws:` reserved. */
export const AWS_TAG_LIMITS = { maxTags: 50, keyLength: 128, valueLength: 256, reservedPrefix: "aws:" } as const;

/** Tags the stack itself puts on every resource (environment, tier, component, owner, cost-center, managed-by). */
export const STACK_TAG_COUNT = 6;

const AWS_TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Every way `tags` breaks AWS's tag rules, at `tags.<key>`. */
export function awsTagProblems(tags: Readonly<Record<string, string>>): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const entries = Object.entries(tags);
  if (entries.length + STACK_TAG_COUNT > AWS_TAG_LIMITS.maxTags) {
    problems.push({ path: "tags", message: `AWS allows ${AWS_TAG_LIMITS.maxTags} tags per resource and the stack adds ${STACK_TAG_COUNT} (got ${entries.length}; allowed: up to ${AWS_TAG_LIMITS.maxTags - STACK_TAG_COUNT})` });
  }
  for (const [key, value] of entries) {
    const path = `tags.${key.length > 40 ? `${key.slice(0, 40)}...` : key}`;
    if (key.length === 0 || key.length > AWS_TAG_LIMITS.keyLength) problems.push({ path, message: `AWS tag keys are 1 to ${AWS_TAG_LIMITS.keyLength} characters (got ${key.length})` });
    if (value.length > AWS_TAG_LIMITS.valueLength) problems.push({ path, message: `AWS tag values are up to ${AWS_TAG_LIMITS.valueLength} characters (got ${value.length})` });
    if (key.toLowerCase().startsWith(AWS_TAG_LIMITS.reservedPrefix)) problems.push({ path, message: `AWS reserves tag keys starting with "aws:" (got ${JSON.stringify(key.slice(0, 60))})` });
    if (!AWS_TAG_CHARS.test(key) || !AWS_TAG_CHARS.test(value)) problems.push({ path, message: "AWS tags take letters, digits, spaces and _ . : / = + - @ only" });
  }
  return problems;
}
