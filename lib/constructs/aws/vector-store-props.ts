import type { ProblemCollector } from "../../errors";
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

/** Records a problem when `dimensions` is outside what both engines accept (1-16000). */
export function checkDimensions(problems: ProblemCollector, dimensions: number): void {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16000) {
    problems.add("dimensions", `vector fields take 1 to 16000 dimensions (got ${dimensions})`);
  }
}
