import type { TerraformResource } from "../../cdk";

/** Puts `lifecycle.prevent_destroy` on a stateful resource when asked. */
export function keep<T extends TerraformResource>(resource: T, preventDestroy: boolean): T {
  if (preventDestroy) resource.lifecycle = { ...(resource.lifecycle ?? {}), preventDestroy: true };
  return resource;
}
