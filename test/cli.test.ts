import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../lib/cli/main";
import { VERSION } from "../lib/version";
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
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out.split("\n")).toEqual([
      expect.stringMatching(/^acme-llm-aws-dev: \d+ checks, 0 errors, 0 warnings, 0 suppressed$/),
      expect.stringMatching(/^acme-llm-aws-prod: \d+ checks, 0 errors, 0 warnings, 0 suppressed$/),
      "ok: 2 specs valid (acme-llm-aws-dev, acme-llm-aws-prod)",
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
    expect(r.err).toMatch(/same2\.yaml: name: gives stack acme-aws-dev, as .*same1\.yaml does/);
  });

  it("prints the budget worst-case warning without failing", () => {
    const f = specFile("tight.yaml", baseSpec({ training: { accelerator: "nvidia-h100" }, budget: { monthlyUsd: 100, notify: ["a@b.co"] } }));
    const r = run("validate", f);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^warning: acme-aws-dev: budget\.monthlyUsd: the worst case/);
  });
});

describe("llmops synth", () => {
  it("writes one stack per spec in the cdktf layout, and the platform stack of each AWS environment with a training cluster", () => {
    const out = join(dir, "out");
    const r = run("synth", ...EXAMPLES, "--out", out);
    expect(r.code).toBe(0);
    expect(r.out.split("\n").filter((l) => l.startsWith("synthesized"))).toEqual([
      `synthesized acme-llm-aws-dev -> ${join(out, "stacks", "acme-llm-aws-dev", "cdk.tf.json")} (reports: guardrails.json, guardrails.sarif)`,
      `synthesized acme-llm-aws-prod -> ${join(out, "stacks", "acme-llm-aws-prod", "cdk.tf.json")} (reports: guardrails.json, guardrails.sarif)`,
      `synthesized acme-llm-aws-platform-dev -> ${join(out, "stacks", "acme-llm-aws-platform-dev", "cdk.tf.json")} (in-cluster platform: apply after its environment, from inside the VPC)`,
      `synthesized acme-llm-aws-platform-prod -> ${join(out, "stacks", "acme-llm-aws-platform-prod", "cdk.tf.json")} (in-cluster platform: apply after its environment, from inside the VPC)`,
    ]);
    expect(existsSync(join(out, "stacks", "acme-llm-aws-prod", "guardrails.sarif"))).toBe(true);
    expect(JSON.stringify(JSON.parse(readFileSync(join(out, "stacks", "acme-llm-aws-platform-dev", "cdk.tf.json"), "utf8")).resource.helm_release)).toContain("nvidia-device-plugin");
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks["acme-llm-aws-dev"].synthesizedStackPath).toBe("stacks/acme-llm-aws-dev/cdk.tf.json");
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
    expect(r.err).toMatch(/^error: acme-aws-prod: \[LLM-REL-1\] aws_kms_key\.key_[0-9A-F]{8} \(acme-aws-prod\/key\/key\): /m);
    expect(r.out).toMatch(/^acme-aws-prod: \d+ checks, [1-9]\d* errors, 0 warnings, 0 suppressed$/m);
    expect(r.out).toMatch(/^other-aws-dev: \d+ checks, 0 errors, 0 warnings, 0 suppressed$/m);
    expect(existsSync(join(out, "stacks", "acme-aws-prod", "guardrails.sarif"))).toBe(true);
    expect(existsSync(join(out, "stacks", "other-aws-dev", "cdk.tf.json"))).toBe(true);
  });
});

describe("llmops as a consumer runs it", () => {
  it("prints its version with --version, -v and version", () => {
    for (const flag of ["--version", "-v", "version"]) expect(run(flag)).toEqual({ code: 0, out: VERSION, err: "" });
  });

  it("creates --out with its missing parents", () => {
    // given an output folder whose parent does not exist
    const out = join(dir, "missing", "parent", "cdktf.out");
    // when synthesized
    const r = run("synth", EXAMPLES[0], "--out", out);
    // then the folder is made and the stack written
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(out, "stacks", "acme-llm-aws-dev", "cdk.tf.json"))).toBe(true);
  });

  it("removes stack folders a reused --out holds from an earlier synth, and keeps (and reports) one that holds state", () => {
    // given an output folder synthesized from two specs, one of which holds a state file
    const out = join(dir, "reused");
    const other = specFile("other.yaml", baseSpec({ name: "other" }));
    const kept = specFile("kept.yaml", baseSpec({ name: "kept" }));
    expect(run("synth", EXAMPLES[0], other, kept, "--out", out).code).toBe(0);
    writeFileSync(join(out, "stacks", "kept-aws-dev", "terraform.kept-aws-dev.tfstate"), "{}");
    // when synthesized again from the first spec only
    const r = run("synth", EXAMPLES[0], "--out", out);
    // then only its stacks (environment and platform) are left, and the folder with state is kept and reported
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, "stacks")).sort()).toEqual(["acme-llm-aws-dev", "acme-llm-aws-platform-dev", "kept-aws-dev"]);
    expect(r.err).toMatch(/removed .*other-aws-dev: no spec gives stack other-aws-dev now/);
    expect(r.err).toMatch(/kept-aws-dev is from an earlier synth .* holds terraform\.kept-aws-dev\.tfstate; kept/);
    expect(Object.keys(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks)).toEqual(["acme-llm-aws-dev", "acme-llm-aws-platform-dev"]);
  });

  it("shows the line, the column and the offending line of a YAML syntax error", () => {
    const path = join(dir, "broken.yaml");
    writeFileSync(path, "name: acme\ntier: dev: prod\ncloud: aws\n");
    const r = run("validate", path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/broken\.yaml: \(file\): is not valid YAML or JSON: line 2, column 7: Nested mappings .*; the line: "tier: dev: prod"$/m);
  });

  it("prints each guardrail error with the rule's fix", () => {
    const prod = specFile("unprotected-fix.yaml", baseSpec({ tier: "prod", preventDestroy: false }));
    const r = run("validate", prod);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: acme-aws-prod: \[LLM-REL-1\] .* Fix: .*prevent_destroy/m);
  });

  it("writes manifest.json without stack traces when a spec has warnings", () => {
    // given a spec with a budget worst-case warning
    const out = join(dir, "traces");
    const spec = specFile("warned.yaml", baseSpec({ training: { accelerator: "nvidia-h100" }, budget: { monthlyUsd: 100, notify: ["finops@acme.example"] } }));
    // when synthesized
    expect(run("synth", spec, "--out", out).code).toBe(0);
    // then the warning is in the manifest, without a stack trace or a path of this machine
    const manifest = readFileSync(join(out, "manifest.json"), "utf8");
    expect(manifest).toMatch(/worst case/);
    expect(manifest).not.toMatch(/stacktrace|node_modules|\/work\//);
  });
});

describe("llmops synth without the platform's providers", () => {
  it("says what to install instead of leaving accelerator jobs Pending without a word", async () => {
    // given an install where the Helm provider does not resolve
    const providers = await import("../lib/stacks/providers");
    const { addPlatformStacksWhereInstalled } = await import("../lib/stacks/platform-registry");
    const { Testing } = await import("../lib/cdk");
    const { addEnvironmentStacks } = await import("../lib/stacks/synth");
    const app = Testing.app();
    const stacks = addEnvironmentStacks(app, [{ source: "dev", spec: baseSpec({ training: { accelerator: "nvidia-l4" } }) }]);
    const warnings: string[] = [];
    const original = providers.PLATFORM_PROVIDER_PACKAGES[0];
    (providers.PLATFORM_PROVIDER_PACKAGES as { name: string; range: string }[])[0] = { name: "@cdktf/provider-helm-not-installed", range: "^12.1.2" };
    try {
      // when the CLI adds the platform stacks
      const platforms = addPlatformStacksWhereInstalled(app, stacks, (m) => warnings.push(m));
      // then none is added and the warning names the environment and the install line
      expect(platforms).toEqual([]);
      expect(warnings).toEqual([expect.stringMatching(/^acme-aws-dev: no platform stack .* npm install @cdktf\/provider-helm-not-installed@"\^12\.1\.2"$/)]);
    } finally {
      (providers.PLATFORM_PROVIDER_PACKAGES as { name: string; range: string }[])[0] = original;
    }
  });
});
