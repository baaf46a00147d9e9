import type { ResourceRule } from "../../types";
import { gcpBudgetNotifications } from "./budget/budget-notifications";
import { gcsBucketCmek } from "./gcs/bucket-cmek";
import { gcsPublicAccessPrevention } from "./gcs/bucket-public-access";
import { gkeAcceleratorDevCapacity } from "./gke/accelerator-dev-capacity";
import { gkeAcceleratorScaleToZero } from "./gke/accelerator-scale-to-zero";
import { gkeClusterHardening } from "./gke/cluster-hardening";
import { gkeDeletionProtection } from "./gke/cluster-deletion-protection";
import { gkeNodeBootDiskCmek } from "./gke/node-boot-disk-cmek";
import { gkeNodeSecureBoot } from "./gke/node-secure-boot";
import { gkeNodeServiceAccount } from "./gke/node-service-account";
import { gkePrivateCluster } from "./gke/private-cluster";
import { gkeSecretsEncryption } from "./gke/secrets-encryption";
import { gkeWorkloadIdentity } from "./gke/workload-identity";
import { gcpNoPublicMembers } from "./iam/no-public-members";
import { gcpUnreachedLabels } from "./labels/unreached-labels";
import { gcpKeyDestroyDelay } from "./kms/key-destroy-delay";
import { gcpKeyRotation } from "./kms/key-rotation";
import { gcpNoCmekOption } from "./kms/no-cmek-option";
import { gcpAlertPolicyChannels } from "./monitoring/alert-policy-channels";
import { gcpFirewallNoOpenIngress } from "./network/firewall-no-open-ingress";
import { gcpSubnetFlowLogs } from "./network/subnet-flow-logs";
import { pubsubTopicCmek } from "./pubsub/topic-cmek";
import { arRepositoryCmek } from "./registry/repository-cmek";
import { sqlApiDeletionProtection } from "./sql/api-deletion-protection";
import { sqlBackups } from "./sql/backups";
import { sqlInstanceCmek } from "./sql/instance-cmek";
import { sqlPrivateIpOnly } from "./sql/private-ip-only";
import { sqlTlsOnly } from "./sql/tls-only";
import { vertexEndpointCmek } from "./vertex/endpoint-cmek";

/** Every Google Cloud rule (top-level labels are LLM-TAG-1's; LLM-GCP-TAG-1 reads the fields default labels miss). */
export const GCP_RULES: readonly ResourceRule[] = [
  // security
  gkePrivateCluster,
  gkeSecretsEncryption,
  gkeWorkloadIdentity,
  gkeNodeServiceAccount,
  gkeClusterHardening,
  gkeNodeSecureBoot,
  gkeNodeBootDiskCmek,
  gcsPublicAccessPrevention,
  gcsBucketCmek,
  gcpNoPublicMembers,
  gcpKeyRotation,
  gcpNoCmekOption,
  gcpSubnetFlowLogs,
  gcpFirewallNoOpenIngress,
  sqlPrivateIpOnly,
  sqlTlsOnly,
  sqlInstanceCmek,
  arRepositoryCmek,
  pubsubTopicCmek,
  vertexEndpointCmek,
  // reliability
  gkeDeletionProtection,
  gcpKeyDestroyDelay,
  sqlBackups,
  sqlApiDeletionProtection,
  // cost
  gkeAcceleratorScaleToZero,
  gkeAcceleratorDevCapacity,
  gcpBudgetNotifications,
  gcpAlertPolicyChannels,
  // tagging
  gcpUnreachedLabels,
];
