import type { App, TerraformStack } from "../cdk";
import type { LlmOpsStack } from "./llmops-stack";
import { PLATFORM_PROVIDER_PACKAGES, resolves } from "./providers";

/** Adds the in-cluster platform stack of each environment that has a training cluster; `warn` says why one gets none. */
export type AddPlatformStacks = (app: App, environments: readonly LlmOpsStack[], warn: (message: string) => void) => readonly TerraformStack[];

/** The clouds with a platform stack, and how to load the module that registers it (literal paths, so bundlers and test runners see them). */
const PLATFORM_MODULES = {
  aws: () => require("../platform") as unknown,
  azure: () => require("../azure-platform") as unknown,
} as const;

/** A cloud that has a platform stack. */
export type PlatformCloud = keyof typeof PLATFORM_MODULES;

const registered: Partial<Record<PlatformCloud, AddPlatformStacks>> = {};

/** Called by `llmops-constructs/platform` (AWS) and `llmops-constructs/azure/platform` when they load. */
export function registerPlatformStacks(cloud: PlatformCloud, add: AddPlatformStacks): void {
  registered[cloud] = add;
}

/** The platform stack's name: `<name>-<cloud>-platform-<tier>`, ending with the tier like every stack name. */
export function platformStackNameOf(spec: { readonly name: string; readonly cloud: string; readonly tier: string }): string {
  return `${spec.name}-${spec.cloud}-platform-${spec.tier}`;
}

const isPlatformCloud = (cloud: string): cloud is PlatformCloud => Object.keys(PLATFORM_MODULES).includes(cloud);

/**
 * The platform stacks of the environments that need one (AWS and Azure, with a training
 * cluster), when the Helm and Kubernetes providers are installed; otherwise none, and
 * `warn` says what to install (without them a job asking for accelerators stays
 * Pending). Each cloud's platform module is loaded on first use only, so an install
 * without those packages, or without that cloud's provider, never loads it.
 */
export function addPlatformStacksWhereInstalled(app: App, environments: readonly LlmOpsStack[], warn: (message: string) => void): readonly TerraformStack[] {
  const needing = environments.filter((e) => isPlatformCloud(e.spec.cloud) && e.spec.training !== undefined);
  if (needing.length === 0) return [];
  const missing = PLATFORM_PROVIDER_PACKAGES.filter((p) => !resolves(p.name));
  if (missing.length > 0) {
    warn(
      `${needing.map((e) => e.node.id).join(", ")}: no platform stack (device plugins and, on AWS, the Cluster Autoscaler: without them accelerator jobs stay Pending) because ${missing.map((p) => p.name).join(" and ")} ${missing.length === 1 ? "is" : "are"} not installed; install: npm install ${missing.map((p) => `${p.name}@"${p.range}"`).join(" ")}`,
    );
    return [];
  }
  const stacks: TerraformStack[] = [];
  for (const cloud of Object.keys(PLATFORM_MODULES) as PlatformCloud[]) {
    const ofCloud = needing.filter((e) => e.spec.cloud === cloud);
    if (ofCloud.length === 0) continue;
    if (!registered[cloud]) PLATFORM_MODULES[cloud]();
    const add = registered[cloud];
    if (!add) throw new Error(`the ${cloud} platform module did not register its stacks`);
    stacks.push(...add(app, ofCloud, warn));
  }
  return stacks;
}
