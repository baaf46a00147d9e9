import { describe, expect, it } from "vitest";
import { addEnvironmentStack } from "../lib/stacks/synth";
import { baseSpec, resources, synthStack, testApp } from "./helpers";

interface Statement {
  Sid: string;
  Action: string[];
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

describe("AwsClusterAutoscalerRole (in the environment stack)", () => {
  // given an environment with a training cluster / when
  const doc = synthStack(addEnvironmentStack(testApp(), baseSpec({ training: { accelerator: "nvidia-l4", acceleratorsPerNode: 4 } })));
  const role = resources(doc, "aws_iam_role").find((r) => r.name === "acme-dev-cluster-autoscaler");
  const policy = resources(doc, "aws_iam_role_policy").find((p) => p.name === "scale-node-groups");
  const statements = (JSON.parse(policy?.policy as string) as { Statement: Statement[] }).Statement;

  it("lets the autoscaler's service account assume its role through Pod Identity, once the cluster exists", () => {
    expect(JSON.parse(role?.assume_role_policy as string).Statement[0].Principal).toEqual({ Service: "pods.eks.amazonaws.com" });
    const association = resources(doc, "aws_eks_pod_identity_association").find((a) => a.service_account === "cluster-autoscaler");
    expect(association).toMatchObject({ namespace: "kube-system", cluster_name: "acme-dev-training" });
    expect(association?.depends_on).toEqual([expect.stringMatching(/^aws_eks_cluster\./)]);
  });

  it("grants the documented auto-discovery reads, eks:DescribeNodegroup on this cluster's node groups, and scaling only of groups the cluster owns", () => {
    expect(statements.find((s) => s.Sid === "Discover")?.Action).toEqual(expect.arrayContaining(["autoscaling:DescribeAutoScalingGroups", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplateVersions"]));
    expect(statements.find((s) => s.Sid === "ReadNodeGroups")).toMatchObject({ Action: ["eks:DescribeNodegroup"], Resource: expect.stringMatching(/:nodegroup\/acme-dev-training\/\*\/\*$/) });
    expect(statements.find((s) => s.Sid === "ScaleOwnGroups")).toMatchObject({
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Condition: { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/acme-dev-training": "owned" } },
    });
  });

  it("is the only role in the environment with scaling rights", () => {
    expect(resources(doc, "aws_iam_role_policy").filter((p) => (p.policy as string).includes("SetDesiredCapacity"))).toHaveLength(1);
  });
});
