import { describe, expect, it } from "vitest";
import { GcpLustreFileSystem, type GcpLustreFileSystemProps } from "../../lib/constructs/gcp/lustre-file-system";
import type { Construct } from "../../lib/cdk";
import { DEV, PROD, only, problemsOf } from "../helpers";
import { PROJECT, network, synthGcp, type Env } from "./helpers";

const lustre = (s: Construct, props: Partial<GcpLustreFileSystemProps> = {}, environment: Env = DEV) =>
  new GcpLustreFileSystem(s, "lustre", { environment, project: PROJECT, zone: "us-central1-a", network: props.network ?? network(s, environment), ...props });

describe("GcpLustreFileSystem", () => {
  it("is the smallest instance of the fastest tier, in the pool's zone, on the VPC, with GKE support, after the peering", () => {
    // given / when
    const doc = synthGcp((s) => lustre(s, { labels: { team: "ml" } }));
    // then
    const i = only(doc, "google_lustre_instance");
    expect(i).toMatchObject({
      instance_id: "acme-dev-lustre",
      location: "us-central1-a",
      filesystem: "lustrefs",
      capacity_gib: "9000",
      per_unit_storage_throughput: "1000",
      gke_support_enabled: true,
      labels: { team: "ml" },
      timeouts: { create: "120m" },
    });
    expect(i.network).toMatch(/^\$\{google_compute_network\.network_\w+\.id\}$/);
    expect(i.depends_on).toEqual([expect.stringMatching(/^google_service_networking_connection\.network_private-services_\w+$/)]);
    expect(i.kms_key).toBeUndefined();
    expect(i.lifecycle).toBeUndefined();
  });

  it("keeps the prod instance with prevent_destroy; defaults are the same tier and size elsewhere", () => {
    const doc = synthGcp((s) => lustre(s, {}, PROD));
    expect(only(doc, "google_lustre_instance").lifecycle).toEqual({ prevent_destroy: true });
    expect(GcpLustreFileSystem.defaults("staging")).toEqual({ perUnitStorageThroughput: 1000, capacityGib: 9000, fileSystemName: "lustrefs", preventDestroy: false });
  });

  it("starts each tier at its own minimum and exposes the mount point and the missing key", () => {
    synthGcp((s) => {
      const fs = lustre(s, { perUnitStorageThroughput: 125 });
      expect([fs.capacityGib, fs.customerManagedKey]).toEqual([72000, false]);
      expect(fs.mountPoint).toMatch(/TfToken/);
    });
  });

  it("accepts capacities on each tier's steps, the larger step above the threshold", () => {
    const ok = (perUnitStorageThroughput: 125 | 250 | 500 | 1000, capacityGib: number) => GcpLustreFileSystem.validate({ perUnitStorageThroughput, capacityGib });
    expect([ok(1000, 18000), ok(1000, 1_530_000), ok(1000, 1_584_000), ok(1000, 10_008_000), ok(500, 36000), ok(250, 6_120_000), ok(125, 12_240_000)]).toEqual([[], [], [], [], [], [], []]);
    expect(ok(1000, 1_539_000)).toEqual([{ path: "capacityGib", message: expect.stringMatching(/a multiple of 9000 up to 1530000, then of 72000 \(got 1539000\); the nearest are 1512000 and 1584000/) }]);
  });

  it("rejects capacities off the tier's table, the GA-day floors included, and the Dynamic tier", () => {
    expect(problemsOf(() => synthGcp((s) => lustre(s, { perUnitStorageThroughput: 125, capacityGib: 36000 })))).toEqual([
      expect.stringMatching(/^capacityGib: Managed Lustre at 125 MB\/s per TiB takes 72000 to 12240000 GiB, a multiple of 72000 \(got 36000\)$/),
    ]);
    expect(problemsOf(() => synthGcp((s) => lustre(s, { capacityGib: 12000 })))).toEqual([expect.stringMatching(/^capacityGib: .* \(got 12000\); the nearest are 9000 and 18000$/)]);
    expect(problemsOf(() => synthGcp((s) => lustre(s, { perUnitStorageThroughput: 25 as 125 })))).toEqual([expect.stringMatching(/^perUnitStorageThroughput: Managed Lustre throughput \(MB\/s per TiB\) accepts 125, 250, 500, 1000 \(got 25\)/)]);
  });

  it("rejects a long file system name, a region for a zone, bad labels and an instance name Lustre refuses", () => {
    expect(problemsOf(() => synthGcp((s) => lustre(s, { fileSystemName: "training1", zone: "us-central1", labels: { Team: "ml" } })))).toEqual([
      expect.stringMatching(/^fileSystemName: a Managed Lustre file system name is 1-8 letters and digits \(got "training1"\)/),
      expect.stringMatching(/^zone: Managed Lustre is zonal: give a zone such as "us-central1-a" \(got "us-central1"\)/),
      expect.stringMatching(/^labels\.Team: label keys are/),
    ]);
    // (the network's names fail the same way; only the instance's problem is Lustre's)
    expect(problemsOf(() => synthGcp((s) => lustre(s, { network: network(s) }, { name: "9acme", tier: "dev" })))).toEqual([expect.stringMatching(/^environment\.name: Managed Lustre instance names allow/)]);
  });
});
