import { fail, pass, type ResourceRule } from "../../types";

/** Tag (or label) keys every taggable resource carries. */
export const REQUIRED_TAG_KEYS = ["environment", "tier", "component", "owner", "cost-center"] as const;

/** LLM-TAG-1: taggable resources carry the required tags, from the resource or the provider's defaults. */
export const requiredTags: ResourceRule = {
  id: "LLM-TAG-1",
  title: "Every taggable resource carries environment, tier, component, owner and cost-center",
  rationale: "Costs, incidents and access reviews are traced through tags: a resource without them is spend nobody owns and a budget filter that misses it.",
  fix: "Set the tags on the provider's default_tags (AWS) or default_labels (Google), or on each resource's tags on Azure, whose provider has no default tags (the Azure stack's azure-tags aspect does), and mark the construct with its component (the environment stacks do both).",
  severity: "error",
  packs: ["tagging"],
  cloud: "any",
  appliesTo: "taggable",
  check(resource, stack) {
    const own = { ...((resource.attributes.tags as Record<string, string> | undefined) ?? {}), ...((resource.attributes.labels as Record<string, string> | undefined) ?? {}) };
    const effective = { ...stack.defaultTags, ...own };
    const missing = REQUIRED_TAG_KEYS.filter((k) => typeof effective[k] !== "string" || effective[k].length === 0);
    return missing.length === 0 ? pass : fail(`lacks the tag${missing.length === 1 ? "" : "s"} ${missing.join(", ")}`);
  },
};
