import { App } from "../cdk";
import { LlmOpsValidationError, type ValidationProblem } from "../errors";
import { isResolvedSpec, resolveEnvironmentSpec } from "../environment/resolve";
import { AwsLlmOpsStack } from "./aws-llmops-stack";
import { GcpLlmOpsStack } from "./gcp-llmops-stack";
import { stackNameOf, type LlmOpsStack } from "./llmops-stack";

/** Builds the environment stack for a spec in `app`, choosing the cloud's stack. */
export function addEnvironmentStack(app: App, spec: unknown): LlmOpsStack {
  const resolved = isResolvedSpec(spec) ? spec : resolveEnvironmentSpec(spec);
  switch (resolved.cloud) {
    case "aws":
      return new AwsLlmOpsStack(app, { spec: resolved });
    case "gcp":
      return new GcpLlmOpsStack(app, { spec: resolved });
    default:
      // resolveEnvironmentSpec admits only clouds that have a stack.
      throw new Error(`no environment stack for cloud ${resolved.cloud}, yet its spec resolved`);
  }
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
