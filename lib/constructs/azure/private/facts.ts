/**
 * Azure facts the Azure constructs share, as data, each with its source.
 */

/** Services a subnet is delegated to (azurerm `subnet` delegation names; actions as Azure reports them, so plans do not drift). */
export const DELEGATIONS = {
  /** API server VNet integration: a delegated subnet of at least /28 (learn.microsoft.com/azure/aks/api-server-vnet-integration). */
  apiServer: { name: "Microsoft.ContainerService/managedClusters", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] },
  /** PostgreSQL flexible server with private access (VNet integration). */
  postgres: { name: "Microsoft.DBforPostgreSQL/flexibleServers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] },
} as const;

/** Smallest API server subnet: /28 (AKS API server VNet integration). */
export const API_SERVER_MAX_PREFIX = 28;

/**
 * Private endpoint kinds the stack makes, with their private DNS zone (learn.microsoft.com/azure/private-link/private-endpoint-dns,
 * Azure public cloud) and the endpoint's subresource (group id).
 */
export const PRIVATE_ENDPOINT_KINDS = {
  blob: { zone: "privatelink.blob.core.windows.net", subresource: "blob" },
  vault: { zone: "privatelink.vaultcore.azure.net", subresource: "vault" },
  registry: { zone: "privatelink.azurecr.io", subresource: "registry" },
  search: { zone: "privatelink.search.windows.net", subresource: "searchService" },
  openai: { zone: "privatelink.openai.azure.com", subresource: "account" },
  cognitiveservices: { zone: "privatelink.cognitiveservices.azure.com", subresource: "account" },
  amlworkspace: { zone: "privatelink.api.azureml.ms", subresource: "amlworkspace" },
  notebooks: { zone: "privatelink.notebooks.azure.net", subresource: "amlworkspace" },
  /** Azure AI Foundry (`AIServices` accounts): its endpoint also registers in the `openai` and `cognitiveservices` zones. */
  aiservices: { zone: "privatelink.services.ai.azure.com", subresource: "account" },
  /** Azure Files of a storage account (an Azure Machine Learning workspace's default file datastore). */
  file: { zone: "privatelink.file.core.windows.net", subresource: "file" },
} as const;

/** A private endpoint kind: picks the DNS zone its records go in. */
export type PrivateEndpointKind = keyof typeof PRIVATE_ENDPOINT_KINDS;

/** Every private endpoint kind, in a fixed order. */
export const ALL_PRIVATE_ENDPOINT_KINDS = Object.keys(PRIVATE_ENDPOINT_KINDS) as PrivateEndpointKind[];

/**
 * The smallest Azure Managed Lustre subnet (prefix length) for a capacity, from the
 * documented table (learn.microsoft.com/azure/azure-managed-lustre/amlfs-prerequisites):
 * 4-16 TiB /27, 20-40 /26, 44-92 /25, 96-196 /24, 200-400 /23. Undefined above 400 TiB
 * (the table ends there: give the prefix length yourself).
 */
export const LUSTRE_SUBNETS: readonly { readonly maxTiB: number; readonly prefix: number }[] = [
  { maxTiB: 16, prefix: 27 },
  { maxTiB: 40, prefix: 26 },
  { maxTiB: 92, prefix: 25 },
  { maxTiB: 196, prefix: 24 },
  { maxTiB: 400, prefix: 23 },
];

/** The documented smallest Lustre subnet prefix for `capacityTiB`, or undefined above the table. */
export function lustrePrefixFor(capacityTiB: number): number | undefined {
  return LUSTRE_SUBNETS.find((s) => capacityTiB <= s.maxTiB)?.prefix;
}

/** Smallest Azure Managed Lustre file system, TiB (every SKU; AMLFS create-file-system-resource-manager). */
export const LUSTRE_MIN_TIB = 4;

/** Built-in Azure roles by name (learn.microsoft.com/azure/role-based-access-control/built-in-roles). */
export const ROLES = {
  keyVaultCryptoServiceEncryptionUser: "Key Vault Crypto Service Encryption User",
  keyVaultCryptoOfficer: "Key Vault Crypto Officer",
  keyVaultCryptoUser: "Key Vault Crypto User",
  keyVaultContributor: "Key Vault Contributor",
  keyVaultSecretsOfficer: "Key Vault Secrets Officer",
  storageBlobDataReader: "Storage Blob Data Reader",
  storageBlobDataContributor: "Storage Blob Data Contributor",
  storageAccountContributor: "Storage Account Contributor",
  networkContributor: "Network Contributor",
  privateDnsZoneContributor: "Private DNS Zone Contributor",
  managedIdentityOperator: "Managed Identity Operator",
  contributor: "Contributor",
  acrPull: "AcrPull",
  acrPush: "AcrPush",
  searchIndexDataContributor: "Search Index Data Contributor",
  searchIndexDataReader: "Search Index Data Reader",
  searchServiceContributor: "Search Service Contributor",
  cognitiveServicesOpenAiUser: "Cognitive Services OpenAI User",
  azureMlDataScientist: "AzureML Data Scientist",
  aksRbacClusterAdmin: "Azure Kubernetes Service RBAC Cluster Admin",
} as const;

/**
 * VM sizes on-demand capacity reservations support, by pattern (azure-compute-docs
 * `capacity-reservation-overview.md`, 2026-02-17: NC A100 v4 and NVads A10 v5 among the
 * GPU series; not ND-series, not NCads H100 v5; never Spot).
 */
export const RESERVABLE_GPU_SIZES: readonly { readonly series: string; readonly pattern: RegExp }[] = [
  { series: "NC A100 v4 (Standard_NC<n>ads_A100_v4)", pattern: /^Standard_NC\d+ads_A100_v4$/ },
  { series: "NVads A10 v5 (Standard_NV<n>ads_A10_v5)", pattern: /^Standard_NV\d+ads_A10_v5$/ },
];

/** VM sizes documented not to take capacity reservations, with the reason for the message. */
export const UNRESERVABLE_GPU_SIZES: readonly { readonly series: string; readonly pattern: RegExp }[] = [
  { series: "ND-series", pattern: /^Standard_ND/ },
  { series: "NCads H100 v5", pattern: /^Standard_NC\d+adi?s_H100_v5$/ },
];

/** GPU sizes that take MIG instance profiles (A100, H100, H200: AKS gpu-multi-instance). */
export const MIG_GPU_SIZES = /_(A100|H100|H200)_/;

/** AKS MIG profiles (azurerm `gpu_instance`). */
export const MIG_PROFILES = ["MIG1g", "MIG2g", "MIG3g", "MIG4g", "MIG7g"] as const;

/** The label and taint AKS documents for Spot node pools (learn.microsoft.com/azure/aks/spot-node-pool); azurerm asks for both to be written. */
export const SPOT_LABEL = { key: "kubernetes.azure.com/scalesetpriority", value: "spot" } as const;

/**
 * Azure Managed Lustre SKUs: throughput per TiB, and the capacity rule. The provider
 * (azurerm 4.55 `managed_lustre_file_system_resource.go`) enforces minimum = step per
 * SKU; the maxima are the documented self-service limits (AMLFS
 * create-file-system-resource-manager; larger sizes by a support request).
 */
export const LUSTRE_SKUS = {
  "AMLFS-Durable-Premium-40": { mbpsPerTiB: 40, stepTiB: 48, maxTiB: 768 },
  "AMLFS-Durable-Premium-125": { mbpsPerTiB: 125, stepTiB: 16, maxTiB: 128 },
  "AMLFS-Durable-Premium-250": { mbpsPerTiB: 250, stepTiB: 8, maxTiB: 128 },
  "AMLFS-Durable-Premium-500": { mbpsPerTiB: 500, stepTiB: 4, maxTiB: 128 },
} as const;

/** An Azure Managed Lustre SKU. */
export type LustreSku = keyof typeof LUSTRE_SKUS;

/** Days of the week as azurerm spells them (maintenance windows). */
export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/**
 * The claim the platform stack mounts an Azure Managed Lustre file system as
 * (`AzureLustreVolume` in the platform's `training` namespace): what the environment's
 * free-space alert selects in the kubelet's volume statistics.
 */
export const AZURE_LUSTRE_CLAIM = { namespace: "training", name: "lustre" } as const;
