import { diffSynths, readSynthDir } from "../review/diff";
import { diffText } from "../review/diff-text";

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

/** Runs `llmops diff`; returns the exit status. */
export function runReviewCommand(command: "diff" | "review", args: ReviewArgs, io: Io): number {
  try {
    if (command === "diff") return diff(args, io);
    throw new UsageError(`unknown command ${command}`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`llmops ${command}: ${e.message} (see 'llmops ${command} --help')`);
    return 2;
  }
}
