import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AWS_SECURITY_RULES } from "../../lib/policy/rules/aws/security";
import { globsOverlap } from "../../lib/policy/rules/helpers";
import { stackView } from "../../lib/policy/stack-view";

/** Types the rules read besides those they apply to: the resources they link. */
const LINKED_TYPES = ["aws_s3_bucket_policy", "aws_kms_key_policy", "aws_flow_log", "aws_opensearchserverless_security_policy", "aws_ecr_registry_scanning_configuration"];
const TYPES = [...new Set([...AWS_SECURITY_RULES.flatMap((r) => (Array.isArray(r.appliesTo) ? r.appliesTo : [])), ...LINKED_TYPES])];

/** Attribute names the rules read, so generated resources hit their code paths. */
const KEYS = [
  "bucket", "policy", "inline_policy", "managed_policy_arns", "policy_arn", "name", "type", "key_id", "vpc_id",
  "enable_key_rotation", "customer_master_key_spec", "origin", "vpc_config", "encryption_config", "enabled_cluster_log_types",
  "metadata_options", "launch_template", "network_interfaces", "map_public_ip_on_launch", "associate_public_ip_address",
  "ingress", "cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6", "from_port", "to_port", "protocol", "ip_protocol",
  "kms_key_id", "retention_in_days", "kms_master_key_id", "storage_encrypted", "publicly_accessible", "deployment_type",
  "enable_network_isolation", "data_capture_config", "encryption_configuration", "image_tag_mutability", "image_scanning_configuration", "rule",
];

/** Hand-picked odd values: expressions, references, half-valid policy documents. */
const ODD_VALUES: readonly unknown[] = [
    "${var.x}",
    "${aws_kms_key.k.arn}",
    "${aws_s3_bucket.r0.id}",
    "${aws_vpc.r1.id}",
    "alias/aws/sns",
    "*",
    "[{\"Rules\":[{\"ResourceType\":\"collection\",\"Resource\":[\"collection/*\"]}],\"AllowFromPublic\":\"maybe\"}]",
    "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"*\",null,3],\"Resource\":{}}}",
    "{\"Statement\":[{\"Effect\":\"Deny\",\"Condition\":{\"Bool\":null}}]}",
    "{\"Statement\":[null,1,\"x\",[],{\"Effect\":\"Allow\",\"NotAction\":null,\"NotResource\":1}]}",
    "[null,{\"Rules\":[null,{\"ResourceType\":null,\"Resource\":\"collection/*\"}],\"AWSOwnedKey\":false,\"KmsARN\":{}}]",
  null,
  [null, 1, { policy: 2 }],
  { policy: null, name: 3, subnets: "x" },
  -1,
  true,
];

/** Odd values: JSON of any shape, JSON-looking strings, and the hand-picked ones. */
const value: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), fc.constantFrom(...ODD_VALUES));

/** Runs every rule over every resource of `doc` it applies to, and checks each outcome is a conclusion with a short message. */
function checkAll(doc: { resource: Record<string, Record<string, Record<string, unknown>>> }): void {
  const view = stackView("fuzz", doc, () => true, "dev");
  for (const rule of AWS_SECURITY_RULES) {
    for (const target of view.resources.filter((r) => Array.isArray(rule.appliesTo) && rule.appliesTo.includes(r.type))) {
      const outcome = rule.check(target, view);
      expect(["pass", "fail", "skip"]).toContain(outcome.status);
      if (outcome.status === "fail") {
        expect(outcome.message.length).toBeGreaterThan(5);
        expect(outcome.message).not.toMatch(/\.$/);
      }
    }
  }
}

const resource = fc.record({ type: fc.constantFrom(...TYPES), attributes: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 }) });

describe("AWS security pack", () => {
  it("lists each rule once, with a unique id, in the security pack, described for reviewers", () => {
    const ids = AWS_SECURITY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(25);
    for (const rule of AWS_SECURITY_RULES) {
      expect(rule.id).toMatch(/^LLM-AWS-[A-Z0-9]+-\d+$/);
      expect(rule.packs).toEqual(["security"]);
      expect(rule.cloud).toBe("aws");
      expect(rule.title).not.toMatch(/\n|\.$/);
      expect(rule.rationale.length).toBeGreaterThan(40);
      expect(rule.fix.length).toBeGreaterThan(20);
    }
    expect(AWS_SECURITY_RULES.filter((r) => r.suppressible === false).map((r) => r.id)).toEqual(["LLM-AWS-AOSS-1", "LLM-AWS-RDS-2"]);
  });

  it("never throws on odd input, and every failure says what is wrong in a short sentence without a trailing period", () => {
    fc.assert(
      fc.property(fc.array(resource, { minLength: 1, maxLength: 8 }), (generated) => {
        // given a stack of resources with odd attributes
        const doc: { resource: Record<string, Record<string, Record<string, unknown>>> } = { resource: {} };
        generated.forEach((r, i) => {
          doc.resource[r.type] = { ...(doc.resource[r.type] ?? {}), [`r${i}`]: r.attributes };
        });
        // when every rule checks every resource it applies to / then it concludes, and explains failures
        checkAll(doc);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws when any one attribute a rule reads holds an odd value, on any resource type", () => {
    for (const type of TYPES) {
      for (const key of KEYS) {
        const doc = { resource: Object.fromEntries([type, ...LINKED_TYPES].map((t) => [t, {} as Record<string, Record<string, unknown>>])) };
        ODD_VALUES.forEach((v, i) => {
          doc.resource[type][`r${i}`] = { name: "acme", [key]: v };
          for (const linked of LINKED_TYPES) doc.resource[linked][`l${i}`] = { policy: v, bucket: "${aws_s3_bucket.r0.id}", type: i % 2 === 0 ? "network" : "encryption", [key]: v };
        });
        checkAll(doc);
      }
    }
  });

  it("compares IAM action patterns as sets: overlapping wildcards meet, disjoint ones do not", () => {
    expect(globsOverlap("kms:*", "kms:Decrypt")).toBe(true);
    expect(globsOverlap("KMS:Decrypt*", "kms:decrypt")).toBe(true);
    expect(globsOverlap("s3:Get*", "s3:*Object")).toBe(true);
    expect(globsOverlap("kms:Describe*", "kms:Decrypt")).toBe(false);
    expect(globsOverlap("ecr:GetAuthorizationToken", "s3:*")).toBe(false);
    expect(globsOverlap("sagemaker:Invoke*", "sagemaker:InvokeEndpoint*")).toBe(true);
    expect(globsOverlap("sagemaker:CreateEndpoint", "sagemaker:InvokeEndpoint*")).toBe(false);
  });
});
