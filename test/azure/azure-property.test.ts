import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import type { EnvironmentSpec } from "../../lib/environment/schema";
import { LlmOpsValidationError } from "../../lib/errors";
import { AzureLlmOpsStack } from "../../lib/stacks/azure-llmops-stack";

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Mostly unset (the preset), sometimes a value that may break a rule: so both outcomes are common. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: arb, weight: 1 });
const bounds = fc.record({ min: optional(fc.integer({ min: -1, max: 4 })), max: optional(fc.integer({ min: 0, max: 6 })) }, { requiredKeys: [] });

/** Azure specs from plausible values: combinations still break rules (accelerator and region, bounds, dates, CIDRs, tags, names). */
const azureSpecArb = fc.record({
  name: fc.constantFrom("acme", "ml", "acme-llm-platfrm"),
  tier: fc.constantFrom("dev", "staging", "prod"),
  cloud: fc.constant("azure"),
  region: fc.constantFrom("eastus2", "eastus2", "eastus2", "eastus", "westus3", "us-east-1"),
  owner: fc.constant("ml@acme.example"),
  costCenter: fc.constant("cc-1"),
  tags: rarely(fc.constantFrom<Record<string, string>>({ team: "ml" }, { "a/b": "x" }, { "with space": "x" })),
  network: rarely(fc.record({ cidr: optional(fc.constantFrom("10.60.0.0/16", "10.0.0.0/16", "10.244.0.0/20", "192.168.0.0/24")), zones: optional(fc.integer({ min: 1, max: 3 })), natGateways: optional(fc.constantFrom("single", "per-zone")) }, { requiredKeys: [] })),
  training: optional(fc.record({ accelerator: fc.constantFrom("nvidia-h100", "nvidia-a100", "nvidia-a10g", "nvidia-a10g", "nvidia-l4", "google-tpu-v5e"), nodes: rarely(bounds), capacity: rarely(fc.constantFrom<unknown>("spot", "on-demand", { reservation: "crg-1", zone: "1" })) }, { requiredKeys: ["accelerator"] })),
  sharedStorage: fc.constantFrom<unknown>(false, false, false, false, undefined, { kind: "lustre" }),
  vectorStore: fc.constantFrom<unknown>(false, false, false, false, { engine: "postgres-pgvector" }),
  budget: fc.record({ monthlyUsd: fc.constantFrom(1000, 100000), notify: fc.constant(["a@b.co"]), startDate: fc.constantFrom(undefined, "2026-12-01", "2026-12-01", "2026-12-01", "2026-12-01", "2026-12-15", "2017-01-01"), thresholdsPercent: rarely(fc.constantFrom([50, 80, 100], [10, 20, 30, 40, 50])) }, { requiredKeys: ["monthlyUsd", "notify"] }),
  monitoring: fc.constant({ notify: ["a@b.co"] }),
  logRetentionDays: rarely(fc.constantFrom(14, 30, 365, 731)),
  azure: fc.constantFrom<unknown>({ subscriptionId: "00000000-0000-0000-0000-000000000000", cosmosDbObjectId: "33333333-3333-3333-3333-333333333333" }, { subscriptionId: "00000000-0000-0000-0000-000000000000", cosmosDbObjectId: "33333333-3333-3333-3333-333333333333" }, { subscriptionId: "00000000-0000-0000-0000-000000000000", cosmosDbObjectId: "33333333-3333-3333-3333-333333333333", stateBackend: { resourceGroupName: "tf", storageAccountName: "acmetfstate" } }, undefined, { subscriptionId: "00000000-0000-0000-0000-000000000000", cosmosDbObjectId: "33333333-3333-3333-3333-333333333333", runnerVirtualNetworkIds: ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/ci/providers/Microsoft.Network/virtualNetworks/ci-vnet"] }, { subscriptionId: "00000000-0000-0000-0000-000000000000", cosmosDbObjectId: "33333333-3333-3333-3333-333333333333", runnerVirtualNetworkIds: ["ci-vnet"] }),
});

describe("property: any Azure spec either synthesizes or fails with LlmOpsValidationError", () => {
  it("builds the Azure stack for every spec that resolves, and names a spec path for every other", () => {
    const outcomes = { ok: 0, invalid: 0 };
    fc.assert(
      fc.property(azureSpecArb, (spec) => {
        try {
          Testing.synth(new AzureLlmOpsStack(Testing.app(), { spec: spec as unknown as EnvironmentSpec }), true);
          outcomes.ok++;
        } catch (e) {
          if (!(e instanceof LlmOpsValidationError)) throw e;
          expect(e.problems.length).toBeGreaterThan(0);
          for (const p of e.problems) expect(p.path.length).toBeGreaterThan(0);
          outcomes.invalid++;
        }
      }),
      { numRuns: 40, seed: Number(process.env.FC_SEED ?? 20261130) },
    );
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.invalid).toBeGreaterThan(0);
  });
});
