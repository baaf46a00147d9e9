import type { VectorEngine } from "../common";
import { perTier, type Tier } from "../../util/tier";

/** Which AWS construct fills a portable role by default in a tier. */
export interface AwsServiceChoices {
  /** `lustre` ({@link AwsLustreFileSystem}) or `object-mount` ({@link AwsObjectMount}). */
  readonly sharedStorage: "lustre" | "object-mount";
  /** `managed-search` ({@link AwsOpenSearchVectorStore}) or `postgres-pgvector` ({@link AwsAuroraVectorStore}). */
  readonly vectorEngine: VectorEngine;
}

/**
 * The services a tier uses by default where two constructs can fill the same role.
 * dev takes the ones with no idle floor, so an unused dev environment stays cheap
 * (DESIGN rule 9): the datasets bucket mounted through Mountpoint for S3 (no charge
 * while nothing reads; FSx for Lustre bills its capacity, 1.2 TiB = $174/month, idle
 * or not), and Aurora Serverless v2 pausing at 0 ACU (an OpenSearch Serverless vector
 * collection keeps at least 1 OCU, $175/month, even idle). Staging and prod keep the
 * faster services. A spec chooses either in any tier.
 */
export function awsServiceChoices(tier: Tier): AwsServiceChoices {
  return {
    sharedStorage: perTier(tier, { dev: "object-mount", staging: "lustre", prod: "lustre" } as const),
    vectorEngine: perTier<VectorEngine>(tier, { dev: "postgres-pgvector", staging: "managed-search", prod: "managed-search" }),
  };
}
