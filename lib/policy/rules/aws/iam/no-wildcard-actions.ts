import type { ResourceRule } from "../../../types";
import { list } from "../../helpers";
import { checkAllowStatements } from "../helpers";

/** What is too broad in one allowed action, or undefined. */
function wildcard(action: string): string | undefined {
  if (action === "*" || action === "*:*") return `all actions ("${action}")`;
  const service = /^([^:*?]+):\*+$/.exec(action)?.[1];
  return service ? `all ${service} actions ("${action}")` : undefined;
}

/** LLM-AWS-IAM-1: identity policies name the actions they allow. */
export const iamNoWildcardActions: ResourceRule = {
  id: "LLM-AWS-IAM-1",
  title: 'IAM policies allow no "*" or "<service>:*" actions',
  rationale: 'A wildcard action grants every present and future action of a service, deletions and permission changes included; least privilege means naming the actions a role needs. Deny statements may use wildcards.',
  fix: "List the actions the role needs instead of \"*\" or \"<service>:*\" (the grant methods of our stores, e.g. AwsDataBucket.grantRead, write least-privilege statements).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_role"],
  check(resource) {
    return checkAllowStatements(resource, (s, where) => [
      ...(s.NotAction !== undefined ? [`${where}allows every action but ${list(s.NotAction).join(", ")} (NotAction)`] : []),
      ...list(s.Action).flatMap((a) => {
        const broad = wildcard(a);
        return broad ? [`${where}allows ${broad}`] : [];
      }),
    ]);
  },
};
