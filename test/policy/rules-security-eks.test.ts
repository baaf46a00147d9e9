import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { describe, expect, it } from "vitest";
import type { Construct } from "../../lib/cdk";
import { eksControlPlaneLogs } from "../../lib/policy/rules/aws/eks/control-plane-logs";
import { eksPrivateEndpoint } from "../../lib/policy/rules/aws/eks/private-endpoint";
import { eksSecretsEncryption } from "../../lib/policy/rules/aws/eks/secrets-encryption";
import { failures, findingsOf, statuses } from "./helpers";
import { KEY_ARN, trainingCluster } from "./security-helpers";

type EksProps = ConstructorParameters<typeof EksCluster>[2];

/** A raw EKS cluster; `props` replace the provider defaults it is built with. */
function rawCluster(s: Construct, id: string, props: Partial<EksProps> = {}): EksCluster {
  return new EksCluster(s, id, { name: `acme-${id}`, roleArn: "arn:aws:iam::123456789012:role/eks", vpcConfig: { subnetIds: ["subnet-a", "subnet-b"] }, ...props });
}

describe("LLM-AWS-EKS-1 private API endpoint only", () => {
  it("passes an AwsTrainingCluster", () => {
    expect(statuses(findingsOf(eksPrivateEndpoint, trainingCluster))).toEqual({ "aws_eks_cluster.training_cluster": "compliant" });
  });

  it("fails a cluster on the provider defaults (public endpoint, no private one)", () => {
    // given a cluster that says nothing about its endpoints
    const findings = findingsOf(eksPrivateEndpoint, (s) => rawCluster(s, "defaults"));
    // then both halves are reported
    expect(statuses(findings)).toEqual({ "aws_eks_cluster.defaults": "non-compliant" });
    expect(failures(findings)).toEqual([expect.stringMatching(/^exposes the Kubernetes API on a public endpoint \(endpoint_public_access defaults to true\); has no private API endpoint/)]);
  });

  it("fails a cluster with both endpoints on", () => {
    const findings = findingsOf(eksPrivateEndpoint, (s) => rawCluster(s, "both", { vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], endpointPrivateAccess: true, endpointPublicAccess: true } }));
    expect(failures(findings)).toEqual(["exposes the Kubernetes API on a public endpoint"]);
  });
});

describe("LLM-AWS-EKS-2 secrets encrypted with a customer-managed key", () => {
  it("passes an AwsTrainingCluster, and a raw cluster given a literal key ARN", () => {
    const findings = findingsOf(eksSecretsEncryption, (s) => {
      trainingCluster(s);
      rawCluster(s, "literal-key", { encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY_ARN } } });
    });
    expect(statuses(findings)).toEqual({ "aws_eks_cluster.training_cluster": "compliant", "aws_eks_cluster.literal-key": "compliant" });
  });

  it("fails a cluster without encryption_config, and one whose key is no KMS key", () => {
    const findings = findingsOf(eksSecretsEncryption, (s) => {
      rawCluster(s, "plain");
      rawCluster(s, "variable-key", { encryptionConfig: { resources: ["secrets"], provider: { keyArn: "not-a-key" } } });
    });
    expect(statuses(findings)).toEqual({ "aws_eks_cluster.plain": "non-compliant", "aws_eks_cluster.variable-key": "non-compliant" });
    expect(failures(findings)).toEqual([expect.stringMatching(/^does not encrypt Kubernetes secrets with a KMS key/), expect.stringMatching(/names no customer-managed KMS key/)]);
  });
});

describe("LLM-AWS-EKS-3 control-plane logs", () => {
  it("passes an AwsTrainingCluster, which sends every log type", () => {
    const findings = findingsOf(eksControlPlaneLogs, trainingCluster);
    expect(statuses(findings)).toEqual({ "aws_eks_cluster.training_cluster": "compliant" });
    expect(findings[0].level).toBe("warning");
  });

  it("fails a cluster that logs only API calls, and names what is missing", () => {
    const findings = findingsOf(eksControlPlaneLogs, (s) => rawCluster(s, "api-only", { enabledClusterLogTypes: ["api"] }));
    expect(failures(findings)).toEqual(["does not send the audit, authenticator control-plane logs"]);
  });
});
