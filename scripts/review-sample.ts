/**
 * The sample pull-request comment of the README: `llmops review` of the examples'
 * environment stacks (AWS and Google Cloud, dev and prod) against a base where the
 * AWS dev spec asked for one L4 GPU per training node instead of four. `npm run
 * review-sample` rewrites docs/review-sample.md; a test regenerates it and compares.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "../lib/cdk";
import { loadSpecFile } from "../lib/environment/load";
import { reviewComment } from "../lib/review/comment";
import { addEnvironmentStacks } from "../lib/stacks/synth";

const ROOT = join(__dirname, "..");
export const SAMPLE_FILE = join(ROOT, "docs", "review-sample.md");
export const EXAMPLE_SPECS = ["examples/aws/specs/dev.yaml", "examples/aws/specs/prod.yaml", "examples/gcp/specs/dev.yaml", "examples/gcp/specs/prod.yaml"];

/** The one spec change between base and head: the AWS dev training pool's GPUs per node (1 in the base, 4 in the example). */
export function baseSpecOf(file: string, spec: unknown): unknown {
  if (file !== "examples/aws/specs/dev.yaml") return spec;
  const s = spec as { training: Record<string, unknown> };
  return { ...s, training: { ...s.training, acceleratorsPerNode: 1 } };
}

/** Synthesizes the examples' environment stacks (the base variant when `base`) into `outdir`. */
export function synthExamples(outdir: string, base: boolean): void {
  const app = new App({ outdir, stackTraces: false });
  addEnvironmentStacks(
    app,
    EXAMPLE_SPECS.map((file) => {
      const spec = loadSpecFile(join(ROOT, file));
      return { source: file, spec: base ? baseSpecOf(file, spec) : spec };
    }),
  );
  app.synth();
}

/** The sample comment: head = the examples, base = the examples with the one change. */
export function reviewSample(): string {
  const scratch = mkdtempSync(join(tmpdir(), "llmops-review-sample-"));
  try {
    const [head, base] = [join(scratch, "head"), join(scratch, "base")];
    synthExamples(head, false);
    synthExamples(base, true);
    return reviewComment({ head, base }).markdown;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  writeFileSync(SAMPLE_FILE, reviewSample());
  console.log(`wrote ${SAMPLE_FILE}`);
}
