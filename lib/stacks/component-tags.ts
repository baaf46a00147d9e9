import type { IAspect, IConstruct } from "../cdk";
import { componentOf } from "../constructs/common";

interface Taggable {
  tags: Record<string, string>;
  readonly tagsInput?: Record<string, string>;
}

function isTaggable(node: IConstruct): node is IConstruct & Taggable {
  return "tagsInput" in node && typeof (node as { terraformResourceType?: unknown }).terraformResourceType === "string";
}

/**
 * Adds `component=<component>` (or the given key) to every taggable resource below a
 * construct marked with `markComponent`. The other required tags come from the
 * provider's default tags; together they are applied in one place per stack.
 */
export class ComponentTags implements IAspect {
  constructor(private readonly key = "component") {}

  public visit(node: IConstruct): void {
    if (!isTaggable(node)) return;
    const component = componentOf(node);
    if (component === undefined) return;
    const current = node.tagsInput ?? {};
    if (current[this.key] === component) return;
    node.tags = { ...current, [this.key]: component };
  }
}
