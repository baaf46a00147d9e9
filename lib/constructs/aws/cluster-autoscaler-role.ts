import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct, Token } from "../../cdk";
import { LlmOpsValidationError } from "../../errors";
import { Namer } from "../../naming";
import { markComponent, type EnvironmentIdentity } from "../common";
import { AccountInfo } from "./private/account";
import { policyDocument } from "./private/iam";
import type { IEksCluster } from "./accelerator-node-group";
import type { IAwsRole } from "./role";

/** Where the Cluster Autoscaler runs: the platform stack's Helm release uses the same names. */
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = { namespace: "kube-system", name: "cluster-autoscaler" } as const;

/** Props of {@link AwsClusterAutoscalerRole}. */
export interface AwsClusterAutoscalerRoleProps {
  /** The environment; the role is `<name>-<tier>-cluster-autoscaler`. */
  readonly environment: EnvironmentIdentity;
  /** The cluster: its name as a plain string (part of the tag key the scaling actions are limited to) and the resource the association waits for. */
  readonly cluster: Pick<IEksCluster, "clusterName" | "cluster">;
}

/**
 * The AWS side of the Kubernetes Cluster Autoscaler: a role its pods assume through
 * EKS Pod Identity (service account `kube-system/cluster-autoscaler`), with the
 * permissions the autoscaler's AWS README lists for auto-discovery — the describe
 * calls, `eks:DescribeNodegroup` (labels, taints and resource tags of managed node
 * groups at zero nodes) — and the two scaling actions limited to Auto Scaling groups
 * tagged `k8s.io/cluster-autoscaler/<cluster>=owned`, which EKS puts on the groups of
 * its managed node groups. The autoscaler itself is installed by the platform stack.
 */
export class AwsClusterAutoscalerRole extends Construct {
  /** The role the autoscaler's pods run as. */
  public readonly role: IAwsRole;
  /** The Pod Identity association (the autoscaler's pods need it before they start). */
  public readonly association: EksPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: AwsClusterAutoscalerRoleProps) {
    super(scope, id);
    markComponent(this, "training");
    const namer = new Namer(props.environment);
    const roleName = namer.name("iam-role", "environment.name", "cluster-autoscaler");
    const clusterName = props.cluster.clusterName;
    const problems = [...namer.found];
    if (Token.isUnresolved(clusterName)) problems.push({ path: "cluster.clusterName", message: "must be the cluster's name as a plain string (it is part of a tag key in the policy), not a reference" });
    if (problems.length > 0) throw new LlmOpsValidationError(`AwsClusterAutoscalerRole ${this.node.path}`, problems);

    const account = new AccountInfo(this, "account");
    const role = new IamRole(this, "role", {
      name: roleName,
      assumeRolePolicy: policyDocument({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }),
    });
    new IamRolePolicy(this, "policy", {
      role: role.name,
      name: "scale-node-groups",
      policy: policyDocument(
        {
          Sid: "Discover",
          Effect: "Allow",
          Action: [
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations",
            "autoscaling:DescribeScalingActivities",
            "ec2:DescribeImages",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceTypesFromInstanceRequirements",
          ],
          Resource: "*",
        },
        { Sid: "ReadNodeGroups", Effect: "Allow", Action: ["eks:DescribeNodegroup"], Resource: account.arn("eks", `nodegroup/${clusterName}/*/*`) },
        {
          Sid: "ScaleOwnGroups",
          Effect: "Allow",
          Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
          Resource: "*",
          Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
        },
      ),
    });
    this.association = new EksPodIdentityAssociation(this, "association", {
      clusterName,
      namespace: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.namespace,
      serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.name,
      roleArn: role.arn,
      dependsOn: [props.cluster.cluster],
    });
    this.role = { principalId: role.arn, roleArn: role.arn, roleName: role.name };
  }
}
