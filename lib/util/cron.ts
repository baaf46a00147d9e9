/**
 * Standard 5-field cron ("minute hour day-of-month month day-of-week", UTC) and its
 * translation to the 6-field AWS form `cron(m h dom mon dow year)`.
 */

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day-of-week", min: 0, max: 7 },
] as const;

const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** Why a 5-field cron expression is invalid, or undefined when it is valid. */
export function cronProblem(expr: string): string | undefined {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return `must have 5 fields 'minute hour day-of-month month day-of-week' (got ${JSON.stringify(expr)}, ${parts.length} fields)`;
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i];
    const names = i === 4 ? DAY_NAMES : i === 3 ? MONTH_NAMES : [];
    for (const item of parts[i].split(",")) {
      const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
      if (!m) return `${f.name} field ${JSON.stringify(parts[i])} is not a list of values, ranges, '*' or steps (got ${JSON.stringify(expr)})`;
      if (m[1] === "*") continue;
      const bounds: number[] = [];
      for (const v of m[1].split("-")) {
        const n = /^\d+$/.test(v) ? Number(v) : names.indexOf(v.toUpperCase()) + (i === 3 ? 1 : 0);
        if (Number.isNaN(n) || n < f.min || n > f.max || (!/^\d+$/.test(v) && names.indexOf(v.toUpperCase()) < 0)) {
          return `${f.name} value ${JSON.stringify(v)} is out of range (got ${JSON.stringify(expr)}; allowed: ${f.min}-${f.max}${names.length ? ` or ${names[0]}-${names[names.length - 1]}` : ""})`;
        }
        bounds.push(n);
      }
      if (bounds.length === 2 && bounds[0] > bounds[1]) return `${f.name} range ${JSON.stringify(m[1])} runs backwards; write it low-high (got ${JSON.stringify(expr)})`;
    }
  }
  return undefined;
}

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
