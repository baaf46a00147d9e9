import type { ProblemCollector } from "../../../errors";
import type { Checks } from "../../private/checks";
import { retentionProblem } from "./retention";

/** Records a problem when `days` is not a retention CloudWatch Logs accepts. */
export function checkRetention(problems: ProblemCollector, path: string, days: number): void {
  const problem = retentionProblem(days);
  if (problem) problems.add(path, problem);
}

/** Default log retention per tier, days: the one table every AWS construct (and the spec) reads. */
export const LOG_RETENTION_BY_TIER = { dev: 14, staging: 90, prod: 365 } as const;

/** Records a retention problem in a {@link Checks} (skipping values unknown until apply). */
export function checkLogRetention(checks: Checks, path: string, days: number | undefined): void {
  checks.check(path, days, retentionProblem);
}
