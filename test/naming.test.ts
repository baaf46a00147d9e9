import { describe, expect, it } from "vitest";
import { Namer, assertName, buildName, checkName } from "../lib/naming";
import { LlmOpsValidationError } from "../lib/errors";

describe("naming rules", () => {
  it.each([
    ["s3-bucket", "acme-prod-datasets-us-east-1"],
    ["eks-cluster", "acme-prod-training"],
    ["opensearch-serverless", "acme-prod-vectors"],
    ["sagemaker", "acme-prod-serving-1a2b3c4d"],
    ["ecr-repository", "acme-prod/serving"],
    ["rds-cluster", "acme-prod-vectors"],
    ["kms-alias", "alias/acme-prod-data"],
    ["iam-role", "acme-prod-eks-node"],
    ["budget", "acme-prod-monthly"],
    ["log-group", "/aws/eks/acme-prod-training/cluster"],
  ] as const)("accepts a valid %s name", (kind, name) => {
    expect(checkName(kind, name)).toEqual([]);
  });

  it.each([
    ["s3-bucket", "Acme-Data", /S3 bucket names allow lowercase letters/],
    ["s3-bucket", "ab", /S3 bucket names are 3-63 characters \(got "ab", 2 characters\)/],
    ["s3-bucket", "xn--acme-data", /must not start with the reserved prefix "xn--"/],
    ["s3-bucket", "acme-data-s3alias", /must not end with the reserved suffix "-s3alias"/],
    ["s3-bucket", "acme..data", /must not contain two dots in a row/],
    ["s3-bucket", "192.168.1.1", /must not look like an IP address/],
    ["opensearch-serverless", "acme-staging-vectors-collection12", /OpenSearch Serverless .* names are 3-32 characters/],
    ["opensearch-serverless", "1acme", /start with a letter/],
    ["sagemaker", "acme_prod", /SageMaker .* names allow letters, digits and hyphens/],
    ["rds-cluster", "acme--vectors", /must not contain two hyphens in a row/],
    ["rds-cluster", "acme-vectors-", /must not end with a hyphen/],
    ["kms-alias", "alias/aws/acme", /reserved prefix "alias\/aws\/"/],
    ["iam-role", "a".repeat(65), /IAM role or policy names are 1-64 characters/],
    ["ecr-repository", "acme//serving", /ECR repository names allow/],
    ["budget", "acme:prod", /AWS budget names allow any characters but ':'/],
    ["security-group", "sg-acme", /reserved prefix "sg-"/],
  ] as const)("rejects the %s name %s", (kind, name, message) => {
    expect(checkName(kind, name)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

describe("name builder", () => {
  it("joins name, tier and parts, and never rewrites a name silently", () => {
    expect(buildName("s3-bucket", { name: "acme", tier: "prod" }, "datasets", "us-east-1")).toEqual({ name: "acme-prod-datasets-us-east-1", problems: [] });
    expect(buildName("s3-bucket", { name: "Acme", tier: "prod" }, "datasets").problems).toEqual([expect.stringMatching(/S3 bucket names allow lowercase letters/)]);
    expect(buildName("kms-alias", { name: "acme", tier: "dev" }, "data").name).toBe("alias/acme-dev-data");
    expect(buildName("eks-cluster", { name: "acme", tier: "dev" }, "training").name).toBe("acme-dev-training");
  });

  it("is deterministic: the same input gives the same name", () => {
    const a = buildName("sagemaker", { name: "acme", tier: "staging" }, "serving");
    expect(buildName("sagemaker", { name: "acme", tier: "staging" }, "serving")).toEqual(a);
  });

  it("reports a built name that breaks the rule, with the field to change and the fix", () => {
    const namer = new Namer({ name: "acme-platform-llm", tier: "staging" });
    namer.name("opensearch-serverless", "environment.name", "vectors-collection");
    expect(namer.found).toEqual([
      { path: "environment.name", message: expect.stringMatching(/names are 3-32 characters \(got "acme-platform-llm-staging-vectors-collection", 44 characters\); shorten the environment name or the part$/) },
    ]);
  });

  it("throws one LlmOpsValidationError naming the path", () => {
    expect(() => assertName("s3-bucket", "Bad_Bucket", "bucketName", "test")).toThrowError(LlmOpsValidationError);
    expect(() => assertName("s3-bucket", "Bad_Bucket", "bucketName", "test")).toThrowError(/bucketName: S3 bucket names allow/);
  });
});
