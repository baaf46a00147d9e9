import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "../cdk";
import { LlmOpsValidationError } from "../errors";
import { environmentSpecJsonSchema } from "../environment/schema";
import { loadSpecFile } from "../environment/load";
import { CONTINUE_ON_ERROR_CONTEXT } from "../policy/guardrails";
import { summaryLine } from "../policy/report";
import { addPlatformStacksWhereInstalled } from "../stacks/platform-registry";
import { addEnvironmentStacks } from "../stacks/synth";
import { VERSION } from "../version";
import { REVIEW_HELP, runReviewCommand, UsageError } from "./review-commands";

/** Where the command writes; tests pass buffers. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const USAGE = `Usage: llmops <command> [options]

Commands:
  validate <spec>...            Check spec files (YAML or JSON); lists every problem.
  synth <spec>... [--out DIR]   Synthesize one Terraform stack per spec into DIR
                                (default: cdktf.out), in the layout cdktf writes.
  schema                        Print the JSON Schema of the spec (for editors and CI).
  diff <base> <head> [--json]   Compare two synth outputs (cdktf.out folders): resources
                                added, removed, changed, replaced; data loss is an error.
  cost <spec|cdktf.out>... [--usage FILE] [--json]
                                Monthly cost per stack and component at list prices:
                                idle, worst case, expected (from a usage profile).
  cost --compare <base> <head> [--json]
                                The cost change per stack, component and line.
  review <cdktf.out> [--base <cdktf.out>] [--plan <plan.json>] [--out FILE]
                                Write the pull-request comment (Markdown): summary,
                                diff, guardrails, cost, plan review, diagrams.
  review --plan <plan.json> [--json]
                                Review a 'terraform show -json' plan of any Terraform:
                                actions, data loss, and the guardrail rules.

Options:
  -h, --help                    Show help for llmops or a command.
  -v, --version                 Print the version of llmops-constructs.

Exit status: 0 success, 1 invalid specs, guardrail or data-loss errors, 2 wrong usage.`;

const COMMAND_HELP: Record<string, string> = {
  ...REVIEW_HELP,
  validate: `Usage: llmops validate <spec>...

Reads each spec (YAML or JSON), applies the tier presets, checks accelerators,
regions, names, sizes and contacts, builds the stacks without writing them and runs
their guardrails. Prints every problem as 'file: path: what is wrong', warnings
(budget worst case, unlisted regions, guardrail warnings) and a guardrail summary
per stack. Exits 1 when any spec is invalid or a guardrail finds an error.`,
  synth: `Usage: llmops synth <spec>... [--out DIR]

Synthesizes one stack per spec, named <name>-<cloud>-<tier>, into DIR (default
cdktf.out): DIR/manifest.json and DIR/stacks/<name>-<cloud>-<tier>/cdk.tf.json, with
the guardrail reports guardrails.json and guardrails.sarif beside each, and the
resolved spec llmops-spec.json (read by 'llmops cost' and 'llmops review'). An AWS or
Azure spec with a training cluster also gets its platform stack,
<name>-<cloud>-platform-<tier> (device plugins, and on AWS the Cluster Autoscaler,
applied second from inside the network), when
@cdktf/provider-helm and @cdktf/provider-kubernetes are installed; otherwise a warning
says what to install. DIR and its parents are
created when missing. A stack folder in DIR that no spec gives any more is removed,
unless it holds Terraform state or a .terraform folder; then it is reported. Prints a summary line per
stack; exits 1 when a guardrail finds an error (the stacks are still written, so the
reports can be reviewed). Run 'terraform init' and 'terraform plan' in
DIR/stacks/<name>-<cloud>-<tier>.`,
  schema: `Usage: llmops schema

Prints the JSON Schema of the environment spec. Point your editor at it, e.g. with
'# yaml-language-server: $schema=./environment-spec.schema.json' in a spec file.`,
};

interface Parsed {
  readonly files: string[];
  readonly out?: string;
  readonly plan?: string;
  readonly base?: string;
  readonly usage?: string;
  readonly compare: boolean;
  readonly json: boolean;
  readonly help: boolean;
}

/** Options that take a value, by command. */
const VALUE_OPTIONS: Record<string, Record<string, string>> = {
  synth: { "--out": "a directory", "-o": "a directory" },
  review: { "--plan": "a file", "--out": "a file", "-o": "a file", "--base": "a cdktf.out folder" },
  cost: { "--usage": "a file" },
};

function parseArgs(command: string, args: readonly string[]): Parsed {
  const files: string[] = [];
  const values: Record<string, string> = {};
  let help = false;
  let json = false;
  let compare = false;
  const takes = VALUE_OPTIONS[command] ?? {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    if (a === "-h" || a === "--help") help = true;
    else if (["diff", "review", "cost"].includes(command) && a === "--json") json = true;
    else if (command === "cost" && a === "--compare") compare = true;
    else if (flag in takes) {
      const value = inline ?? args[++i];
      if (value === undefined || value === "" || value.startsWith("-")) throw new UsageError(`${flag} needs ${takes[flag]}`);
      values[flag === "-o" ? "--out" : flag] = value;
    } else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a} for '${command}'`);
    else files.push(a);
  }
  return { files, out: values["--out"], plan: values["--plan"], base: values["--base"], usage: values["--usage"], compare, json, help };
}

function loadAll(files: readonly string[]): { source: string; spec: unknown }[] {
  const problems: { path: string; message: string }[] = [];
  const specs: { source: string; spec: unknown }[] = [];
  for (const file of files) {
    try {
      specs.push({ source: file, spec: loadSpecFile(file) });
    } catch (e) {
      if (!(e instanceof LlmOpsValidationError)) throw e;
      problems.push(...e.problems.map((p) => ({ path: `${file}: ${p.path}`, message: p.message })));
    }
  }
  if (problems.length > 0) throw new LlmOpsValidationError("spec files", problems);
  return specs;
}

/** Synthesizes every spec into `outdir`; prints warnings, the guardrail findings and a summary line per stack. */
function build(files: readonly string[], outdir: string, io: CliIo): { names: string[]; platforms: string[]; guardrailErrors: number } {
  // Every stack is synthesized and reported even when an earlier one has error findings.
  mkdirSync(outdir, { recursive: true });
  // No stack traces in manifest.json: they hold absolute paths of this machine.
  const app = new App({ outdir, skipValidation: false, stackTraces: false, context: { [CONTINUE_ON_ERROR_CONTEXT]: true } });
  const stacks = addEnvironmentStacks(app, loadAll(files));
  const platforms = addPlatformStacksWhereInstalled(app, stacks, (message) => io.err(`warning: ${message}`));
  app.synth();
  const names: string[] = [];
  let guardrailErrors = 0;
  for (const stack of stacks) {
    names.push(stack.node.id);
    for (const w of stack.spec.warnings) io.err(`warning: ${stack.node.id}: ${w}`);
    const report = stack.guardrails.report;
    if (!report) continue;
    const fixes = new Map(stack.guardrails.rules.map((r) => [r.id, r.fix]));
    for (const f of report.findings.filter((x) => x.status === "non-compliant")) {
      const fix = fixes.get(f.ruleId);
      io.err(`${f.level === "error" && report.mode === "enforce" ? "error" : "warning"}: ${stack.node.id}: [${f.ruleId}] ${f.resource} (${f.constructPath}): ${f.message}${fix ? ` Fix: ${fix}` : ""}`);
    }
    for (const u of report.unusedSuppressions) io.err(`warning: ${stack.node.id}: suppression of ${u.ruleId} on ${u.at} matched nothing`);
    io.out(summaryLine(report));
    if (report.mode === "enforce") guardrailErrors += report.summary.errors;
  }
  return { names, platforms: platforms.map((p) => p.node.id), guardrailErrors };
}

/**
 * Removes stack folders of `outdir` that this synth did not write (a spec removed or
 * renamed since the last synth into the same folder), so the folder holds exactly
 * what manifest.json lists. A folder holding Terraform state or a `.terraform`
 * directory is kept and reported: deleting it could lose state.
 */
function removeStaleStacks(outdir: string, written: readonly string[], io: CliIo): void {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return;
  for (const entry of readdirSync(stacksDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || written.includes(entry.name)) continue;
    const dir = join(stacksDir, entry.name);
    const state = readdirSync(dir).filter((f) => f === ".terraform" || f.endsWith(".tfstate") || f.endsWith(".tfstate.backup"));
    if (state.length > 0) {
      io.err(`warning: ${dir} is from an earlier synth (no spec gives stack ${entry.name} now) and holds ${state.join(", ")}; kept: move the state or delete the folder yourself`);
    } else {
      rmSync(dir, { recursive: true, force: true });
      io.err(`removed ${dir}: no spec gives stack ${entry.name} now`);
    }
  }
}

/** Runs the `llmops` command; returns the exit status. */
export function main(argv: readonly string[], io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) }): number {
  const [command, ...rest] = argv;
  if (command === "-v" || command === "--version" || command === "version") {
    io.out(VERSION);
    return 0;
  }
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    (command === undefined ? io.err : io.out)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (!(command in COMMAND_HELP)) {
    io.err(`llmops: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  let args: Parsed;
  try {
    args = parseArgs(command, rest);
  } catch (e) {
    io.err(`llmops ${command}: ${(e as Error).message} (see 'llmops ${command} --help')`);
    return 2;
  }
  if (args.help) {
    io.out(COMMAND_HELP[command]);
    return 0;
  }
  if (command === "schema") {
    if (args.files.length > 0) {
      io.err(`llmops schema: takes no arguments (got ${args.files.join(" ")})`);
      return 2;
    }
    io.out(JSON.stringify(environmentSpecJsonSchema(), null, 2));
    return 0;
  }
  if (command === "diff" || command === "review" || command === "cost") return runReviewCommand(command, args, io);
  if (args.files.length === 0) {
    io.err(`llmops ${command}: name at least one spec file (see 'llmops ${command} --help')`);
    return 2;
  }
  try {
    if (command === "validate") {
      const scratch = mkdtempSync(join(tmpdir(), "llmops-validate-"));
      try {
        const { names, guardrailErrors } = build(args.files, scratch, io);
        if (guardrailErrors > 0) {
          io.err(`${guardrailErrors} guardrail error${guardrailErrors === 1 ? "" : "s"}: fix them or suppress each with a reason`);
          return 1;
        }
        io.out(`ok: ${args.files.length} spec${args.files.length === 1 ? "" : "s"} valid (${names.join(", ")})`);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    } else {
      const outdir = args.out ?? "cdktf.out";
      const { names, platforms, guardrailErrors } = build(args.files, outdir, io);
      removeStaleStacks(outdir, [...names, ...platforms], io);
      for (const name of names) io.out(`synthesized ${name} -> ${join(outdir, "stacks", name, "cdk.tf.json")} (reports: guardrails.json, guardrails.sarif)`);
      for (const name of platforms) io.out(`synthesized ${name} -> ${join(outdir, "stacks", name, "cdk.tf.json")} (in-cluster platform: apply after its environment, from inside the ${name.includes("-azure-platform-") ? "VNet" : "VPC"})`);
      if (guardrailErrors > 0) {
        io.err(`${guardrailErrors} guardrail error${guardrailErrors === 1 ? "" : "s"}: the stacks were written for review; fix or suppress each finding before applying`);
        return 1;
      }
    }
    return 0;
  } catch (e) {
    if (!(e instanceof LlmOpsValidationError)) throw e;
    io.err(e.message);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
