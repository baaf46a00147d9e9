import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The environment of every command: no telemetry, audit or funding calls, no colours. */
export const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  CHECKPOINT_DISABLE: "1",
  CI: "true",
  FORCE_COLOR: "0",
  NO_COLOR: "1",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_loglevel: "error",
};

/** The result of one shell command. */
export interface Ran {
  readonly code: number;
  readonly out: string;
  readonly seconds: number;
}

/** Runs a command line in bash in `cwd`. */
export function sh(command: string, cwd: string): Ran {
  const start = process.hrtime.bigint();
  const r = spawnSync("bash", ["-c", command], { cwd, env: ENV, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { code: r.status ?? 1, out: `${r.stdout ?? ""}${r.stderr ?? ""}`, seconds };
}

/** Runs a command that must succeed; fails with its output otherwise. */
export function ok(command: string, cwd: string): Ran {
  const r = sh(command, cwd);
  // The output goes into the error's message: its own stack frames ("    at ...") and control
  // characters are neutralised, or vitest would read them as frames of this test and fail
  // on the files they name instead of reporting the command's failure.
  const output = r.out.slice(-4000).replace(/^(\s*)at /gm, "$1| at ").replace(/[^\t\n\x20-\x7e]/g, "?");
  if (r.code !== 0) throw new Error(`\`${command}\` in ${cwd} exited ${r.code}:\n${output}`);
  return r;
}

/**
 * The commands of the README's fenced block that follows `<!-- packaging-test:<name> -->`,
 * one per line, comments stripped: the packaging test runs exactly what the README says.
 */
export function readmeCommands(root: string, name: string): string[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const marker = `<!-- packaging-test:${name} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker}`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error(`no sh block after ${marker}`);
  return block[1]
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l.length > 0 && !l.startsWith("#"));
}

/** Installs the packed tarball where the README names the package: the word `llmops-constructs` as an npm install argument. */
export function withTarball(command: string, tarball: string): string {
  return command.replace(/(^npm install .*?)(?<=\s)llmops-constructs(?=\s|$)/, `$1${tarball}`);
}
