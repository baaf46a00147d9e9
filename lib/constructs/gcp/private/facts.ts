/**
 * Google Cloud facts the GCP constructs check against, kept as data with their sources.
 */

/** Prefix lengths each range of a VPC for GKE accepts. */
export const RANGE_LIMITS = {
  /** A subnet's primary IPv4 range: /8 to /29 (cloud.google.com/vpc/docs/subnets#valid-ranges). */
  nodes: { min: 8, max: 29 },
  /** The pods' secondary range: up to /11; each node takes a /24 at the default 110 pods, so /24 holds one node (GKE alias IPs, "IP address range planning"). */
  pods: { min: 11, max: 24 },
  /** The services' secondary range: /16 to /27 (GKE alias IPs, "Secondary range for Services"; not re-read from the page in the 2026-11-30 check, which found no copy of that table). */
  services: { min: 16, max: 27 },
  /** A private services access allocation: at least a /24; Google suggests /16, Managed Lustre's and Cloud SQL's guides use /20-/24. */
  privateServices: { min: 16, max: 24 },
} as const;

/** A Google service that encrypts with a customer-managed key through its service agent. */
export interface ServiceAgent {
  /** The API that owns the agent (what `gcloud beta services identity create --service=` takes). */
  readonly api: string;
  /** The agent's domain: its email is `service-<project number>@<domain>`. */
  readonly domain: string;
  /** Whether the agent exists as soon as the API is enabled; otherwise it is made on first use or by `services identity create`. */
  readonly createdWithApi: boolean;
}

/**
 * Service agents that use a Cloud KMS key for the services of an LLMOps environment
 * (cloud.google.com/iam/docs/service-agents; the research brief's table). The key
 * grants `roles/cloudkms.cryptoKeyEncrypterDecrypter` to each one its users name.
 */
export const SERVICE_AGENTS = {
  /** Cloud Storage buckets (its agent is made on first query; the construct reads it through `google_storage_project_service_account`). */
  storage: { api: "storage.googleapis.com", domain: "gs-project-accounts.iam.gserviceaccount.com", createdWithApi: false },
  /** GKE application-layer secrets encryption. */
  gke: { api: "container.googleapis.com", domain: "container-engine-robot.iam.gserviceaccount.com", createdWithApi: true },
  /** Compute Engine: node boot disks encrypted with the key. */
  compute: { api: "compute.googleapis.com", domain: "compute-system.iam.gserviceaccount.com", createdWithApi: true },
  /** Vertex AI endpoints, models and indexes. */
  vertex: { api: "aiplatform.googleapis.com", domain: "gcp-sa-aiplatform.iam.gserviceaccount.com", createdWithApi: false },
  /** Artifact Registry repositories. */
  "artifact-registry": { api: "artifactregistry.googleapis.com", domain: "gcp-sa-artifactregistry.iam.gserviceaccount.com", createdWithApi: false },
  /** Cloud SQL instances. */
  "cloud-sql": { api: "sqladmin.googleapis.com", domain: "gcp-sa-cloud-sql.iam.gserviceaccount.com", createdWithApi: false },
  /** Pub/Sub topics (budget notifications). */
  pubsub: { api: "pubsub.googleapis.com", domain: "gcp-sa-pubsub.iam.gserviceaccount.com", createdWithApi: false },
  /** Managed Lustre (cluster-toolkit managed-lustre README); no key field in provider 6.50, granted for when it lands. */
  lustre: { api: "lustre.googleapis.com", domain: "gcp-sa-lustre.iam.gserviceaccount.com", createdWithApi: false },
} as const satisfies Record<string, ServiceAgent>;

/** A service whose agent a key can grant. */
export type KeyUser = keyof typeof SERVICE_AGENTS;

/** Every service the key can grant, in a stable order. */
export const KEY_USERS = Object.keys(SERVICE_AGENTS) as KeyUser[];

/** Cloud KMS: a rotation period must be more than one day (provider doc, `rotation_period`). */
export const KMS_MIN_ROTATION_DAYS = 2;
/** Cloud KMS: versions wait 1 to 120 days in DESTROY_SCHEDULED, 30 by default (cloud.google.com/kms/docs/destroy-restore: default 30 days, custom at key creation; "between 24 hours and 120 days" as public key modules document it). */
export const KMS_DESTROY_DAYS = { min: 1, max: 120 } as const;

/** Cloud Storage soft delete: 0 (off) or 7 to 90 days (provider doc, `soft_delete_policy.retention_duration_seconds`). */
export const SOFT_DELETE_DAYS = { min: 7, max: 90 } as const;

/** Seconds in a day. */
export const DAY_SECONDS = 86_400;

/** One Managed Lustre performance tier: capacity bounds and steps, GiB. */
export interface LustreTier {
  readonly min: number;
  readonly max: number;
  /** Capacity is a multiple of `step` up to `threshold`, and of `largeStep` above it. */
  readonly step: number;
  readonly threshold?: number;
  readonly largeStep?: number;
}

/**
 * Managed Lustre performance tiers by `per_unit_storage_throughput` (MB/s per TiB), from
 * the table of docs.cloud.google.com/managed-lustre/docs/performance-tiers (the increase-capacity
 * page agrees). Provider 6.50's own text ("18000 to 954000, in increments of 9000") is
 * the GA-day table and is not what the API accepts now. The Dynamic tier (25 MB/s per TiB)
 * is left out: provider 6.50 documents 125, 250, 500 and 1000 only. An instance created
 * at or below a tier's threshold can never grow past it (increase-capacity, "Limitations").
 */
export const LUSTRE_TIERS: Readonly<Record<number, LustreTier>> = {
  1000: { min: 9_000, max: 10_008_000, step: 9_000, threshold: 1_530_000, largeStep: 72_000 },
  500: { min: 18_000, max: 20_016_000, step: 18_000, threshold: 3_060_000, largeStep: 144_000 },
  250: { min: 36_000, max: 40_032_000, step: 36_000, threshold: 6_120_000, largeStep: 288_000 },
  125: { min: 72_000, max: 12_240_000, step: 72_000 },
};

/** Managed Lustre's file system name: at most eight letters and digits (provider doc, `filesystem`). */
export const LUSTRE_FILESYSTEM = /^[A-Za-z0-9]{1,8}$/;
