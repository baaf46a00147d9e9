import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { describe, expect, it, vi } from "vitest";
import { Annotations, TerraformStack, Testing } from "../../lib/cdk";
import { afterStackFileWritten, recordAnnotations, type SynthesizedStackFile } from "../../lib/policy/cdktf-synth-hook";
import { Guardrails } from "../../lib/policy/guardrails";
import { TAGS } from "./helpers";

const CHANGE = "cdktf's synth no longer behaves as lib/policy/cdktf-synth-hook.ts assumes: update that file (and only it) for the new cdktf";

function stackWithBucket() {
  const stack = new TerraformStack(Testing.app(), "hook");
  new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags: [{ tags: TAGS }] });
  const bucket = new S3Bucket(stack, "bucket", { bucket: "acme-hook" });
  return { stack, bucket };
}

describe("what the guardrails' synth hook relies on in cdktf", () => {
  it("a stack's synthesizer is a settable object with synthesize(session)", () => {
    const { stack } = stackWithBucket();
    expect(typeof stack.synthesizer?.synthesize, `${CHANGE}: TerraformStack.synthesizer.synthesize is gone`).toBe("function");
    const descriptor = Object.getOwnPropertyDescriptor(stack, "synthesizer");
    expect(descriptor?.writable, `${CHANGE}: TerraformStack.synthesizer can no longer be replaced`).toBe(true);
  });

  it("the stack's synthesizer has written the JSON of the stack, construct paths in `//` metadata, when it returns", () => {
    // given a stack hooked after its synthesizer
    const { stack, bucket } = stackWithBucket();
    let seen: SynthesizedStackFile | undefined;
    let manifestAnnotations: unknown;
    afterStackFileWritten(stack, (file, session) => {
      seen = file;
      manifestAnnotations = session.manifest.forStack(stack).annotations;
      recordAnnotations(session, stack, []);
    });
    // when synthesized
    const outdir = Testing.fullSynth(stack);
    try {
      // then the hook saw the written file, parsed, with the resource's construct path
      expect(seen, `${CHANGE}: the hook did not run`).toBeDefined();
      expect(existsSync(seen!.path) && seen!.json !== undefined, `${CHANGE}: ${seen!.path} was not written (as JSON) before synthesize() returned`).toBe(true);
      expect(seen!.json, `${CHANGE}: the file written differs from what the hook read`).toBe(readFileSync(seen!.path, "utf8"));
      const doc = seen!.doc as { resource?: Record<string, Record<string, { "//"?: { metadata?: { path?: string } } }>> };
      const written = Object.values(doc.resource?.aws_s3_bucket ?? {})[0];
      expect(written?.["//"]?.metadata?.path, `${CHANGE}: resources no longer carry their construct path in "//".metadata.path`).toBe(bucket.node.path);
      expect(Array.isArray(manifestAnnotations), `${CHANGE}: session.manifest.forStack(stack).annotations is not a list`).toBe(true);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("annotations recorded after the stack's synthesizer returned reach manifest.json", () => {
    const { stack, bucket } = stackWithBucket();
    Guardrails.of(stack, { reportOnly: true, packs: ["security"] });
    const outdir = Testing.fullSynth(stack);
    try {
      const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { annotations: { constructPath: string; message: string }[] }> };
      const annotations = manifest.stacks.hook?.annotations ?? [];
      expect(annotations.some((a) => a.constructPath === bucket.node.path && a.message.startsWith("[LLM-AWS-S3-1]")), `${CHANGE}: the manifest was written before the hook recorded its annotations`).toBe(true);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("renders the stack once per synth, guardrails included", () => {
    const { stack } = stackWithBucket();
    Guardrails.of(stack, { reportOnly: true });
    const render = vi.spyOn(stack, "toTerraform");
    rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
    expect(render).toHaveBeenCalledTimes(1);
  });

  it("leaves cdktf's own error annotations to cdktf: synth stops before the file is written, as without guardrails", () => {
    const { stack, bucket } = stackWithBucket();
    Guardrails.of(stack, { reportOnly: true });
    Annotations.of(bucket).addError("an error of the construct's own");
    expect(() => Testing.fullSynth(stack)).toThrowError(/an error of the construct's own/);
  });
});
