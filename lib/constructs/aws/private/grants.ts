import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Token, type Construct } from "../../../cdk";
import { ProblemCollector, show } from "../../../errors";
import type { Grant } from "../../common";
import type { IRole } from "../role";
import { hash8, slug, stableId, stableKey } from "../../private/stable-id";
import { movedFromPrevious } from "../../private/previous-address";
import { policyDocument, type PolicyStatement } from "./iam";

/** What one grant gives: named so that the same request always gets the same id and policy name. */
export interface GrantRequest {
  /** Base of the inline policy name, e.g. `<bucket>-read-write`: says what is granted on what. */
  readonly name: string;
  /** The object prefix the grant is limited to, if any. @default "" (everything) */
  readonly prefix?: string;
}

/** IAM allows inline policy names of at most 128 characters. */
const MAX_POLICY_NAME = 128;

/**
 * The inline policy name of a grant: `<name>` for the whole resource, `<name>-<slug(prefix)>-<hash8(prefix)>`
 * for a prefix. Unique per role for distinct (name, prefix), the same on every synth, at most 128 characters
 * (a name too long is cut and ends in the hash of everything, so it stays unique).
 */
export function grantPolicyName(name: string, prefix = "", prefixKey = prefix): string {
  const readable = Token.isUnresolved(prefix) ? "" : slug(prefix);
  const full = prefixKey === "" ? name : [name, readable, hash8(prefixKey)].filter((p) => p !== "").join("-");
  if (full.length <= MAX_POLICY_NAME) return full;
  return `${full.slice(0, MAX_POLICY_NAME - 9)}-${hash8(JSON.stringify([name, prefixKey]))}`;
}

/**
 * Writes the inline policies a store's `grant*` methods give to roles. Each policy is keyed by
 * (role, name, prefix), never by call order: its construct id is `grant-<slug(name)>-<hash8>`
 * and its name {@link grantPolicyName}, so adding or removing one grant leaves every other
 * grant's address and name alone. AWS keys inline policies by role and name, so the same
 * request twice would overwrite itself: it is a validation error.
 */
export class Grants {
  private readonly given = new Set<string>();
  /** Grants attached so far: earlier releases numbered them `grant-<n>` in this order. */
  private count = 0;

  constructor(private readonly scope: Construct) {}

  /** Attaches `statements` to the role as one inline policy and returns it, so callers can depend on it. */
  public attach(role: IRole, request: GrantRequest, ...statements: PolicyStatement[]): Grant & { readonly policy: IamRolePolicy } {
    const prefix = request.prefix ?? "";
    const [roleKey, nameKey, prefixKey] = [role.roleName, request.name, prefix].map((v) => stableKey(this.scope, v));
    const key = JSON.stringify([roleKey, nameKey, prefixKey]);
    const problems = new ProblemCollector();
    if (this.given.has(key)) problems.add("grant", `role ${show(roleKey)} already has ${show(nameKey)} on prefix ${show(prefixKey)}: grant it once`);
    problems.throwIfAny(`${this.scope.constructor.name} ${this.scope.node.path}`);
    this.given.add(key);
    const policy = new IamRolePolicy(this.scope, stableId("grant", key, request.name), {
      role: role.roleName,
      name: grantPolicyName(request.name, prefix, prefixKey),
      policy: policyDocument(...statements),
    });
    movedFromPrevious(policy, `grant-${this.count++}`);
    return { policy, dependables: [policy] };
  }
}
