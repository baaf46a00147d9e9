import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Testing } from "../lib/cdk";
import { PRICES, lustrePrice, priceOf } from "../lib/catalog/prices";
import { loadSpecFile } from "../lib/environment/load";
import { resolveEnvironmentSpec } from "../lib/environment/resolve";
import { alarmCount } from "../lib/review/aws-idle-cost";
import { idleMonthlyCost, type IdleCost } from "../lib/review/idle-cost";
import { AwsLlmOpsStack } from "../lib/stacks/aws-llmops-stack";
import { cronWindowShare } from "../lib/util/cron";
import { baseSpec, resources, synthStack } from "./helpers";
import { REPRESENTATIVE_SPEC } from "../scripts/readme-tables";

const EXAMPLE = (tier: string) => join(__dirname, "..", "examples", "aws", "specs", `${tier}.yaml`);
const costOf = (overrides: Record<string, unknown>) => idleMonthlyCost(resolveEnvironmentSpec(baseSpec(overrides)));
const lineOf = (cost: IdleCost, item: RegExp) => cost.lines.find((l) => item.test(l.item))!;

describe("price table", () => {
  it.each(Object.values(PRICES).map((p) => [p.id, p] as const))("%s has a source, a date, a region and a status that explains itself", (_, p) => {
    // the cloud's pricing page, or a public copy of its price list pinned to a commit
    expect(p.source).toMatch(/^https:\/\/(aws\.amazon\.com\/|cloud\.google\.com\/|azure\.microsoft\.com\/en-us\/pricing\/|learn\.microsoft\.com\/|github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\/|huggingface\.co\/datasets\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\/)/);
    if (p.source.startsWith("https://cloud.google.com/")) expect(p.id).toMatch(/^gcp\./);
    if (p.source.startsWith("https://aws.amazon.com/")) expect(p.id).toMatch(/^aws\./);
    if (/^https:\/\/(azure|learn)\.microsoft\.com\//.test(p.source)) expect(p.id).toMatch(/^azure\./);
    expect(p.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // AWS prices are read for us-east-1, Google Cloud prices for us-central1, Azure prices for eastus
    expect(p.region).toBe(p.id.startsWith("gcp.") ? "us-central1" : p.id.startsWith("azure.") ? "eastus" : "us-east-1");
    expect(["list", "derived", "unknown"]).toContain(p.status);
    if (p.status !== "list") expect(p.rule, `${p.id} says why it is ${p.status}`).toBeTruthy();
    expect(p.usd).toBeGreaterThanOrEqual(0);
  });
});

describe("idle monthly cost", () => {
  it("keeps the dev example under $300 a month (DESIGN rule 9), on list prices but one derived, none unverified", () => {
    // given the dev example as shipped
    const cost = idleMonthlyCost(resolveEnvironmentSpec(loadSpecFile(EXAMPLE("dev"))));
    // then it idles under $300, and every price it counts is a list price except the NAT
    // Elastic IP's, derived from the idle-address rate and named as such
    expect(cost.monthlyUsd).toBeLessThanOrEqual(300);
    expect(cost.uncertainPrices).toEqual(["aws.vpc.public-ipv4-hour"]);
    expect(cost.uncertainPrices.map((id) => PRICES[id].status)).toEqual(["derived"]);
    expect(cost.lines.every((l) => l.priceId in PRICES || /^aws\.(ec2|sagemaker)\./.test(l.priceId))).toBe(true);
  });

  it("keeps every dev spec that leaves services to the tier under $300, and prices staging and prod higher", () => {
    // given the README's representative spec in each tier
    const [dev, staging, prod] = (["dev", "staging", "prod"] as const).map((tier) => idleMonthlyCost(resolveEnvironmentSpec({ ...REPRESENTATIVE_SPEC, tier })));
    // then dev is under the line and the other tiers cost more idle
    expect(dev.monthlyUsd).toBeLessThanOrEqual(300);
    expect(staging.monthlyUsd).toBeGreaterThan(dev.monthlyUsd);
    expect(prod.monthlyUsd).toBeGreaterThan(staging.monthlyUsd);
  });

  it("runs an endpoint only in its schedule's window: weekdays 07-19 UTC are 261 of 730 hours", () => {
    // given a dev endpoint at 1 replica by day and 0 at night (the issue's $258 line)
    const cost = costOf({ inference: { accelerator: "aws-inferentia2", replicas: { min: 1, max: 2 }, scaleDownSchedule: { cron: "0 19 * * 1-5", scaleUpCron: "0 7 * * 1-5", minReplicas: 0 } } });
    // then the day window is priced at ml.inf2.xlarge's list price and the night at nothing
    const day = lineOf(cost, /^endpoint instances \(ml\.inf2\.xlarge\)$/);
    expect(day).toMatchObject({ quantity: 1, hours: 261, priceId: "aws.sagemaker.ml.inf2.xlarge-hour" });
    expect(day.monthlyUsd).toBeCloseTo(258.39, 2);
    expect(lineOf(cost, /scaled down/).monthlyUsd).toBe(0);
  });

  it("prices an endpoint with a minimum of 0 at nothing, and a minimum of 2 all month", () => {
    expect(lineOf(costOf({ inference: { accelerator: "aws-inferentia2", replicas: { min: 0, max: 2 } } }), /^endpoint instances/).monthlyUsd).toBe(0);
    expect(lineOf(costOf({ tier: "prod", inference: { accelerator: "aws-inferentia2" } }), /^endpoint instances/)).toMatchObject({ quantity: 2, hours: 730, monthlyUsd: 1445.4 });
  });

  it("prices Lustre by capacity and throughput tier, and flags a tier whose price is unverified", () => {
    // given Lustre at 125 and 250 MB/s/TiB
    const base = { training: { accelerator: "nvidia-l4" } };
    const slow = costOf({ ...base, sharedStorage: { kind: "lustre", capacityGiB: 1200, throughputMBpsPerTiB: 125 } });
    const fast = costOf({ ...base, sharedStorage: { capacityGiB: 2400, throughputMBpsPerTiB: 250 } });
    // then 1.2 TiB at 125 is the issue's $174, and the 250 tier's price is named as unverified
    expect(lineOf(slow, /FSx for Lustre/).monthlyUsd).toBe(174);
    expect(lineOf(fast, /FSx for Lustre/)).toMatchObject({ status: "unknown", monthlyUsd: 2400 * lustrePrice(250).usd });
    expect(fast.uncertainPrices.filter((id) => PRICES[id].status === "unknown")).toEqual(["aws.fsx.lustre-persistent2-250-gb-month"]);
  });

  it("counts OpenSearch Serverless at its OCU floor, idle or not, and Aurora at its minimum ACUs", () => {
    const ocu = priceOf("aws.aoss.ocu-hour").usd * 730;
    expect(lineOf(costOf({ vectorStore: { engine: "managed-search" } }), /OCUs/).monthlyUsd).toBeCloseTo(ocu, 2);
    expect(lineOf(costOf({ tier: "prod", vectorStore: { engine: "managed-search" } }), /OCUs/).monthlyUsd).toBeCloseTo(2 * ocu, 2);
    expect(lineOf(costOf({ vectorStore: { engine: "postgres-pgvector" } }), /ACUs/).monthlyUsd).toBe(0);
    expect(lineOf(costOf({ tier: "prod", vectorStore: { engine: "postgres-pgvector" } }), /ACUs/)).toMatchObject({ quantity: 4, monthlyUsd: 350.4 });
  });

  it("shows log ingestion without counting it, since its idle volume is not known", () => {
    const logs = lineOf(costOf({}), /Logs ingestion/);
    expect(logs).toMatchObject({ counted: false, monthlyUsd: 0, priceId: "aws.logs.ingestion-gb" });
  });
});

describe("idle cost quantities match the synthesized stack", () => {
  it.each(["dev", "prod"])("of the %s example", (tier) => {
    // given the example's spec, its idle cost and its synthesized stack
    const spec = resolveEnvironmentSpec(loadSpecFile(EXAMPLE(tier)));
    const cost = idleMonthlyCost(spec);
    const doc = synthStack(new AwsLlmOpsStack(Testing.app(), { spec }));
    // then every counted quantity is what the stack creates
    expect(lineOf(cost, /^NAT gateways$/).quantity).toBe(resources(doc, "aws_nat_gateway").length);
    expect(lineOf(cost, /public IPv4/).quantity).toBe(resources(doc, "aws_eip").length);
    const interfaces = resources(doc, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface");
    expect(lineOf(cost, /interface endpoint/).quantity).toBe(interfaces.reduce((n, e) => n + (e.subnet_ids as unknown[]).length, 0));
    const system = resources(doc, "aws_eks_node_group").find((g) => (g.node_group_name as string).endsWith("-system"))!;
    const systemLine = lineOf(cost, /^system nodes/);
    expect(systemLine.item).toBe(`system nodes (${(system.instance_types as string[])[0]})`);
    expect(systemLine.quantity).toBe((system.scaling_config as { min_size: number }).min_size);
    const lustre = resources(doc, "aws_fsx_lustre_file_system");
    expect(cost.lines.filter((l) => /FSx/.test(l.item)).map((l) => l.quantity)).toEqual(lustre.map((l) => l.storage_capacity));
    expect(resources(doc, "aws_kms_key")).toHaveLength(lineOf(cost, /KMS key/).quantity);
    // the two alarms of the target-tracking policy are created by Application Auto Scaling, not by Terraform
    expect(resources(doc, "aws_cloudwatch_metric_alarm")).toHaveLength(alarmCount(spec) - resources(doc, "aws_appautoscaling_policy").filter((p) => p.policy_type === "TargetTrackingScaling").length * 2);
  });
});

describe("cron windows", () => {
  it("measure the share of the year a scale-up/scale-down pair keeps the window open", () => {
    expect(cronWindowShare("0 7 * * 1-5", "0 19 * * 1-5") * 730).toBeCloseTo(261, 0);
    expect(cronWindowShare("*/30 * * * *", "15,45 * * * *")).toBeCloseTo(0.5, 6);
    expect(cronWindowShare("0 8 * * *", "0 8 * * *")).toBe(1);
  });
});
