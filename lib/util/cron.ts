/** Standard 5-field cron ("minute hour day-of-month month day-of-week", UTC). */

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
  if (expr.length > 200) return `is too long for a cron expression (got ${expr.length} characters; a 5-field expression is under 200)`;
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return `must have 5 fields 'minute hour day-of-month month day-of-week' (got ${JSON.stringify(expr)}, ${parts.length} fields)`;
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i];
    const names = i === 4 ? DAY_NAMES : i === 3 ? MONTH_NAMES : [];
    for (const item of parts[i].split(",")) {
      const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
      if (!m) return `${f.name} field ${JSON.stringify(parts[i])} is not a list of values, ranges, '*' or steps (got ${JSON.stringify(expr)})`;
      if (m[2] !== undefined && Number(m[2]) === 0) return `${f.name} step "/0" never advances; use a step of 1 or more (got ${JSON.stringify(expr)})`;
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

