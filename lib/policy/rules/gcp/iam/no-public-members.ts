import { fail, pass, skip, type ResourceRule } from "../../../types";
import { blocks, isExpression, list, parseJson } from "../../helpers";

/** Principals that make a grant public. */
const PUBLIC = ["allUsers", "allAuthenticatedUsers"];

/** Whether a member string is public (`allUsers`, `allAuthenticatedUsers`, either with a prefix such as `principalSet://`). */
function isPublic(member: string): boolean {
  return PUBLIC.some((p) => member === p || member.endsWith(`/${p}`) || member.endsWith(`:${p}`));
}

/** Members of a policy_data document's bindings; undefined when it is not literal JSON. */
function policyMembers(policyData: unknown): string[] | undefined {
  const doc = parseJson(policyData) as { bindings?: { members?: unknown }[] } | undefined;
  if (!doc || typeof doc !== "object") return undefined;
  return (doc.bindings ?? []).flatMap((b) => list(b.members ?? []));
}

/** LLM-GCP-IAM-1: no IAM member, binding or policy grants a role to allUsers or allAuthenticatedUsers. Not suppressible. */
export const gcpNoPublicMembers: ResourceRule = {
  id: "LLM-GCP-IAM-1",
  title: "No IAM member, binding or policy grants a role to allUsers or allAuthenticatedUsers",
  rationale: "allUsers is anyone on the internet and allAuthenticatedUsers any Google account: a grant to either publishes the bucket, topic, repository, key or service it is on.",
  fix: "Grant the role to named principals (user:, group:, serviceAccount:, domain:) instead, and remove allUsers / allAuthenticatedUsers from member, members or the policy_data bindings.",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  suppressible: false,
  appliesTo: /^google_.+_iam_(member|binding|policy)$/,
  check(resource) {
    const a = resource.attributes;
    let members: string[];
    if (resource.type.endsWith("_iam_member")) members = list(a.member ?? []);
    else if (resource.type.endsWith("_iam_binding")) members = list(a.members ?? []);
    else {
      const fromPolicy = policyMembers(a.policy_data);
      if (fromPolicy === undefined) return isExpression(a.policy_data) ? skip : pass;
      members = fromPolicy;
    }
    const conditions = blocks(a.condition);
    const open = [...new Set(members.filter(isPublic))];
    if (open.length === 0) return pass;
    const role = typeof a.role === "string" ? ` ${a.role}` : "";
    return fail(`grants${role} to ${open.join(" and ")}${conditions.length > 0 ? " (under a condition)" : ""}`);
  },
};
