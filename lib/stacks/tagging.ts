import type { IAspect, IConstruct } from "../cdk";
import { componentOf } from "../constructs/common";
import { CONFIG_LABEL_TYPES, toLabelKey, toLabelValue } from "../constructs/gcp/private/labels";
import { isUnknown } from "../constructs/private/checks";

/** Tag keys every resource carries. */
export const TAG_KEYS = { environment: "environment", tier: "tier", component: "component", owner: "owner", costCenter: "cost-center", managedBy: "managed-by" } as const;

/**
 * How a cloud carries attribution, applied in one place by {@link ResourceTags}:
 * - `aws-default-tags`: the provider's `default_tags` carry the environment's tags; the
 *   aspect adds `component` to each resource, and the full set to launch templates'
 *   `tag_specifications` (default tags never reach the instances, volumes and network
 *   interfaces a template launches);
 * - `gcp-labels`: the provider's `default_labels` carry them as labels, encoded for
 *   Google's label rules (see {@link toLabelValue}); the aspect adds `component`;
 * - `azure-tags`: azurerm has no provider default tags, so the aspect writes the full
 *   set on every resource that takes tags;
 * - `resource-tags`: the same on any cloud with tags (a stack of your own, through
 *   `Tagging.of`, whose provider need not carry default tags).
 */
export type TagScheme = "aws-default-tags" | "gcp-labels" | "azure-tags" | "resource-tags";

export { toLabelKey, toLabelValue } from "../constructs/gcp/private/labels";

/** The environment's tags in a scheme: extra tags first, then the stack's own (which win). */
export function environmentTags(
  scheme: TagScheme,
  spec: { readonly environment: string; readonly tier: string; readonly owner: string; readonly costCenter: string; readonly tags: Readonly<Record<string, string>> },
): Readonly<Record<string, string>> {
  const tags: Record<string, string> = {
    ...spec.tags,
    [TAG_KEYS.environment]: spec.environment,
    [TAG_KEYS.tier]: spec.tier,
    [TAG_KEYS.owner]: spec.owner,
    [TAG_KEYS.costCenter]: spec.costCenter,
    [TAG_KEYS.managedBy]: "llmops-constructs",
  };
  if (scheme !== "gcp-labels") return tags;
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [toLabelKey(k), toLabelValue(v)]));
}

const LAUNCHED = ["instance", "volume", "network-interface"] as const;

interface TagSpecification {
  readonly resourceType?: string;
  readonly tags?: Record<string, string>;
}

function resourceType(node: IConstruct): string | undefined {
  const type = (node as { terraformResourceType?: unknown }).terraformResourceType;
  return typeof type === "string" ? type : undefined;
}

/**
 * Applies the environment's attribution to every resource of a stack in one place:
 * `component` from the nearest `markComponent` scope, the rest by the cloud's scheme.
 */
export class ResourceTags implements IAspect {
  constructor(
    private readonly scheme: TagScheme,
    private readonly tags: Readonly<Record<string, string>>,
  ) {}

  public visit(node: IConstruct): void {
    const type = resourceType(node);
    if (type === undefined) return;
    const component = componentOf(node);
    const own: Record<string, string> = component === undefined ? {} : { [TAG_KEYS.component]: this.scheme === "gcp-labels" ? toLabelValue(component) : component };
    if (type === "aws_launch_template") this.tagLaunches(node, own);
    if (this.scheme === "gcp-labels") {
      if (CONFIG_LABEL_TYPES.has(type)) return;
      const labelled = node as IConstruct & { labels?: Record<string, string>; readonly labelsInput?: Record<string, string> };
      if ("labelsInput" in labelled && component !== undefined && !isUnknown(labelled.labelsInput)) labelled.labels = { ...own, ...(labelled.labelsInput ?? {}) };
      return;
    }
    const tagged = node as IConstruct & { tags?: Record<string, string>; readonly tagsInput?: Record<string, string> };
    if (!("tagsInput" in tagged) || isUnknown(tagged.tagsInput)) return;
    const base = this.scheme === "azure-tags" || this.scheme === "resource-tags" ? this.tags : {};
    const next = { ...base, ...own, ...(tagged.tagsInput ?? {}) };
    if (Object.keys(next).length > 0) tagged.tags = next;
  }

  /** Instances, volumes and network interfaces of a launch template get the full set (provider default tags do not reach them). */
  private tagLaunches(node: IConstruct, own: Record<string, string>): void {
    const template = node as IConstruct & { readonly tagSpecificationsInput?: unknown; putTagSpecifications(value: TagSpecification[]): void };
    const current = template.tagSpecificationsInput;
    if (current !== undefined && !Array.isArray(current)) return;
    const given = (current ?? []) as TagSpecification[];
    const specs = LAUNCHED.map((launched) => {
      const existing = given.find((s) => s.resourceType === launched);
      return { resourceType: launched, tags: { ...this.tags, ...own, ...(existing?.tags ?? {}) } };
    });
    const others = given.filter((s) => !LAUNCHED.includes(s.resourceType as (typeof LAUNCHED)[number]));
    template.putTagSpecifications([...specs, ...others]);
  }
}
