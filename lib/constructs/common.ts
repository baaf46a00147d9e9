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
  /** How the cloud's APIs name the key: a KMS key ARN (AWS), a Cloud KMS crypto key id (Google Cloud), a Key Vault key id (Azure). */
  readonly keyId: string;
}

/** Vector store engines by portable name: the same word means the same thing on every cloud. */
export const VECTOR_ENGINES = ["managed-search", "postgres-pgvector"] as const;

/** A portable vector store engine: a managed search service, or PostgreSQL with pgvector. */
export type VectorEngine = (typeof VECTOR_ENGINES)[number];

/**
 * An identity that can be granted access, on any cloud: an IAM role (AWS), a service
 * account (Google Cloud), a managed identity (Azure).
 */
export interface IPrincipal {
  /** How the cloud's access policies name the identity: role ARN, service-account email, or principal (object) id. */
  readonly principalId: string;
}

/** A vector store: what consumers (roles, endpoints) need to reach it. */
export interface IVectorStore extends IConstruct {
  /** Which portable engine backs the store. */
  readonly engine: VectorEngine;
  /** The cloud service behind the engine, e.g. `opensearch-serverless`. */
  readonly service: string;
  /** The endpoint clients connect to (HTTPS URL or host name). */
  readonly endpoint: string;
  /** Embedding dimensions the store is set up for. */
  readonly dimensions: number;
  /** Lets an identity query and write vectors: the store's own access rules and the identity's policy. */
  grantReadWrite(principal: IPrincipal): Grant;
}

/** What a `grant*` method created, so callers can make resources wait for the access. */
export interface Grant {
  /** The policy that gives the access (on AWS, the role's inline IAM policy). */
  readonly policy: ITerraformDependable;
  /** Everything the access needs in place, `policy` included: depend on all of them before using it. */
  readonly dependables: readonly ITerraformDependable[];
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

/** The tier's protection of stateful resources: deletion protection outside dev, prevent_destroy in prod. */
export function protectionDefaults(tier: Tier): ProtectionSettings {
  return { deletionProtection: tier !== "dev", preventDestroy: tier === "prod" };
}

/** Resolves protection props against the tier: deletion protection outside dev, prevent_destroy in prod. */
export function resolveProtection(tier: Tier, given: Partial<ProtectionSettings>): ProtectionSettings {
  const defaults = protectionDefaults(tier);
  return {
    deletionProtection: given.deletionProtection ?? defaults.deletionProtection,
    preventDestroy: given.preventDestroy ?? defaults.preventDestroy,
  };
}
