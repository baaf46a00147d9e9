import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");

describe("synth on a machine without Terraform", () => {
  it("synthesizes every example stack with no terraform binary on PATH, each stack declaring the Terraform its moved blocks need", () => {
    // given a process whose PATH has no terraform (a CI job that only synthesizes and reviews)
    const outdir = mkdtempSync(join(tmpdir(), "llmops-no-terraform-"));
    try {
      // when the examples are synthesized there
      const run = spawnSync(process.execPath, ["--require", "tsx/cjs", join(ROOT, "bench", "synth-all.ts"), join(outdir, "out")], { cwd: ROOT, encoding: "utf8", env: { ...process.env, PATH: join(outdir, "empty-bin") } });
      // then synth succeeds (cdktf would otherwise run `terraform version` for stacks with moved blocks)
      expect(run.status, run.stderr).toBe(0);
      const stacks = readdirSync(join(outdir, "out", "stacks"));
      expect(stacks.length).toBeGreaterThanOrEqual(6);
      for (const name of stacks) {
        const doc = JSON.parse(readFileSync(join(outdir, "out", "stacks", name, "cdk.tf.json"), "utf8")) as { moved?: unknown[]; terraform: { required_version?: string } };
        const hasMoved = JSON.stringify(doc).includes('"moved"');
        // and every environment stack with moved blocks asks Terraform for at least 1.5 (S3 native locking asks 1.10)
        if (hasMoved) expect(doc.terraform.required_version, name).toMatch(/^>= 1\.(5|10)$/);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
