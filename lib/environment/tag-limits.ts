import { encodeLabel, LABEL_LIMITS, toLabelKey } from "../constructs/gcp/private/labels";
import { show, type ValidationProblem } from "../errors";

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

/**
 * Every way `tags` cannot be carried as Google Cloud labels, at `tags.<key>`. Keys and
 * values are encoded by the documented rule (`toLabelKey`, `toLabelValue`: lowercase,
 * `@` as `_at_`, other characters as `_`); what the encoding would cut (over 63
 * characters), two keys that encode alike, and more than 64 labels with the stack's are
 * problems, never a silent rewrite.
 */
export function gcpTagProblems(tags: Readonly<Record<string, string>>): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const entries = Object.entries(tags);
  if (entries.length + STACK_TAG_COUNT > LABEL_LIMITS.maxLabels) {
    problems.push({ path: "tags", message: `Google Cloud allows ${LABEL_LIMITS.maxLabels} labels per resource and the stack adds ${STACK_TAG_COUNT} (got ${entries.length}; allowed: up to ${LABEL_LIMITS.maxLabels - STACK_TAG_COUNT})` });
  }
  const byLabel = new Map<string, string>();
  for (const [key, value] of entries) {
    const path = `tags.${key.length > 40 ? `${key.slice(0, 40)}...` : key}`;
    const label = toLabelKey(key);
    if (key.length === 0) problems.push({ path, message: "Google Cloud label keys are 1 to 63 characters (got an empty key)" });
    else if ((/^[a-z]/.test(encodeLabel(key)) ? 0 : 2) + encodeLabel(key).length > LABEL_LIMITS.keyLength) problems.push({ path, message: `encoded as a Google Cloud label key (${show(label)}) it is longer than ${LABEL_LIMITS.keyLength} characters; shorten it` });
    if (encodeLabel(value).length > LABEL_LIMITS.valueLength) problems.push({ path, message: `encoded as a Google Cloud label value it has ${encodeLabel(value).length} characters (allowed: up to ${LABEL_LIMITS.valueLength}; "@" becomes "_at_")` });
    const other = byLabel.get(label);
    if (other !== undefined) problems.push({ path, message: `is carried as label key ${show(label)}, as tags.${other} is: label keys are lowercase and take only letters, digits, "_" and "-"; rename one` });
    byLabel.set(label, key);
  }
  return problems;
}

/**
 * Azure tag limits as they bind an environment: 50 tags per resource but 15 on private DNS
 * zones, names up to 512 characters but 128 on storage accounts (every environment has
 * both), values up to 256, names without `<>%&\?/`.
 */
export const AZURE_TAG_LIMITS = { maxTags: 15, keyLength: 128, valueLength: 256 } as const;

const AZURE_TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;

/** Every way `tags` breaks Azure's tag rules (learn.microsoft.com/azure/azure-resource-manager/management/tag-resources), at `tags.<key>`. */
export function azureTagProblems(tags: Readonly<Record<string, string>>): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const entries = Object.entries(tags);
  if (entries.length + STACK_TAG_COUNT > AZURE_TAG_LIMITS.maxTags) {
    problems.push({ path: "tags", message: `Azure private DNS zones (every environment has them) take ${AZURE_TAG_LIMITS.maxTags} tags and the stack adds ${STACK_TAG_COUNT} (got ${entries.length}; allowed: up to ${AZURE_TAG_LIMITS.maxTags - STACK_TAG_COUNT})` });
  }
  for (const [key, value] of entries) {
    const path = `tags.${key.length > 40 ? `${key.slice(0, 40)}...` : key}`;
    if (key.length === 0 || key.length > AZURE_TAG_LIMITS.keyLength) problems.push({ path, message: `Azure tag names are 1 to ${AZURE_TAG_LIMITS.keyLength} characters on storage accounts, which every environment has (got ${key.length})` });
    if (value.length > AZURE_TAG_LIMITS.valueLength) problems.push({ path, message: `Azure tag values are up to ${AZURE_TAG_LIMITS.valueLength} characters (got ${value.length})` });
    if (AZURE_TAG_NAME_FORBIDDEN.test(key)) problems.push({ path, message: `Azure tag names take none of < > % & \\ ? / (got ${show(key.slice(0, 60))})` });
    if (/\s/.test(key)) problems.push({ path, message: `Azure DNS zones reject tag names with spaces, and every environment has private DNS zones (got ${show(key.slice(0, 60))}); use a hyphen` });
  }
  return problems;
}
