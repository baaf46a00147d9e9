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


/** The values a valid cron field allows (day-of-week 7 is read as 0, Sunday). */
function fieldValues(part: string, index: number): Set<number> {
  const f = FIELDS[index];
  const names = index === 4 ? DAY_NAMES : index === 3 ? MONTH_NAMES : [];
  const value = (v: string) => (/^\d+$/.test(v) ? Number(v) : names.indexOf(v.toUpperCase()) + (index === 3 ? 1 : 0));
  const out = new Set<number>();
  for (const item of part.split(",")) {
    const [range, step] = item.split("/");
    const [low, high] = range === "*" ? [f.min, f.max] : range.split("-").map(value).concat(range.includes("-") ? [] : step ? [f.max] : [value(range)]);
    for (let n = low; n <= high; n += step ? Number(step) : 1) out.add(index === 4 && n === 7 ? 0 : n);
  }
  return out;
}

/** The minutes of the year 2025 (0 = Jan 1 00:00 UTC) in which a valid 5-field cron expression fires. */
export function cronFiringsIn2025(expr: string): number[] {
  const parts = expr.trim().split(/\s+/);
  const [minute, hour, dom, month, dow] = parts.map(fieldValues);
  const domAny = parts[2] === "*";
  const dowAny = parts[4] === "*";
  const out: number[] = [];
  for (let day = 0; day < 365; day++) {
    const date = new Date(Date.UTC(2025, 0, 1 + day));
    if (!month.has(date.getUTCMonth() + 1)) continue;
    const byDom = dom.has(date.getUTCDate());
    const byDow = dow.has(date.getUTCDay());
    // Standard cron: with both day fields restricted, either may match.
    if (!(domAny || dowAny ? byDom && byDow : byDom || byDow)) continue;
    for (const h of [...hour].sort((a, b) => a - b)) for (const m of [...minute].sort((a, b) => a - b)) out.push(day * 1440 + h * 60 + m);
  }
  return out;
}

/**
 * The share of time (0-1) a window is open, when `openCron` opens it and `closeCron`
 * closes it (e.g. scale up at 07:00 and down at 19:00 on weekdays), over the year
 * 2025, starting in the state the end of the year leaves (the schedule repeats).
 */
export function cronWindowShare(openCron: string, closeCron: string): number {
  const minutes = 365 * 1440;
  // At the same minute, closing is applied first, then opening (as the scheduled actions would race, opening wins).
  const events = [...cronFiringsIn2025(closeCron).map((at) => ({ at, open: false })), ...cronFiringsIn2025(openCron).map((at) => ({ at, open: true }))].sort((a, b) => a.at - b.at || Number(a.open) - Number(b.open));
  if (events.length === 0) return 1;
  let open = events[events.length - 1].open;
  let since = 0;
  let openMinutes = 0;
  for (const e of events) {
    if (open) openMinutes += e.at - since;
    open = e.open;
    since = e.at;
  }
  if (open) openMinutes += minutes - since;
  return openMinutes / minutes;
}
