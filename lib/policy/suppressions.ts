import type { IConstruct } from "../cdk";
import { LlmOpsValidationError } from "../errors";

/** A rule silenced on a construct (and everything below it), with the reason a reviewer reads. */
export interface Suppression {
  /** Rule id, e.g. `LLM-AWS-S3-4`. */
  readonly id: string;
  /** Why the rule does not apply here: at least a sentence. */
  readonly reason: string;
}

const KEY = Symbol.for("llmops-constructs.suppressions");

/** Why a reason is too thin to accept, or undefined when it will do. */
export function reasonProblem(reason: unknown): string | undefined {
  if (typeof reason !== "string" || reason.trim().length === 0) return "a reason is required: say why the rule does not apply here";
  const words = reason.trim().split(/\s+/).length;
  if (reason.trim().length < 20 || words < 4) {
    return `give a reason of at least a sentence, 4 words and 20 characters, that would satisfy a reviewer (got ${JSON.stringify(reason)})`;
  }
  return undefined;
}

/** Records suppressions on a construct; rejects every one without a real reason. */
export function addSuppressions(scope: IConstruct, suppressions: readonly Suppression[]): void {
  const problems = suppressions.flatMap((s, i) => {
    const list: { path: string; message: string }[] = [];
    if (typeof s.id !== "string" || !/^LLM-[A-Z0-9]+(-[A-Z0-9]+)*$/.test(s.id)) list.push({ path: `suppressions.${i}.id`, message: `must be a rule id like LLM-AWS-S3-1 (got ${JSON.stringify(s.id)})` });
    const problem = reasonProblem(s.reason);
    if (problem) list.push({ path: `suppressions.${i}.reason`, message: problem });
    return list;
  });
  if (problems.length > 0) throw new LlmOpsValidationError(`suppressions on ${scope.node.path || "the app"}`, problems);
  const holder = scope as unknown as Record<symbol, Suppression[] | undefined>;
  holder[KEY] = [...(holder[KEY] ?? []), ...suppressions.map((s) => ({ id: s.id, reason: s.reason.trim() }))];
}

/** Suppressions made directly on a construct. */
export function suppressionsOn(scope: IConstruct): readonly Suppression[] {
  return (scope as unknown as Record<symbol, Suppression[] | undefined>)[KEY] ?? [];
}
