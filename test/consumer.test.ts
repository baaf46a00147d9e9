import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLOUD_PROVIDER_PACKAGES, MissingProviderError, PLATFORM_PROVIDER_PACKAGES, providerInstalled } from "../lib/stacks/providers";
import { sarifArtifactUri } from "../lib/policy/sarif";

const ROOT = join(__dirname, "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<string, Record<string, unknown>>;
const scratch = mkdtempSync(join(tmpdir(), "llmops-consumer-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("package.json as a consumer installs it", () => {
  it("takes cdktf and constructs as peers, and each cloud's provider as an optional peer with the range the library names", () => {
    expect(pkg.dependencies).not.toHaveProperty("cdktf");
    expect(pkg.dependencies).not.toHaveProperty("constructs");
    expect(pkg.peerDependencies).toMatchObject({ cdktf: "^0.21.0", constructs: "^10.4.2" });
    for (const { name, range } of [...Object.values(CLOUD_PROVIDER_PACKAGES), ...PLATFORM_PROVIDER_PACKAGES]) {
      expect(pkg.dependencies).not.toHaveProperty(name);
      expect(pkg.peerDependencies[name]).toBe(range);
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
    }
  });

  it("builds on prepack, not prepare (no install script for consumers), and ships the LICENSE", () => {
    expect(pkg.scripts).not.toHaveProperty("prepare");
    expect(pkg.scripts).not.toHaveProperty("install");
    expect(pkg.scripts).not.toHaveProperty("postinstall");
    expect(pkg.scripts.prepack).toBe("npm run build");
    expect(pkg.license).toBe("Apache-2.0");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });
});

describe("a cloud's provider package", () => {
  it("names the package and the command to install when it is missing", () => {
    const e = new MissingProviderError("gcp", "a cloud: gcp environment");
    expect(e.message).toBe('@cdktf/provider-google is not installed, and a cloud: gcp environment needs it; install it beside llmops-constructs: npm install @cdktf/provider-google@"^16.12.1"');
    expect(providerInstalled("aws")).toBe(true);
  });
});

describe("SARIF locations", () => {
  // given a repository with the spec folder one level down
  const repo = join(scratch, "repo");
  const cwd = join(repo, "infra");
  mkdirSync(join(repo, ".git"), { recursive: true });
  mkdirSync(cwd, { recursive: true });
  const file = (out: string) => join(out, "stacks", "acme-aws-dev", "cdk.tf.json");

  it.each([
    ["a relative --out", "cdktf.out", "infra/cdktf.out/stacks/acme-aws-dev/cdk.tf.json"],
    ["a nested relative --out", "build/out", "infra/build/out/stacks/acme-aws-dev/cdk.tf.json"],
    ["an absolute --out", join(cwd, "cdktf.out"), "infra/cdktf.out/stacks/acme-aws-dev/cdk.tf.json"],
    ["an --out elsewhere in the repository", "../synth", "synth/stacks/acme-aws-dev/cdk.tf.json"],
  ])("are paths from the repository root with %s", (_, out, expected) => {
    expect(sarifArtifactUri(file(out), "stacks/acme-aws-dev/cdk.tf.json", cwd)).toBe(expected);
  });

  it("are paths from the working directory outside a repository, and the stack's own path outside that", () => {
    const plain = join(scratch, "plain");
    mkdirSync(plain, { recursive: true });
    writeFileSync(join(plain, "x"), "");
    expect(sarifArtifactUri(file("cdktf.out"), "stacks/acme-aws-dev/cdk.tf.json", plain)).toBe("cdktf.out/stacks/acme-aws-dev/cdk.tf.json");
    expect(sarifArtifactUri(file(join(tmpdir(), "elsewhere")), "stacks/acme-aws-dev/cdk.tf.json", plain)).toBe("stacks/acme-aws-dev/cdk.tf.json");
  });
});
