import { rmSync } from "node:fs";
import { join } from "node:path";
import { Testing, type Construct } from "../../lib/cdk";
import { AwsEncryptionKey } from "../../lib/constructs/aws/encryption-key";
import { AwsInferenceEndpoint } from "../../lib/constructs/aws/inference-endpoint";
import { AwsNetwork } from "../../lib/constructs/aws/network";
import { AwsTrainingCluster } from "../../lib/constructs/aws/training-cluster";
import { AWS_SECURITY_RULES } from "../../lib/policy/rules/aws/security";
import type { Finding } from "../../lib/policy/types";
import { loadSpecFile } from "../../lib/environment/load";
import { AwsLlmOpsStack } from "../../lib/stacks/aws-llmops-stack";
import { DEV } from "../helpers";

/** A literal customer-managed key ARN, for raw provider resources. */
export const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** A role made elsewhere, for the stores' grant methods. */
export const APP_ROLE = { principalId: "arn:aws:iam::123456789012:role/app", roleArn: "arn:aws:iam::123456789012:role/app", roleName: "app" };

/** Where the data stores of construct fixtures live. */
export const PLACEMENT = { vpcId: "vpc-123", subnetIds: ["subnet-a", "subnet-b"], clientCidrs: ["10.40.0.0/16"] };

/** An IAM policy document of `statements`, as JSON. */
export function policy(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The dev environment's customer-managed key, id `key` (one per scope: fixtures built side by side share it). */
export function envKey(s: Construct): AwsEncryptionKey {
  const existing = s.node.tryFindChild("key");
  return existing instanceof AwsEncryptionKey ? existing : new AwsEncryptionKey(s, "key", { environment: DEV });
}

/** An AwsNetwork (id `network`) with its own key. */
export function network(s: Construct): AwsNetwork {
  return new AwsNetwork(s, "network", { environment: DEV, encryptionKey: envKey(s) });
}

/** An AwsTrainingCluster (id `training`) in plain VPC inputs, with its own key. */
export function trainingCluster(s: Construct): AwsTrainingCluster {
  return new AwsTrainingCluster(s, "training", { environment: DEV, vpcId: "vpc-123", vpcCidr: "10.40.0.0/16", subnetIds: ["subnet-a", "subnet-b"], encryptionKey: envKey(s) });
}

/** An Inferentia2 AwsInferenceEndpoint (id `serving`) with its own key; `scaleToZero` deploys it as an inference component. */
export function inferenceEndpoint(s: Construct, opts: { scaleToZero?: boolean } = {}): AwsInferenceEndpoint {
  return new AwsInferenceEndpoint(s, "serving", {
    environment: DEV,
    instanceType: "ml.inf2.xlarge",
    acceleratorsPerInstance: 1,
    repository: { repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-dev/serving", repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/acme-dev/serving" },
    artifactsBucket: { bucketName: "acme-dev-artifacts", bucketArn: "arn:aws:s3:::acme-dev-artifacts" },
    vpc: { vpcId: "vpc-123", subnetIds: ["subnet-a", "subnet-b"], cidr: "10.40.0.0/16", s3PrefixListId: "pl-63a5400a" },
    encryptionKey: envKey(s),
    replicas: { min: opts.scaleToZero ? 0 : 1, max: 2 },
  });
}

/** The example spec files whose stacks must pass every security rule. */
export const EXAMPLE_SPECS = ["dev", "prod"].map((tier) => join(__dirname, "..", "..", "examples", "aws", "specs", `${tier}.yaml`));

/** Builds an example environment stack from its spec file, runs the AWS security rules (report-only) through a full synth, and returns the findings. */
export function exampleSecurityFindings(specFile: string): Finding[] {
  const stack = new AwsLlmOpsStack(Testing.app(), { spec: loadSpecFile(specFile), guardrails: { reportOnly: true, rules: AWS_SECURITY_RULES } });
  rmSync(Testing.fullSynth(stack), { recursive: true, force: true });
  return [...stack.guardrails.results];
}

/** `address prefix -> message` of the non-compliant findings, for assertions that do not depend on synthesized order. */
export function messagesBy(findings: readonly Finding[]): Record<string, string> {
  return Object.fromEntries(findings.filter((f) => f.status === "non-compliant").map((f) => [f.resource.replace(/_[0-9A-F]{8}$/, ""), f.message ?? ""]));
}
