/**
 * The usage profile of `llmops cost --usage usage.yaml`: what each environment does in
 * a month (training node-hours per pool, serving hours per endpoint), for the
 * expected figure. Schema (YAML or JSON):
 *
 * ```yaml
 * default:                          # every stack not listed under stacks:
 *   training: { nodeHours: 120 }    # accelerator node-hours of the training pool a month
 *   inference: { hours: 160, instances: 1 }   # hours the endpoint serves, with how many instances
 * stacks:
 *   acme-llm-aws-prod:              # a stack name, <name>-<cloud>-<tier>
 *     training: { nodeHours: 1500 }
 *     inference: { hours: 730, instances: 2 }
 * ```
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { LlmOpsValidationError } from "../errors";
import type { StackUsage } from "./worst-cost";

const hours = z.number().min(0);
const stackUsage = z
  .object({
    training: z.object({ nodeHours: hours }).strict().optional(),
    inference: z.object({ hours: hours.max(730), instances: z.number().int().min(1).optional() }).strict().optional(),
  })
  .strict();
const profile = z.object({ default: stackUsage.optional(), stacks: z.record(z.string(), stackUsage).optional() }).strict();

/** A parsed usage profile. */
export interface UsageProfile {
  readonly default?: StackUsage;
  readonly stacks?: Readonly<Record<string, StackUsage>>;
}

/** Checks parsed YAML/JSON as a usage profile; throws one error listing every problem at its path. */
export function parseUsageProfile(data: unknown, source = "usage profile"): UsageProfile {
  const r = profile.safeParse(data ?? {});
  if (r.success) return r.data;
  throw new LlmOpsValidationError(
    source,
    r.error.issues.map((i) => ({ path: i.path.join(".") || "(file)", message: `${i.message} (allowed: default and stacks.<stack>, each with training.nodeHours >= 0 and inference.hours 0-730, inference.instances >= 1)` })),
  );
}

/** Reads a usage profile file (YAML or JSON). */
export function loadUsageProfile(path: string): UsageProfile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new LlmOpsValidationError(path, [{ path: "(file)", message: "no such file" }]);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new LlmOpsValidationError(path, [{ path: "(file)", message: `is not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}` }]);
  }
  return parseUsageProfile(data, path);
}

/** The usage of one stack: its own entry, else the default; undefined when the profile says nothing of it. */
export function usageOf(profile: UsageProfile | undefined, stack: string): StackUsage | undefined {
  return profile?.stacks?.[stack] ?? profile?.default;
}
