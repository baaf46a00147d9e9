import { diffSynths, readSynthDir } from "../review/diff";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { LlmOpsValidationError } from "../errors";
import { reviewComment, reviewData } from "../review/comment";
import { compareCosts, costReport } from "../review/cost";
import { compareText, costText } from "../review/cost-text";
import { loadUsageProfile } from "../review/usage-profile";
import { ALL_RULES } from "../policy/rules/index";
import { diffText } from "../review/diff-text";
import { parsePlan, reviewPlan } from "../review/plan";
import { planText } from "../review/plan-text";

/** A command line that cannot run as given (exit 2). */
export class UsageError extends Error {}

interface ReviewArgs {
  readonly files: readonly string[];
  readonly plan?: string;
  readonly base?: string;
  readonly out?: string;
  readonly usage?: string;
  readonly compare?: boolean;
  readonly json: boolean;
}

interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Help of the review commands, by command. */
export const REVIEW_HELP: Record<string, string> = {
  diff: `Usage: llmops diff <base cdktf.out> <head cdktf.out> [--json]

Compares two synth outputs stack by stack (stacks/<name>/cdk.tf.json): resources
added (+), removed (-), changed in place (~) with the changed attribute paths,
replaced (-/+: a changed argument forces a new resource, from the checked-in table of
the providers' replacement-forcing arguments), possibly replaced (?/+: a type the
table does not list, or a reference to a replaced resource), and moved (>) by the
stack's 'moved' blocks (a moved resource is not a removal). A stateful resource
(bucket, key, file system, database, registry, vector store) removed or replaced is
a data-loss error naming the resource and the cause. --json prints the report as JSON.
Exits 1 on a data-loss error, 2 when a folder is not a synth output.`,
  cost: `Usage: llmops cost <spec|cdktf.out>... [--usage usage.yaml] [--json]
       llmops cost --compare <base> <head> [--json]

Monthly cost per stack and per component at list prices (the dated price table of
the catalog), three figures: idle (pools at their minimum, endpoints at what their
minimum and schedule leave running, storage and fixed fees), worst case (every pool,
endpoint and capacity unit at its maximum for 730 hours, plus the fixed fees) and,
with --usage, expected (training node-hours and serving hours from the usage
profile; schema in the README). Give spec files or cdktf.out folders (each
environment stack's llmops-spec.json, written at synth). A figure marked ~ rests on
a derived price, ? on an unknown one; "not priced" means this release has no price
model for it (never a zero). --compare prints the change per stack, component and
line between two inputs (each a cdktf.out folder or a spec file). --json prints the
report as JSON. Exits 2 when an input is missing or not a spec or synth output.`,
  review: `Usage: llmops review <cdktf.out> [--base <cdktf.out>] [--plan <plan.json>] [--out comment.md] [--json]
       llmops review --plan <plan.json> [--json]

With a cdktf.out folder: writes the pull-request comment, one Markdown document
(to --out, else standard output) under GitHub's 65,536-character limit: a summary
table per stack (resources added, changed, removed and replaced against --base,
data-loss errors, guardrail errors and warnings from guardrails.json, idle and
worst-case monthly cost and their change), then collapsible details (the diff,
guardrail findings, the plan review, cost lines, a Mermaid diagram of each
environment). Details are cut, with a note, when the limit is near; the summary
never is. Its first line, <!-- llmops-review -->, lets CI update one comment. Exits
1 on a data-loss or guardrail error (the comment is still written).

With --plan alone: reviews the JSON of a Terraform plan ('terraform plan -out plan.out && terraform show
-json plan.out > plan.json') of any configuration, not only ours: a count of actions
(create, update, replace, delete, read, no-op) and one line per resource that changes;
a stateful resource (bucket, key, file system, database, registry, vector store)
deleted or replaced is a data-loss error; and every guardrail rule of every pack runs
on the planned values (root and child modules), so the same rules check Terraform this
library did not write. --json prints the review as JSON. Exits 1 on a data-loss error
or a guardrail error, 2 when the file is missing or not a plan.`,
};

function diff(args: ReviewArgs, io: Io): number {
  if (args.files.length !== 2) throw new UsageError(`takes two folders, base and head (got ${args.files.length})`);
  const [base, head] = args.files.map((dir) => {
    try {
      return readSynthDir(dir);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
  const report = diffSynths(base, head);
  if (args.json) io.out(JSON.stringify(report, null, 2));
  else for (const line of diffText(report)) (line.startsWith("error:") ? io.err : io.out)(line);
  return report.errors.length > 0 ? 1 : 0;
}

function comment(args: ReviewArgs, io: Io): number {
  if (args.files.length !== 1) throw new UsageError(`takes one cdktf.out folder (got ${args.files.length}: ${args.files.join(" ")})`);
  for (const dir of [args.files[0], args.base].filter((d): d is string => d !== undefined)) {
    try {
      readSynthDir(dir);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  const inputs = { head: args.files[0], base: args.base, plan: args.plan };
  if (args.plan) readPlan(args.plan);
  if (args.json) {
    const data = reviewData(inputs);
    io.out(JSON.stringify({ ...data, guardrails: Object.fromEntries(data.guardrails), docs: undefined }, null, 2));
    return 0;
  }
  const result = reviewComment(inputs);
  if (args.out) {
    mkdirSync(dirname(args.out), { recursive: true });
    writeFileSync(args.out, result.markdown);
    io.out(`wrote ${args.out} (${result.markdown.length} characters${result.truncated ? ", details cut to stay under the limit" : ""})`);
  } else io.out(result.markdown.trimEnd());
  if (result.dataLossErrors > 0) io.err(`error: ${result.dataLossErrors} data-loss error${result.dataLossErrors === 1 ? "" : "s"}`);
  if (result.guardrailErrors > 0) io.err(`error: ${result.guardrailErrors} guardrail error${result.guardrailErrors === 1 ? "" : "s"}`);
  return result.dataLossErrors + result.guardrailErrors > 0 ? 1 : 0;
}

function readPlan(path: string): void {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`${path}: no such file`);
  }
  try {
    parsePlan(text);
  } catch (e) {
    throw new UsageError(`${path}: ${e instanceof SyntaxError ? "is not JSON" : (e as Error).message}`);
  }
}

function cost(args: ReviewArgs, io: Io): number {
  const load = (paths: readonly string[]) => {
    try {
      return costReport(paths, args.usage ? loadUsageProfile(args.usage) : undefined);
    } catch (e) {
      if (e instanceof LlmOpsValidationError) throw e;
      throw new UsageError((e as Error).message);
    }
  };
  if (args.compare) {
    if (args.files.length !== 2) throw new UsageError(`--compare takes two inputs, base and head (got ${args.files.length})`);
    const cmp = compareCosts(load([args.files[0]]), load([args.files[1]]));
    if (args.json) io.out(JSON.stringify(cmp, null, 2));
    else for (const line of compareText(cmp)) io.out(line);
    return 0;
  }
  if (args.files.length === 0) throw new UsageError("name spec files or a cdktf.out folder");
  const report = load(args.files);
  if (args.json) io.out(JSON.stringify(report, null, 2));
  else for (const line of costText(report)) io.out(line);
  return 0;
}

function review(args: ReviewArgs, io: Io): number {
  if (args.files.length > 0 || args.base || args.out) return comment(args, io);
  if (!args.plan) throw new UsageError("needs a cdktf.out folder, or --plan <plan.json>");
  let text: string;
  try {
    text = readFileSync(args.plan, "utf8");
  } catch {
    throw new UsageError(`${args.plan}: no such file`);
  }
  let plan;
  try {
    plan = parsePlan(text);
  } catch (e) {
    throw new UsageError(`${args.plan}: ${e instanceof SyntaxError ? "is not JSON" : (e as Error).message}`);
  }
  const result = reviewPlan(plan, args.plan);
  const fixes = new Map(ALL_RULES.map((r) => [r.id, r.fix]));
  if (args.json) io.out(JSON.stringify(result, null, 2));
  else for (const line of planText(result, (id) => fixes.get(id))) (/^(error|warning):/.test(line) ? io.err : io.out)(line);
  const guardrailErrors = result.findings.filter((f) => f.status === "non-compliant" && f.level === "error").length;
  return result.dataLoss.length + guardrailErrors > 0 ? 1 : 0;
}

/** Runs `llmops diff` or `llmops review`; returns the exit status. */
export function runReviewCommand(command: "diff" | "review" | "cost", args: ReviewArgs, io: Io): number {
  try {
    if (command === "diff") return diff(args, io);
    if (command === "cost") return cost(args, io);
    return review(args, io);
  } catch (e) {
    if (e instanceof LlmOpsValidationError) {
      io.err(e.message);
      return 1;
    }
    if (!(e instanceof UsageError)) throw e;
    io.err(`llmops ${command}: ${e.message} (see 'llmops ${command} --help')`);
    return 2;
  }
}
