import { diffSynths, readSynthDir } from "../review/diff";
import { readFileSync } from "node:fs";
import { ALL_RULES } from "../policy/rules/index";
import { diffText } from "../review/diff-text";
import { parsePlan, reviewPlan } from "../review/plan";
import { planText } from "../review/plan-text";

/** A command line that cannot run as given (exit 2). */
export class UsageError extends Error {}

interface ReviewArgs {
  readonly files: readonly string[];
  readonly plan?: string;
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
  review: `Usage: llmops review --plan <plan.json> [--json]

Reviews the JSON of a Terraform plan ('terraform plan -out plan.out && terraform show
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

function review(args: ReviewArgs, io: Io): number {
  if (!args.plan) throw new UsageError("needs --plan <plan.json> (the pull-request comment from synth output is not built yet)");
  if (args.files.length > 0) throw new UsageError(`takes no other arguments (got ${args.files.join(" ")})`);
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
export function runReviewCommand(command: "diff" | "review", args: ReviewArgs, io: Io): number {
  try {
    if (command === "diff") return diff(args, io);
    return review(args, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`llmops ${command}: ${e.message} (see 'llmops ${command} --help')`);
    return 2;
  }
}
