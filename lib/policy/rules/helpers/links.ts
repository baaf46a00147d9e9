import type { ResourceView, StackView } from "../../types";
import { attr } from "./attributes";

/** Whether `value` (at any depth) holds a Terraform reference to `target`: `${type.name}` or `${type.name.attribute}`, alone or inside a longer expression. */
export function references(value: unknown, target: ResourceView): boolean {
  if (typeof value === "string") return value.includes(`\${${target.address}.`) || value.includes(`\${${target.address}}`);
  if (Array.isArray(value)) return value.some((v) => references(v, target));
  if (value && typeof value === "object") return Object.values(value).some((v) => references(v, target));
  return false;
}

/** How a companion may name its target besides a Terraform reference. */
export interface CompanionOptions {
  /**
   * The target's attribute whose literal value a companion may give instead of a
   * reference, e.g. `bucket` (the bucket name) for S3 companions. @default - references only
   */
  readonly literal?: string;
}

/**
 * The companions of `target`: resources of `type` whose `attribute` (a dotted path,
 * nested blocks included at any depth) names it, either by a Terraform reference
 * (`${aws_s3_bucket.data.id}`, `.bucket`, `.arn`) or, with `literal`, by the same
 * literal value as the target's own `literal` attribute (`bucket = "acme-data"`, as
 * hand-written configurations and modules do). The one way every rule finds the
 * public-access block, policy, versioning or log of a resource.
 */
export function companionsOf(stack: StackView, type: string, attribute: string, target: ResourceView, options: CompanionOptions = {}): ResourceView[] {
  const literal = options.literal === undefined ? undefined : target.attributes[options.literal];
  const named = typeof literal === "string" && literal.length > 0 ? literal : undefined;
  return stack.ofType(type).filter((r) => {
    const value = attr(r, attribute);
    return references(value, target) || (named !== undefined && value === named);
  });
}
