import { TerraformStack, makeUniqueId, type TerraformResource } from "../../cdk";

/**
 * Carries a resource's state over from the address an earlier release gave it.
 *
 * Releases before value-keyed ids named list-driven resources by list position
 * (`email-0`, `admin-0`, `grant-0`, `client-0-0`). Without a `moved` block, Terraform
 * would destroy the old address and create the new one for the same cloud object, in no
 * fixed order: an EKS access entry could be deleted after its twin was created (leaving
 * no cluster admin), an email subscription would need confirming again. This emits
 * `moved { from = <old address>, to = <this resource> }`; Terraform ignores it when
 * the old address is not in the state (new environments, later applies).
 *
 * The old logical id is what cdktf would have allocated for `previousId` beside the
 * resource: the hashed path below the stack (`makeUniqueId`, the addressing scheme of
 * `TerraformStack.allocateLogicalId`). A test pins it to an address of the earlier release.
 */
export function movedFromPrevious(resource: TerraformResource, previousId: string): void {
  const stack = TerraformStack.of(resource);
  const scopes = resource.node.scopes;
  const below = scopes.slice(scopes.indexOf(stack) + 1, -1).map((c) => c.node.id);
  resource.moveFromId(`${resource.terraformResourceType}.${makeUniqueId([...below, previousId])}`);
}
