import type { EnvironmentSpec } from "../lib/environment/schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCELERATORS } from "../lib/catalog/types";
import { Testing } from "../lib/cdk";
import { LlmOpsValidationError } from "../lib/errors";
import { resolveEnvironmentSpec } from "../lib/environment/resolve";
import { AwsLlmOpsStack } from "../lib/stacks/aws-llmops-stack";

/** Values of the wrong kind, for any field. */
const junk = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);
/** Mostly plausible values, sometimes junk. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: arb }, { weight: 1, arbitrary: junk });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const email = fc.constantFrom("a@b.co", "oncall@acme.example", "nobody", "");
const bounds = fc.record({ min: optional(maybe(fc.integer({ min: -1, max: 6 }))), max: optional(maybe(fc.integer({ min: -1, max: 9 }))) }, { requiredKeys: [] });

const specArb = fc.record(
  {
    name: maybe(fc.oneof(fc.constantFrom("acme", "ml", "a", "acme-llm-platform", "Acme", "x-"), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/))),
    tier: maybe(fc.constantFrom("dev", "staging", "prod")),
    cloud: maybe(fc.constantFrom("aws", "aws", "aws", "gcp", "azure")),
    region: maybe(fc.constantFrom("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-northeast-1", "us-central1", "moon-1")),
    owner: maybe(email),
    costCenter: maybe(fc.constantFrom("cc-1", "ml 1", "")),
    network: optional(fc.record({ cidr: optional(maybe(fc.constantFrom("10.40.0.0/16", "10.0.0.0/24", "172.16.0.0/20", "10.40.0.1/16", "8.8.0.0/16", "10.0.0.0/8"))), zones: optional(maybe(fc.integer({ min: 0, max: 7 }))) }, { requiredKeys: [] })),
    training: optional(
      fc.record(
        {
          accelerator: maybe(fc.constantFrom(...ACCELERATORS)),
          acceleratorsPerNode: optional(maybe(fc.constantFrom(1, 2, 4, 8, 16, 3))),
          nodes: optional(bounds),
          capacity: optional(maybe(fc.constantFrom<unknown>("spot", "on-demand", { reservation: "cr-0123456789abcdef0" }, { capacityBlock: "cr-0fedcba9876543210" }, "reserved"))),
          allowUnlistedRegion: optional(fc.boolean()),
        },
        { requiredKeys: ["accelerator"] },
      ),
    ),
    sharedStorage: optional(maybe(fc.oneof(fc.constant(false), fc.record({ capacityGiB: optional(fc.constantFrom(1200, 2400, 3000, 4800, 0)), throughputMBpsPerTiB: optional(maybe(fc.constantFrom(125, 250, 300, 1000))) }, { requiredKeys: [] })))),
    vectorStore: optional(maybe(fc.oneof(fc.constant(false), fc.record({ engine: optional(maybe(fc.constantFrom("opensearch-serverless", "aurora-pgvector", "pinecone"))), dimensions: optional(fc.integer({ min: -1, max: 20000 })), minCapacity: optional(fc.constantFrom(0, 0.5, 0.3, 8)), maxCapacity: optional(fc.constantFrom(1, 4, 0)) }, { requiredKeys: [] })))),
    inference: optional(
      fc.record(
        {
          accelerator: maybe(fc.constantFrom(...ACCELERATORS)),
          replicas: optional(bounds),
          scaleDownSchedule: optional(maybe(fc.oneof(fc.constant(false), fc.record({ cron: fc.constantFrom("0 20 * * 1-5", "0 25 * * *", "* *", "0 0 1 * 1"), minReplicas: optional(fc.integer({ min: 0, max: 3 })) }, { requiredKeys: ["cron"] })))),
        },
        { requiredKeys: ["accelerator"] },
      ),
    ),
    budget: maybe(fc.record({ monthlyUsd: maybe(fc.constantFrom(0, 10, 5000, 1e6)), thresholdsPercent: optional(maybe(fc.array(fc.constantFrom(0, 50, 80, 100, 120), { maxLength: 11 }))), notify: maybe(fc.array(email, { maxLength: 3 })) }, { requiredKeys: ["notify"] })),
    monitoring: maybe(fc.record({ notify: maybe(fc.array(email, { maxLength: 2 })) })),
    logRetentionDays: optional(maybe(fc.constantFrom(7, 10, 365))),
  },
  { requiredKeys: ["name", "tier", "cloud", "region", "owner", "costCenter", "budget", "monitoring"] },
);

/** Specs built from plausible values only: combinations still break rules (accelerator, region, bounds, budget). */
const plausibleSpecArb = fc.record({
  name: fc.constantFrom("acme", "ml", "acme-llm-platform"),
  tier: fc.constantFrom("dev", "staging", "prod"),
  cloud: fc.constant("aws"),
  region: fc.constantFrom("us-east-1", "us-east-1", "us-east-2", "us-west-2", "eu-west-1"),
  owner: fc.constant("ml@acme.example"),
  costCenter: fc.constant("cc-1"),
  network: fc.record({ zones: fc.integer({ min: 1, max: 4 }) }),
  training: optional(fc.record({ accelerator: fc.constantFrom("nvidia-h100", "nvidia-l4", "nvidia-a10g", "aws-trainium", "aws-inferentia2", "nvidia-l40s"), nodes: bounds })),
  vectorStore: fc.constantFrom<unknown>(false, { engine: "opensearch-serverless" }, { engine: "aurora-pgvector" }),
  inference: optional(fc.record({ accelerator: fc.constantFrom("aws-inferentia2", "nvidia-l4", "nvidia-a10g", "nvidia-h100"), replicas: bounds })),
  budget: fc.record({ monthlyUsd: fc.constantFrom(1000, 100000), notify: fc.constant(["a@b.co"]) }),
  monitoring: fc.constant({ notify: ["a@b.co"] }),
});

/** Runs `fn`; passes when it returns or throws LlmOpsValidationError, rethrows anything else. */
function validOrValidationError(fn: () => unknown): "ok" | "invalid" {
  try {
    fn();
    return "ok";
  } catch (e) {
    if (e instanceof LlmOpsValidationError) {
      expect(e.problems.length).toBeGreaterThan(0);
      for (const p of e.problems) expect(p.path.length).toBeGreaterThan(0);
      return "invalid";
    }
    throw e;
  }
}

describe("property: any spec either synthesizes or fails with LlmOpsValidationError", () => {
  it("never throws anything else while resolving a spec", () => {
    fc.assert(fc.property(fc.oneof(specArb, junk), (spec) => void validOrValidationError(() => resolveEnvironmentSpec(spec))), { numRuns: 500, seed: Number(process.env.FC_SEED ?? 20261128) });
  });

  it("synthesizes every spec that resolves, with validations on", () => {
    const outcomes = { ok: 0, invalid: 0 };
    fc.assert(
      fc.property(fc.oneof(plausibleSpecArb, specArb), (spec) => {
        outcomes[validOrValidationError(() => Testing.synth(new AwsLlmOpsStack(Testing.app(), { spec: spec as unknown as EnvironmentSpec }), true))]++;
      }),
      { numRuns: 150, seed: Number(process.env.FC_SEED ?? 20261128) },
    );
    // both kinds of input were exercised (a network of one zone fails the cluster's two-subnet rule, for example)
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.invalid).toBeGreaterThan(0);
  });
});
