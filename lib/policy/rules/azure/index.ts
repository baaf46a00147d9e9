import type { ResourceRule } from "../../types";
import { aksEntraRbac } from "./aks/entra-rbac";
import { aksGpuDevCapacity } from "./aks/gpu-dev-capacity";
import { aksGpuScaleToZero } from "./aks/gpu-scale-to-zero";
import { aksPrivateCluster } from "./aks/private-cluster";
import { aksProdSkuUpgrades } from "./aks/prod-sku-upgrades";
import { aksSecretsEncryption } from "./aks/secrets-encryption";
import { aksWorkloadIdentityNodes } from "./aks/workload-identity-nodes";
import { azureBudgetNotifications } from "./budget/budget-notifications";
import { keyVaultKeyRotation } from "./keyvault/key-rotation";
import { keyVaultProtection } from "./keyvault/vault-protection";
import { lustreEncryptionKey } from "./lustre/encryption-key";
import { mlWorkspaceIsolation } from "./ml/workspace-isolation";
import { diagnosticSettings } from "./monitor/diagnostic-settings";
import { logAnalyticsDevDailyCap } from "./monitor/dev-daily-cap";
import { logAnalyticsRetention } from "./monitor/log-retention";
import { nsgNoInternetInbound } from "./network/nsg-no-internet-inbound";
import { publicNetworkAccessOff } from "./network/public-network-access";
import { subnetNsg } from "./network/subnet-nsg";
import { tlsMinimum } from "./network/tls-minimum";
import { openAiAccountAccess } from "./openai/account-access";
import { openAiDeploymentContentFilter } from "./openai/deployment-content-filter";
import { openAiProvisionedOutsideProd } from "./openai/provisioned-outside-prod";
import { postgresBackupsHa } from "./postgres/backups-ha";
import { postgresServerAccess } from "./postgres/server-access";
import { registryAccess, registryCmk } from "./registry/registry-access";
import { searchProdReplicas } from "./search/prod-replicas";
import { searchServiceAccess } from "./search/service-access";
import { storageAccountAccess } from "./storage/account-access";
import { storageAccountCmk } from "./storage/account-cmk";
import { storageBlobRecovery } from "./storage/blob-recovery";
import { storageSharedKeyOff } from "./storage/shared-key-off";

/**
 * The Azure rules for what the Azure constructs emit (network, key vault, storage, AKS
 * and its pools, PostgreSQL, AI Search, Azure OpenAI, Container Registry, ML workspace,
 * Managed Lustre, monitoring and budgets) and generic ones (public access, TLS). Tags
 * are LLM-TAG-1's, deletion protection LLM-REL-1/2's.
 */
export const AZURE_RULES: readonly ResourceRule[] = [
  // security
  aksPrivateCluster,
  aksEntraRbac,
  aksSecretsEncryption,
  aksWorkloadIdentityNodes,
  keyVaultProtection,
  keyVaultKeyRotation,
  storageAccountAccess,
  storageSharedKeyOff,
  storageAccountCmk,
  subnetNsg,
  nsgNoInternetInbound,
  publicNetworkAccessOff,
  tlsMinimum,
  postgresServerAccess,
  searchServiceAccess,
  openAiAccountAccess,
  openAiDeploymentContentFilter,
  registryAccess,
  registryCmk,
  mlWorkspaceIsolation,
  lustreEncryptionKey,
  diagnosticSettings,
  logAnalyticsRetention,
  // reliability
  aksProdSkuUpgrades,
  storageBlobRecovery,
  postgresBackupsHa,
  searchProdReplicas,
  // cost
  aksGpuScaleToZero,
  aksGpuDevCapacity,
  azureBudgetNotifications,
  openAiProvisionedOutsideProd,
  logAnalyticsDevDailyCap,
];
