/**
 * The library as a consumer gets it: `npm pack`, then empty folders that install the
 * tarball from the registry's dependencies and run the README's commands, the
 * TypeScript quick start and each example, copied alone. Needs the npm registry;
 * run with `npm run test:packaging` (.ci/run does, after `npm test`).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, readmeCommands, sh, withTarball } from "./shell";

const ROOT = join(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "llmops-packaging-"));
let tarball = "";
const figures: string[] = [];

beforeAll(() => {
  // prepack builds dist/ first
  const packed = ok(`npm pack --silent --pack-destination ${JSON.stringify(work)}`, ROOT).out.trim().split("\n").pop()!;
  tarball = join(work, packed);
  expect(existsSync(tarball), tarball).toBe(true);
});

afterAll(() => {
  if (figures.length > 0) console.log(`packaging figures (this machine):\n  ${figures.join("\n  ")}`);
  rmSync(work, { recursive: true, force: true });
});

/** Package folders named `name` anywhere in node_modules (one means one copy). */
function copiesOf(dir: string, name: string): string[] {
  return ok(`find node_modules -path '*node_modules/${name}/package.json'`, dir).out.trim().split("\n").filter(Boolean);
}

function megabytes(dir: string): number {
  return Number(ok("du -sm node_modules | cut -f1", dir).out.trim());
}

function guardrailSummaries(outdir: string): Record<string, { errors: number; checks: number }> {
  const stacks = join(outdir, "stacks");
  // Environment stacks carry guardrail reports; platform stacks (Helm releases in the cluster) carry none.
  const reported = readdirSync(stacks).filter((s) => existsSync(join(stacks, s, "guardrails.json")));
  return Object.fromEntries(reported.map((s) => [s, JSON.parse(readFileSync(join(stacks, s, "guardrails.json"), "utf8")).summary]));
}

describe("an AWS-only consumer folder, following the README", () => {
  const dir = join(work, "aws-consumer");

  it("installs with the README's line on a fresh folder: one copy of cdktf and constructs, no Google or Azure provider", () => {
    mkdirSync(dir);
    ok("npm init -y", dir);
    cpSync(join(ROOT, "examples", "aws", "specs", "dev.yaml"), join(dir, "dev.yaml"));
    for (const line of readmeCommands(ROOT, "install")) ok(withTarball(line, tarball), dir);
    expect(copiesOf(dir, "constructs")).toEqual(["node_modules/constructs/package.json"]);
    expect(copiesOf(dir, "cdktf")).toEqual(["node_modules/cdktf/package.json"]);
    expect(existsSync(join(dir, "node_modules", "@cdktf", "provider-aws"))).toBe(true);
    expect(existsSync(join(dir, "node_modules", "@cdktf", "provider-google"))).toBe(false);
    expect(existsSync(join(dir, "node_modules", "@cdktf", "provider-azurerm"))).toBe(false);
    expect(existsSync(join(dir, "package-lock.json"))).toBe(true);
    figures.push(`AWS-only install: node_modules ${megabytes(dir)} MB`);
  });

  it("runs the README's quick start: the CLI validates and synthesizes a spec", () => {
    const lines = readmeCommands(ROOT, "quick-start");
    for (const line of lines) {
      const r = ok(line, dir);
      if (line.includes(" synth ")) figures.push(`\`${line}\`: ${r.seconds.toFixed(1)} s wall`);
    }
    const out = join(dir, "cdktf.out", "stacks", "acme-llm-aws-dev");
    expect(existsSync(join(out, "cdk.tf.json"))).toBe(true);
    expect(guardrailSummaries(join(dir, "cdktf.out"))["acme-llm-aws-dev"].errors).toBe(0);
    const sarif = JSON.parse(readFileSync(join(out, "guardrails.sarif"), "utf8"));
    expect(sarif.runs[0].results).toEqual([]);
    expect(ok("npx llmops --version", dir).out.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });

  it("synthesizes a TypeScript app with the stack and three standalone constructs through cdktf synth, passing its guardrails", () => {
    cpSync(join(__dirname, "fixtures", "aws-app", "main.ts"), join(dir, "main.ts"));
    cpSync(join(__dirname, "fixtures", "aws-app", "cdktf.json"), join(dir, "cdktf.json"));
    rmSync(join(dir, "cdktf.out"), { recursive: true, force: true });
    for (const line of readmeCommands(ROOT, "typescript")) ok(line, dir);
    expect(guardrailSummaries(join(dir, "cdktf.out"))).toEqual({
      "acme-llm-aws-dev": expect.objectContaining({ errors: 0 }),
      "research-sandbox": expect.objectContaining({ errors: 0 }),
    });
    expect(copiesOf(dir, "constructs")).toEqual(["node_modules/constructs/package.json"]);
  });

  it("installs again from its lock file: npm ci and the README's line give a working tree", () => {
    rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    ok("npm ci", dir);
    ok("npx llmops validate dev.yaml", dir);
    for (const line of readmeCommands(ROOT, "install")) ok(withTarball(line, tarball), dir);
    expect(copiesOf(dir, "constructs")).toEqual(["node_modules/constructs/package.json"]);
    ok("npx llmops validate dev.yaml", dir);
  });
});

describe("a consumer folder without the cloud's provider", () => {
  it("is told exactly which package to install, by the CLI and by the main module", () => {
    const dir = join(work, "no-provider");
    mkdirSync(dir);
    ok("npm init -y", dir);
    cpSync(join(ROOT, "examples", "aws", "specs", "dev.yaml"), join(dir, "dev.yaml"));
    ok(`npm install ${tarball} cdktf@0.21.0 constructs@10.4.2`, dir);
    figures.push(`library + cdktf + constructs, no provider: node_modules ${megabytes(dir)} MB`);
    const cli = sh("npx llmops validate dev.yaml", dir);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain('dev.yaml: cloud: @cdktf/provider-aws is not installed, and a cloud: aws spec needs it; install it beside llmops-constructs: npm install @cdktf/provider-aws@"^21.22.1"');
    const lib = sh(`node -e 'require("llmops-constructs")'`, dir);
    expect(lib.code).toBe(1);
    expect(lib.out).toContain('MissingProviderError: @cdktf/provider-aws is not installed, and the AWS constructs module of llmops-constructs needs it');
  });
});

describe("each example, copied alone into an empty folder", () => {
  const examples = readdirSync(join(ROOT, "examples")).filter((e) => existsSync(join(ROOT, "examples", e, "package.json")));

  it.each(examples)("%s installs the tarball and synthesizes with its own scripts", (name) => {
    const dir = join(work, "examples", name);
    cpSync(join(ROOT, "examples", name), dir, { recursive: true, filter: (src) => !/[/\\](node_modules|cdktf\.out)([/\\]|$)/.test(src) });
    ok(`npm install ${tarball}`, dir);
    ok("npm run validate", dir);
    ok("npm run typecheck", dir);
    const synth = ok("npm run synth", dir);
    figures.push(`examples/${name} \`npm run synth\` (cdktf synth): ${synth.seconds.toFixed(1)} s wall`);
    const manifest = JSON.parse(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).length).toBeGreaterThan(0);
    for (const [stack, summary] of Object.entries(guardrailSummaries(join(dir, "cdktf.out")))) expect(summary.errors, stack).toBe(0);
  });
});
