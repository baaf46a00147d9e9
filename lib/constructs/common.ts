import type { Construct, IConstruct, ITerraformDependable } from "../cdk";

import type { Tier } from "../util/tier";

export { TIERS, type Tier } from "../util/tier";

/** Who an environment is: every resource name starts with `<name>-<tier>`. */
export interface EnvironmentIdentity {
  /** Short lowercase environment name, e.g. `acme-llm`. */
  readonly name: string;
  /** The tier, which picks defaults. */
  readonly tier: Tier;
}

/** A customer-managed encryption key other constructs encrypt with. */
export interface IEncryptionKey extends IConstruct {
  /** The key's ARN (AWS) or resource id (GCP, Azure). */
  readonly keyArn: string;
}

/** A vector store: what consumers (roles, endpoints) need to reach it. */
export interface IVectorStore extends IConstruct {
  /** Which engine backs the store. */
  readonly engine: "opensearch-serverless" | "aurora-pgvector";
  /** The endpoint clients connect to (HTTPS URL or host name). */
  readonly endpoint: string;
  /** Embedding dimensions the store is set up for. */
  readonly dimensions: number;
  /** Lets an IAM role query and write vectors: the store's own access rules and the role's IAM policy. */
  grantReadWrite(role: IRole): Grant;
}

/** What a `grant*` method created, so callers can make resources wait for the access. */
export interface Grant {
  /** The policy that gives the access (on AWS, the role's inline IAM policy). */
  readonly policy: ITerraformDependable;
  /** Everything the access needs in place, `policy` included: depend on all of them before using it. */
  readonly dependables: readonly ITerraformDependable[];
}

/** An IAM role (or cloud identity) that can be granted access. */
export interface IRole {
  /** The role's ARN (AWS) or principal id. */
  readonly roleArn: string;
  /** The role's name, to attach inline policies to. */
  readonly roleName: string;
}

const COMPONENT = Symbol.for("llmops-constructs.component");

/**
 * Marks a construct as one component of the environment (e.g. `training`):
 * every taggable resource below it gets `component=<component>`.
 */
export function markComponent(scope: Construct, component: string): void {
  (scope as unknown as Record<symbol, string>)[COMPONENT] = component;
}

/** The component of the nearest marked ancestor, or undefined. */
export function componentOf(node: IConstruct): string | undefined {
  const scopes = node.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const c = (scopes[i] as unknown as Record<symbol, string | undefined>)[COMPONENT];
    if (c !== undefined) return c;
  }
  return undefined;
}

/** Defaults for keeping stateful resources, by tier. */
export interface ProtectionSettings {
  /** Provider-native deletion protection. */
  readonly deletionProtection: boolean;
  /** Terraform `lifecycle.prevent_destroy`. */
  readonly preventDestroy: boolean;
}

/** Resolves protection props against the tier: deletion protection outside dev, prevent_destroy in prod. */
export function resolveProtection(tier: Tier, given: Partial<ProtectionSettings>): ProtectionSettings {
  return {
    deletionProtection: given.deletionProtection ?? tier !== "dev",
    preventDestroy: given.preventDestroy ?? tier === "prod",
  };
}
