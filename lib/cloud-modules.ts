import type { Cloud } from "./catalog/types";
import type { CloudResolver } from "./environment/resolve";
import type { TierPreset } from "./environment/presets";
import type { Construct } from "./cdk";
import type { ResolvedEnvironmentSpec } from "./environment/resolved";
import type { CostLine } from "./review/cost-line";
import type { LlmOpsStack, LlmOpsStackProps } from "./stacks/llmops-stack";
import type { Tier } from "./util/tier";

/** What each cloud contributes; every part loads the cloud's provider package (directly or through its constructs). */
export interface CloudParts {
  /** Fills and checks a spec of the cloud from its constructs' defaults. */
  readonly resolver: CloudResolver;
  /** The tier presets, read from the constructs' defaults. */
  readonly preset: (tier: Tier) => TierPreset;
  /** The environment stack. */
  readonly stack: new (scope: Construct, props: LlmOpsStackProps) => LlmOpsStack;
  /** The idle cost lines of a resolved spec of the cloud (what `idleMonthlyCost` sums). */
  readonly idleCost: (spec: ResolvedEnvironmentSpec) => CostLine[];
}

/**
 * Where each part lives, relative to this file. The modules are loaded on first use
 * only, so an install with one cloud's provider package never loads another cloud's;
 * each module registers its part when it loads (a module already loaded, e.g.
 * through the package's main module, is not loaded again).
 */
const MODULES: Readonly<Partial<Record<Cloud, Readonly<Partial<Record<keyof CloudParts, string>>>>>> = {
  aws: { resolver: "./environment/aws", preset: "./environment/aws-preset", stack: "./stacks/aws-llmops-stack", idleCost: "./review/aws-idle-cost" },
  gcp: { resolver: "./environment/gcp", preset: "./environment/gcp-preset", stack: "./stacks/gcp-llmops-stack", idleCost: "./review/gcp-idle-cost" },
  azure: { resolver: "./environment/azure", preset: "./environment/azure-preset", stack: "./stacks/azure-llmops-stack", idleCost: "./review/azure-idle-cost" },
};

const registered: Partial<Record<Cloud, Partial<Record<keyof CloudParts, unknown>>>> = {};

/** Called by a cloud's module when it loads. */
export function registerCloudPart<K extends keyof CloudParts>(cloud: Cloud, part: K, value: CloudParts[K]): void {
  (registered[cloud] ??= {})[part] = value;
}

/** Whether the cloud has this part in this release. */
export function hasCloudPart(cloud: Cloud, part: keyof CloudParts): boolean {
  return MODULES[cloud]?.[part] !== undefined;
}

/** A part of a cloud, loading its module on first use; undefined for a cloud without it in this release. */
export function cloudPart<K extends keyof CloudParts>(cloud: Cloud, part: K): CloudParts[K] | undefined {
  const path = MODULES[cloud]?.[part];
  if (!path) return undefined;
  if (registered[cloud]?.[part] === undefined) require(path);
  const value = registered[cloud]?.[part];
  if (value === undefined) throw new Error(`${path} did not register the ${cloud} ${part}`);
  return value as CloudParts[K];
}
