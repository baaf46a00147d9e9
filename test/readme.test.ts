import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { updatedReadme } from "../scripts/readme-tables";

const ROOT = join(__dirname, "..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README", () => {
  it("has the two quick-start commands", () => {
    expect(readme).toContain("npm ci && npm run synth");
    expect(readme).toMatch(/^npm test/m);
  });

  it("shows the tier presets, catalog and naming rules the code uses (run `npm run docs` after changing them)", () => {
    expect(updatedReadme(readme)).toBe(readme);
  });

  it("documents every AWS construct the library exports", async () => {
    const exported = Object.keys(await import("../lib/constructs/aws")).filter((k) => /^Aws[A-Z]\w+$/.test(k) && !/Props$/.test(k));
    const missing = exported.filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
