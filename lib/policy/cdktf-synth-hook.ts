import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AnnotationMetadataEntryType, type ISynthesisSession, type IStackSynthesizer, type StackAnnotation, type TerraformStack } from "../cdk";

/**
 * The one place where the guardrails hook into cdktf's synth.
 *
 * Why a hook at all: cdktf's stack synthesizer throws on error annotations *before*
 * it writes `cdk.tf.json`, but the guardrail reports point at lines of that file, and
 * CI wants the file and the reports even when synth stops. So the guardrails run
 * after the stack's own synthesizer has written the file: they read the Terraform
 * JSON back from it (cdktf renders the stack once per synth; parsing its output is
 * cheap), annotate the constructs, record those annotations in the stack's manifest
 * entry themselves, write their reports, and only then stop synth on errors.
 *
 * Public cdktf API only: `TerraformStack.synthesizer` (a settable `IStackSynthesizer`)
 * and the session's manifest (`forStack(stack).synthesizedStackPath` and its
 * `annotations` list). What it relies on beyond their types, checked by
 * test/policy/cdktf-synth-hook.test.ts so a cdktf (or cdktn) upgrade that changes it
 * fails loudly there:
 * - the stack's synthesizer has written `synthesizedStackPath` when `synthesize` returns;
 * - that file is the JSON of `stack.toTerraform()`, with each resource's construct
 *   path in its `//` metadata;
 * - the manifest is written to disk after every stack synthesized, so annotations
 *   pushed to `forStack(stack).annotations` here reach `manifest.json`.
 */

/** The stack's synthesized configuration, as the hook hands it over. */
export interface SynthesizedStackFile {
  /** Absolute path of the written file (`cdk.tf.json`; `cdk.tf` in HCL mode). */
  readonly path: string;
  /** The file's text when it is JSON; undefined in HCL mode. */
  readonly json?: string;
  /** The stack's Terraform configuration: parsed from the file, or rendered again in HCL mode (which writes no JSON). */
  readonly doc: unknown;
}

/**
 * Runs `afterWrite` after the stack's own synthesizer has written the stack's file,
 * with that file's configuration. What `afterWrite` throws stops synth, as cdktf's own
 * error annotations do.
 */
export function afterStackFileWritten(stack: TerraformStack, afterWrite: (file: SynthesizedStackFile, session: ISynthesisSession) => void): void {
  const inner = stack.synthesizer;
  stack.synthesizer = {
    synthesize(session: ISynthesisSession): void {
      inner.synthesize(session);
      const path = join(session.outdir, session.manifest.forStack(stack).synthesizedStackPath);
      const json = path.endsWith(".json") && existsSync(path) ? readFileSync(path, "utf8") : undefined;
      afterWrite({ path, json, doc: json === undefined ? stack.toTerraform() : JSON.parse(json) }, session);
    },
  } satisfies IStackSynthesizer;
}

/** Adds annotations made after cdktf collected the stack's own into its manifest entry (so `manifest.json` and the cdktf CLI see them). */
export function recordAnnotations(session: ISynthesisSession, stack: TerraformStack, annotations: readonly StackAnnotation[]): void {
  session.manifest.forStack(stack).annotations.push(...annotations);
}

/** Error annotations in the stack's manifest entry: cdktf's own and those recorded here. */
export function errorAnnotations(session: ISynthesisSession, stack: TerraformStack): readonly StackAnnotation[] {
  return session.manifest.forStack(stack).annotations.filter((a) => a.level === AnnotationMetadataEntryType.ERROR);
}
