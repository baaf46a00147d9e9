import { describe, expect, it } from "vitest";
import { awsPreset } from "../lib/environment/aws-preset";

const TIER_PRESETS = { dev: awsPreset("dev"), staging: awsPreset("staging"), prod: awsPreset("prod") };
import { resolveEnvironmentSpec } from "../lib/environment/resolve";
import { environmentSpecJsonSchema } from "../lib/environment/schema";
import { baseSpec, problemsOf } from "./helpers";


describe("environment spec: tier presets", () => {
  it.each(["dev", "staging", "prod"] as const)("fills every unset field from the %s preset", (tier) => {
    // given a spec with only the required fields and a training and inference section
    const spec = resolveEnvironmentSpec(baseSpec({ tier, training: { accelerator: "nvidia-h100" }, inference: { accelerator: "aws-inferentia2" } }));
    const p = TIER_PRESETS[tier];
    // then every value comes from the preset
    expect(spec.network).toEqual({ cidr: "10.40.0.0/16", zones: p.zones, natGateways: p.natGateways });
    expect(spec.training?.capacity).toBe(p.trainingCapacity);
    expect(spec.training?.nodes).toEqual({ min: 0, max: p.trainingNodesMax });
    expect(spec.training?.machine.machineType).toBe("p5.48xlarge");
    expect(spec.sharedStorage).toEqual(
      p.storageKind === "lustre"
        ? { kind: "lustre", capacityGiB: p.storageCapacityGiB, throughputMBpsPerTiB: p.storageThroughputMBpsPerTiB, backupRetentionDays: p.storageBackupRetentionDays, importPrefix: "datasets/" }
        : { kind: "object-mount", importPrefix: "datasets/" },
    );
    expect(spec.vectorStore).toEqual({ engine: p.vectorEngine, dimensions: 1024 });
    expect(spec.aws?.vectorStore.standbyReplicas).toBe(p.vectorStandbyReplicas);
    expect(spec.inference?.replicas).toEqual({ min: p.inferenceReplicasMin, max: p.inferenceReplicasMax });
    expect(spec.inference?.machine.machineType).toBe("ml.inf2.xlarge");
    expect(spec.inference?.scaleDownSchedule === false).toBe(!p.inferenceScaleDown);
    expect(spec.logRetentionDays).toBe(p.logRetentionDays);
    expect(spec.deletionProtection).toBe(p.deletionProtection);
    expect(spec.preventDestroy).toBe(p.preventDestroy);
    expect(spec.budget.thresholdsPercent).toEqual([50, 80, 100]);
  });

  it("differs between tiers where the design says it must", () => {
    const dev = resolveEnvironmentSpec(baseSpec({ tier: "dev", training: { accelerator: "nvidia-l4" } }));
    const prod = resolveEnvironmentSpec(baseSpec({ tier: "prod", training: { accelerator: "nvidia-l4" } }));
    expect([dev.training?.capacity, prod.training?.capacity]).toEqual(["spot", "on-demand"]);
    expect([dev.network.natGateways, prod.network.natGateways]).toEqual(["single", "per-zone"]);
    expect([dev.deletionProtection, prod.deletionProtection]).toEqual([false, true]);
    expect([dev.preventDestroy, prod.preventDestroy]).toEqual([false, true]);
    expect(dev.logRetentionDays).toBeLessThan(prod.logRetentionDays);
    // dev takes the services with no idle floor (DESIGN rule 9)
    expect([dev.sharedStorage?.kind, prod.sharedStorage?.kind]).toEqual(["object-mount", "lustre"]);
    expect(prod.sharedStorage?.kind === "lustre" && prod.sharedStorage.backupRetentionDays).toBeGreaterThan(0);
    expect([dev.vectorStore?.engine, prod.vectorStore?.engine]).toEqual(["postgres-pgvector", "managed-search"]);
  });

  it("lets the spec override any preset value", () => {
    const spec = resolveEnvironmentSpec(
      baseSpec({
        tier: "prod",
        network: { zones: 2, natGateways: "single" },
        training: { accelerator: "nvidia-l4", capacity: "spot", nodes: { max: 3 } },
        inference: { accelerator: "nvidia-l4", scaleDownSchedule: { cron: "0 22 * * *" } },
        deletionProtection: false,
        preventDestroy: false,
        logRetentionDays: 30,
      }),
    );
    expect(spec.network).toMatchObject({ zones: 2, natGateways: "single" });
    expect(spec.training).toMatchObject({ capacity: "spot", nodes: { min: 0, max: 3 } });
    expect(spec.inference?.scaleDownSchedule).toEqual({ cron: "0 22 * * *", scaleUpCron: "0 7 * * 1-5", minReplicas: 0 });
    expect([spec.deletionProtection, spec.preventDestroy, spec.logRetentionDays]).toEqual([false, false, 30]);
  });

  it("leaves shared storage out without training, and any section out when set to false", () => {
    const spec = resolveEnvironmentSpec(baseSpec({ vectorStore: false }));
    expect(spec.sharedStorage).toBeUndefined();
    expect(spec.vectorStore).toBeUndefined();
    expect(resolveEnvironmentSpec(baseSpec({ training: { accelerator: "nvidia-l4" }, sharedStorage: false })).sharedStorage).toBeUndefined();
  });
});

describe("environment spec: validation", () => {
  it("lists every schema problem at once, each with its path, the value and what is allowed", () => {
    const problems = problemsOf(() =>
      resolveEnvironmentSpec({ ...baseSpec({ name: "Acme_LLM", tier: "qa", owner: "nobody" }), extra: 1 }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^name: must be 2-16 characters .* \(got "Acme_LLM"\)$/),
      expect.stringMatching(/^tier: is not an allowed value \(got "qa"; allowed: dev, staging, prod\)$/),
      expect.stringMatching(/^owner: must be an email address .* \(got "nobody"\)$/),
      expect.stringMatching(/^extra: is not a known field/),
    ]);
  });

  it("requires a budget and contacts for alerts", () => {
    const { budget: _b, ...noBudget } = baseSpec();
    expect(problemsOf(() => resolveEnvironmentSpec(noBudget))).toEqual([expect.stringMatching(/^budget: is required \(expected object\)$/)]);
    const problems = problemsOf(() => resolveEnvironmentSpec(baseSpec({ budget: { monthlyUsd: 10, notify: [] }, monitoring: { notify: ["not-an-email"] } })));
    expect(problems).toEqual([
      expect.stringMatching(/^budget\.notify: list at least one email address: alerts that reach nobody are lost/),
      expect.stringMatching(/^monitoring\.notify\.0: must be an email address/),
    ]);
  });

  it.each([
    ["10.40.0.1/16", /network\.cidr: has host bits set; the network address for \/16 is 10\.40\.0\.0\/16/],
    ["10.0.0.0/12", /network\.cidr: a VPC takes \/16 to \/24/],
    ["10.40.0.0/26", /network\.cidr: a VPC takes \/16 to \/24/],
    ["8.8.0.0/16", /network\.cidr: must be in a private range/],
    ["10.400.0.0/16", /network\.cidr: has an octet above 255/],
    ["a big network", /network\.cidr: is not an IPv4 CIDR block/],
  ])("rejects the network CIDR %s", (cidr, message) => {
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ network: { cidr } })))).toEqual([expect.stringMatching(message)]);
  });

  it("rejects an accelerator on the wrong cloud and says where it is offered", () => {
    const problems = problemsOf(() => resolveEnvironmentSpec(baseSpec({ training: { accelerator: "google-tpu-v5e" } })));
    expect(problems).toEqual([expect.stringMatching(/^training\.accelerator: Google Cloud TPU v5e.* is not offered for training on aws \(got "google-tpu-v5e"; offered for training on: gcp;/)]);
  });

  it("rejects a region the catalog does not list for the machine, naming the regions that offer it", () => {
    const problems = problemsOf(() => resolveEnvironmentSpec(baseSpec({ region: "eu-west-3", training: { accelerator: "nvidia-h100" } })));
    expect(problems).toEqual([expect.stringMatching(/^region: p5\.48xlarge \(NVIDIA H100.*training\) is not offered in eu-west-3 \(got "eu-west-3"; offered in: .*us-east-1.*\); .*allowUnlistedRegion: true$/)]);
  });

  it("accepts an unlisted region with a warning when allowUnlistedRegion is set", () => {
    const spec = resolveEnvironmentSpec(baseSpec({ region: "eu-west-3", training: { accelerator: "nvidia-h100", allowUnlistedRegion: true } }));
    expect(spec.training?.machine.machineType).toBe("p5.48xlarge");
    expect(spec.warnings).toEqual([expect.stringMatching(/^training: p5\.48xlarge .* is not listed in eu-west-3 .* accepted because allowUnlistedRegion is set/)]);
  });

  it("rejects an accelerator count no machine has, listing the counts that exist", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ inference: { accelerator: "nvidia-h100", acceleratorsPerNode: 3 } })))).toEqual([
      expect.stringMatching(/^inference\.acceleratorsPerNode: no aws inference machine carries that many NVIDIA H100.* \(got 3; allowed: 1, 8\)$/),
    ]);
  });

  it("requires a capacity block for machines sold only that way", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ region: "us-east-2", training: { accelerator: "aws-trainium2" } })))).toEqual([
      expect.stringMatching(/^training\.capacity: trn2\.48xlarge is sold only through EC2 Capacity Blocks for ML \(got "spot"; allowed: \{ capacityBlock: <capacity reservation id>, zone: <its zone name> \}\)$/),
    ]);
    const ok = resolveEnvironmentSpec(baseSpec({ region: "us-east-2", training: { accelerator: "aws-trainium2", capacity: { capacityBlock: "cr-0123456789abcdef0", zone: "us-east-2b" } } }));
    expect(ok.training?.capacity).toEqual({ capacityBlock: "cr-0123456789abcdef0", zone: "us-east-2b" });
  });

  it("requires a reservation's zone, a zone name of the spec's region", () => {
    // given reservations without a zone, in another region's zone, and as a zone id
    const spec = (capacity: unknown) => baseSpec({ training: { accelerator: "nvidia-h100", capacity } });
    // when / then
    expect(problemsOf(() => resolveEnvironmentSpec(spec({ reservation: "cr-0123456789abcdef0" })))).toEqual([
      expect.stringMatching(/^training\.capacity\.zone: name the reservation's Availability Zone \(e\.g\. us-east-1b, as describe-capacity-reservations shows it\): the accelerator pool and the Lustre file system must launch in that zone/),
    ]);
    expect(problemsOf(() => resolveEnvironmentSpec(spec({ capacityBlock: "cr-0123456789abcdef0", zone: "us-west-2a" })))).toEqual([
      "training.capacity.zone: must be an Availability Zone name of us-east-1, the region and one letter like us-east-1b (got \"us-west-2a\")",
    ]);
    expect(problemsOf(() => resolveEnvironmentSpec(spec({ reservation: "cr-0123456789abcdef0", zone: "use1-az2" })))).toEqual([expect.stringMatching(/^training\.capacity\.zone: must be an Availability Zone name like us-east-1b/)]);
  });

  it("rejects replica and node bounds that are upside down or impossible", () => {
    const problems = problemsOf(() =>
      resolveEnvironmentSpec(
        baseSpec({
          training: { accelerator: "nvidia-l4", nodes: { min: 5, max: 2 } },
          inference: { accelerator: "nvidia-l4", replicas: { min: 3, max: 1 }, scaleDownSchedule: { cron: "0 20 * * *", minReplicas: 4 } },
        }),
      ),
    );
    expect(problems).toEqual([
      "training.nodes.min: must not exceed the maximum (got min 5, max 2)",
      "inference.replicas.min: must not exceed the maximum (got min 3, max 1)",
      expect.stringMatching(/^inference\.scaleDownSchedule\.minReplicas: must not exceed replicas\.min, .* \(got 4; allowed: 0 to 3\)$/),
    ]);
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ inference: { accelerator: "nvidia-l4", replicas: { max: 0 } } })))).toEqual([
      expect.stringMatching(/^inference\.replicas\.max: .*got 0/),
    ]);
  });

  it("rejects budget thresholds that repeat or exceed what AWS Budgets allows", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ budget: { monthlyUsd: 10, thresholdsPercent: [50, 80, 50], notify: ["a@b.co"] } })))).toEqual([
      expect.stringMatching(/^budget\.thresholdsPercent\.2: duplicates another threshold \(got 50\)/),
    ]);
    const ten = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ budget: { monthlyUsd: 10, thresholdsPercent: ten, notify: ["a@b.co"] } })))).toEqual([
      expect.stringMatching(/^budget\.thresholdsPercent: AWS Budgets allows 10 notifications per budget, .* \(got 10 thresholds; allowed: 1 to 9\)$/),
    ]);
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ budget: { monthlyUsd: 10, thresholdsPercent: [0], notify: ["a@b.co"] } })))).toEqual([
      expect.stringMatching(/^budget\.thresholdsPercent\.0: .*\(got 0\)$/),
    ]);
  });

  it("rejects a shared-storage capacity FSx would refuse, naming the nearest it accepts", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ training: { accelerator: "nvidia-l4" }, sharedStorage: { capacityGiB: 3000 } })))).toEqual([
      "sharedStorage.capacityGiB: PERSISTENT_2 takes 1200 GiB, 2400 GiB or a multiple of 2400 GiB (got 3000; nearest allowed: 2400)",
    ]);
  });

  it("rejects cron expressions, log retentions and ACU values the clouds refuse", () => {
    const problems = problemsOf(() =>
      resolveEnvironmentSpec(
        baseSpec({
          inference: { accelerator: "nvidia-l4", scaleDownSchedule: { cron: "0 25 * * *", scaleUpCron: "0 7 * * 9" } },
        }),
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^inference\.scaleDownSchedule\.cron: hour value "25" is out of range/),
      expect.stringMatching(/^inference\.scaleDownSchedule\.scaleUpCron: day-of-week value "9" is out of range/),
    ]);
    const values = problemsOf(() =>
      resolveEnvironmentSpec(
        baseSpec({
          vectorStore: { engine: "postgres-pgvector" },
          aws: { vectorStore: { minCapacity: 0.3 } },
          logRetentionDays: 10,
        }),
      ),
    );
    expect(values).toEqual([
      "aws.vectorStore.minCapacity: Aurora Serverless v2 (ACUs) takes 0 to 256 in steps of 0.5 (got 0.3)",
      expect.stringMatching(/^logRetentionDays: is not a retention CloudWatch Logs accepts \(got 10; allowed: 1, 3, 5, 7, 14/),
    ]);
  });

  it("asks an Azure spec for its azure section, as every cloud asks for its own", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ cloud: "azure", region: "eastus", aws: undefined })))).toEqual([expect.stringMatching(/^azure: is required when cloud is azure/)]);
  });
});

describe("environment spec: budget worst case", () => {
  it("warns, with the amount, when every node running all month at list price exceeds the budget", () => {
    // given 2 x p5.48xlarge for training and 2 x ml.inf2.xlarge for inference on a $1000 budget
    const spec = resolveEnvironmentSpec(
      baseSpec({ training: { accelerator: "nvidia-h100", nodes: { max: 2 } }, inference: { accelerator: "aws-inferentia2", replicas: { max: 2 } }, budget: { monthlyUsd: 1000, notify: ["a@b.co"] } }),
    );
    // then the worst case is the sum of both at 730 hours a month
    const expected = (spec.training!.machine.price.usdPerHour * 2 + spec.inference!.machine.price.usdPerHour * 2) * 730;
    expect(spec.worstCaseMonthlyUsd).toBeCloseTo(expected, 6);
    expect(spec.warnings).toHaveLength(1);
    const over = Math.round(expected - 1000).toLocaleString("en-US");
    expect(spec.warnings[0]).toContain(`$${over}`);
    expect(spec.warnings[0]).toMatch(/^budget\.monthlyUsd: the worst case .*training 2 x p5\.48xlarge.*inference 2 x ml\.inf2\.xlarge.* over the budget of \$1,000; lower the node maxima or raise the budget$/);
  });

  it("stays quiet when the worst case fits the budget", () => {
    expect(resolveEnvironmentSpec(baseSpec({ inference: { accelerator: "aws-inferentia2" } })).warnings).toEqual([]);
  });
});

describe("environment spec: JSON Schema", () => {
  it("describes the required fields, the enums and the tier-dependent defaults", () => {
    const schema = environmentSpecJsonSchema() as { required: string[]; properties: Record<string, { enum?: string[]; description?: string }>; additionalProperties: boolean };
    expect(schema.required).toEqual(expect.arrayContaining(["name", "tier", "cloud", "region", "owner", "costCenter", "budget", "monitoring"]));
    expect(schema.properties.tier.enum).toEqual(["dev", "staging", "prod"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.logRetentionDays.description).toMatch(/@default - 14 dev, 90 staging, 365 prod/);
  });
});

describe("environment spec: schedules", () => {
  it("rejects a schedule AWS cannot run, and a range that runs backwards", () => {
    const schedule = (cron: string) => () => resolveEnvironmentSpec(baseSpec({ inference: { accelerator: "nvidia-l4", scaleDownSchedule: { cron } } }));
    expect(problemsOf(schedule("0 20 1 * 1-5"))).toEqual([expect.stringMatching(/cannot restrict both day-of-month and day-of-week/)]);
    expect(problemsOf(schedule("0 20 * * 5-1"))).toEqual([expect.stringMatching(/day-of-week range "5-1" runs backwards/)]);
  });
});

describe("environment spec: vector store access", () => {
  it("requires someone to be let into an OpenSearch collection", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(baseSpec({ vectorStore: { engine: "opensearch-serverless" }, aws: {} })))).toEqual([
      expect.stringMatching(/^vectorStore: OpenSearch Serverless needs at least one role in its data access policy .* aws\.vectorStoreRoleArns/),
    ]);
    const spec = resolveEnvironmentSpec(baseSpec({ aws: { vectorStoreRoleArns: ["arn:aws:iam::123456789012:role/rag-service"] } }));
    expect(spec.aws?.vectorStoreRoleArns).toEqual(["arn:aws:iam::123456789012:role/rag-service"]);
  });
});
