import { describe, expect, it } from "vitest";
import { GcpAcceleratorNodePool, type GcpAcceleratorNodePoolProps } from "../../lib/constructs/gcp/accelerator-node-pool";
import { tpuSliceNodes } from "../../lib/constructs/gcp/private/accelerators";
import type { Construct } from "../../lib/cdk";
import { CATALOG } from "../../lib/catalog";
import { gcpZonesOf } from "../../lib/catalog/zones";
import type { GcpTrainingClusterProps } from "../../lib/constructs/gcp/training-cluster";
import { bootDiskTypeOf } from "../../lib/constructs/gcp/private/accelerators";
import { DEV, PROD, problemsOf, resources } from "../helpers";
import { GcpGpuNetworks } from "../../lib/constructs/gcp/gpu-networks";
import { PROJECT, REGION, cluster, synthGcp } from "./helpers";

type Env = { name: string; tier: "dev" | "staging" | "prod" };
const build = (props: Partial<GcpAcceleratorNodePoolProps> = {}, environment: Env = DEV, clusterProps: Partial<GcpTrainingClusterProps> = {}) =>
  synthGcp((s: Construct) => new GcpAcceleratorNodePool(s, "gpu", { cluster: cluster(s, clusterProps, environment), name: "gpu", accelerator: "nvidia-l4", ...props }));
const pool = (doc: ReturnType<typeof build>) => resources(doc, "google_container_node_pool").find((p) => p.name !== "system") as Record<string, any>;

describe("GcpAcceleratorNodePool", () => {
  it("refuses flex-start for a multi-host TPU slice (GKE serves flex-start to single-host slices only) and runs it for a single-host one", () => {
    expect(problemsOf(() => build({ accelerator: "google-tpu-v6e", acceleratorsPerNode: 4, tpuTopology: "4x8", capacity: "flex-start" }))).toEqual([expect.stringMatching(/^capacity: flex-start runs single-host TPU slices only \(got "4x8", a slice of 8 ct6e-standard-4t hosts\)/)]);
    expect(pool(build({ accelerator: "google-tpu-v6e", acceleratorsPerNode: 4, capacity: "flex-start" })).node_config).toMatchObject({ flex_start: true, max_run_duration: "86400s" });
    expect(problemsOf(() => build({ capacity: "flex-start", maxRunHours: 169 }))[0]).toMatch(/^maxRunHours: Flex-start run time \(hours\) takes a whole number from 1 to 168/);
  });

  it("makes a GPU pool from the catalog that scales from 0, with the driver installed by GKE, GKE's own taint and spot nodes in dev", () => {
    // given / when
    const p = pool(build());
    // then
    expect(p).toMatchObject({ name: "gpu", location: "us-central1-b", node_locations: ["us-central1-b"], initial_node_count: 0, autoscaling: { total_min_node_count: 0, total_max_node_count: 1, location_policy: "ANY" } });
    expect(p.node_config).toMatchObject({
      machine_type: "g2-standard-96",
      guest_accelerator: [{ type: "nvidia-l4", count: 8, gpu_driver_installation_config: { gpu_driver_version: "LATEST" } }],
      taint: [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
      spot: true,
      reservation_affinity: { consume_reservation_type: "NO_RESERVATION" },
      image_type: "COS_CONTAINERD",
      workload_metadata_config: { mode: "GKE_METADATA" },
      labels: { "llmops/accelerator": "nvidia-l4", "llmops/pool": "gpu" },
    });
    expect(p.placement_policy).toBeUndefined();
    expect(p.queued_provisioning).toBeUndefined();
  });

  it("uses on-demand capacity outside dev and places multi-node pools compactly in one zone", () => {
    const p = pool(build({ acceleratorsPerNode: 1, nodes: { min: 0, max: 4 } }, PROD));
    expect(p.node_config).toMatchObject({ machine_type: "g2-standard-4", spot: false, reservation_affinity: { consume_reservation_type: "ANY_RESERVATION" } });
    expect(p).toMatchObject({ location: "us-central1", node_locations: ["us-central1-b"], placement_policy: { type: "COMPACT" } });
    expect(GcpAcceleratorNodePool.defaults("staging").capacity).toBe("on-demand");
  });

  it("consumes a named reservation, or runs flex-start without auto-repair, or queued provisioning, as GKE requires", () => {
    expect(pool(build({ capacity: { reservation: "h100-res" } })).node_config.reservation_affinity).toEqual({ consume_reservation_type: "SPECIFIC_RESERVATION", key: "compute.googleapis.com/reservation-name", values: ["h100-res"] });
    const flex = pool(build({ capacity: "flex-start", maxRunHours: 8 }));
    expect(flex).toMatchObject({ management: { auto_repair: false }, node_config: { flex_start: true, max_run_duration: "28800s", spot: false, reservation_affinity: { consume_reservation_type: "NO_RESERVATION" } } });
    const queued = pool(build({ capacity: "queued" }));
    expect(queued).toMatchObject({ queued_provisioning: { enabled: true }, node_config: { spot: false, reservation_affinity: { consume_reservation_type: "NO_RESERVATION" } } });
  });

  it("makes a multi-host TPU slice pool that scales atomically from 0 to all its hosts", () => {
    const p = pool(build({ accelerator: "google-tpu-v6e", acceleratorsPerNode: 4, tpuTopology: "4x8" }));
    expect(p).toMatchObject({ autoscaling: { min_node_count: 0, max_node_count: 8, location_policy: "ANY" }, placement_policy: { type: "COMPACT", tpu_topology: "4x8" } });
    expect(p.node_config.machine_type).toBe("ct6e-standard-4t");
    expect(p.node_config.guest_accelerator).toBeUndefined();
    expect(p.node_config.taint).toBeUndefined();
  });

  it("makes a single-host TPU pool with the machine's own topology by default", () => {
    const p = pool(build({ accelerator: "google-tpu-v5p", nodes: { min: 0, max: 2 } }, DEV, { zone: "us-central1-a" }));
    expect(p.node_config.machine_type).toBe("ct5p-hightpu-4t");
    expect(p.autoscaling).toMatchObject({ min_node_count: 0, max_node_count: 2 });
    expect(p.placement_policy).toBeUndefined();
  });

  it("knows the TPU topologies of each machine type", () => {
    expect(tpuSliceNodes("ct5lp-hightpu-4t", "16x16")).toBe(64);
    expect(tpuSliceNodes("ct5lp-hightpu-8t", "2x4")).toBe(1);
    expect(tpuSliceNodes("ct5lp-hightpu-8t", "4x4")).toBeUndefined();
    expect(tpuSliceNodes("ct5p-hightpu-4t", "2x2x1")).toBe(1);
    expect(tpuSliceNodes("ct5p-hightpu-4t", "4x4x8")).toBe(32);
    expect(tpuSliceNodes("ct5p-hightpu-4t", "4x4x6")).toBeUndefined();
    expect(tpuSliceNodes("ct5p-hightpu-4t", "16x16x28")).toBeUndefined();
  });

  it("rejects a topology the machine does not take and wrong bounds for a multi-host slice", () => {
    expect(problemsOf(() => build({ accelerator: "google-tpu-v5e", acceleratorsPerNode: 8, tpuTopology: "4x4" }, DEV, { zone: "us-central1-a" }))).toEqual([
      expect.stringMatching(/^tpuTopology: ct5lp-hightpu-8t accepts single-host 2x4; multi-host none \(got "4x4"\)/),
    ]);
    expect(problemsOf(() => build({ accelerator: "google-tpu-v6e", acceleratorsPerNode: 4, tpuTopology: "4x4", nodes: { min: 1, max: 4 } }))).toEqual([
      expect.stringMatching(/^nodes: a 4x4 slice of ct6e-standard-4t spans 4 nodes and scales atomically: nodes must be \{ min: 0, max: 4 \}/),
    ]);
  });

  it("rejects accelerators not offered on Google Cloud or in the region, and sizes no machine has", () => {
    expect(problemsOf(() => build({ accelerator: "aws-trainium" }))[0]).toMatch(/^accelerator: .* not offered for training on gcp/);
    expect(problemsOf(() => build({ acceleratorsPerNode: 3 }))[0]).toMatch(/^acceleratorsPerNode: no gcp training machine carries that many .*allowed: 1, 2, 4, 8/);
  });

  it("rejects capacity preconditions GKE would refuse at apply", () => {
    expect(problemsOf(() => build({ capacity: "queued", nodes: { min: 1, max: 2 } }))).toEqual([expect.stringMatching(/^nodes\.min: queued provisioning needs a minimum of 0 nodes \(got 1\)/)]);
    expect(problemsOf(() => build({ capacity: "flex-start", nodes: { min: 0, max: 4 }, compactPlacement: true }))).toEqual([expect.stringMatching(/^compactPlacement: flex-start takes COMPACT placement on A3 Ultra, A4 and H4D machines only \(got g2-standard-96\)/)]);
    expect(problemsOf(() => build({ capacity: { reservation: "Res_1" }, maxRunHours: 200, tpuTopology: "2x2", zone: "us-central1-a", name: "GPU" }))).toEqual([
      expect.stringMatching(/^name: GKE node pool names allow lowercase/),
      expect.stringMatching(/^maxRunHours: .*from 1 to 168 \(got 200\)/),
      expect.stringMatching(/^capacity\.reservation: takes a Compute Engine reservation name/),
      expect.stringMatching(/^zone: a zonal cluster runs nodes in its own zone "us-central1-b" only \(got "us-central1-a"\)/),
      expect.stringMatching(/^tpuTopology: applies to TPU pools only/),
    ]);
  });

  it("puts TPU and GPU pools in a zone of the region that offers the machine, not <region>-b (TPU v5e and v5p are in us-central1-a only)", () => {
    // given a regional cluster (prod) / when pools of v5e, v5p, v6e and H200 are made without a zone
    const zoneOf = (accelerator: GcpAcceleratorNodePoolProps["accelerator"]) => pool(build({ accelerator }, PROD)).node_locations;
    // then each takes the catalog's default zone, from Google's TPU regions-and-zones page and the machine-type lists
    expect(zoneOf("google-tpu-v5e")).toEqual(["us-central1-a"]);
    expect(zoneOf("google-tpu-v5p")).toEqual(["us-central1-a"]);
    expect(zoneOf("google-tpu-v6e")).toEqual(["us-central1-b"]);
    expect(zoneOf("nvidia-h200")).toEqual(["us-central1-b"]);
    expect(zoneOf("nvidia-l4")).toEqual(["us-central1-b"]);
  });

  it("rejects a zone the catalog does not list for the machine, naming the field and the zones that offer it, unless allowUnlistedRegion", () => {
    // given a zonal cluster in us-central1-b, and a pool zone: us-central1-b has no TPU v5e
    expect(problemsOf(() => build({ accelerator: "google-tpu-v5e" }))).toEqual([expect.stringMatching(/^cluster\.zone: ct5lp-hightpu-8t is not offered in us-central1-b by the catalog \(got "us-central1-b"; zones of us-central1 offering it: us-central1-a\)/)]);
    expect(problemsOf(() => build({ accelerator: "google-tpu-v5e", zone: "us-central1-c" }, PROD))).toEqual([expect.stringMatching(/^zone: ct5lp-hightpu-8t is not offered in us-central1-c .*us-central1-a\); if the catalog is out of date, set allowUnlistedRegion: true/)]);
    // when the catalog is stale, the escape hatch accepts the zone
    expect(pool(build({ accelerator: "google-tpu-v5e", zone: "us-central1-c", allowUnlistedRegion: true }, PROD)).node_locations).toEqual(["us-central1-c"]);
    // a region the catalog lists for the machine but with no zone listed needs the zone named
    expect(GcpAcceleratorNodePool.zoneFor("a3-highgpu-8g", "europe-west8").problems).toEqual([{ path: "zone", message: expect.stringMatching(/^no zone of europe-west8 is listed for a3-highgpu-8g .*us-central1 \(a, b, c\)/) }]);
    expect(GcpAcceleratorNodePool.zoneFor("a3-highgpu-8g", "europe-west8", "europe-west8-c", true)).toEqual({ zone: "europe-west8-c", problems: [] });
  });

  it("lists zones only in regions the catalog offers the machine in, each a zone of its region", () => {
    for (const entry of CATALOG) {
      for (const offer of (entry.offers.gcp ?? []).filter((o) => o.use === "training")) {
        for (const region of ["us-central1", "europe-west4", "asia-northeast1", "us-east5", "europe-west8"]) {
          const zones = gcpZonesOf(offer.machineType, region) ?? [];
          if (zones.length > 0) expect(offer.regions, `${offer.machineType} in ${region}`).toContain(region);
          for (const z of zones) expect(z).toMatch(new RegExp(`^${region}-[a-f]$`));
        }
      }
    }
  });

  it("boots every catalog machine from a disk type it supports: Hyperdisk Balanced on TPU v6e, A3 Ultra and A4; Balanced PD on v5e, v5p and the rest", () => {
    // given the disk table of cloud.google.com/tpu/docs/setup-persistent-disk and the accelerator-optimized machines page
    const hyperdiskOnly = ["ct6e-standard", "a3-ultragpu", "a4-highgpu"];
    for (const entry of CATALOG) {
      for (const offer of (entry.offers.gcp ?? []).filter((o) => o.use === "training")) {
        const family = offer.machineType.split("-").slice(0, 2).join("-");
        expect(bootDiskTypeOf(offer.machineType), offer.machineType).toBe(hyperdiskOnly.includes(family) ? "hyperdisk-balanced" : "pd-balanced");
      }
    }
    // when / then a v6e pool synthesizes with it
    expect(pool(build({ accelerator: "google-tpu-v6e" })).node_config).toMatchObject({ machine_type: "ct6e-standard-8t", disk_type: "hyperdisk-balanced" });
    expect(pool(build({ accelerator: "google-tpu-v5e" }, PROD)).node_config.disk_type).toBe("pd-balanced");
  });

  it("keeps capacity and placement to what GKE accepts: queued and flex-start GPU pools default to no COMPACT placement; flex-start takes single-host TPU slices only", () => {
    // queued provisioning: no COMPACT on GPUs by default, and rejected when asked for
    expect(pool(build({ capacity: "queued", nodes: { min: 0, max: 4 } })).placement_policy).toBeUndefined();
    expect(problemsOf(() => build({ capacity: "queued", nodes: { min: 0, max: 4 }, compactPlacement: true }))).toEqual([expect.stringMatching(/^compactPlacement: queued provisioning takes no COMPACT placement on GPU pools/)]);
    // flex-start on a GPU family without flex-start COMPACT: off by default; on A3 Ultra it stays on
    expect(pool(build({ capacity: "flex-start", nodes: { min: 0, max: 4 } })).placement_policy).toBeUndefined();
    expect(pool(synthGcp((s) => {
      const c = cluster(s, { multiNetworking: true }, PROD);
      const gpuNetworks = new GcpGpuNetworks(s, "gpu-networks", { environment: PROD, project: PROJECT, region: REGION, zone: GcpAcceleratorNodePool.defaultZone(c), machineType: "a3-ultragpu-8g", avoid: ["10.10.0.0/16"] });
      new GcpAcceleratorNodePool(s, "gpu", { cluster: c, name: "gpu", accelerator: "nvidia-h200", capacity: "flex-start", nodes: { min: 0, max: 2 }, gpuNetworks });
    })).placement_policy).toEqual({ type: "COMPACT" });
    // flex-start on a multi-host TPU slice
    expect(problemsOf(() => build({ accelerator: "google-tpu-v6e", acceleratorsPerNode: 4, tpuTopology: "4x4", capacity: "flex-start" }))).toEqual([expect.stringMatching(/^capacity: flex-start runs single-host TPU slices only \(got "4x4", a slice of 4 ct6e-standard-4t hosts\); use capacity: "queued"/)]);
    // queued provisioning keeps a multi-host TPU slice's COMPACT placement
    expect(pool(build({ accelerator: "google-tpu-v6e", acceleratorsPerNode: 4, tpuTopology: "4x4", capacity: "queued" })).placement_policy).toEqual({ type: "COMPACT", tpu_topology: "4x4" });
  });
});
