import type { ResourceRule } from "../../types";
import { collectionStandbyReplicas } from "./aoss/collection-standby-replicas";
import { budgetNotifications } from "./budgets/budget-notifications";
import { acceleratorDevCapacity } from "./eks/accelerator-dev-capacity";
import { acceleratorScaleToZero } from "./eks/accelerator-scale-to-zero";
import { eksDeletionProtection } from "./eks/cluster-deletion-protection";
import { lustreBackups } from "./fsx/lustre-backups";
import { keyDeletionWindow } from "./kms/key-deletion-window";
import { rdsBackupRetention } from "./rds/cluster-backup-retention";
import { rdsDeletionProtection } from "./rds/cluster-deletion-protection";
import { rdsClusterMultiAz } from "./rds/cluster-multi-az";
import { bucketVersioning } from "./s3/bucket-versioning";
import { endpointAutoscaling } from "./sagemaker/endpoint-autoscaling";
import { endpointScaleDown } from "./sagemaker/endpoint-scale-down";
import { alertTopicSubscribed } from "./sns/alert-topic-subscribed";
import { natPerZone } from "./vpc/nat-per-zone";

/** AWS rules of the reliability and cost packs. */
export const AWS_RELIABILITY_COST_RULES: readonly ResourceRule[] = [
  // reliability
  rdsDeletionProtection,
  eksDeletionProtection,
  bucketVersioning,
  lustreBackups,
  rdsBackupRetention,
  keyDeletionWindow,
  rdsClusterMultiAz,
  collectionStandbyReplicas,
  endpointAutoscaling,
  natPerZone,
  // cost
  budgetNotifications,
  alertTopicSubscribed,
  acceleratorScaleToZero,
  acceleratorDevCapacity,
  endpointScaleDown,
];
