import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { App } from "../lib/cdk";
import { addAwsExampleStacks } from "../examples/aws/stacks";
import { addGcpExampleStacks } from "../examples/gcp/stacks";
import { addAzureExampleStacks } from "../examples/azure/stacks";
import { addMulticloudExampleStacks } from "../examples/multicloud/stacks";
import { costReport } from "../lib/review/cost";
import { costText } from "../lib/review/cost-text";

const ROOT = join(__dirname, "..");
const scratch: string[] = [];

function synthExamples(): string {
  const outdir = mkdtempSync(join(tmpdir(), "llmops-examples-"));
  scratch.push(outdir);
  const app = new App({ outdir });
  addAwsExampleStacks(app);
  addGcpExampleStacks(app);
  addAzureExampleStacks(app);
  addMulticloudExampleStacks(app);
  app.synth();
  return outdir;
}

/** Every file below `dir`, relative path -> bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

describe("examples", () => {
  const first = synthExamples();

  it("synthesize every example stack, named <name>-<tier>", () => {
    const manifest = JSON.parse(readFileSync(join(first, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks).sort()).toEqual(["acme-llm-aws-dev", "acme-llm-aws-platform-dev", "acme-llm-aws-platform-prod", "acme-llm-aws-prod", "acme-llm-azure-dev", "acme-llm-azure-platform-dev", "acme-llm-azure-platform-prod", "acme-llm-azure-prod", "acme-llm-gcp-dev", "acme-llm-gcp-prod", "acme-mc-aws-dev", "acme-mc-aws-platform-dev", "acme-mc-azure-dev", "acme-mc-azure-platform-dev", "acme-mc-gcp-dev"]);
    for (const name of Object.keys(manifest.stacks)) {
      expect(name).toMatch(/-(dev|staging|prod)$/);
      expect(existsSync(join(first, "stacks", name, "cdk.tf.json"))).toBe(true);
    }
  });

  it("have zero guardrail errors and warnings in every stack", () => {
    const manifest = JSON.parse(readFileSync(join(first, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
    for (const name of Object.keys(manifest.stacks)) {
      const report = JSON.parse(readFileSync(join(first, "stacks", name, "guardrails.json"), "utf8")) as { summary: { errors: number; warnings: number } };
      expect(report.summary.errors, name).toBe(0);
      expect(report.summary.warnings, name).toBe(0);
    }
  });

  it("price every example stack's idle and worst case: no figure reads 'not priced'", () => {
    // given every example stack synthesized (AWS, Google Cloud, Azure, multicloud)
    const report = costReport([first]);
    // then each environment stack is priced idle and at worst, on every cloud
    expect(new Set(report.stacks.map((s) => s.cloud))).toEqual(new Set(["aws", "gcp", "azure"]));
    for (const s of report.stacks) {
      expect(s.idle.priced, `${s.stack} idle`).toBe(true);
      expect(s.worst.priced, `${s.stack} worst case`).toBe(true);
      expect(s.worst.monthlyUsd, s.stack).toBeGreaterThanOrEqual(s.idle.monthlyUsd);
    }
    expect(report.skipped.every((name) => name.includes("-platform-"))).toBe(true);
    // and the text `llmops cost` prints says "not priced" only of the platform stacks (no cost of their own)
    const text = costText(report).filter((l) => !l.startsWith("not priced (no resolved spec") && !l.startsWith("legend:"));
    expect(text.join("\n")).not.toMatch(/not priced/);
  });

  it("synthesize byte-identical output twice in a row", () => {
    const second = synthExamples();
    const [a, b] = [tree(first), tree(second)];
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, bytes] of a) expect(b.get(file)?.equals(bytes), file).toBe(true);
  });

  it("hold no absolute path of the machine", () => {
    const needles = [ROOT, first, tmpdir(), homedir()];
    for (const [file, bytes] of tree(first)) {
      const text = bytes.toString("utf8");
      for (const needle of needles) expect(text.includes(needle), `${file} contains ${needle}`).toBe(false);
    }
  });

  it.each([["aws"], ["gcp"], ["azure"], ["multicloud"]])("synthesize from the %s example's own folder with its cdktf.json app command", (cloud) => {
    // given the example folder as a consultant copies it
    const dir = join(ROOT, "examples", cloud);
    const config = JSON.parse(readFileSync(join(dir, "cdktf.json"), "utf8")) as { app: string };
    expect(config.app).toBe("npx tsx main.ts");
    const outdir = join(dir, "cdktf.out");
    rmSync(outdir, { recursive: true, force: true });
    // when its app runs there (what `cdktf synth` does), reading the library from lib/
    // through the root tsconfig's paths (the packaging test runs it against the packed
    // library in a copy of the folder, with the example's own package.json and tsconfig)
    const run = spawnSync(process.execPath, ["--require", "tsx/cjs", "main.ts"], { cwd: dir, encoding: "utf8", env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, "tsconfig.json") } });
    // then it writes every stack next to it, identical to the root app's
    try {
      expect(run.status, run.stderr).toBe(0);
      const names: Record<string, string[]> = {
        aws: ["acme-llm-aws-dev", "acme-llm-aws-prod", "acme-llm-aws-platform-dev", "acme-llm-aws-platform-prod"],
        gcp: ["acme-llm-gcp-dev", "acme-llm-gcp-prod"],
        azure: ["acme-llm-azure-dev", "acme-llm-azure-prod", "acme-llm-azure-platform-dev", "acme-llm-azure-platform-prod"],
        multicloud: ["acme-mc-aws-dev", "acme-mc-aws-platform-dev", "acme-mc-azure-dev", "acme-mc-azure-platform-dev", "acme-mc-gcp-dev"],
      };
      for (const name of names[cloud]) {
        expect(readFileSync(join(outdir, "stacks", name, "cdk.tf.json")).equals(readFileSync(join(first, "stacks", name, "cdk.tf.json")))).toBe(true);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
