import { show } from "../../../errors";
import type { Checks } from "../../private/checks";

/** Google Cloud label keys: 1-63 characters, lowercase letters, digits, `_` and `-`, starting with a letter. */
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
/** Google Cloud label values: 0-63 characters, lowercase letters, digits, `_` and `-`. */
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;
/** Labels a resource takes at most. */
const MAX_LABELS = 64;

/**
 * Google resources whose `labels` argument is configuration, not resource labels: a
 * notification channel's `labels` are its type's settings (`email_address`), and the
 * API rejects any other key; its resource labels are `user_labels`.
 */
export const CONFIG_LABEL_TYPES: ReadonlySet<string> = new Set(["google_monitoring_notification_channel"]);

/** Google Cloud's label limits (cloud.google.com/compute/docs/labeling-resources#requirements). */
export const LABEL_LIMITS = { maxLabels: MAX_LABELS, keyLength: 63, valueLength: 63 } as const;

/** A text in label characters, before any cut: lowercase; `@` becomes `_at_`; anything but a-z, 0-9, `_` and `-` becomes `_`. */
export function encodeLabel(text: string): string {
  return text.toLowerCase().replace(/@/g, "_at_").replace(/[^a-z0-9_-]/g, "_");
}

/**
 * A Google Cloud label value for `value`, by a documented rule (not a silent rewrite of
 * what the user reads in the spec: the spec keeps the original): {@link encodeLabel}, cut
 * to 63 characters. `ml-platform@acme.example` becomes `ml-platform_at_acme_example`.
 */
export function toLabelValue(value: string): string {
  return encodeLabel(value).slice(0, LABEL_LIMITS.valueLength);
}

/** A Google Cloud label key for `key`: as {@link toLabelValue}, and starting with a letter (`x_` is put before anything else). */
export function toLabelKey(key: string): string {
  const value = toLabelValue(key);
  return /^[a-z]/.test(value) ? value : `x_${value}`.slice(0, LABEL_LIMITS.keyLength);
}

/**
 * Checks labels a construct writes itself (node pools' `resource_labels`, which the
 * provider's `default_labels` do not reach) against Google's label rules
 * (cloud.google.com/compute/docs/labeling-resources#requirements).
 */
export function checkLabels(checks: Checks, path: string, labels: Readonly<Record<string, string>> | undefined): void {
  if (!labels) return;
  const entries = Object.entries(labels);
  if (entries.length > MAX_LABELS) checks.add(path, entries.length, `Google Cloud resources take at most ${MAX_LABELS} labels (got ${entries.length})`);
  for (const [key, value] of entries) {
    checks.check(`${path}.${key}`, key, (k) => (LABEL_KEY.test(k) ? undefined : `label keys are 1-63 lowercase letters, digits, '_' or '-', starting with a letter (got ${show(k)}); toLabelKey() encodes one`));
    checks.check(`${path}.${key}`, value, (v) => (LABEL_VALUE.test(v) ? undefined : `label values are 0-63 lowercase letters, digits, '_' or '-' (got ${show(v)}); toLabelValue() encodes one, e.g. an owner's "@" as "_at_"`));
  }
}
