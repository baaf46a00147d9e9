import type { ResourceView, StackView } from "../../../types";
import { blocks, list } from "../../helpers/attributes";
import { parseJson } from "../../helpers/json";
import { globMatch } from "../../helpers/patterns";

/** One entry of an OpenSearch Serverless security policy that covers a collection, or a policy whose JSON could not be read. */
export interface OpenSearchPolicyMatch {
  readonly policy: ResourceView;
  /** The covering entry; undefined when the policy is not literal JSON. */
  readonly entry?: Record<string, unknown>;
  /** Resource types of the entry's rules that cover the collection (`collection`, `dashboard`). */
  readonly resourceTypes: readonly string[];
}

/**
 * Entries of the stack's OpenSearch Serverless security policies of `type` (`network`,
 * `encryption`) whose rules name `collection/<name>` (directly or by a wildcard
 * pattern), plus one match without entry for each policy of the type that is not
 * literal JSON.
 */
export function openSearchPolicyMatches(stack: StackView, type: "network" | "encryption", collectionName: string): OpenSearchPolicyMatch[] {
  const matches: OpenSearchPolicyMatch[] = [];
  for (const policy of stack.ofType("aws_opensearchserverless_security_policy")) {
    if (policy.attributes.type !== type) continue;
    const parsed = parseJson(policy.attributes.policy);
    if (!parsed || typeof parsed !== "object") {
      matches.push({ policy, resourceTypes: [] });
      continue;
    }
    for (const entry of blocks(parsed)) {
      const resourceTypes = blocks(entry.Rules)
        .filter((rule) => list(rule.Resource).some((pattern) => globMatch(pattern, `collection/${collectionName}`, { ignoreCase: false })))
        .map((rule) => String(rule.ResourceType ?? "").toLowerCase());
      if (resourceTypes.length > 0) matches.push({ policy, entry, resourceTypes });
    }
  }
  return matches;
}
