/**
 * The resolved spec of an environment stack, written at synth beside its
 * `cdk.tf.json` as `llmops-spec.json`, so `llmops cost` and `llmops review` can price
 * a `cdktf.out` folder without the spec files that made it.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ResolvedEnvironmentSpec } from "../environment/resolved";

/** File name of the resolved spec beside each environment stack's `cdk.tf.json`. */
export const SPEC_FILE = "llmops-spec.json";

/** Format tag of the file: a reader rejects another format instead of mispricing it. */
export const SPEC_FILE_FORMAT = "llmops-constructs/resolved-spec@1";

interface SpecFile {
  readonly format: string;
  readonly spec: ResolvedEnvironmentSpec;
}

/** Writes the resolved spec beside the stack file at `stackFile` (byte-stable: no dates, no paths). */
export function writeResolvedSpec(stackFile: string, spec: ResolvedEnvironmentSpec): void {
  const body: SpecFile = { format: SPEC_FILE_FORMAT, spec };
  writeFileSync(join(dirname(stackFile), SPEC_FILE), `${JSON.stringify(body, null, 2)}\n`);
}

/** The resolved spec written beside a stack in `stackDir`; undefined when the stack has none (a platform stack, or a synth older than the file). */
export function readResolvedSpec(stackDir: string): ResolvedEnvironmentSpec | undefined {
  const file = join(stackDir, SPEC_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<SpecFile>;
  if (parsed.format !== SPEC_FILE_FORMAT || !parsed.spec) throw new Error(`${file}: not a ${SPEC_FILE_FORMAT} file (got format ${JSON.stringify(parsed.format)}); synthesize again with this version`);
  return parsed.spec;
}
