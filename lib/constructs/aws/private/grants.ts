import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Construct } from "../../../cdk";
import type { IRole } from "../../common";
import { policyDocument, type PolicyStatement } from "./iam";

/**
 * Writes the inline policies a store's `grant*` methods give to roles. AWS keys inline
 * policies by role and name, so every grant after the first gets a numbered name and
 * none replaces another; construct ids are `grant-<n>`, in call order.
 */
export class Grants {
  private count = 0;

  constructor(private readonly scope: Construct) {}

  /** Attaches `statements` to the role as an inline policy named `<name>[-<n>]`. */
  public attach(role: IRole, name: string, ...statements: PolicyStatement[]): void {
    const n = this.count++;
    new IamRolePolicy(this.scope, `grant-${n}`, {
      role: role.roleName,
      name: `${name}${n === 0 ? "" : `-${n}`}`.slice(0, 128),
      policy: policyDocument(...statements),
    });
  }
}
