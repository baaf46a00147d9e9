import { fail, pass, skip, type Outcome, type ResourceView } from "../../../types";
import { blocks } from "../../helpers/attributes";
import { parseJson } from "../../helpers/json";

/** The `Statement` list of an IAM policy document (a single statement object counts as a list of one). */
export function statements(policy: unknown): Record<string, unknown>[] {
  const s = (policy as { Statement?: unknown } | undefined)?.Statement;
  return Array.isArray(s) ? (s as Record<string, unknown>[]) : s && typeof s === "object" ? [s as Record<string, unknown>] : [];
}

/** Whether a statement allows (Effect `Allow`; IAM's default effect is deny). */
export function isAllow(statement: Record<string, unknown>): boolean {
  return statement.Effect === "Allow";
}

/** One IAM policy document of a resource: where it is (for messages) and its parsed JSON (undefined when not literal JSON). */
export interface IamPolicyDocument {
  /** `""` for a resource's own `policy`, `inline policy "<name>" ` for a role's inline policies. */
  readonly where: string;
  readonly document: unknown;
}

/** The identity policies a resource carries: `policy` (aws_iam_policy, aws_iam_*_policy) and `inline_policy` blocks (aws_iam_role). */
export function iamPolicyDocuments(resource: ResourceView): IamPolicyDocument[] {
  const docs: IamPolicyDocument[] = [];
  if (resource.attributes.policy !== undefined) docs.push({ where: "", document: parseJson(resource.attributes.policy) });
  for (const inline of blocks(resource.attributes.inline_policy)) {
    if (inline.policy === undefined) continue;
    const name = typeof inline.name === "string" ? inline.name : "";
    docs.push({ where: `inline policy ${JSON.stringify(name)} `, document: parseJson(inline.policy) });
  }
  return docs;
}

/**
 * Runs `problemsOf` over every Allow statement of a resource's literal IAM policy
 * documents: fails with the problems found, skips when a document is not literal JSON
 * (it cannot be read at synth), passes otherwise.
 */
export function checkAllowStatements(resource: ResourceView, problemsOf: (statement: Record<string, unknown>, where: string) => string[]): Outcome {
  const docs = iamPolicyDocuments(resource);
  const known = docs.filter((d) => d.document !== undefined);
  const problems = known.flatMap(({ where, document }) => blocks(statements(document)).filter(isAllow).flatMap((s) => problemsOf(s, where)));
  if (problems.length > 0) return fail([...new Set(problems)].join("; "));
  return known.length === 0 || known.length < docs.length ? skip : pass;
}
