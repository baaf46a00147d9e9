import type { ResourceRule } from "../../types";
import { aossKmsEncryption } from "./aoss/collection-kms-encryption";
import { aossPrivateNetwork } from "./aoss/collection-private-network";
import { ec2Imdsv2Required } from "./ec2/imdsv2-required";
import { ec2NoOpenIngress } from "./ec2/no-open-ingress";
import { ec2NoPublicIp } from "./ec2/no-public-ip";
import { ecrImmutableScanned } from "./ecr/immutable-scanned-images";
import { ecrRepositoryKms } from "./ecr/repository-kms-encryption";
import { eksControlPlaneLogs } from "./eks/control-plane-logs";
import { eksPrivateEndpoint } from "./eks/private-endpoint";
import { eksSecretsEncryption } from "./eks/secrets-encryption";
import { fsxLustreKmsEncryption } from "./fsx/lustre-kms-encryption";
import { iamNoBroadManagedPolicies } from "./iam/no-broad-managed-policies";
import { iamNoUnscopedDataAccess } from "./iam/no-unscoped-data-access";
import { iamNoWildcardActions } from "./iam/no-wildcard-actions";
import { kmsKeyPolicy } from "./kms/key-policy";
import { kmsKeyRotation } from "./kms/key-rotation";
import { logGroupKms } from "./logs/log-group-kms";
import { logGroupRetention } from "./logs/log-group-retention";
import { rdsClusterKmsEncryption } from "./rds/cluster-kms-encryption";
import { rdsNoPublicInstances } from "./rds/no-public-instances";
import { bucketDenyInsecureTransport } from "./s3/bucket-deny-insecure-transport";
import { sagemakerDataCaptureKms } from "./sagemaker/data-capture-kms";
import { sagemakerModelIsolation } from "./sagemaker/model-network-isolation";
import { snsTopicKms } from "./sns/topic-kms";
import { vpcFlowLogs } from "./vpc/flow-logs";

/** The AWS rules of the security pack (LLM-AWS-S3-1 and -2 are listed with the other AWS rules). */
export const AWS_SECURITY_RULES: readonly ResourceRule[] = [
  bucketDenyInsecureTransport,
  kmsKeyRotation,
  kmsKeyPolicy,
  eksPrivateEndpoint,
  eksSecretsEncryption,
  eksControlPlaneLogs,
  ec2Imdsv2Required,
  ec2NoPublicIp,
  ec2NoOpenIngress,
  vpcFlowLogs,
  iamNoWildcardActions,
  iamNoUnscopedDataAccess,
  iamNoBroadManagedPolicies,
  logGroupKms,
  logGroupRetention,
  snsTopicKms,
  aossPrivateNetwork,
  aossKmsEncryption,
  rdsClusterKmsEncryption,
  rdsNoPublicInstances,
  fsxLustreKmsEncryption,
  sagemakerModelIsolation,
  sagemakerDataCaptureKms,
  ecrRepositoryKms,
  ecrImmutableScanned,
];
