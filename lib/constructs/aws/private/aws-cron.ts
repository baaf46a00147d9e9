import { cronProblem } from "../../../util/cron";

/**
 * Why a 5-field cron is invalid or has no AWS equivalent that {@link toAwsCron} can
 * give, or undefined. AWS cannot restrict both day fields, takes no step in
 * day-of-week, and numbers days 1-7 from Sunday, so a range ending on Sunday (7)
 * would run backwards there.
 */
export function awsCronProblem(expr: string): string | undefined {
  const problem = cronProblem(expr);
  if (problem) return problem;
  const [, , dom, , dow] = expr.trim().split(/\s+/);
  const got = `(got ${JSON.stringify(expr)})`;
  if (dom !== "*" && dow !== "*") return `AWS schedules cannot restrict both day-of-month and day-of-week; set one of them to '*' ${got}`;
  if (dow.includes("/")) return `AWS schedules take no step in day-of-week; list the days instead ${got}`;
  if (/-(7|SUN)(,|$)/i.test(dow)) return `AWS schedules cannot take a day-of-week range ending on Sunday; list Sunday on its own, e.g. "0,5-6" ${got}`;
  return undefined;
}

/** Translates a valid 5-field cron into AWS's `cron(...)` (day-of-week 1-7 from Sunday; one day field `?`). */
export function toAwsCron(expr: string): string {
  const step = (field: string, first: number) => field.replace(/^\*\//, `${first}/`);
  const [rawMin, rawHour, dom, mon, dow] = expr.trim().split(/\s+/);
  const min = step(rawMin, 0);
  const hour = step(rawHour, 0);
  const awsDow = dow === "*" ? "?" : dow.replace(/\d+/g, (d) => String((Number(d) % 7) + 1));
  const awsDom = dow === "*" ? dom : dom === "*" ? "?" : dom;
  return `cron(${min} ${hour} ${awsDom} ${mon} ${awsDow} *)`;
}
