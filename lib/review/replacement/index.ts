import { AWS_REPLACEMENT } from "./aws";
import { AZURE_REPLACEMENT } from "./azure";
import { GOOGLE_REPLACEMENT } from "./google";
import type { ReplacementEntry } from "./types";

export type { ReplacementEntry } from "./types";

/** Every resource type with a checked list of replacement-forcing arguments. */
export const REPLACEMENT_TABLE: Readonly<Record<string, ReplacementEntry>> = { ...AWS_REPLACEMENT, ...GOOGLE_REPLACEMENT, ...AZURE_REPLACEMENT };

/** A changed attribute path (`scaling_config.0.max_size`) without list indices: `scaling_config.max_size`. */
export function schemaPath(path: string): string {
  return path
    .split(".")
    .filter((s) => !/^\d+$/.test(s))
    .join(".");
}

/**
 * Whether changing `type`'s attributes at `paths` forces a replacement: `forced` with
 * the paths that do, `none`, or `unknown` when the type has no table entry (then any
 * change may force one, and callers treat it so).
 */
export function replacementOf(type: string, paths: readonly string[]): { readonly kind: "forced" | "none" | "unknown"; readonly by: readonly string[] } {
  const entry = REPLACEMENT_TABLE[type];
  if (!entry) return { kind: "unknown", by: [] };
  const by = paths.filter((p) => {
    const s = schemaPath(p);
    return entry.forcesNew.some((f) => s === f || s.startsWith(`${f}.`));
  });
  return by.length > 0 ? { kind: "forced", by } : { kind: "none", by: [] };
}
