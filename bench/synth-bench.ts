/**
 * `npm run bench`: synthesizes every example stack in one fresh process, several
 * times, and compares it with a fresh process that only loads the three provider
 * barrels. Prints medians of wall time and peak RSS, the ratio, and whether the
 * performance budget (1.5 s, 400 MB) holds. `--runs N` sets the repetitions (default 5).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const BUDGET_MS = 1500;
const BUDGET_MIB = 400;

interface Sample {
  wallMs: number;
  maxRssMiB: number;
}

function run(script: string): Sample {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["--require", "tsx/cjs", join(ROOT, "bench", script)], { cwd: ROOT, encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`${script} failed (${child.status}):\n${child.stderr}`);
  const report = JSON.parse(child.stdout.trim().split("\n").pop() as string) as { maxRssMiB: number };
  return { wallMs, maxRssMiB: report.maxRssMiB };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function measure(script: string): Sample {
  run(script); // warm the file-system cache and tsx's transform cache
  const samples = Array.from({ length: RUNS }, () => run(script));
  return { wallMs: median(samples.map((s) => s.wallMs)), maxRssMiB: median(samples.map((s) => s.maxRssMiB)) };
}

const synth = measure("synth-all.ts");
const barrels = measure("load-barrels.ts");
const line = (label: string, s: Sample) => `${label.padEnd(38)} ${s.wallMs.toFixed(0).padStart(6)} ms  ${s.maxRssMiB.toFixed(0).padStart(5)} MiB`;
console.log(`median of ${RUNS} runs, each a fresh process (node ${process.version})`);
console.log(line("synthesize every example stack", synth));
console.log(line("load the three provider barrels only", barrels));
console.log(`ratio synth / barrels: wall ${(synth.wallMs / barrels.wallMs).toFixed(2)}x, peak RSS ${(synth.maxRssMiB / barrels.maxRssMiB).toFixed(2)}x`);
const ok = synth.wallMs < BUDGET_MS && synth.maxRssMiB < BUDGET_MIB;
console.log(`budget (< ${BUDGET_MS} ms, < ${BUDGET_MIB} MiB): ${ok ? "met" : "NOT met"}`);
process.exitCode = ok ? 0 : 1;
