import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { describe, expect, it } from "vitest";
import { Guardrails } from "../../lib/policy/guardrails";
import { fail, pass, type ResourceRule, type StackRule } from "../../lib/policy/types";
import { findingsOf } from "./helpers";

const base = { rationale: "A rule written for the engine's tests only.", fix: "Nothing to fix.", severity: "warning", packs: ["security"], cloud: "any" } as const;

/** Throws on the bucket named `acme-bad`, passes the others. */
const throwing: ResourceRule = {
  ...base,
  id: "LLM-SEC-901",
  title: "A rule that breaks on one bucket",
  appliesTo: ["aws_s3_bucket"],
  check(bucket) {
    if (bucket.attributes.bucket === "acme-bad") throw new TypeError("cannot read properties of undefined (reading 'x')");
    return pass;
  },
};

/** A stack rule that always fails: evaluated after the throwing rule. */
const later: StackRule = { ...base, id: "LLM-SEC-902", title: "A stack rule that runs after the broken one", appliesTo: "stack", check: () => fail("always fails") };

describe("rule engine", () => {
  it("records a rule that throws as an error finding naming the rule, and keeps evaluating", () => {
    // given a rule that throws on one of two buckets, and another rule after it
    const findings = findingsOf(
      undefined,
      (s) => {
        new S3Bucket(s, "bad", { bucket: "acme-bad" });
        new S3Bucket(s, "good", { bucket: "acme-good" });
        Guardrails.suppress(s, "LLM-SEC-901", "A suppression must not hide that a rule is broken.");
      },
      { guardrails: { rules: [throwing, later] } },
    );
    // then the broken check is an error finding on that resource, not a crash of synth, and is not suppressed
    expect(findings.map((f) => [f.ruleId, f.resource, f.status, f.level])).toEqual([
      ["LLM-SEC-901", "aws_s3_bucket.bad", "non-compliant", "error"],
      ["LLM-SEC-901", "aws_s3_bucket.good", "compliant", "warning"],
      ["LLM-SEC-902", "test", "non-compliant", "warning"],
    ]);
    expect(findings[0].message).toBe("engine error: rule LLM-SEC-901 threw: cannot read properties of undefined (reading 'x')");
  });
});
