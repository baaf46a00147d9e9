import { rmSync } from "node:fs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "../../lib/cdk";
import { AwsBudget } from "../../lib/constructs/aws/budget";
import { Guardrails } from "../../lib/policy/guardrails";
import { COMMON_RULES } from "../../lib/policy/rules/common";
import { budgetExists } from "../../lib/policy/rules/common/budget-exists";
import { launchTemplateTags } from "../../lib/policy/rules/common/launch-template-tags";
import { requiredTags } from "../../lib/policy/rules/common/required-tags";
import type { Finding } from "../../lib/policy/types";
import { TAGS, failures, findingsOf, statuses } from "./helpers";
import { ENV, exampleFindings, nonCompliant } from "./reliability-helpers";

/** A stack whose provider's default tags lack `owner` (and, like every test stack, `component`): LLM-TAG-1's findings on it. */
function withoutOwner(build: (stack: TerraformStack) => void): Finding[] {
  const stack = new TerraformStack(Testing.app(), "no-owner");
  const { owner: _owner, ...tags } = TAGS;
  new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags: [{ tags }] });
  build(stack);
  const guardrails = Guardrails.of(stack, { reportOnly: true, rules: [requiredTags] });
  rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
  return [...guardrails.results];
}

describe("LLM-TAG-1 required tags", () => {
  it("fails a resource that gets neither owner nor component, from itself or the provider", () => {
    const findings = withoutOwner((s) => new S3Bucket(s, "untagged", { bucket: "acme-untagged" }));
    expect(statuses(findings)).toEqual({ "aws_s3_bucket.untagged": "non-compliant" });
    expect(failures(findings)).toEqual(["lacks the tags component, owner"]);
  });

  it("fails a resource missing only component, in a stack whose provider carries the rest", () => {
    expect(failures(findingsOf(requiredTags, (s) => new S3Bucket(s, "bucket", { bucket: "acme-bucket" })))).toEqual(["lacks the tag component"]);
  });

  it("passes a resource that sets the missing tags on itself", () => {
    const findings = withoutOwner((s) => new S3Bucket(s, "tagged", { bucket: "acme-tagged", tags: { owner: "ml@acme.example", component: "storage" } }));
    expect(statuses(findings)).toEqual({ "aws_s3_bucket.tagged": "compliant" });
  });

  it("does not check resources that take no tags (aws_iam_role_policy)", () => {
    const findings = withoutOwner((s) => new IamRolePolicy(s, "policy", { role: "acme-role", name: "read", policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }));
    expect(findings).toEqual([]);
  });
});

describe("LLM-TAG-2 launch templates tag what they launch", () => {
  const ALL = { ...TAGS, component: "training" };

  it("passes a template tagging instances, volumes and network interfaces with every required tag", () => {
    const findings = findingsOf(launchTemplateTags, (s) => {
      new LaunchTemplate(s, "tagged", { name: "acme-tagged", tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags: ALL })) });
    });
    expect(statuses(findings)).toEqual({ "aws_launch_template.tagged": "compliant" });
  });

  it("fails a template without tag_specifications, even in a stack whose provider carries every default tag", () => {
    const findings = findingsOf(launchTemplateTags, (s) => new LaunchTemplate(s, "bare", { name: "acme-bare", tags: ALL }));
    expect(statuses(findings)).toEqual({ "aws_launch_template.bare": "non-compliant" });
    expect(failures(findings)).toEqual(["has no tag_specifications: what it launches (instance, volume, network-interface) gets none of the required tags"]);
  });

  it("fails a template whose specs lack keys, or a launched type, naming the type and the missing keys", () => {
    const { owner: _owner, "cost-center": _cc, ...partial } = ALL;
    const findings = findingsOf(launchTemplateTags, (s) => {
      new LaunchTemplate(s, "partial", {
        name: "acme-partial",
        tagSpecifications: [
          { resourceType: "instance", tags: ALL },
          { resourceType: "volume", tags: partial },
        ],
      });
    });
    expect(failures(findings)).toEqual(["tag_specifications for volume lack owner, cost-center; tag_specifications for network-interface lack environment, tier, component, owner, cost-center"]);
  });
});

describe("LLM-COST-1 a budget per environment", () => {
  it("fails a stack without a budget", () => {
    const findings = findingsOf(budgetExists, (s) => new S3Bucket(s, "bucket", { bucket: "acme-bucket" }));
    expect(statuses(findings)).toEqual({ test: "non-compliant" });
    expect(failures(findings)).toEqual(["has no budget"]);
  });

  it("passes a stack with an AwsBudget", () => {
    const findings = findingsOf(budgetExists, (s) => new AwsBudget(s, "budget", { environment: ENV.dev, monthlyUsd: 1000, emails: ["finops@acme.example"], costTag: { key: "environment", value: "acme-dev" } }));
    expect(statuses(findings)).toEqual({ test: "compliant" });
  });
});

describe("common rules on the example stacks", () => {
  const rules = COMMON_RULES.filter((r) => r.id === "LLM-TAG-1" || r.id === "LLM-COST-1");
  const results = exampleFindings(rules);

  it.each(Object.keys(results))("find nothing wrong with %s", (name) => {
    expect(nonCompliant(results[name])).toEqual([]);
    expect(results[name].filter((f) => f.ruleId === "LLM-TAG-1").length).toBeGreaterThan(50);
    expect(results[name].filter((f) => f.ruleId === "LLM-COST-1")).toHaveLength(1);
  });
});
