import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import { findAccelerator, HOURS_PER_MONTH, machinePrice, PRICES, priceOf } from "../../lib/catalog";
import { loadSpecFile } from "../../lib/environment/load";
import { resolveEnvironmentSpec } from "../../lib/environment/resolve";
import { alertConditionCount, sqlCustomMachine } from "../../lib/review/gcp-idle-cost";
import { idleMonthlyCost, type IdleCost } from "../../lib/review/idle-cost";
import { GcpLlmOpsStack } from "../../lib/stacks/gcp-llmops-stack";
import { resources, synthStack } from "../helpers";
import { gcpSpec } from "./helpers";

const EXAMPLE = (tier: string) => join(__dirname, "..", "..", "examples", "gcp", "specs", `${tier}.yaml`);
const example = (tier: string) => idleMonthlyCost(resolveEnvironmentSpec(loadSpecFile(EXAMPLE(tier))));
const lineOf = (cost: IdleCost, item: RegExp) => {
  const found = cost.lines.find((l) => item.test(l.item));
  if (!found) throw new Error(`no line ${item} in ${cost.lines.map((l) => l.item).join(", ")}`);
  return found;
};
const hourly = (id: string, quantity: number) => Math.round(priceOf(id).usd * quantity * HOURS_PER_MONTH * 100) / 100;

const costOf = (overrides: Record<string, unknown>) => idleMonthlyCost(resolveEnvironmentSpec(gcpSpec(overrides)));

describe("Google Cloud idle cost of the examples", () => {
  it("keeps the dev example under $300 a month (DESIGN rule 9), on list prices only", () => {
    // given the Google Cloud dev example as shipped
    const cost = example("dev");
    // then it idles under $300: the GKE fee, one e2-standard-2 node, Cloud SQL and small change
    expect(cost.cloud).toBe("gcp");
    expect(cost.monthlyUsd).toBeLessThanOrEqual(300);
    expect(cost.monthlyUsd).toBeCloseTo(185.66, 2);
    // and every price it counts was read (no derived or unverified price)
    expect(cost.uncertainPrices).toEqual([]);
    expect(cost.lines.filter((l) => l.counted && l.monthlyUsd > 0).every((l) => PRICES[l.priceId]?.status === "list")).toBe(true);
  });

  it("prices the prod example far higher, mostly Managed Lustre, and flags its unverified rate", () => {
    const [dev, prod] = [example("dev"), example("prod")];
    expect(prod.monthlyUsd).toBeGreaterThan(dev.monthlyUsd);
    expect(prod.monthlyUsd).toBeCloseTo(11470.75, 2);
    expect(lineOf(prod, /Managed Lustre/)).toMatchObject({ quantity: 18000, monthlyUsd: 10800, status: "unknown", priceId: "gcp.lustre.1000-gib-month" });
    expect(prod.uncertainPrices).toEqual(["gcp.lustre.1000-gib-month"]);
  });
});

describe("Google Cloud idle cost lines", () => {
  it("charges the GKE fee for a zonal cluster in full, with the free-tier credit as a note, and for a regional one without it", () => {
    // given a zonal (dev) and a regional (prod) cluster
    const zonal = lineOf(costOf({}), /^GKE cluster management fee/);
    const regional = lineOf(costOf({ tier: "prod", network: { zones: 3 } }), /^GKE cluster management fee/);
    // then both pay $0.10 an hour; the zonal line says the $74.40 credit may cover it, the regional one that it cannot
    expect(zonal).toMatchObject({ item: "GKE cluster management fee (zonal)", quantity: 1, monthlyUsd: 73, counted: true });
    expect(zonal.note).toMatch(/free tier \(\$74\.40 a month\) covers one zonal or Autopilot cluster's fee; not subtracted/);
    expect(regional).toMatchObject({ item: "GKE cluster management fee (regional)", monthlyUsd: 73 });
    expect(regional.note).toMatch(/free tier does not apply/);
  });

  it("prices the system pool at its minimum: one node zonal, the total minimum of three across a regional cluster's zones", () => {
    const dev = costOf({});
    const prod = costOf({ tier: "prod", network: { zones: 3 } });
    expect(lineOf(dev, /^system nodes/)).toMatchObject({ item: "system nodes (e2-standard-2)", quantity: 1, monthlyUsd: hourly("gcp.compute.e2-standard-2-hour", 1) });
    expect(lineOf(prod, /^system nodes/)).toMatchObject({ quantity: 3, monthlyUsd: hourly("gcp.compute.e2-standard-2-hour", 3) });
    expect(lineOf(prod, /^system nodes/).note).toMatch(/initial_node_count 3 in each zone/);
    expect(lineOf(prod, /^system node boot disks/)).toMatchObject({ quantity: 150, monthlyUsd: 15 });
  });

  it("prices an accelerator pool at zero when it scales to zero, and a nonzero minimum at the catalog's machine rate with its boot disks", () => {
    const idle = costOf({});
    expect(lineOf(idle, /^accelerator pool \(/)).toMatchObject({ quantity: 0, monthlyUsd: 0 });
    // given a prod pool kept at one on-demand g2-standard-4
    const warm = costOf({ tier: "prod", training: { accelerator: "nvidia-l4", acceleratorsPerNode: 1, nodes: { min: 1, max: 2 } } });
    const g2 = findAccelerator("nvidia-l4")!.offers.gcp!.find((o) => o.machineType === "g2-standard-4" && o.use === "training")!;
    expect(lineOf(warm, /^accelerator pool \(/)).toMatchObject({ item: "accelerator pool (g2-standard-4)", quantity: 1, priceId: "gcp.compute.g2-standard-4-hour", status: "list" });
    expect(lineOf(warm, /^accelerator pool \(/).monthlyUsd).toBeCloseTo(g2.price.usdPerHour * HOURS_PER_MONTH, 2);
    expect(lineOf(warm, /^accelerator pool boot disks/)).toMatchObject({ quantity: 200, monthlyUsd: 20 });
    // and the NAT gateway counts both pools' VMs
    expect(lineOf(warm, /Cloud NAT gateway/).quantity).toBe(3 + 1);
  });

  it("bills Cloud NAT per VM using it, with one address, and nothing when no VM runs", () => {
    const dev = costOf({});
    expect(lineOf(dev, /Cloud NAT gateway/)).toMatchObject({ quantity: 1, monthlyUsd: hourly("gcp.nat.gateway-vm-hour", 1) });
    expect(lineOf(dev, /Cloud NAT external IP/)).toMatchObject({ quantity: 1, monthlyUsd: 3.65 });
    const noCluster = costOf({ training: undefined });
    expect(lineOf(noCluster, /Cloud NAT gateway/).monthlyUsd).toBe(0);
    expect(lineOf(noCluster, /Cloud NAT external IP/).monthlyUsd).toBe(0);
    expect(noCluster.lines.some((l) => /GKE/.test(l.item))).toBe(false);
  });

  it("prices Cloud SQL by vCPU, memory and SSD, zonal in dev and twice over with regional HA in prod; backups shown, not counted", () => {
    const dev = costOf({ vectorStore: { engine: "postgres-pgvector" } });
    const prod = costOf({ tier: "prod", vectorStore: { engine: "postgres-pgvector" } });
    // dev: db-custom-1-3840, 10 GB, zonal
    expect(lineOf(dev, /Cloud SQL vCPUs/)).toMatchObject({ quantity: 1, monthlyUsd: 30.15 });
    expect(lineOf(dev, /Cloud SQL memory/)).toMatchObject({ quantity: 3.75, monthlyUsd: 19.16 });
    expect(lineOf(dev, /Cloud SQL SSD/)).toMatchObject({ quantity: 10, monthlyUsd: 1.7 });
    // prod: db-custom-4-16384, 50 GB, regional HA doubles each
    expect(lineOf(prod, /Cloud SQL vCPUs/)).toMatchObject({ quantity: 8, monthlyUsd: hourly("gcp.sql.enterprise-vcpu-hour", 8) });
    expect(lineOf(prod, /Cloud SQL memory/)).toMatchObject({ quantity: 32, monthlyUsd: hourly("gcp.sql.enterprise-memory-gb-hour", 32) });
    expect(lineOf(prod, /Cloud SQL SSD/)).toMatchObject({ quantity: 100, monthlyUsd: 17 });
    expect(lineOf(prod, /Cloud SQL vCPUs/).note).toMatch(/regional HA/);
    expect(lineOf(prod, /Cloud SQL backups/)).toMatchObject({ counted: false, monthlyUsd: 0 });
    expect(sqlCustomMachine("db-custom-2-7680")).toEqual({ vcpus: 2, memoryGb: 7.5 });
  });

  it("runs Vector Search's deployed index replicas all month: one in dev, two in prod, at an unverified node rate", () => {
    const dev = lineOf(costOf({ vectorStore: { engine: "managed-search" } }), /Vector Search/);
    const prod = lineOf(costOf({ tier: "prod", vectorStore: { engine: "managed-search" } }), /Vector Search/);
    expect(dev).toMatchObject({ item: "Vector Search deployed index replicas (e2-standard-2)", quantity: 1, monthlyUsd: hourly("gcp.vector-search.e2-standard-2-hour", 1), status: "unknown" });
    expect(prod).toMatchObject({ quantity: 2, monthlyUsd: hourly("gcp.vector-search.e2-standard-2-hour", 2) });
    expect(costOf({ vectorStore: { engine: "managed-search" } }).uncertainPrices).toContain("gcp.vector-search.e2-standard-2-hour");
  });

  it("prices Managed Lustre by capacity at its throughput tier's rate", () => {
    const fast = lineOf(costOf({ sharedStorage: { kind: "lustre", throughputMBpsPerTiB: 1000, capacityGiB: 9000 } }), /Managed Lustre/);
    const slow = lineOf(costOf({ sharedStorage: { kind: "lustre", throughputMBpsPerTiB: 125 } }), /Managed Lustre/);
    expect(fast).toMatchObject({ quantity: 9000, priceId: "gcp.lustre.1000-gib-month", monthlyUsd: 9000 * priceOf("gcp.lustre.1000-gib-month").usd });
    // the 125 tier starts at 72,000 GiB
    expect(slow).toMatchObject({ quantity: 72000, priceId: "gcp.lustre.125-gib-month", monthlyUsd: 72000 * priceOf("gcp.lustre.125-gib-month").usd });
  });

  it("runs a Model Garden deployment's minimum replicas all month at the Vertex AI machine's lower-bound rate, and an empty endpoint at nothing", () => {
    const garden = costOf({ inference: { accelerator: "nvidia-l4", model: { huggingFace: "Qwen/Qwen2.5-7B-Instruct" }, replicas: { min: 1, max: 2 } } });
    const replicas = lineOf(garden, /^Model Garden deployment replicas/);
    const offer = findAccelerator("nvidia-l4")!.offers.gcp!.find((o) => o.machineType === "g2-standard-4" && o.use === "inference")!;
    expect(replicas).toMatchObject({ quantity: 1, priceId: "gcp.vertex-prediction.g2-standard-4-hour", status: "derived" });
    expect(replicas.monthlyUsd).toBeCloseTo(offer.price.usdPerHour * HOURS_PER_MONTH, 2);
    expect(replicas.note).toMatch(/spot VMs/);
    // the total names the derived price
    expect(garden.uncertainPrices).toContain("gcp.vertex-prediction.g2-standard-4-hour");
    expect(machinePrice(offer, "gcp").rule).toMatch(/lower bound: the Compute Engine/);
    // a private endpoint CI deploys to costs nothing until then, and says what a deployment will cost
    const empty = lineOf(costOf({ inference: { accelerator: "nvidia-l4", model: { image: "v1" } } }), /^private endpoint replicas/);
    expect(empty).toMatchObject({ quantity: 0, monthlyUsd: 0 });
    expect(empty.note).toMatch(/nothing billed until then.*at least \$516 a month/);
  });

  it("marks a derived machine rate in the budget's worst-case warning", () => {
    const spec = resolveEnvironmentSpec(gcpSpec({ budget: { monthlyUsd: 100, notify: ["finops@acme.example"] }, inference: { accelerator: "nvidia-l4", model: { image: "v1" } } }));
    expect(spec.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/inference 1 x g2-standard-4 at \$0\.706824\/h \(derived\)/)]));
    expect(spec.warnings.join("\n")).not.toMatch(/training 1 x g2-standard-\d+ at \$[\d.]+\/h \(/);
  });

  it("shows log ingestion and Prometheus samples without counting them", () => {
    const cost = costOf({ tier: "prod" });
    for (const item of [/Cloud Logging ingestion/, /Cloud Logging retention/, /Prometheus samples/]) expect(lineOf(cost, item)).toMatchObject({ counted: false, monthlyUsd: 0 });
    expect(cost.uncertainPrices).not.toContain("gcp.monitoring.prometheus-samples-million");
  });
});

describe("Google Cloud idle cost quantities match the synthesized stack", () => {
  it("counts one alert condition per policy the stack makes, TPU idle and Lustre free space included", () => {
    // given a TPU pool with Managed Lustre (two policies: TPU idle and Lustre free space, no GPU pair)
    const spec = resolveEnvironmentSpec(gcpSpec({ tier: "staging", training: { accelerator: "google-tpu-v5e", acceleratorsPerNode: 4 }, sharedStorage: { kind: "lustre" }, gcp: { project: "acme-llm-dev", billingAccount: "000000-000000-000000", tpuTopology: "4x4" } }));
    const doc = synthStack(new GcpLlmOpsStack(Testing.app(), { spec }));
    // then the priced count is the synthesized count
    const conditions = resources(doc, "google_monitoring_alert_policy").reduce((n, p) => n + (p.conditions as unknown[]).length, 0);
    expect(conditions).toBe(2);
    expect(alertConditionCount(spec)).toBe(conditions);
  });

  it.each(["dev", "prod"])("of the %s example", (tier) => {
    // given the example's spec, its idle cost and its synthesized stack
    const spec = resolveEnvironmentSpec(loadSpecFile(EXAMPLE(tier)));
    const cost = idleMonthlyCost(spec);
    const doc = synthStack(new GcpLlmOpsStack(Testing.app(), { spec }));
    // then the cluster, its system pool and the accelerator pool are what the lines price
    const cluster = resources(doc, "google_container_cluster")[0] as { location: string };
    expect(lineOf(cost, /^GKE cluster management fee/).item).toMatch(cluster.location === "us-central1" ? /regional/ : /zonal/);
    const pools = resources(doc, "google_container_node_pool") as { name: string; autoscaling: { total_min_node_count: number }; node_config: { machine_type: string; disk_size_gb: number } }[];
    const system = pools.find((p) => p.name === "system")!;
    expect(lineOf(cost, /^system nodes/).item).toBe(`system nodes (${system.node_config.machine_type})`);
    expect(lineOf(cost, /^system nodes/).quantity).toBe(system.autoscaling.total_min_node_count);
    expect(lineOf(cost, /^system node boot disks/).quantity).toBe(system.autoscaling.total_min_node_count * system.node_config.disk_size_gb);
    const train = pools.find((p) => p.name === "train")!;
    expect(lineOf(cost, /^accelerator pool \(/).item).toBe(`accelerator pool (${train.node_config.machine_type})`);
    expect(lineOf(cost, /^accelerator pool \(/).quantity).toBe(train.autoscaling.total_min_node_count);
    // Cloud SQL: the machine, the disk and the availability type
    const sql = resources(doc, "google_sql_database_instance")[0] as { settings: { tier: string; disk_size: number; availability_type: string } };
    const copies = sql.settings.availability_type === "REGIONAL" ? 2 : 1;
    expect(lineOf(cost, /Cloud SQL vCPUs/).item).toBe(`Cloud SQL vCPUs (${sql.settings.tier})`);
    expect(lineOf(cost, /Cloud SQL vCPUs/).quantity).toBe(sqlCustomMachine(sql.settings.tier).vcpus * copies);
    expect(lineOf(cost, /Cloud SQL SSD/).quantity).toBe(sql.settings.disk_size * copies);
    // Lustre capacity, key, alert policies
    const lustre = resources(doc, "google_lustre_instance") as { capacity_gib: string | number; per_unit_storage_throughput: string | number }[];
    expect(cost.lines.filter((l) => /Managed Lustre/.test(l.item)).map((l) => l.quantity)).toEqual(lustre.map((l) => Number(l.capacity_gib)));
    expect(resources(doc, "google_kms_crypto_key")).toHaveLength(lineOf(cost, /Cloud KMS key versions/).quantity);
    expect(resources(doc, "google_monitoring_alert_policy")).toHaveLength(lineOf(cost, /alert conditions/).quantity);
    expect(alertConditionCount(spec)).toBe(resources(doc, "google_monitoring_alert_policy").reduce((n, p) => n + (p.conditions as unknown[]).length, 0));
  });

  it("prices the replicas of the deployed Vector Search index the stack creates", () => {
    const spec = resolveEnvironmentSpec(gcpSpec({ tier: "prod", vectorStore: { engine: "managed-search" } }));
    const doc = synthStack(new GcpLlmOpsStack(Testing.app(), { spec }));
    const deployed = resources(doc, "google_vertex_ai_index_endpoint_deployed_index")[0] as { dedicated_resources: { min_replica_count: number; machine_spec: { machine_type: string } } };
    const replicas = lineOf(idleMonthlyCost(spec), /Vector Search/);
    expect(replicas.quantity).toBe(deployed.dedicated_resources.min_replica_count);
    expect(replicas.item).toContain(deployed.dedicated_resources.machine_spec.machine_type);
  });
});
