import { fail, pass, type ResourceRule } from "../../types";
import { blocks } from "../helpers";
import { REQUIRED_TAG_KEYS } from "./required-tags";

/** What EC2 launches from a template and tags only from its tag_specifications. */
const LAUNCHED = ["instance", "volume", "network-interface"] as const;

/** Required tag keys that `tags` lacks (missing or empty). */
function missingKeys(tags: Readonly<Record<string, unknown>>): string[] {
  return REQUIRED_TAG_KEYS.filter((k) => typeof tags[k] !== "string" || (tags[k] as string).length === 0);
}

/** LLM-TAG-2: launch templates tag what they launch (instances, volumes, network interfaces) with every required tag. */
export const launchTemplateTags: ResourceRule = {
  id: "LLM-TAG-2",
  title: "Launch templates tag the instances, volumes and network interfaces they launch with environment, tier, component, owner and cost-center",
  rationale:
    "Instances, volumes and network interfaces launched from a template (EKS node groups, autoscaling groups) get only the tags in its tag_specifications: the provider's default_tags do not reach them, so accelerator nodes, the largest line of the bill, escape every cost filter and owner lookup.",
  fix: 'Add tag_specifications for resource_type "instance", "volume" and "network-interface", each with the environment, tier, component, owner and cost-center tags (the provider\'s default tags plus the component).',
  severity: "error",
  packs: ["tagging"],
  cloud: "aws",
  appliesTo: ["aws_launch_template"],
  check(template) {
    const specs = blocks(template.attributes.tag_specifications);
    if (specs.length === 0) return fail(`has no tag_specifications: what it launches (${LAUNCHED.join(", ")}) gets none of the required tags`);
    const problems = LAUNCHED.flatMap((type) => {
      const tags = Object.assign({}, ...specs.filter((s) => s.resource_type === type).map((s) => (s.tags && typeof s.tags === "object" ? s.tags : {}))) as Record<string, unknown>;
      const missing = missingKeys(tags);
      return missing.length === 0 ? [] : [`tag_specifications for ${type} lack ${missing.join(", ")}`];
    });
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
