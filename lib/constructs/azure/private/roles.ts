import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { Construct, ITerraformDependable } from "../../../cdk";
import { TimeSleep } from "../../private/time-sleep";
import type { Grant, IPrincipal } from "../../common";
import { slug, stableId, stableKey } from "../../private/stable-id";

/**
 * A built-in role for a principal on `target` (an ARM id), as a construct keyed by
 * value: the principal's id, the role and the target (each as the Terraform expression
 * it stands for when it is unresolved, so the id holds from one synth to the next),
 * never a list position. Asking twice for the same principal, role and target returns
 * the assignment made the first time; the same role on another target is another one.
 */
export function assignRole(scope: Construct, prefix: string, principal: IPrincipal, role: string, target: string): RoleAssignment {
  const id = stableId(`${prefix}-${slug(role, 40)}`, `${stableKey(scope, principal.principalId)}|${role}|${stableKey(scope, target)}`);
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

/**
 * How long a consumer waits after the role assignments it needs. ARM accepts an
 * assignment at once, but Azure RBAC takes a while to propagate to the resource
 * providers that check it ("up to 10 minutes", Azure RBAC troubleshooting; most within
 * two): a CMK service validating its key access, AKS checking its identity's rights, or a
 * Key Vault data-plane call made right after the grant gets 403. Two minutes covers the
 * usual case without making every first apply ten minutes longer; a create that still
 * fails succeeds on the next apply.
 */
export const ROLE_PROPAGATION_WAIT = "120s";

/**
 * A `time_sleep` of {@link ROLE_PROPAGATION_WAIT} after exactly `assignments`, for one
 * consumer group in `scope` (`id` tells groups of one scope apart): the consumer
 * depends on the wait, never on the assignments themselves. One wait per consumer, each
 * after only the grants it needs, so no wait sits between a grant scoped to a resource
 * and that resource (a single wait after every grant would: key grant, wait, key). The
 * assignment ids are its triggers: an assignment made anew waits again. Only role
 * assignments are waited for (an access policy takes effect at once: the consumer
 * depends on it directly); none when there is no assignment among `grants`.
 */
export function roleWait(scope: Construct, grants: readonly ITerraformDependable[], id = "role-wait"): TimeSleep[] {
  const assignments = grants.filter((a): a is RoleAssignment => a instanceof RoleAssignment);
  if (assignments.length === 0) return [];
  const existing = scope.node.tryFindChild(id);
  if (existing) return [existing as TimeSleep];
  const triggers = Object.fromEntries(assignments.map((a) => [a.node.id, a.id]));
  return [new TimeSleep(scope, id, { createDuration: ROLE_PROPAGATION_WAIT, triggers, dependsOn: assignments })];
}
