import { TIERS, type Tier } from "../util/tier";
import type { ResourceView, StackView } from "./types";

/** The parts of a synthesized stack (`stack.toTerraform()`, or the `cdk.tf.json` written from it) the rules read. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, readonly Record<string, unknown>[]>;
}

/** Default tags (AWS `default_tags`) or labels (Google `default_labels`) of the stack's providers, merged. */
function providerTags(doc: SynthesizedStack): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const configs of Object.values(doc.provider ?? {})) {
    for (const config of configs) {
      const aws = (config.default_tags as { tags?: Record<string, string> }[] | undefined)?.[0]?.tags;
      const gcp = config.default_labels as Record<string, string> | undefined;
      Object.assign(tags, aws ?? {}, gcp ?? {});
    }
  }
  return tags;
}

/**
 * Resources in the order cdktf renders them (types by their first resource, then
 * resources in construct order), given each construct path's position in the tree.
 * A written `cdk.tf.json` has its keys sorted instead; this keeps findings in the
 * order the stack was written in code.
 */
function inConstructOrder(resources: readonly ResourceView[], position: (constructPath: string) => number): ResourceView[] {
  const typeRank = new Map<string, number>();
  for (const r of resources) typeRank.set(r.type, Math.min(typeRank.get(r.type) ?? Infinity, position(r.constructPath)));
  const rank = (r: ResourceView) => [typeRank.get(r.type) ?? Infinity, position(r.constructPath)] as const;
  return [...resources].sort((a, b) => {
    const [ta, pa] = rank(a);
    const [tb, pb] = rank(b);
    return ta - tb || pa - pb;
  });
}

/**
 * The rules' view of a synthesized stack. `taggable` says, by construct path, which
 * resources take tags; `tier` is used when the provider carries no `tier` tag;
 * `position` (a construct path's index in the construct tree) orders the resources as
 * cdktf renders them, else they keep the document's order.
 */
export function stackView(name: string, doc: SynthesizedStack, taggable: (constructPath: string) => boolean, tier?: Tier, position?: (constructPath: string) => number): StackView {
  const resources: ResourceView[] = [];
  for (const [type, byName] of Object.entries(doc.resource ?? {})) {
    for (const [logical, raw] of Object.entries(byName)) {
      const { "//": meta, ...attributes } = raw as { "//"?: { metadata?: { path?: string } } } & Record<string, unknown>;
      const constructPath = meta?.metadata?.path ?? `${name}/${logical}`;
      resources.push({ type, name: logical, address: `${type}.${logical}`, attributes, constructPath, taggable: taggable(constructPath) });
    }
  }
  const ordered = position ? inConstructOrder(resources, position) : resources;
  const byType = new Map<string, ResourceView[]>();
  for (const r of ordered) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  const defaultTags = providerTags(doc);
  const tagged = defaultTags.tier as Tier | undefined;
  return {
    name,
    resources: ordered,
    tier: tagged && (TIERS as readonly string[]).includes(tagged) ? tagged : tier,
    defaultTags,
    ofType: (type) => byType.get(type) ?? [],
  };
}
