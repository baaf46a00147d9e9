import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamPolicyAttachment } from "@cdktf/provider-aws/lib/iam-policy-attachment";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { describe, expect, it } from "vitest";
import { Fn, type Construct } from "../../lib/cdk";
import { AwsAuroraVectorStore } from "../../lib/constructs/aws/aurora-vector-store";
import { AwsObjectStore } from "../../lib/constructs/aws/object-store";
import { AwsOpenSearchVectorStore } from "../../lib/constructs/aws/opensearch-vector-store";
import { iamNoBroadManagedPolicies, isBroadManagedPolicy } from "../../lib/policy/rules/aws/iam/no-broad-managed-policies";
import { iamNoUnscopedDataAccess } from "../../lib/policy/rules/aws/iam/no-unscoped-data-access";
import { iamNoWildcardActions } from "../../lib/policy/rules/aws/iam/no-wildcard-actions";
import { DEV } from "../helpers";
import { findingsOf, statuses } from "./helpers";
import { PLACEMENT, envKey, inferenceEndpoint, messagesBy, network, policy, trainingCluster } from "./security-helpers";

const TRUST = policy({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });

/** Every role, role policy and attachment our constructs make: the network, the cluster with pod roles granted each store, and an endpoint. */
function platform(s: Construct): void {
  network(s);
  const cluster = trainingCluster(s);
  const jobs = cluster.addPodRole("jobs", { purpose: "jobs", namespace: "training", serviceAccount: "job" });
  const storage = new AwsObjectStore(s, "storage", { environment: DEV, region: "us-east-1", encryptionKey: envKey(s) });
  storage.datasets.grantRead(jobs);
  storage.checkpoints.grantReadWrite(jobs);
  storage.artifacts.grantReadWrite(jobs, "models/");
  new AwsOpenSearchVectorStore(s, "search", { environment: DEV, ...PLACEMENT, encryptionKey: envKey(s) }).grantReadWrite(jobs);
  new AwsAuroraVectorStore(s, "aurora", { environment: DEV, ...PLACEMENT, encryptionKey: envKey(s) }).grantReadWrite(jobs);
  inferenceEndpoint(s);
}

describe("LLM-AWS-IAM-1 no wildcard actions", () => {
  it("passes every role policy of our constructs", () => {
    // given / when
    const findings = findingsOf(iamNoWildcardActions, platform);
    // then each inline role policy was read and found precise
    expect(findings.length).toBe(8);
    expect(findings.filter((f) => f.status !== "compliant")).toEqual([]);
  });

  it("passes Deny statements with wildcards, and skips a policy it cannot read", () => {
    const findings = findingsOf(iamNoWildcardActions, (s) => {
      new IamPolicy(s, "guard", { name: "guard", policy: policy({ Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }) });
      new IamPolicy(s, "opaque", { name: "opaque", policy: Fn.jsonencode({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) });
    });
    expect(findings.map((f) => [f.resource, f.status])).toEqual([["aws_iam_policy.guard", "compliant"]]);
  });

  it('fails "*" in a role policy, "<service>:*" in a managed policy and in a role\'s inline policy, and an Allow with NotAction', () => {
    // given
    const findings = findingsOf(iamNoWildcardActions, (s) => {
      new IamRolePolicy(s, "admin", { role: "app", policy: policy({ Effect: "Allow", Action: "*", Resource: "*" }) });
      new IamPolicy(s, "s3-all", { name: "s3-all", policy: policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:*"], Resource: "arn:aws:s3:::acme/*" }) });
      new IamRole(s, "tables", { name: "tables", assumeRolePolicy: TRUST, inlinePolicy: [{ name: "tables", policy: policy({ Effect: "Allow", Action: "dynamodb:*", Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/t" }) }] });
      new IamPolicy(s, "not-iam", { name: "not-iam", policy: policy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) });
    });
    // then
    expect(messagesBy(findings)).toEqual({
      "aws_iam_role_policy.admin": 'allows all actions ("*")',
      "aws_iam_policy.s3-all": 'allows all s3 actions ("s3:*")',
      "aws_iam_role.tables": 'inline policy "tables" allows all dynamodb actions ("dynamodb:*")',
      "aws_iam_policy.not-iam": "allows every action but iam:* (NotAction)",
    });
  });
});

describe("LLM-AWS-IAM-2 data actions scoped to resources", () => {
  it("passes our roles, including the endpoint role's ECR token, metrics and ENI actions on \"*\"", () => {
    const findings = findingsOf(iamNoUnscopedDataAccess, platform);
    expect(findings.length).toBe(8);
    expect(findings.filter((f) => f.status !== "compliant")).toEqual([]);
  });

  it("passes account-level listings that AWS grants only on \"*\"", () => {
    const findings = findingsOf(iamNoUnscopedDataAccess, (s) => {
      new IamPolicy(s, "list", { name: "list", policy: policy({ Effect: "Allow", Action: ["s3:ListAllMyBuckets", "aoss:ListCollections", "kms:ListAliases", "kms:DescribeKey"], Resource: "*" }) });
    });
    expect(findings.map((f) => f.status)).toEqual(["compliant"]);
  });

  it('fails object reads, decryption, secrets and inference on "*", on a bucket wildcard ARN, and without a Resource', () => {
    // given
    const findings = findingsOf(iamNoUnscopedDataAccess, (s) => {
      new IamRolePolicy(s, "reader", { role: "app", policy: policy({ Effect: "Allow", Action: ["s3:GetObject", "kms:Decrypt", "kms:DescribeKey"], Resource: "*" }) });
      new IamPolicy(s, "all-buckets", { name: "all-buckets", policy: policy({ Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::*" }) });
      new IamRole(s, "secrets", {
        name: "secrets",
        assumeRolePolicy: TRUST,
        inlinePolicy: [{ name: "read", policy: JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "sagemaker:InvokeEndpoint"] } }) }],
      });
      new IamPolicy(s, "kms-all", { name: "kms-all", policy: policy({ Effect: "Allow", Action: "kms:*", Resource: "*" }) });
    });
    // then
    expect(messagesBy(findings)).toEqual({
      "aws_iam_role_policy.reader": 'allows s3:GetObject, kms:Decrypt on "*"',
      "aws_iam_policy.all-buckets": 'allows s3:Get* on "arn:aws:s3:::*"',
      "aws_iam_role.secrets": 'inline policy "read" allows secretsmanager:GetSecretValue, sagemaker:InvokeEndpoint on every resource (no Resource)',
      "aws_iam_policy.kms-all": 'allows kms:* on "*"',
    });
  });
});

describe("LLM-AWS-IAM-3 no *FullAccess or AdministratorAccess managed policies", () => {
  it("passes the narrow managed policies AwsTrainingCluster attaches", () => {
    const findings = findingsOf(iamNoBroadManagedPolicies, (s) => trainingCluster(s));
    expect(findings.length).toBe(5);
    expect(findings.filter((f) => f.status !== "compliant")).toEqual([]);
  });

  it("fails a role attachment of AmazonS3FullAccess, a policy attachment of AdministratorAccess and a role's managed_policy_arns", () => {
    // given
    const findings = findingsOf(iamNoBroadManagedPolicies, (s) => {
      new IamRolePolicyAttachment(s, "s3-full", { role: "app", policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" });
      new IamPolicyAttachment(s, "admin", { name: "admin", roles: ["app"], policyArn: "arn:aws-us-gov:iam::aws:policy/AdministratorAccess" });
      new IamRole(s, "notebook", {
        name: "notebook",
        assumeRolePolicy: TRUST,
        managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSageMakerReadOnly", "arn:aws:iam::aws:policy/service-role/AmazonSageMakerFullAccess"],
      });
      new IamRolePolicyAttachment(s, "own", { role: "app", policyArn: new IamPolicy(s, "own-policy", { name: "own", policy: policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme/*" }) }).arn });
    });
    // then
    expect(statuses(findings)).toEqual({
      "aws_iam_role_policy_attachment.s3-full": "non-compliant",
      "aws_iam_policy_attachment.admin": "non-compliant",
      "aws_iam_role.notebook": "non-compliant",
      "aws_iam_role_policy_attachment.own": "compliant",
    });
    expect(messagesBy(findings)).toEqual({
      "aws_iam_role_policy_attachment.s3-full": "attaches the AWS-managed policy AmazonS3FullAccess",
      "aws_iam_policy_attachment.admin": "attaches the AWS-managed policy AdministratorAccess",
      "aws_iam_role.notebook": "attaches the AWS-managed policy AmazonSageMakerFullAccess",
    });
  });

  it("recognises the broad names, and only them", () => {
    expect(["AdministratorAccess", "AdministratorAccess-Amplify", "AmazonS3FullAccess", "AWSLambda_FullAccess", "CloudWatchFullAccessV2"].filter(isBroadManagedPolicy)).toHaveLength(5);
    expect(["ReadOnlyAccess", "AmazonEKSWorkerNodePolicy", "AmazonS3ReadOnlyAccess", "AWSCodeCommitReadOnly"].filter(isBroadManagedPolicy)).toEqual([]);
  });
});
