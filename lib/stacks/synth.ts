import { App } from "../cdk";
import { LlmOpsValidationError, type ValidationProblem } from "../errors";
import { isResolvedSpec, resolveEnvironmentSpec } from "../environment/resolve";
import { AwsLlmOpsStack, stackNameOf } from "./aws-llmops-stack";

/** Builds the environment stack for a spec in `app`, choosing the cloud's stack. */
export function addEnvironmentStack(app: App, spec: unknown): AwsLlmOpsStack {
  // resolveEnvironmentSpec admits only clouds that have a stack; today that is AWS.
  return new AwsLlmOpsStack(app, { spec: isResolvedSpec(spec) ? spec : resolveEnvironmentSpec(spec) });
}

/**
 * Builds one stack per spec in `app`; rejects two specs that would give the same
 * stack name. Problems of every spec are reported together, each prefixed with its
 * source (file name or index).
 */
export function addEnvironmentStacks(app: App, specs: readonly { readonly source: string; readonly spec: unknown }[]): AwsLlmOpsStack[] {
  const stacks: AwsLlmOpsStack[] = [];
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
