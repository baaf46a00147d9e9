/** What changing a resource type's arguments does, from the provider's schema. */
export interface ReplacementEntry {
  /** Argument paths (nested blocks dotted, list indices left out) whose change forces Terraform to replace the resource. */
  readonly forcesNew: readonly string[];
  /** Where the list was read: the provider source file of the type's schema. */
  readonly source: string;
}
