import type { ProblemCollector } from "../../../errors";
import { retentionProblem } from "../../../util/retention";

/** Records a problem when `days` is not a retention CloudWatch Logs accepts. */
export function checkRetention(problems: ProblemCollector, path: string, days: number): void {
  const problem = retentionProblem(days);
  if (problem) problems.add(path, problem);
}

/** Default log retention per tier, days. */
export const LOG_RETENTION_BY_TIER = { dev: 14, staging: 90, prod: 365 } as const;
