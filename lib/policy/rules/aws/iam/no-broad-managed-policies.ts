import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isExpression, list } from "../../helpers";

/** Whether an AWS-managed policy name grants a whole service or the account. */
export function isBroadManagedPolicy(name: string): boolean {
  return /FullAccess(V\d+)?$/.test(name) || /^AdministratorAccess($|-)/.test(name);
}

/** The name of an AWS-managed policy ARN (`arn:<partition>:iam::aws:policy/<path/>Name`), or undefined for other policies and unknown names. */
function managedName(arn: string): string | undefined {
  const name = /:iam::aws:policy\/(?:.+\/)?([^/]+)$/.exec(arn)?.[1];
  return name === undefined || isExpression(name) ? undefined : name;
}

/** Whether a policy ARN is known: an AWS-managed ARN with a literal name, or a policy made in this stack. */
function known(arn: string): boolean {
  return managedName(arn) !== undefined || /^\$\{aws_iam_policy\.[^.}]+\.(arn|id)\}$/.test(arn) || (!isExpression(arn) && /^arn:/.test(arn));
}

/** LLM-AWS-IAM-3: no role gets a `*FullAccess` or `AdministratorAccess` managed policy. */
export const iamNoBroadManagedPolicies: ResourceRule = {
  id: "LLM-AWS-IAM-3",
  title: "No AWS-managed *FullAccess or AdministratorAccess policy is attached",
  rationale: "The *FullAccess and AdministratorAccess policies grant every action on every resource of a service or the account; one compromised pod or endpoint with them reaches all data and can rewrite permissions.",
  fix: "Attach a narrower AWS-managed policy or write a least-privilege one (our constructs attach only narrow managed policies, e.g. AmazonEKSWorkerNodePolicy, and grant data access through the stores' grant methods).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_role"],
  check(resource) {
    const a = resource.attributes;
    const arns = resource.type === "aws_iam_role" ? list(a.managed_policy_arns ?? []) : list(a.policy_arn ?? []);
    const broad = arns.map(managedName).filter((n): n is string => n !== undefined && isBroadManagedPolicy(n));
    if (broad.length > 0) return fail(`attaches the AWS-managed ${broad.length === 1 ? "policy" : "policies"} ${broad.join(", ")}`);
    return arns.length > 0 && arns.every(known) ? pass : skip;
  },
};
