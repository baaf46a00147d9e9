import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { AWS_SECURITY_RULES } from "../../lib/policy/rules/aws/security";
import { EXAMPLE_SPECS, exampleSecurityFindings } from "./security-helpers";

describe("AWS security pack on the example environments", () => {
  const findings = Object.fromEntries(EXAMPLE_SPECS.map((file) => [basename(file), exampleSecurityFindings(file)]));

  it.each(Object.keys(findings))("finds nothing wrong in the %s stack built from our constructs", (file) => {
    // given the example stack synthesized with only the security rules / when / then
    expect(findings[file].filter((f) => f.status === "non-compliant").map((f) => `${f.ruleId} ${f.resource}: ${f.message}`)).toEqual([]);
    expect(findings[file].filter((f) => f.status === "suppressed")).toEqual([]);
  });

  it("runs every security rule on at least one resource of the examples (no rule passes by never applying)", () => {
    const exercised = new Set(Object.values(findings).flatMap((list) => list.filter((f) => f.status === "compliant").map((f) => f.ruleId)));
    expect(AWS_SECURITY_RULES.map((r) => r.id).filter((id) => !exercised.has(id))).toEqual([]);
  });
});
