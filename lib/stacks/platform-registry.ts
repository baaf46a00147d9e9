import type { App, TerraformStack } from "../cdk";
import type { LlmOpsStack } from "./llmops-stack";
import { PLATFORM_PROVIDER_PACKAGES, resolves } from "./providers";

/** Adds the in-cluster platform stack of each environment that has a training cluster. */
export type AddPlatformStacks = (app: App, environments: readonly LlmOpsStack[]) => readonly TerraformStack[];

let registered: AddPlatformStacks | undefined;

/** Called by `llmops-constructs/platform` when it loads. */
export function registerPlatformStacks(add: AddPlatformStacks): void {
  registered = add;
}

/**
 * The platform stacks of the environments that need one (AWS, with a training cluster),
 * when the Helm and Kubernetes providers are installed; otherwise none, and `warn` says
 * what to install (without them a job asking for accelerators stays Pending). The
 * platform module is loaded on first use only, so an install without those packages
 * never loads it.
 */
export function addPlatformStacksWhereInstalled(app: App, environments: readonly LlmOpsStack[], warn: (message: string) => void): readonly TerraformStack[] {
  const needing = environments.filter((e) => e.spec.cloud === "aws" && e.spec.training !== undefined);
  if (needing.length === 0) return [];
  const missing = PLATFORM_PROVIDER_PACKAGES.filter((p) => !resolves(p.name));
  if (missing.length > 0) {
    warn(
      `${needing.map((e) => e.node.id).join(", ")}: no platform stack (device plugins and the Cluster Autoscaler: without them accelerator jobs stay Pending and the pool never leaves zero) because ${missing.map((p) => p.name).join(" and ")} ${missing.length === 1 ? "is" : "are"} not installed; install: npm install ${missing.map((p) => `${p.name}@"${p.range}"`).join(" ")}`,
    );
    return [];
  }
  if (!registered) require("../platform");
  if (!registered) throw new Error("llmops-constructs/platform did not register its stacks");
  return registered(app, needing);
}
