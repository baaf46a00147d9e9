import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "../../../cdk";
import { AccountInfo } from "./account";
import { policyDocument } from "./iam";

/** What the serving role may touch. */
export interface EndpointRoleProps {
  readonly roleName: string;
  readonly account: AccountInfo;
  readonly artifactsBucketArn: string;
  readonly modelDataPrefix: string;
  readonly capturePrefix: string;
  readonly repositoryArn: string;
  readonly keyArn: string;
  readonly logGroupArn: string;
}

/**
 * The execution role of one endpoint: reads only its model prefix, writes only its
 * capture prefix, pulls only its image repository, writes only its log group.
 */
export class EndpointRole extends Construct {
  public readonly role: IamRole;
  /** The role's permissions; resources that need them at creation depend on this. */
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: EndpointRoleProps) {
    super(scope, id);
    const bucket = props.artifactsBucketArn;
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: "SageMaker execution role of one inference endpoint",
      // Only SageMaker acting for this account may assume it (confused-deputy guard).
      assumeRolePolicy: policyDocument({
        Effect: "Allow",
        Principal: { Service: "sagemaker.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": props.account.accountId } },
      }),
    });
    this.policy = new IamRolePolicy(this, "policy", {
      role: this.role.name,
      name: "serve-one-model",
      policy: policyDocument(
        { Sid: "ReadModelArtifacts", Effect: "Allow", Action: "s3:GetObject", Resource: `${bucket}/${props.modelDataPrefix}*` },
        { Sid: "ListModelPrefix", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket, Condition: { StringLike: { "s3:prefix": [`${props.modelDataPrefix}*`] } } },
        { Sid: "WriteCapturedData", Effect: "Allow", Action: "s3:PutObject", Resource: `${bucket}/${props.capturePrefix}*` },
        { Sid: "UseDataKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"], Resource: props.keyArn },
        { Sid: "PullServingImage", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"], Resource: props.repositoryArn },
        // ECR issues registry-wide tokens: GetAuthorizationToken has no resource-level scope.
        { Sid: "EcrToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "WriteEndpointLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [props.logGroupArn, `${props.logGroupArn}:*`] },
        // PutMetricData has no resource-level scope; the namespace condition limits it to SageMaker's.
        { Sid: "PublishMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } } },
        // VPC attachment: SageMaker creates ENIs in the endpoint's subnets; the EC2 describe and ENI actions have no resource-level scope.
        {
          Sid: "AttachToVpc",
          Effect: "Allow",
          Action: [
            "ec2:CreateNetworkInterface",
            "ec2:CreateNetworkInterfacePermission",
            "ec2:DeleteNetworkInterface",
            "ec2:DeleteNetworkInterfacePermission",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeVpcs",
            "ec2:DescribeDhcpOptions",
            "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups",
          ],
          Resource: "*",
          Condition: { StringEquals: { "aws:RequestedRegion": props.account.region } },
        },
      ),
    });
  }
}
