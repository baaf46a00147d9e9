/**
 * What a diagnostic setting sends, per kind of resource the Azure stack makes: resource
 * log categories (or category groups, where the resource type supports them) and metric
 * categories, as Azure Monitor's "supported resource log categories" reference lists
 * them (learn.microsoft.com/azure/azure-monitor/reference/supported-logs/logs-index).
 * A kind with neither logs nor metrics takes no diagnostic setting (private endpoints,
 * private DNS zones, identities, role assignments, budgets, action groups, dashboards).
 */
export interface DiagnosticKind {
  /** Resource log categories; `group:` marks a category group (`allLogs`, `audit`). */
  readonly logs: readonly string[];
  /** Metric categories (`AllMetrics`, or a type's own such as `Transaction`). */
  readonly metrics: readonly string[];
  /** The sub-resource the setting goes on, appended to the resource id (storage logs live on the blob service). */
  readonly subResource?: string;
}

/** Diagnostic kinds by name. */
export const DIAGNOSTIC_KINDS = {
  /** Key Vault: the `audit` group (AuditEvent: every data-plane access). */
  "key-vault": { logs: ["group:audit"], metrics: ["AllMetrics"] },
  /** The blob service of a storage account: writes and deletes (reads are by far the most voluminous). */
  "storage-blob": { logs: ["StorageWrite", "StorageDelete"], metrics: ["Transaction"], subResource: "/blobServices/default" },
  /** The file service of a storage account (an ML workspace's file datastore): writes and deletes. */
  "storage-file": { logs: ["StorageWrite", "StorageDelete"], metrics: ["Transaction"], subResource: "/fileServices/default" },
  /** The storage account itself takes metrics only. */
  "storage-account": { logs: [], metrics: ["Transaction"] },
  /** AKS: control-plane audit of changes, Entra ID authentication (guard) and the cluster autoscaler (GPU scale from zero). */
  aks: { logs: ["kube-audit-admin", "guard", "cluster-autoscaler"], metrics: ["AllMetrics"] },
  /** Network security groups: rule events and hit counters. */
  nsg: { logs: ["NetworkSecurityGroupEvent", "NetworkSecurityGroupRuleCounter"], metrics: [] },
  /** NAT gateway: metrics only (SNAT ports, dropped packets). */
  "nat-gateway": { logs: [], metrics: ["AllMetrics"] },
  /** Public IP: metrics (DDoS counters, bytes). */
  "public-ip": { logs: [], metrics: ["AllMetrics"] },
  /** Virtual network: metrics only. */
  "virtual-network": { logs: [], metrics: ["AllMetrics"] },
  /** Container registry: logins and repository events (push, pull, delete): supported-logs/microsoft-containerregistry-registries-logs. */
  "container-registry": { logs: ["ContainerRegistryLoginEvents", "ContainerRegistryRepositoryEvents"], metrics: ["AllMetrics"] },
  /** PostgreSQL flexible server: the server log (connections, errors, pgaudit when on): supported-logs/microsoft-dbforpostgresql-flexibleservers-logs. */
  "postgres-flexible": { logs: ["PostgreSQLLogs"], metrics: ["AllMetrics"] },
  /** Azure AI Search: its one category, operation logs (queries, indexing): supported-logs/microsoft-search-searchservices-logs. */
  "search-service": { logs: ["OperationLogs"], metrics: ["AllMetrics"] },
  /** Azure Managed Lustre: its one category, the audit event, and platform metrics (OSTBytesUsed ...): supported-logs/microsoft-storagecache-amlfilesystems-logs. */
  "managed-lustre": { logs: ["AmlfsAuditEvent"], metrics: ["AllMetrics"] },
  /** Azure OpenAI account: control-plane audit and request/response metadata (never prompts): supported-logs/microsoft-cognitiveservices-accounts-logs. */
  "cognitive-account": { logs: ["Audit", "RequestResponse"], metrics: ["AllMetrics"] },
  /** Azure Machine Learning workspace: compute cluster and job events. */
  "ml-workspace": { logs: ["AmlComputeClusterEvent", "AmlComputeJobEvent"], metrics: ["AllMetrics"] },
} as const satisfies Record<string, DiagnosticKind>;

/** A kind of resource a diagnostic setting knows. */
export type DiagnosticKindName = keyof typeof DIAGNOSTIC_KINDS;
