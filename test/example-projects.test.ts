import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { App } from "../lib/cdk";
import { AwsLlmOpsStack } from "../lib/stacks/aws-llmops-stack";
import { baseSpec } from "./helpers";

const ROOT = join(__dirname, "..");
const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; devDependencies: Record<string, string>; files: string[] };
const examples = readdirSync(join(ROOT, "examples"));
const scratch = mkdtempSync(join(tmpdir(), "llmops-example-projects-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(examples)("examples/%s as a project of its own", (name) => {
  const dir = join(ROOT, "examples", name);
  const read = (file: string) => readFileSync(join(dir, file), "utf8");

  it("has a package.json with pinned versions equal to the repository's, and the scripts the README names", () => {
    const pkg = JSON.parse(read("package.json")) as { private: boolean; scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.private).toBe(true);
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(["validate", "synth", "typecheck"]));
    expect(pkg.scripts.synth).toBe("cdktf synth");
    expect(pkg.dependencies["llmops-constructs"]).toBe(root.version);
    for (const [dep, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(version, dep).toMatch(/^\d+\.\d+\.\d+$/);
      if (root.devDependencies[dep]) expect(version, dep).toBe(root.devDependencies[dep]);
    }
  });

  it("has a stand-alone tsconfig.json, a cdktf.json running its app, and a README", () => {
    const tsconfig = JSON.parse(read("tsconfig.json")) as { extends?: string; compilerOptions: Record<string, unknown> };
    expect(tsconfig.extends).toBeUndefined();
    expect(tsconfig.compilerOptions.paths).toBeUndefined();
    expect(tsconfig.compilerOptions.moduleResolution).toBe("nodenext");
    expect(JSON.parse(read("cdktf.json")).app).toBe("npx tsx main.ts");
    expect(existsSync(join(dir, "README.md"))).toBe(true);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) expect(read(file), file).not.toMatch(/from "\.\.\//);
  });

  it("has specs whose $schema resolves from node_modules/llmops-constructs, to a file the package ships", () => {
    const specs = readdirSync(join(dir, "specs"));
    expect(specs.length).toBeGreaterThan(0);
    expect(root.files).toContain("schema");
    for (const spec of specs) {
      const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(read(join("specs", spec)))?.[1];
      expect(schema, spec).toBe("../node_modules/llmops-constructs/schema/environment-spec.schema.json");
      expect(existsSync(join(ROOT, schema!.replace("../node_modules/llmops-constructs/", "")))).toBe(true);
    }
  });
});

describe("manifest.json of an app with warnings", () => {
  it("carries no stack traces, with cdktf's defaults (stack traces on)", () => {
    // given an app with default settings and a spec that warns
    const outdir = join(scratch, "warned");
    const app = new App({ outdir });
    new AwsLlmOpsStack(app, { spec: baseSpec({ training: { accelerator: "nvidia-h100" }, budget: { monthlyUsd: 100, notify: ["finops@acme.example"] } }) });
    // when synthesized
    app.synth();
    // then the warning is there without a trace or a path of the machine
    const manifest = readFileSync(join(outdir, "manifest.json"), "utf8");
    expect(manifest).toMatch(/worst case/);
    expect(manifest).not.toMatch(/stacktrace|node_modules|\/work\/|\/tmp\//);
  });
});
