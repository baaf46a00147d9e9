import type { ResourceView, StackView } from "../types";

/** A nested block as synthesized: cdktf writes single blocks as objects and repeated ones as lists. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => !!v && typeof v === "object");
  return value && typeof value === "object" ? [value as Record<string, unknown>] : [];
}

/** The first block of `value`, or an empty object. */
export function block(value: unknown): Record<string, unknown> {
  return blocks(value)[0] ?? {};
}

/** Reads a dotted path through attributes and blocks: `vpc_config.endpoint_public_access`. */
export function attr(resource: ResourceView, path: string): unknown {
  let value: unknown = resource.attributes;
  for (const key of path.split(".")) value = block(value)[key];
  return value;
}

/** True for `true` and `"true"` (providers take both). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** Whether a value is a reference to a resource of `type` (e.g. a key made here), or a literal ARN of `service`. */
export function isKeyReference(value: unknown): boolean {
  return typeof value === "string" && (/\$\{aws_kms_key\.[^.}]+\.(arn|key_id|id)\}/.test(value) || /^arn:aws[a-z-]*:kms:[^:]+:\d{12}:key\//.test(value));
}

/** Parses a JSON policy attribute; undefined when it is not literal JSON. */
export function jsonAttr(resource: ResourceView, name: string): unknown {
  const raw = resource.attributes[name];
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Whether the stack is a production environment. */
export function isProd(stack: StackView): boolean {
  return stack.tier === "prod";
}

/** Whether the stack is a development environment (or has no tier: treated as not prod). */
export function isDev(stack: StackView): boolean {
  return stack.tier === "dev";
}

/** `lifecycle.prevent_destroy` of a resource. */
export function preventsDestroy(resource: ResourceView): boolean {
  return isTrue(block(resource.attributes.lifecycle).prevent_destroy);
}

/** The `Statement` list of an IAM policy document. */
export function statements(policy: unknown): Record<string, unknown>[] {
  const s = (policy as { Statement?: unknown } | undefined)?.Statement;
  return Array.isArray(s) ? (s as Record<string, unknown>[]) : s && typeof s === "object" ? [s as Record<string, unknown>] : [];
}

/** A string-or-list policy field as a list. */
export function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined ? [] : [String(value)];
}
