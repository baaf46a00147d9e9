import type { ResourceView } from "../../types";

/** A nested block as synthesized: cdktf writes single blocks as objects and repeated ones as lists. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => !!v && typeof v === "object");
  return value && typeof value === "object" ? [value as Record<string, unknown>] : [];
}

/** The first block of `value`, or an empty object. */
export function block(value: unknown): Record<string, unknown> {
  return blocks(value)[0] ?? {};
}

/** Reads a dotted path through attributes and blocks (the first block at each step): `vpc_config.endpoint_public_access`. */
export function attr(resource: ResourceView, path: string): unknown {
  let value: unknown = resource.attributes;
  for (const key of path.split(".")) value = block(value)[key];
  return value;
}

/** True for `true` and `"true"` (providers take both). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** True for `false` and `"false"`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** A number from a literal number or a numeric string (providers take both); undefined otherwise (e.g. a reference). */
export function num(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A string-or-list value (policy fields, instance types) as a list of strings. */
export function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined ? [] : [String(value)];
}

/** Whether a value is, or holds, an unresolved Terraform expression (`${...}`). */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** A resource's `name` when it is a literal string, else its address: for messages. */
export function nameOf(resource: ResourceView): string {
  const name = resource.attributes.name;
  return typeof name === "string" && name.length > 0 && !isExpression(name) ? name : resource.address;
}

/** `lifecycle.prevent_destroy` of a resource. */
export function preventsDestroy(resource: ResourceView): boolean {
  return isTrue(block(resource.attributes.lifecycle).prevent_destroy);
}

/** `1 day`, `3 days`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
