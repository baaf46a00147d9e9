import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct, type ITerraformDependable } from "../../cdk";
import { LlmOpsValidationError } from "../../errors";
import { Namer } from "../../naming";
import { markComponent, type EnvironmentIdentity } from "../common";
import type { AwsDataBucket } from "./data-bucket";
import { policyDocument } from "./private/iam";
import type { IAwsRole } from "./role";

/** The Kubernetes service account of the Mountpoint for S3 CSI driver (the add-on's own). */
export const MOUNTPOINT_SERVICE_ACCOUNT = "s3-csi-driver-sa";

/** Props of {@link AwsObjectMount}. */
export interface AwsObjectMountProps {
  /** The environment; the driver's role is `<name>-<tier>-s3-csi`. */
  readonly environment: EnvironmentIdentity;
  /** The EKS cluster (its name) the driver is installed on, and what the add-on waits for (nodes to run on). */
  readonly cluster: { readonly clusterName: string; readonly dependencies: readonly ITerraformDependable[] };
  /** Buckets pods read through the mount (e.g. datasets). @default [] */
  readonly readBuckets?: readonly AwsDataBucket[];
  /** Buckets pods read and write through the mount (e.g. checkpoints). @default [] */
  readonly readWriteBuckets?: readonly AwsDataBucket[];
}

/**
 * Object storage mounted as a file system: the Mountpoint for Amazon S3 CSI driver as
 * an EKS add-on, with its own Pod Identity role granted exactly the buckets given (and
 * their key). Pods mount a bucket through a statically provisioned volume
 * (`driver: s3.csi.aws.com`, `volumeAttributes.bucketName`); nothing runs, and nothing
 * is billed, while no pod mounts it. Traffic goes through the VPC's S3 gateway endpoint.
 */
export class AwsObjectMount extends Construct {
  /** The EKS add-on. */
  public readonly addon: EksAddon;
  /** The role the driver runs as. */
  public readonly role: IAwsRole;
  /** Names of the buckets the driver may mount. */
  public readonly bucketNames: readonly string[];

  constructor(scope: Construct, id: string, props: AwsObjectMountProps) {
    super(scope, id);
    markComponent(this, "shared-storage");
    const namer = new Namer(props.environment);
    const roleName = namer.name("iam-role", "environment.name", "s3-csi");
    if (namer.found.length > 0) throw new LlmOpsValidationError(`AwsObjectMount ${this.node.path}`, namer.found);
    const role = new IamRole(this, "role", {
      name: roleName,
      assumeRolePolicy: policyDocument({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }),
    });
    this.role = { principalId: role.arn, roleArn: role.arn, roleName: role.name };
    for (const bucket of props.readBuckets ?? []) bucket.grantRead(this.role);
    for (const bucket of props.readWriteBuckets ?? []) bucket.grantReadWrite(this.role);
    this.bucketNames = [...(props.readBuckets ?? []), ...(props.readWriteBuckets ?? [])].map((b) => b.bucketName);
    this.addon = new EksAddon(this, "addon", {
      clusterName: props.cluster.clusterName,
      addonName: "aws-mountpoint-s3-csi-driver",
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      podIdentityAssociation: [{ roleArn: role.arn, serviceAccount: MOUNTPOINT_SERVICE_ACCOUNT }],
      dependsOn: [...props.cluster.dependencies],
    });
  }
}
