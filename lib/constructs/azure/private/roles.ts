import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { Construct } from "../../../cdk";
import type { Grant, IPrincipal } from "../../common";
import { slug, stableId, stableKey } from "../../private/stable-id";

/**
 * A built-in role for a principal on `target` (an ARM id), as a construct keyed by
 * value: the principal's id (or the Terraform expression it stands for) and the role,
 * never a list position. Asking twice for the same principal and role returns the
 * assignment made the first time.
 */
export function assignRole(scope: Construct, prefix: string, principal: IPrincipal, role: string, target: string): RoleAssignment {
  const id = stableId(`${prefix}-${slug(role, 40)}`, `${stableKey(scope, principal.principalId)}|${role}`);
  const existing = scope.node.tryFindChild(id);
  if (existing) return existing as RoleAssignment;
  return new RoleAssignment(scope, id, { scope: target, roleDefinitionName: role, principalId: principal.principalId, principalType: principalTypeOf(principal) });
}

/** The assignment as a {@link Grant}. */
export function grantOf(assignment: RoleAssignment): Grant {
  return { policy: assignment, dependables: [assignment] };
}

/** Managed identities are service principals: saying so spares a retry while Entra ID replicates a new identity. */
function principalTypeOf(principal: IPrincipal): string | undefined {
  return (principal as { readonly principalType?: string }).principalType;
}
