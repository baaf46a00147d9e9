import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { main } from "../lib/cli/main";
import { COMMENT_MARKER } from "../lib/review/comment";
import type { CostComparison, CostReport } from "../lib/review/cost";

const ROOT = join(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "llmops-review-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DEV = join(ROOT, "examples/aws/specs/dev.yaml");

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** The dev example with a larger training pool maximum: one spec change. */
function changedDev(): string {
  const file = join(dir, "dev.yaml");
  writeFileSync(file, readFileSync(DEV, "utf8").replace("nodes: { min: 0, max: 1 }", "nodes: { min: 0, max: 2 }"));
  return file;
}

describe("llmops cost, review and diff on synth output", () => {
  const head = join(dir, "head");
  const base = join(dir, "base");
  beforeAll(() => {
    // given the dev example synthesized by the CLI, and the same with one change
    expect(run("synth", DEV, "--out", base).code).toBe(0);
    expect(run("synth", changedDev(), "--out", head).code).toBe(0);
  }, 180_000);

  it("llmops cost prints idle and worst case per component of each environment stack of a cdktf.out, with the legend", () => {
    const r = run("cost", head);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^acme-llm-aws-dev \(aws, dev, list prices as of \d{4}-\d{2}-\d{2}\)$/m);
    expect(r.out).toMatch(/^ {2}component\s+idle\s+worst case$/m);
    expect(r.out).toMatch(/^ {2}training\s+\$[\d,]+\s+\$[\d,]+$/m);
    expect(r.out).toMatch(/^ {2}total per month\s+\$[\d,]+~?\s+\$[\d,]+~?$/m);
    expect(r.out).toContain("acme-llm-aws-platform-dev");
    expect(r.out).toMatch(/^legend: ~ rests on a derived price/m);
  });

  it("llmops cost --usage adds the expected figure; --json gives the same figures", () => {
    const usage = join(dir, "usage.yaml");
    writeFileSync(usage, stringify({ stacks: { "acme-llm-aws-dev": { training: { nodeHours: 100 }, inference: { hours: 200 } } } }));
    const text = run("cost", DEV, "--usage", usage);
    expect(text.out).toMatch(/^ {2}component\s+idle\s+worst case\s+expected$/m);
    const json = JSON.parse(run("cost", DEV, "--usage", usage, "--json").out) as CostReport;
    const s = json.stacks[0];
    expect(s.expected!.monthlyUsd).toBeGreaterThan(s.idle.monthlyUsd);
    expect(s.expected!.monthlyUsd).toBeLessThan(s.worst.monthlyUsd);
  });

  it("llmops cost --compare prints the change per stack, component and line", () => {
    const r = run("cost", "--compare", base, head);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^acme-llm-aws-dev: idle \$0, worst case \+\$[\d,]+~? per month$/m);
    expect(r.out).toMatch(/^ {4}training \/ accelerator pool \(g6\.12xlarge\): idle \$0, worst case \+\$[\d,]+$/m);
    const json = JSON.parse(run("cost", "--compare", base, head, "--json").out) as CostComparison;
    expect(json.stacks.find((s) => s.stack === "acme-llm-aws-dev")!.worst.delta).toBeGreaterThan(0);
  });

  it("llmops diff shows the change in place (a node group's maximum does not replace it)", () => {
    const r = run("diff", base, head);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}~ aws_eks_node_group\.accelerator-pool_node-group_\w+: scaling_config\.max_size/m);
  });

  it("llmops review writes the comment with --out, starting with the marker", () => {
    const out = join(dir, "comment", "review.md");
    const r = run("review", head, "--base", base, "--out", out);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/^wrote .*review\.md \(\d+ characters\)$/);
    const md = readFileSync(out, "utf8");
    expect(md.startsWith(COMMENT_MARKER)).toBe(true);
    expect(md).toMatch(/^\| acme-llm-aws-dev \| \d+ \| 0 \| 1 \| 0 \| 0 \| 0 \| 0 \| 0 \| \$[\d,]+~? \| \$[\d,]+~? \(\+\$[\d,]+~?\) \|$/m);
    // and without a base, it says there is no diff
    expect(run("review", head).out).toContain("(no base given: no diff)");
  });

  it("exits 2 for a missing folder or a wrong number of inputs, and 1 for a missing spec file or a bad usage profile", () => {
    expect(run("cost", join(dir, "missing.yaml"))).toMatchObject({ code: 1, err: expect.stringMatching(/missing\.yaml: 1 problem\n.*\(file\): no such file/) });
    expect(run("cost", join(dir, "spec-only"), "--usage", join(dir, "no-usage.yaml"))).toMatchObject({ code: 1, err: expect.stringMatching(/no-usage\.yaml.*no such file/s) });
    expect(run("cost", "--compare", head)).toMatchObject({ code: 2, err: expect.stringMatching(/--compare takes two inputs/) });
    expect(run("review", join(dir, "missing"))).toMatchObject({ code: 2, err: expect.stringMatching(/no stacks\/ folder/) });
    expect(run("review", head, "--base")).toMatchObject({ code: 2, err: expect.stringMatching(/--base needs a cdktf\.out folder/) });
    const bad = join(dir, "bad-usage.yaml");
    writeFileSync(bad, "default: { training: { hours: 3 } }\n");
    expect(run("cost", DEV, "--usage", bad)).toMatchObject({ code: 1, err: expect.stringMatching(/default\.training: /) });
  });

  it("prints help for cost and review", () => {
    expect(run("cost", "--help").out).toMatch(/^Usage: llmops cost <spec\|cdktf\.out>/);
    expect(run("review", "--help").out).toMatch(/--base <cdktf\.out>/);
  });
});
