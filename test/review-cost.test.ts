import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOURS_PER_MONTH, instancePrice, machinePrice, priceOf } from "../lib/catalog";
import { AwsTrainingCluster } from "../lib/constructs/aws/training-cluster";
import { GcpAcceleratorNodePool } from "../lib/constructs/gcp/accelerator-node-pool";
import { GcpTrainingCluster, SYSTEM_NODE_DISK_GB } from "../lib/constructs/gcp/training-cluster";
import { GcpVectorSearch } from "../lib/constructs/gcp/vector-search";
import { loadSpecFile } from "../lib/environment/load";
import { resolveEnvironmentSpec } from "../lib/environment/resolve";
import { compareCosts, costReport, stackCost, type CostFigure } from "../lib/review/cost";
import { compareText, costText } from "../lib/review/cost-text";
import { idleMonthlyCost } from "../lib/review/idle-cost";
import { parseUsageProfile } from "../lib/review/usage-profile";
import { capacityModelOf, registerCapacityModel, worstMonthlyCost } from "../lib/review/worst-cost";
import { baseSpec, problemsOf } from "./helpers";

const EXAMPLE = (cloud: string, tier: string) => join(__dirname, "..", "examples", cloud, "specs", `${tier}.yaml`);
const exampleSpec = (cloud: string, tier: string) => resolveEnvironmentSpec(loadSpecFile(EXAMPLE(cloud, tier)));
const total = (f: CostFigure) => f.lines.filter((l) => l.counted).reduce((s, l) => s + l.monthlyUsd, 0);

describe("worst-case monthly cost", () => {
  it("runs the training pool, the system nodes, the endpoint and Aurora at their maxima all month, and keeps every fixed line of the idle figure", () => {
    // given the AWS dev example (pool 0-1 g6.12xlarge, endpoint 0-2 ml.inf2.xlarge, Aurora 0-4 ACU)
    const spec = exampleSpec("aws", "dev");
    const idle = idleMonthlyCost(spec);
    // when its worst case is priced
    const worst = worstMonthlyCost(spec, idle)!;
    // then the scaled lines are at their maxima for 730 hours
    const pool = worst.lines.find((l) => l.item.startsWith("accelerator pool"))!;
    expect(pool).toMatchObject({ quantity: spec.training!.nodes.max, hours: HOURS_PER_MONTH, priceId: machinePrice(spec.training!.machine).id });
    expect(pool.monthlyUsd).toBeCloseTo(spec.training!.machine.price.usdPerHour * spec.training!.nodes.max * HOURS_PER_MONTH, 1);
    const cluster = AwsTrainingCluster.defaults("dev");
    expect(worst.lines.find((l) => l.item.startsWith("system nodes"))).toMatchObject({ quantity: cluster.systemNodes.max, priceId: instancePrice(cluster.systemInstanceType)!.id });
    const endpoint = worst.lines.filter((l) => l.component === "inference");
    expect(endpoint).toHaveLength(1);
    expect(endpoint[0]).toMatchObject({ quantity: spec.inference!.replicas.max, hours: HOURS_PER_MONTH });
    expect(worst.lines.find((l) => l.priceId === "aws.aurora.serverless-v2-acu-hour")).toMatchObject({ quantity: spec.aws!.vectorStore.maxCapacity });
    // and every other line is the idle one, unchanged
    const scaled = new Set(["accelerator pool", "system nodes", "endpoint instances", "Aurora Serverless v2 ACUs"]);
    const fixed = (lines: typeof idle.lines) => lines.filter((l) => ![...scaled].some((s) => l.item.startsWith(s)));
    expect(fixed(worst.lines)).toEqual(fixed(idle.lines));
    expect(worst.monthlyUsd).toBeGreaterThan(idle.monthlyUsd);
    // and the pools and endpoint alone are what the spec's budget check calls the worst case
    expect(pool.monthlyUsd + endpoint[0].monthlyUsd).toBeCloseTo(spec.worstCaseMonthlyUsd, 0);
  });

  it("says 'not priced' for a cloud this release cannot price, never zero", () => {
    // given an environment of a cloud with neither idle lines nor a capacity model
    const spec = { ...exampleSpec("gcp", "dev"), cloud: "elsewhere" as never };
    expect(capacityModelOf("elsewhere")).toBeUndefined();
    // when it is priced
    const cost = stackCost({ stack: "acme-llm-elsewhere-dev", spec });
    // then neither figure is priced, and the text says so with the reason
    expect(cost.idle.priced).toBe(false);
    expect(cost.worst.priced).toBe(false);
    expect(cost.worst.reason).toMatch(/elsewhere/);
    expect(costText({ stacks: [cost], skipped: [] }).join("\n")).toMatch(/total per month\s+not priced\s+not priced/);
  });

  it("lets a cloud join by registering its capacity model", () => {
    // given a capacity model registered for a cloud that had none
    const spec = exampleSpec("aws", "dev");
    const aws = capacityModelOf("aws")!;
    registerCapacityModel("test-cloud", aws);
    // then the worst case of an environment of that cloud is priced by it
    const idle = idleMonthlyCost(spec);
    expect(worstMonthlyCost({ ...spec, cloud: "test-cloud" as never }, idle)?.lines).toEqual(aws.worstLines(spec, idle));
  });
});

describe("Google Cloud worst-case monthly cost", () => {
  it("runs the accelerator pool, the system pool and the endpoint at their maxima all month, bills Cloud NAT for every node, and keeps the fixed lines", () => {
    // given the Google Cloud prod example (pool 0-2 a3-highgpu-8g, endpoint 1-4 replicas, Cloud SQL)
    const spec = exampleSpec("gcp", "prod");
    const idle = idleMonthlyCost(spec);
    // when its worst case is priced
    const worst = worstMonthlyCost(spec, idle)!;
    // then the scaled lines are at their maxima for 730 hours
    const t = spec.training!;
    const pool = worst.lines.find((l) => l.item.startsWith("accelerator pool ("))!;
    expect(pool).toMatchObject({ quantity: t.nodes.max, hours: HOURS_PER_MONTH, priceId: machinePrice(t.machine, "gcp").id });
    expect(pool.monthlyUsd).toBeCloseTo(t.machine.price.usdPerHour * t.nodes.max * HOURS_PER_MONTH, 1);
    const system = GcpTrainingCluster.defaults("prod").systemNodes.max;
    expect(worst.lines.find((l) => l.item.startsWith("system nodes"))).toMatchObject({ quantity: system });
    expect(worst.lines.find((l) => l.item.startsWith("system node boot disks"))?.quantity).toBe(system * SYSTEM_NODE_DISK_GB);
    expect(worst.lines.find((l) => l.item.startsWith("accelerator pool boot disks"))?.quantity).toBe(t.nodes.max * GcpAcceleratorNodePool.defaults("prod").diskSizeGb);
    expect(worst.lines.find((l) => l.priceId === "gcp.nat.gateway-vm-hour")?.quantity).toBe(system + t.nodes.max);
    const endpoint = worst.lines.filter((l) => l.component === "inference");
    expect(endpoint).toHaveLength(1);
    expect(endpoint[0]).toMatchObject({ quantity: spec.inference!.replicas.max, hours: HOURS_PER_MONTH, priceId: machinePrice(spec.inference!.machine, "gcp").id });
    // and every other line is the idle one, unchanged
    const scaled = (l: { item: string; priceId: string; component: string }) => /^(accelerator pool|system node)/.test(l.item) || l.priceId.startsWith("gcp.nat.") || l.component === "inference";
    expect(worst.lines.filter((l) => !scaled(l))).toEqual(idle.lines.filter((l) => !scaled(l)));
    expect(worst.monthlyUsd).toBeGreaterThan(idle.monthlyUsd);
  });

  it("runs Vector Search at its maximum replicas and a multi-host TPU slice with every host", () => {
    // given a dev spec with Vector Search and a v6e 4x8 slice (8 hosts)
    const raw = loadSpecFile(EXAMPLE("gcp", "dev")) as unknown as Record<string, Record<string, unknown>>;
    const spec = resolveEnvironmentSpec({ ...raw, vectorStore: { engine: "managed-search", dimensions: 768 }, training: { accelerator: "google-tpu-v6e", acceleratorsPerNode: 4 }, gcp: { ...raw.gcp, tpuTopology: "4x8" } } as never);
    const worst = worstMonthlyCost(spec, idleMonthlyCost(spec))!;
    // then the deployed index runs its maximum replicas and the pool every host of the slice
    expect(worst.lines.find((l) => l.priceId.startsWith("gcp.vector-search."))?.quantity).toBe(GcpVectorSearch.defaults("dev").replicas.max);
    const pool = worst.lines.find((l) => l.item.startsWith("accelerator pool ("))!;
    expect(pool.quantity).toBe(8);
    expect(pool.note).toMatch(/4x8 slice: every host/);
  });
});

describe("expected monthly cost from a usage profile", () => {
  it("prices the training node-hours and serving hours the profile gives, held between the pool's minimum and maximum", () => {
    // given the AWS dev example, and a profile of 200 training node-hours and 160 serving hours
    const spec = exampleSpec("aws", "dev");
    const profile = parseUsageProfile({ default: { training: { nodeHours: 200 } }, stacks: { "acme-llm-aws-dev": { training: { nodeHours: 200 }, inference: { hours: 160, instances: 1 } } } });
    // when the stack is priced
    const cost = stackCost({ stack: "acme-llm-aws-dev", spec }, profile);
    // then the pool runs 200 node-hours and the endpoint one instance for 160 hours
    const lines = cost.expected!.lines;
    expect(lines.find((l) => l.item.startsWith("accelerator pool"))).toMatchObject({ quantity: 1, hours: 200 });
    expect(lines.find((l) => l.component === "inference")).toMatchObject({ quantity: 1, hours: 160 });
    expect(cost.expected!.monthlyUsd).toBeCloseTo(cost.idle.monthlyUsd + spec.training!.machine.price.usdPerHour * 200 + spec.inference!.machine.price.usdPerHour * 160, 1);
    expect(cost.expected!.monthlyUsd).toBeLessThan(cost.worst.monthlyUsd);
    // and more node-hours than the pool can run are held to its maximum
    const capped = stackCost({ stack: "acme-llm-aws-dev", spec }, parseUsageProfile({ default: { training: { nodeHours: 100_000 } } }));
    expect(capped.expected!.lines.find((l) => l.item.startsWith("accelerator pool"))).toMatchObject({ hours: spec.training!.nodes.max * HOURS_PER_MONTH });
    // and a stack the profile says nothing of has no expected figure
    expect(stackCost({ stack: "acme-llm-aws-dev", spec }, parseUsageProfile({ stacks: {} })).expected).toBeUndefined();
  });

  it("rejects a profile with a misspelt field or an impossible number, naming each path", () => {
    const problems = problemsOf(() => parseUsageProfile({ default: { training: { nodeHour: 3 } }, stacks: { x: { inference: { hours: 800 } } } }));
    expect(problems.join("\n")).toMatch(/default\.training: .*nodeHour/);
    expect(problems.join("\n")).toMatch(/stacks\.x\.inference\.hours: /);
  });
});

describe("cost report", () => {
  it("gives three figures per stack and per component, summing to the totals, from spec files", () => {
    // given the AWS dev and prod examples
    const report = costReport([EXAMPLE("aws", "dev"), EXAMPLE("aws", "prod")], parseUsageProfile({ default: { training: { nodeHours: 100 } } }));
    // then each stack's components add up to its figures
    expect(report.stacks.map((s) => s.stack)).toEqual(["acme-llm-aws-dev", "acme-llm-aws-prod"]);
    for (const s of report.stacks) {
      for (const pick of ["idle", "worst", "expected"] as const) {
        const sum = s.components.reduce((n, c) => n + (c[pick]?.monthlyUsd ?? 0), 0);
        expect(sum, `${s.stack} ${pick}`).toBeCloseTo(s[pick]!.monthlyUsd, 1);
        expect(total(s[pick]!)).toBeCloseTo(s[pick]!.monthlyUsd, 1);
      }
    }
  });

  it("marks a figure resting on a derived price with ~ and on an unknown one with ?, and explains the marks", () => {
    // given a spec whose idle cost uses the derived NAT Elastic IP price
    const spec = resolveEnvironmentSpec(baseSpec());
    const cost = stackCost({ stack: "acme-aws-dev", spec });
    const counted = cost.idle.lines.filter((l) => l.counted && l.monthlyUsd > 0);
    const expected = counted.some((l) => l.status === "unknown") ? "?" : counted.some((l) => l.status === "derived") ? "~" : "";
    // then the idle figure carries the mark its lines call for, and so does the network component
    expect(cost.idle.mark).toBe(expected);
    expect(priceOf("aws.vpc.public-ipv4-hour").status).toBe("derived");
    expect(cost.components.find((c) => c.component === "network")!.idle.mark).not.toBe("");
    // and the text shows the mark and its legend
    const text = costText({ stacks: [cost], skipped: [] }).join("\n");
    expect(text).toMatch(/network\s+\$\d+~/);
    expect(text).toMatch(/legend: ~ rests on a derived price.*\? on an unknown/);
  });

  it("compares two inputs per stack, component and line", () => {
    // given the AWS dev example, and the same with a larger training pool maximum
    const spec = exampleSpec("aws", "dev");
    const bigger = resolveEnvironmentSpec({ ...(loadSpecFile(EXAMPLE("aws", "dev")) as object), training: { accelerator: "nvidia-l4", acceleratorsPerNode: 4, nodes: { min: 0, max: 3 } } });
    // when the two are compared
    const cmp = compareCosts({ stacks: [stackCost({ stack: "s", spec })], skipped: [] }, { stacks: [stackCost({ stack: "s", spec: bigger })], skipped: [] });
    // then only the worst case moves, by two more nodes all month, on the pool's line
    const s = cmp.stacks[0];
    const perNodeMonth = spec.training!.machine.price.usdPerHour * HOURS_PER_MONTH;
    expect(s.status).toBe("changed");
    expect(s.idle.delta).toBe(0);
    expect(s.worst.delta).toBeCloseTo(2 * perNodeMonth, 0);
    expect(s.components).toEqual([expect.objectContaining({ component: "training" })]);
    expect(s.lines).toEqual([expect.objectContaining({ component: "training", item: expect.stringMatching(/^accelerator pool/) })]);
    expect(compareText(cmp).join("\n")).toMatch(/s: idle \$0, worst case \+\$[\d,]+~? per month\n {2}training: idle \$0, worst case \+\$[\d,]+\n {4}training \/ accelerator pool/);
  });
});
