import { describe, expect, it } from "vitest";
import { gpuNicProfileOf } from "../lib/constructs/gcp/private/accelerators";
import { ACCELERATORS, CATALOG, CATALOG_AS_OF, CLOUDS, findAccelerator, monthlyListCost, offersFor, selectMachine } from "../lib/catalog";

const offers = CATALOG.flatMap((entry) => CLOUDS.flatMap((cloud) => (entry.offers[cloud] ?? []).map((offer) => ({ entry, cloud, offer }))));

describe("accelerator catalog: data", () => {
  it("has exactly one entry per logical accelerator", () => {
    expect(CATALOG.map((e) => e.id).sort()).toEqual([...ACCELERATORS].sort());
  });

  it("offers cloud-specific silicon only on its own cloud", () => {
    for (const entry of CATALOG.filter((e) => e.exclusiveTo)) {
      expect(Object.keys(entry.offers).filter((c) => c !== entry.exclusiveTo), entry.id).toEqual([]);
    }
    expect(findAccelerator("aws-trainium")?.exclusiveTo).toBe("aws");
    expect(findAccelerator("google-tpu-v5p")?.exclusiveTo).toBe("gcp");
  });

  it("gives every offer sizes, a dated and sourced list price, and sorted regions", () => {
    expect(offers.length).toBeGreaterThan(50);
    for (const { entry, offer } of offers) {
      const where = `${entry.id} ${offer.machineType}`;
      expect(offer.acceleratorsPerNode, where).toBeGreaterThan(0);
      expect(offer.acceleratorMemoryGiB, where).toBeGreaterThan(0);
      expect(offer.vcpus, where).toBeGreaterThan(0);
      expect(offer.memoryGiB, where).toBeGreaterThan(0);
      expect(offer.price.usdPerHour, where).toBeGreaterThan(0);
      expect(offer.price.asOf, where).toMatch(/^20\d\d-\d\d-\d\d$/);
      expect(offer.price.asOf <= CATALOG_AS_OF, where).toBe(true);
      expect(offer.price.source, where).toMatch(/^https:\/\//);
      expect(offer.regions.length, where).toBeGreaterThan(0);
      expect([...offer.regions].sort(), where).toEqual([...offer.regions]);
    }
  });

  it("names machines the way each cloud's API wants them", () => {
    for (const { cloud, offer } of offers) {
      if (cloud === "aws" && offer.use === "inference") expect(offer.machineType).toMatch(/^ml\.[a-z0-9]+\.[a-z0-9]+$/);
      if (cloud === "aws" && offer.use === "training") expect(offer.machineType).toMatch(/^[a-z0-9]+\.[a-z0-9]+$/);
      if (cloud === "azure") expect(offer.machineType).toMatch(/^Standard_/);
      if (cloud === "aws") expect(offer.regions.every((r) => /^[a-z]{2}-[a-z]+-\d$/.test(r))).toBe(true);
    }
  });

  it("records EFA cards for every EFA machine and none elsewhere", () => {
    for (const { offer } of offers) {
      if (offer.fabric === "efa") expect(offer.efaInterfaces, offer.machineType).toBeGreaterThan(0);
      else expect(offer.efaInterfaces ?? 0, offer.machineType).toBe(0);
    }
  });

  it("gives p5.4xlarge its one EFA card and g6e.48xlarge its four (one per network card)", () => {
    const aws = (type: string) => offers.find((o) => o.cloud === "aws" && o.offer.machineType === type)!.offer;
    expect(aws("p5.4xlarge")).toMatchObject({ fabric: "efa", efaInterfaces: 1 });
    expect(aws("g6e.48xlarge")).toMatchObject({ fabric: "efa", efaInterfaces: 4 });
  });

  it("names the GPUDirect fabric of each Google Cloud training machine as its NICs are built (TCPX on A3 High, RDMA on A3 Ultra)", () => {
    for (const { offer } of offers.filter((o) => o.cloud === "gcp" && o.offer.use === "training" && o.offer.fabric.startsWith("gpudirect"))) {
      const kind = gpuNicProfileOf(offer.machineType)?.kind;
      expect(kind === "gpudirect-tcpxo" ? "gpudirect-tcpx" : kind, offer.machineType).toBe(offer.fabric);
    }
    expect(offers.find((o) => o.cloud === "gcp" && o.offer.machineType === "a3-ultragpu-8g" && o.offer.use === "training")!.offer.fabric).toBe("gpudirect-rdma");
  });

  it("says which prices were not read: each derived price gives its rule and matches it", () => {
    for (const { offer } of offers.filter((o) => (o.offer.price.status ?? "list") !== "list")) expect(offer.price.rule, offer.machineType).toBeTruthy();
    // ml.p5en.48xlarge has no public SageMaker price: 1.15 x the EC2 rate
    const p5en = (type: string) => offers.find((o) => o.offer.machineType === type)!.offer.price;
    expect(p5en("ml.p5en.48xlarge")).toMatchObject({ status: "derived" });
    expect(p5en("ml.p5en.48xlarge").usdPerHour).toBeCloseTo(p5en("p5en.48xlarge").usdPerHour * 1.15, 6);
    // every Vertex AI offer carries the Compute Engine (Cloud TPU) rate of its machine: a lower bound, derived
    const vertex = offers.filter((o) => o.cloud === "gcp" && o.offer.use === "inference");
    expect(vertex.length).toBeGreaterThan(0);
    for (const { entry, offer } of vertex) {
      expect(offer.price, offer.machineType).toMatchObject({ status: "derived", rule: expect.stringMatching(/^lower bound: the Compute Engine/) });
      const compute = entry.offers.gcp!.find((o) => o.use === "training" && o.machineType === offer.machineType);
      if (compute) expect(offer.price.usdPerHour, offer.machineType).toBe(compute.price.usdPerHour);
    }
  });
});

describe("accelerator catalog: machine selection", () => {
  it("picks the largest training node and the smallest, cheapest inference instance by default", () => {
    expect(selectMachine({ cloud: "aws", accelerator: "nvidia-h100", use: "training", region: "us-east-1" }).offer?.machineType).toBe("p5.48xlarge");
    expect(selectMachine({ cloud: "aws", accelerator: "aws-inferentia2", use: "inference", region: "us-east-1" }).offer?.machineType).toBe("ml.inf2.xlarge");
    const sizes = offersFor("aws-inferentia2", "aws", "inference");
    expect(sizes.map((o) => o.acceleratorsPerNode)).toEqual([...sizes.map((o) => o.acceleratorsPerNode)].sort((a, b) => a - b));
  });

  it("picks the machine with the asked accelerator count", () => {
    expect(selectMachine({ cloud: "aws", accelerator: "nvidia-l4", use: "training", region: "us-east-1", acceleratorsPerNode: 4 }).offer?.machineType).toBe("g6.12xlarge");
    expect(selectMachine({ cloud: "gcp", accelerator: "nvidia-l4", use: "training", region: "us-central1", acceleratorsPerNode: 1 }).offer?.machineType).toMatch(/^g2-standard-/);
  });

  it("says where an accelerator is offered when the cloud does not have it", () => {
    const sel = selectMachine({ cloud: "aws", accelerator: "google-tpu-v6e", use: "training", region: "us-east-1" });
    expect(sel.offer).toBeUndefined();
    expect(sel.problems).toEqual([{ field: "accelerator", message: expect.stringMatching(/not offered for training on aws \(got "google-tpu-v6e"; offered for training on: gcp; training accelerators on aws: .*nvidia-h100/) }]);
  });

  it("names the regions that offer the machine when the region does not", () => {
    const sel = selectMachine({ cloud: "aws", accelerator: "aws-trainium", use: "training", region: "eu-west-1" });
    expect(sel.problems).toEqual([{ field: "region", message: expect.stringMatching(/not offered in eu-west-1 \(got "eu-west-1"; offered in: us-east-1, us-east-2, us-west-2\)/) }]);
  });

  it("accepts an unlisted region with a warning when told to", () => {
    const sel = selectMachine({ cloud: "aws", accelerator: "aws-trainium", use: "training", region: "eu-west-1", allowUnlistedRegion: true });
    expect(sel.offer?.machineType).toBe("trn1.32xlarge");
    expect(sel.problems).toEqual([]);
    expect(sel.warnings).toEqual([expect.stringMatching(/not listed in eu-west-1 by the catalog of \d{4}-\d\d-\d\d; accepted because allowUnlistedRegion is set/)]);
  });

  it("prices a month as 730 hours per node", () => {
    const offer = selectMachine({ cloud: "aws", accelerator: "nvidia-h100", use: "training", region: "us-east-1" }).offer!;
    expect(monthlyListCost(offer, 3)).toBeCloseTo(offer.price.usdPerHour * 730 * 3, 6);
  });
});
