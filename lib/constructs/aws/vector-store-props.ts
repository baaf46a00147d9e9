import type { Checks } from "../private/checks";
import type { EnvironmentIdentity, IEncryptionKey } from "../common";

/** What both AWS vector stores take. */
export interface AwsVectorStoreBaseProps {
  /** The environment; the store is `<name>-<tier>-vectors`. */
  readonly environment: EnvironmentIdentity;
  /** VPC the store is reached from. */
  readonly vpcId: string;
  /** Private subnets of the store's network interfaces (two zones or more for Aurora). */
  readonly subnetIds: readonly string[];
  /** CIDR blocks allowed to connect (HTTPS for OpenSearch, 5432 for PostgreSQL). */
  readonly clientCidrs: readonly string[];
  /** Customer-managed key that encrypts the store (and, for Aurora, its secret, Performance Insights and logs). */
  readonly encryptionKey: IEncryptionKey;
  /** Embedding dimensions clients index with (knn_vector or vector(n) columns). @default 1024 */
  readonly dimensions?: number;
  /** Put `lifecycle.prevent_destroy` on the store. @default - on in prod */
  readonly preventDestroy?: boolean;
}

/** Embedding dimensions both AWS engines accept (OpenSearch knn_vector, pgvector `vector(n)`). */
export const AWS_VECTOR_MAX_DIMENSIONS = 16000;

/** The dimensions a store uses when none are given. */
export const DEFAULT_VECTOR_DIMENSIONS = 1024;

/** Records a problem when `dimensions` is outside what both engines accept (1-16000). */
export function checkDimensions(checks: Checks, dimensions: number | undefined): void {
  checks.int("dimensions", dimensions, 1, AWS_VECTOR_MAX_DIMENSIONS, "A vector field");
}
