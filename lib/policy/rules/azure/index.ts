import type { ResourceRule } from "../../types";
import { aksEntraRbac } from "./aks/entra-rbac";
import { aksGpuDevCapacity } from "./aks/gpu-dev-capacity";
import { aksGpuScaleToZero } from "./aks/gpu-scale-to-zero";
import { aksPrivateCluster } from "./aks/private-cluster";
import { aksProdSkuUpgrades } from "./aks/prod-sku-upgrades";
import { aksSecretsEncryption } from "./aks/secrets-encryption";
import { aksWorkloadIdentityNodes } from "./aks/workload-identity-nodes";
import { keyVaultKeyRotation } from "./keyvault/key-rotation";
import { keyVaultProtection } from "./keyvault/vault-protection";
import { nsgNoInternetInbound } from "./network/nsg-no-internet-inbound";
import { publicNetworkAccessOff } from "./network/public-network-access";
import { subnetNsg } from "./network/subnet-nsg";
import { tlsMinimum } from "./network/tls-minimum";
import { storageAccountAccess } from "./storage/account-access";
import { storageAccountCmk } from "./storage/account-cmk";
import { storageBlobRecovery } from "./storage/blob-recovery";
import { storageSharedKeyOff } from "./storage/shared-key-off";

/** The Azure rules for what the Azure constructs emit (network, key vault, storage, AKS and its pools) and generic ones (public access, TLS). Tags are LLM-TAG-1's. */
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
  // reliability
  aksProdSkuUpgrades,
  storageBlobRecovery,
  // cost
  aksGpuScaleToZero,
  aksGpuDevCapacity,
];
