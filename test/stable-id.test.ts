import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { describe, expect, it } from "vitest";
import { Testing, TerraformStack } from "../lib/cdk";
import { grantPolicyName } from "../lib/constructs/aws/private/grants";
import { hash8, slug, stableId, stableIds, stableKey } from "../lib/constructs/private/stable-id";
import { ProblemCollector } from "../lib/errors";

describe("stable ids", () => {
  it("hashes the exact value: the first 8 hex digits of its SHA-256", () => {
    // given / when / then: sha256("abc") = ba7816bf...
    expect(hash8("abc")).toBe("ba7816bf");
    expect(hash8("A@b.co")).not.toBe(hash8("a@b.co"));
  });

  it("slugs a value into a legal, readable fragment", () => {
    expect(slug("OnCall@Acme.example")).toBe("oncall-acme-example");
    expect(slug("models/candidates/")).toBe("models-candidates");
    expect(slug("x".repeat(50))).toHaveLength(32);
    expect(slug("a".repeat(31) + "/b")).toBe("a".repeat(31));
  });

  it("builds <prefix>-<slug>-<hash8>, leaving out an empty or token label", () => {
    expect(stableId("email", "a@b.co")).toBe(`email-${hash8("a@b.co")}`);
    expect(stableId("email", "a@b.co", "a@b.co")).toBe(`email-a-b-co-${hash8("a@b.co")}`);
    expect(stableId("client", "x", "${TfToken[TOKEN.7]}")).toBe(`client-${hash8("x")}`);
    expect(stableId("grant", "k", "a b")).toMatch(/^[a-z0-9-]+$/);
  });

  it("keys a token by the expression it resolves to, not by its token string", () => {
    // given a role whose name is read twice (two different token strings)
    const stack = new TerraformStack(Testing.app(), "t");
    const role = new IamRole(stack, "r", { assumeRolePolicy: "{}" });
    const [first, second] = [role.name, role.name];
    // when each is keyed / then both give the Terraform expression
    expect(first).not.toBe(second);
    expect(stableKey(stack, first)).toBe("${aws_iam_role.r.name}");
    expect(stableKey(stack, second)).toBe("${aws_iam_role.r.name}");
    expect(stableKey(stack, "plain")).toBe("plain");
  });

  it("gives one id per value and reports each repeat at its position", () => {
    const stack = new TerraformStack(Testing.app(), "t");
    const problems = new ProblemCollector();
    const ids = stableIds(stack, problems, "emails", "email", ["a@b.co", "c@d.co", "A@B.co"], { normalize: (v) => v.toLowerCase() });
    expect(ids[0]).toBe(`email-a-b-co-${hash8("a@b.co")}`);
    expect(ids[2]).toBe(`email-a-b-co-${hash8("A@B.co")}`);
    expect(problems.problems).toEqual([{ path: "emails.2", message: 'repeats emails.0 (got "A@B.co"): list each value once, it keys one resource' }]);
  });
});

describe("grant policy names", () => {
  it("are the name for the whole resource, and name-slug-hash for a prefix", () => {
    expect(grantPolicyName("acme-dev-data-read")).toBe("acme-dev-data-read");
    expect(grantPolicyName("acme-dev-data-read", "raw/")).toBe(`acme-dev-data-read-raw-${hash8("raw/")}`);
    expect(grantPolicyName("acme-dev-data-read", "Raw/")).not.toBe(grantPolicyName("acme-dev-data-read", "raw/"));
  });

  it("stay at most 128 characters, distinct and IAM-legal for long names and prefixes", () => {
    const long = "n".repeat(120);
    const a = grantPolicyName(long, "p".repeat(40) + "/a/");
    const b = grantPolicyName(long, "p".repeat(40) + "/b/");
    expect(a).toHaveLength(128);
    expect(b).toHaveLength(128);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[\w+=,.@-]+$/);
  });
});
