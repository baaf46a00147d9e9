import type { Checks } from "../../private/checks";
import { retentionProblem } from "./retention";

/** Default log retention per tier, days: the one table every AWS construct (and the spec) reads. */
export const LOG_RETENTION_BY_TIER = { dev: 14, staging: 90, prod: 365 } as const;

/** Records a retention problem in a {@link Checks} (skipping values unknown until apply). */
export function checkLogRetention(checks: Checks, path: string, days: number | undefined): void {
  checks.check(path, days, retentionProblem);
}
