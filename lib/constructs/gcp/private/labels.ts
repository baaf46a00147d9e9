import { show } from "../../../errors";
import type { Checks } from "../../private/checks";

/** Google Cloud label keys: 1-63 characters, lowercase letters, digits, `_` and `-`, starting with a letter. */
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
/** Google Cloud label values: 0-63 characters, lowercase letters, digits, `_` and `-`. */
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;
/** Labels a resource takes at most. */
const MAX_LABELS = 64;

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
