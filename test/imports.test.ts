import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");
const SCANNED = ["lib", "examples", "test", "bench", "main.ts"];

function sources(path: string): string[] {
  const full = join(ROOT, path);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return [];
  }
  if (stat.isFile()) return /\.(ts|mts|js)$/.test(path) ? [full] : [];
  return readdirSync(full)
    .filter((n) => n !== "node_modules" && n !== "cdktf.out")
    .flatMap((n) => sources(join(path, n)));
}

describe("imports", () => {
  it("never imports a provider package through its barrel (deep imports only)", () => {
    // given every source file of the project
    const offenders: string[] = [];
    for (const file of SCANNED.flatMap(sources)) {
      const text = readFileSync(file, "utf8");
      // when an import or require names a provider package without a /lib/<resource> path
      for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["'](@cdktf\/provider-[a-z-]+)(\/[^"']*)?["']/g)) {
        if (!m[2] || !m[2].startsWith("/lib/")) offenders.push(`${relative(ROOT, file)}: ${m[0]}`);
      }
    }
    // then there is none
    expect(offenders).toEqual([]);
  });

  it("imports the cdktf core only through lib/cdk.ts inside lib/", () => {
    const offenders = sources("lib")
      .filter((f) => !f.endsWith(join("lib", "cdk.ts")))
      .filter((f) => /from\s+["']cdktf["']|require\(["']cdktf["']\)/.test(readFileSync(f, "utf8")))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
