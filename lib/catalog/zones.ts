/**
 * Zones of Google Cloud accelerator machines, by machine family and region: GPU and TPU
 * capacity is zonal, and most regions offer a family in one or two of their zones only
 * (TPU v5e is in us-central1-a, not -b). A pool placed in a zone without the machine
 * fails at CreateNodePool, so the pool's zone is picked from, and checked against, this
 * table.
 *
 * Sources, read on {@link GCP_ZONES_AS_OF}:
 * - the zones the Compute Engine and Cloud TPU APIs list per machine type
 *   (`gcloud compute machine-types list` / `gcloud compute tpus accelerator-types list`),
 *   as collected in skypilot-org/skypilot-catalog `catalogs/v8/gcp/vms.csv` (the rows of
 *   a2-highgpu-8g, a2-ultragpu-8g, a3-highgpu-8g, a3-ultragpu-8g, g2-standard-4 to -48,
 *   tpu-v5litepod-*, tpu-v5p-*, tpu-v6e-*; rows priced at the 700.0 placeholder left out);
 * - for TPUs in the United States, Google's "TPU regions and zones" page
 *   (cloud.google.com/tpu/docs/regions-zones): the zones it lists as supported (not
 *   single-tenant only) come first, so they are the default.
 *
 * The first zone of a region is the default; every zone listed is accepted. A zone
 * missing here is reported, unless the caller sets `allowUnlistedRegion` (a stale table
 * never blocks a user).
 */
export const GCP_ZONES_AS_OF = "2026-11-30";

/** Zone letters per region, default first, per machine family (the first two parts of a machine type). */
const ZONE_LETTERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "a2-highgpu": {
    "asia-northeast1": "ac", "asia-northeast3": "ab", "asia-southeast1": "abc", "europe-west4": "ab", "me-west1": "ac",
    "us-central1": "abcf", "us-east1": "b", "us-west1": "b", "us-west3": "b", "us-west4": "b",
  },
  "a2-ultragpu": { "asia-southeast1": "c", "europe-west4": "a", "us-central1": "ac", "us-east4": "c", "us-east5": "ab" },
  "a3-highgpu": {
    "asia-east1": "c", "asia-northeast1": "b", "asia-south1": "c", "asia-south2": "b", "asia-southeast1": "bc", "australia-southeast1": "c",
    "europe-north1": "c", "europe-west1": "bc", "europe-west3": "c", "europe-west4": "bc", "europe-west9": "c",
    "us-central1": "abc", "us-east4": "abc", "us-east5": "a", "us-west1": "ab", "us-west4": "a",
  },
  "a3-ultragpu": {
    "asia-south1": "b", "asia-south2": "c", "europe-west1": "b", "europe-west4": "a", "us-central1": "b", "us-east4": "b", "us-east5": "a", "us-south1": "b", "us-west1": "c",
  },
  "g2-standard": {
    "asia-east1": "abc", "asia-northeast1": "abc", "asia-northeast3": "ab", "asia-south1": "abc", "asia-southeast1": "abc",
    "europe-west1": "bc", "europe-west2": "ab", "europe-west3": "ab", "europe-west4": "abc", "europe-west6": "bc", "me-central2": "ac",
    "northamerica-northeast1": "bc", "northamerica-northeast2": "ab", "us-central1": "bac", "us-east1": "bcd", "us-east4": "ac", "us-west1": "abc", "us-west4": "ac",
  },
  // TPU v5e (v5litepod): Google's page lists us-central1-a, us-south1-a, us-west1-c, us-west4-a and us-east5-a/b/c (single tenant).
  "ct5lp-hightpu": {
    "asia-east1": "abc", "asia-northeast1": "b", "asia-southeast1": "b", "europe-north1": "ac", "europe-west1": "bc", "europe-west3": "c", "europe-west4": "ab",
    "northamerica-northeast1": "b", "southamerica-west1": "bc", "us-central1": "a", "us-east1": "bc", "us-east4": "b", "us-east5": "abc", "us-south1": "ab", "us-west1": "c", "us-west4": "ab",
  },
  // TPU v5p: Google's page lists us-central1-a and us-east5-a (us-east5-b/c and us-south1-a single tenant).
  "ct5p-hightpu": { "europe-west1": "bd", "europe-west4": "b", "us-central1": "a", "us-east1": "d", "us-east5": "abc", "us-south1": "abc" },
  // TPU v6e: Google's page lists us-central1-b, us-east1-d and us-east5-a/b (us-east5-c, us-east4-a, us-west1-c single tenant).
  "ct6e-standard": {
    "asia-northeast1": "b", "asia-south1": "bc", "asia-southeast1": "b", "europe-west4": "a", "southamerica-west1": "a",
    "us-central1": "bac", "us-east1": "d", "us-east4": "a", "us-east5": "abc", "us-south1": "ac", "us-west1": "c",
  },
};

/** The machine family of a machine type: its first two parts (`ct5lp-hightpu-4t` → `ct5lp-hightpu`). */
function familyOf(machineType: string): string {
  return machineType.split("-").slice(0, 2).join("-");
}

/**
 * The zones of `region` offering `machineType`, the default first: an empty list when
 * the table knows none there, undefined when it does not track the machine's family.
 */
export function gcpZonesOf(machineType: string, region: string): readonly string[] | undefined {
  const family = ZONE_LETTERS[familyOf(machineType)];
  if (!family) return undefined;
  return [...(family[region] ?? "")].map((letter) => `${region}-${letter}`);
}

/** The regions the table lists for a machine type, each with its zones, for messages (`us-central1 (a, b)`). */
export function gcpZoneListText(machineType: string): string {
  const family = ZONE_LETTERS[familyOf(machineType)] ?? {};
  return Object.keys(family)
    .sort()
    .map((region) => `${region} (${[...family[region]].sort().join(", ")})`)
    .join("; ");
}
