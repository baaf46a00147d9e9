import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "llmops-core-entry-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A `--require` hook that makes the named provider packages fail to load. */
function forbidding(packages: readonly string[]): string {
  const hook = join(scratch, `forbid-${packages.join("-")}.js`);
  writeFileSync(
    hook,
    `const M = require("module"); const r = M._resolveFilename;
     M._resolveFilename = function (req, ...rest) {
       if (/^@cdktf\\/provider-(${packages.join("|")})(\\/|$)/.test(req)) throw new Error("loaded " + req);
       return r.call(this, req, ...rest);
     };`,
  );
  return hook;
}

describe("the main module", () => {
  it("loads the AWS constructs without the Google, Azure, Helm or Kubernetes provider", () => {
    const run = spawnSync(process.execPath, ["--require", "tsx/cjs", "--require", forbidding(["google", "azurerm", "helm", "kubernetes"]), "-e", 'const m = require("./lib/index.ts"); console.log(typeof m.AwsLlmOpsStack, typeof m.GcpLlmOpsStack)'], { cwd: ROOT, encoding: "utf8" });
    expect(run.stderr).not.toMatch(/loaded @cdktf/);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe("function undefined");
  });
});

describe("llmops-constructs/core", () => {
  it("synthesizes a Google Cloud spec without loading the AWS, Azure, Helm or Kubernetes provider", () => {
    // given a process in which those provider packages cannot be loaded
    const hook = join(scratch, "forbid.js");
    writeFileSync(
      hook,
      `const M = require("module"); const r = M._resolveFilename;
       M._resolveFilename = function (req, ...rest) {
         if (/^@cdktf\\/provider-(aws|azurerm|helm|kubernetes)(\\/|$)/.test(req)) throw new Error("loaded " + req);
         return r.call(this, req, ...rest);
       };`,
    );
    const app = join(ROOT, "test", "core-entry.app.ts");
    writeFileSync(
      app,
      `import { App } from "cdktf";
       import { addEnvironmentStacks, loadSpecFile } from "../lib/core";
       const app = new App({ outdir: ${JSON.stringify(join(scratch, "out"))} });
       const stacks = addEnvironmentStacks(app, [{ source: "dev", spec: loadSpecFile(${JSON.stringify(join(ROOT, "examples", "gcp", "specs", "dev.yaml"))}) }]);
       app.synth();
       console.log(stacks.map((s) => s.node.id).join(","));`,
    );
    try {
      // when the core entry point builds the Google Cloud example's dev stack
      const run = spawnSync(process.execPath, ["--require", "tsx/cjs", "--require", hook, app], { cwd: ROOT, encoding: "utf8" });
      // then it synthesizes, and no forbidden provider was loaded
      expect(run.stderr).not.toMatch(/loaded @cdktf/);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe("acme-llm-gcp-dev");
    } finally {
      rmSync(app, { force: true });
    }
  });
});

describe("the llmops command on one cloud", () => {
  it.each([
    ["gcp", ["aws", "azurerm", "helm", "kubernetes"]],
    ["azure", ["aws", "google"]],
  ] as const)("synthesizes, costs and reviews the %s dev example without loading another cloud's provider", (cloud, others) => {
    // given a process in which the other clouds' provider packages cannot be loaded (a consumer installs one)
    const hook = forbidding(others);
    const out = join(scratch, `cli-${cloud}`);
    const llmops = (...args: string[]) => spawnSync(process.execPath, ["--require", "tsx/cjs", "--require", hook, join(ROOT, "lib", "cli", "main.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
    // when the CLI synthesizes the example's dev spec, prices it and writes the pull-request comment
    const runs = [
      llmops("synth", join(ROOT, "examples", cloud, "specs", "dev.yaml"), "--out", out),
      llmops("cost", out),
      llmops("review", out, "--out", join(scratch, `review-${cloud}.md`)),
    ];
    // then each succeeds, and none loaded a forbidden provider
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/loaded @cdktf/);
      expect(run.status, run.stderr + run.stdout).toBe(0);
    }
    expect(runs[1].stdout).toMatch(new RegExp(`acme-llm-${cloud}-dev`));
    // and the environment is priced (a platform stack beside it has no cost of its own)
    expect(runs[1].stdout).not.toMatch(new RegExp(`not priced.*: acme-llm-${cloud}-dev`));
    expect(runs[1].stdout).toMatch(/total per month +\$\d/);
  });
});
