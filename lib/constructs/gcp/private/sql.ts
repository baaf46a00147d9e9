import { show } from "../../../errors";
import { isUnknown } from "../../private/checks";

/**
 * Cloud SQL facts the Postgres vector store checks against, with their sources.
 */

/** The PostgreSQL major version the store runs: pgvector ships with it (cloud.google.com/sql/docs/postgres/extensions). */
export const SQL_POSTGRES_VERSION = "POSTGRES_16";

/**
 * The edition written explicitly: PostgreSQL 16 and later default to ENTERPRISE_PLUS,
 * which rejects `db-custom-*` and shared-core tiers (terraform-provider-google #20498,
 * magic-modules #18014).
 */
export const SQL_EDITION = "ENTERPRISE";

/** ENTERPRISE keeps transaction logs for point-in-time recovery 1-7 days (provider doc, `transaction_log_retention_days`). */
export const SQL_LOG_RETENTION_DAYS = { min: 1, max: 7 } as const;

/** Smallest SSD data disk, GB (provider doc, `disk_size`: 10 GB for PD_SSD). */
export const SQL_MIN_DISK_GB = 10;

/** pgvector's `vector(n)` takes up to 16,000 dimensions; HNSW and IVFFlat indexes up to 2,000 (pgvector README). */
export const PGVECTOR_MAX_DIMENSIONS = 16000;

/**
 * A Cloud SQL Enterprise custom machine `db-custom-<vCPUs>-<MB>`: 1 or an even number
 * of vCPUs up to 96; 0.9 to 6.5 GB (of 1,024 MB) per vCPU, a multiple of 256 MB and at
 * least 3,840 MB (cloud.google.com/sql/docs/postgres/instance-settings, "Machine type").
 * Returns the problem, or undefined when the tier is valid.
 */
export function checkCustomTier(tier: string): string | undefined {
  if (isUnknown(tier)) return undefined;
  const m = /^db-custom-(\d+)-(\d+)$/.exec(tier);
  const what = `Cloud SQL ${SQL_EDITION} takes a custom machine "db-custom-<vCPUs>-<memory MB>" (got ${show(tier)})`;
  if (!m) return `${what}; ENTERPRISE_PLUS machines (db-perf-optimized-*) are not this construct's edition`;
  const cpus = Number(m[1]);
  const mb = Number(m[2]);
  if (!(cpus === 1 || (cpus % 2 === 0 && cpus >= 2 && cpus <= 96))) return `${what}: vCPUs are 1 or an even number up to 96`;
  if (mb % 256 !== 0 || mb < 3840) return `${what}: memory is a multiple of 256 MB, at least 3840`;
  const perCpu = mb / 1024 / cpus;
  if (perCpu < 0.9 || perCpu > 6.5) return `${what}: memory is 0.9 to 6.5 GB per vCPU (${cpus} vCPUs take ${Math.ceil((0.9 * 1024 * cpus) / 256) * 256} to ${Math.floor((6.5 * 1024 * cpus) / 256) * 256} MB)`;
  return undefined;
}

/** A database name the construct accepts: a lowercase PostgreSQL identifier, so no quoting is ever needed (at most 63 bytes). */
export const SQL_DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
