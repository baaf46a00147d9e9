import type { App, Construct } from "../cdk";
import type { Cloud } from "../catalog/types";
import { LlmOpsValidationError, type ValidationProblem } from "../errors";
import { isResolvedSpec, resolveEnvironmentSpec, type ResolvedEnvironmentSpec } from "../environment/resolve";
import { stackNameOf, type LlmOpsStack, type LlmOpsStackProps } from "./llmops-stack";
import { cloudPart, hasCloudPart } from "../cloud-modules";
import { requireProvider } from "./providers";

type StackClass = new (scope: Construct, props: LlmOpsStackProps) => LlmOpsStack;

/**
 * The environment stack class of a cloud, its module loaded on first use only (an
 * install with one cloud's provider package never loads another cloud's); throws a
 * message naming the package to install when the cloud's provider is missing.
 */
export function environmentStackClass(cloud: Cloud): StackClass {
  if (!hasCloudPart(cloud, "stack")) throw new Error(`no environment stack for ${cloud} in this release`);
  requireProvider(cloud, `a cloud: ${cloud} environment`);
  return cloudPart(cloud, "stack") as StackClass;
}

/** Builds the environment stack for a spec in `app`, choosing the cloud's stack (loaded on first use). */
export function addEnvironmentStack(app: App, spec: unknown, props: Omit<LlmOpsStackProps, "spec"> = {}): LlmOpsStack {
  const resolved: ResolvedEnvironmentSpec = isResolvedSpec(spec) ? spec : resolveEnvironmentSpec(spec);
  return new (environmentStackClass(resolved.cloud))(app, { ...props, spec: resolved });
}

/**
 * Builds one stack per spec in `app`; rejects two specs that would give the same
 * stack name. Problems of every spec are reported together, each prefixed with its
 * source (file name or index).
 */
export function addEnvironmentStacks(app: App, specs: readonly { readonly source: string; readonly spec: unknown }[]): LlmOpsStack[] {
  const stacks: LlmOpsStack[] = [];
  const problems: ValidationProblem[] = [];
  const seen = new Map<string, string>();
  for (const { source, spec } of specs) {
    try {
      const resolved = resolveEnvironmentSpec(spec);
      const name = stackNameOf(resolved);
      const first = seen.get(name);
      if (first) {
        problems.push({ path: `${source}: name`, message: `gives stack ${name}, as ${first} does; the name and tier of each spec must differ` });
        continue;
      }
      seen.set(name, source);
      stacks.push(addEnvironmentStack(app, resolved));
    } catch (e) {
      if (!(e instanceof LlmOpsValidationError)) throw e;
      problems.push(...e.problems.map((p) => ({ path: `${source}: ${p.path}`, message: p.message })));
    }
  }
  if (problems.length > 0) throw new LlmOpsValidationError("environment specs", problems);
  return stacks;
}
