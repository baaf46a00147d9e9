/**
 * A Mermaid `flowchart` of one environment stack, built from its synthesized
 * `cdk.tf.json`: one subgraph per part of the environment (network, cluster and
 * pools, storage, vector store, endpoint, registry, budget and alerts, keys), the
 * resources that matter as their own nodes, the rest counted in one node per part,
 * and an edge wherever a resource refers to another (`${type.name.attr}` or
 * `depends_on`). Types are matched by pattern per cloud (AWS, Google Cloud, Azure);
 * an unknown type lands in "other", so a new cloud still draws.
 */
import type { SynthesizedDocument } from "./diff";

interface Group {
  readonly id: string;
  readonly title: string;
  /** Types drawn one node per resource, with their label. */
  readonly primary: Readonly<Record<string, string>>;
  /** Types counted in the group's summary node. */
  readonly members: RegExp;
  /** Whether edges to and from the group are drawn (not for identity wiring, which touches everything). */
  readonly edges: boolean;
}

const GROUPS: readonly Group[] = [
  {
    id: "network",
    title: "Network",
    primary: { aws_vpc: "VPC", google_compute_network: "VPC network", azurerm_virtual_network: "virtual network", aws_nat_gateway: "NAT gateway", google_compute_router_nat: "Cloud NAT", azurerm_nat_gateway: "NAT gateway" },
    members: /^(aws_(vpc|subnet|nat|eip|internet_gateway|route|security_group|default_security_group|flow_log|network)|google_(compute_|service_networking|dns_)|azurerm_(subnet|virtual_network|nat|public_ip|network_|private_endpoint|private_dns|route))/,
    edges: true,
  },
  {
    id: "cluster",
    title: "Cluster and pools",
    primary: { aws_eks_cluster: "EKS cluster", google_container_cluster: "GKE cluster", azurerm_kubernetes_cluster: "AKS cluster", aws_eks_node_group: "node group", google_container_node_pool: "node pool", azurerm_kubernetes_cluster_node_pool: "node pool" },
    members: /^(aws_(eks_|launch_template|placement_group)|google_container_|google_gke_|azurerm_kubernetes_)/,
    edges: true,
  },
  {
    id: "storage",
    title: "Storage",
    primary: { aws_s3_bucket: "S3 bucket", aws_fsx_lustre_file_system: "FSx for Lustre", google_storage_bucket: "Cloud Storage bucket", google_lustre_instance: "Managed Lustre", azurerm_storage_account: "storage account", azurerm_managed_lustre_file_system: "Managed Lustre" },
    members: /^(aws_(s3_|fsx_|efs_)|google_(storage_|lustre_|filestore_)|azurerm_(storage_|managed_lustre))/,
    edges: true,
  },
  {
    id: "vector",
    title: "Vector store",
    primary: { aws_opensearchserverless_collection: "OpenSearch Serverless", aws_rds_cluster: "Aurora cluster", google_sql_database_instance: "Cloud SQL", google_alloydb_cluster: "AlloyDB", google_vertex_ai_index_endpoint: "Vector Search endpoint", google_vertex_ai_index: "Vector Search index", azurerm_search_service: "AI Search", azurerm_postgresql_flexible_server: "PostgreSQL" },
    members: /^(aws_(opensearchserverless_|rds_|db_|secretsmanager_)|google_(sql_|alloydb_|vertex_ai_index)|azurerm_(search_|postgresql_))/,
    edges: true,
  },
  {
    id: "endpoint",
    title: "Endpoint",
    primary: { aws_sagemaker_endpoint: "SageMaker endpoint", google_vertex_ai_endpoint: "Vertex AI endpoint", azurerm_cognitive_deployment: "model deployment", azurerm_machine_learning_inference_cluster: "inference cluster" },
    members: /^(aws_(sagemaker_(endpoint|model$|model_|inference)|appautoscaling_)|google_vertex_ai_|azurerm_(cognitive_|machine_learning_))/,
    edges: true,
  },
  {
    id: "registry",
    title: "Registry",
    primary: { aws_ecr_repository: "ECR repository", aws_sagemaker_model_package_group: "model registry", google_artifact_registry_repository: "Artifact Registry", azurerm_container_registry: "container registry" },
    members: /^(aws_(ecr_|sagemaker_model_package)|google_artifact_registry_|azurerm_container_registry)/,
    edges: true,
  },
  {
    id: "alerts",
    title: "Budget and alerts",
    primary: { aws_budgets_budget: "budget", google_billing_budget: "budget", azurerm_consumption_budget_subscription: "budget", azurerm_consumption_budget_resource_group: "budget", aws_sns_topic: "SNS topic", google_pubsub_topic: "Pub/Sub topic", azurerm_monitor_action_group: "action group" },
    members: /^(aws_(budgets_|cloudwatch_|sns_)|google_(monitoring_|logging_|pubsub_|billing_)|azurerm_(consumption_|monitor_|log_analytics|application_insights))/,
    edges: true,
  },
  {
    id: "keys",
    title: "Keys",
    primary: { aws_kms_key: "KMS key", google_kms_crypto_key: "Cloud KMS key", azurerm_key_vault_key: "Key Vault key" },
    members: /^(aws_kms_|google_kms_|azurerm_key_vault)/,
    edges: true,
  },
  {
    id: "identity",
    title: "Identity and access",
    primary: {},
    members: /^(aws_iam_|google_(service_account|project_iam|.*_iam_)|azurerm_(role_|user_assigned_identity|federated_identity))/,
    edges: false,
  },
];

const OTHER: Group = { id: "other", title: "Other", primary: {}, members: /.*/, edges: true };

interface Resource {
  readonly address: string;
  readonly type: string;
  readonly attrs: Record<string, unknown>;
}

function groupOf(type: string): Group {
  return GROUPS.find((g) => type in g.primary) ?? GROUPS.find((g) => g.members.test(type)) ?? OTHER;
}

/** Mermaid-safe label text: quotes and markup characters dropped. */
function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9 _./:()+,-]/g, " ").replace(/\s+/g, " ").trim();
}

const NAME_ATTRS = ["node_group_name", "bucket", "display_name", "name", "repository_id", "file_system_id", "instance_id", "cluster_identifier"];

/** A readable name: a plain name attribute, else the construct path below the stack. */
function nameOf(r: Resource): string {
  for (const key of NAME_ATTRS) {
    const v = r.attrs[key];
    if (typeof v === "string" && v !== "" && !v.includes("${")) return v;
  }
  const meta = (r.attrs["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
  return meta ? meta.split("/").slice(1).join("/") : r.address.slice(r.type.length + 1);
}

/** Addresses (`type.name`) a value refers to. */
function references(value: unknown, out: Set<string>): void {
  if (typeof value === "string") {
    for (const m of value.matchAll(/([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?=[.}\s\]]|$)/g)) out.add(m[1]);
  } else if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) if (k !== "//") references(v, out);
}

function resourcesOf(doc: SynthesizedDocument): Resource[] {
  const out: Resource[] = [];
  for (const [type, byName] of Object.entries(doc.resource ?? {})) for (const [name, attrs] of Object.entries(byName)) out.push({ address: `${type}.${name}`, type, attrs });
  return out.sort((a, b) => a.address.localeCompare(b.address));
}

/** Summary text of the resources a group counts: `3 x aws_subnet, 2 x aws_route_table, +4 types`. */
function countLabel(resources: readonly Resource[]): string {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, 3).map(([t, n]) => `${n} x ${t}`);
  return [...shown, ...(sorted.length > 3 ? [`+${sorted.length - 3} more types`] : [])].map(safe).join("<br/>");
}

/** The Mermaid flowchart of one synthesized stack (without the code fence). */
export function stackDiagram(doc: SynthesizedDocument): string {
  const resources = resourcesOf(doc);
  const nodeOf = new Map<string, string>();
  const groupIdOf = new Map<string, Group>();
  const lines = ["flowchart LR"];
  let n = 0;
  for (const g of [...GROUPS, OTHER]) {
    const mine = resources.filter((r) => groupOf(r.type) === g);
    if (mine.length === 0) continue;
    lines.push(`  subgraph ${g.id}["${g.title}"]`);
    const primary = mine.filter((r) => r.type in g.primary);
    for (const r of primary) {
      const id = `n${n++}`;
      nodeOf.set(r.address, id);
      groupIdOf.set(id, g);
      lines.push(`    ${id}["${safe(g.primary[r.type])}<br/>${safe(nameOf(r))}"]`);
    }
    const rest = mine.filter((r) => !(r.type in g.primary));
    if (rest.length > 0) {
      const id = `${g.id}_more`;
      for (const r of rest) nodeOf.set(r.address, id);
      groupIdOf.set(id, g);
      lines.push(`    ${id}["${countLabel(rest)}"]`);
    }
    lines.push("  end");
  }
  // A counted node stands for its group's wiring: its links are drawn from (or to) the
  // whole group, and not at all inside the group.
  const edges = new Set<string>();
  const end = (id: string) => (id.endsWith("_more") ? (groupIdOf.get(id) as Group).id : id);
  for (const r of resources) {
    const from = nodeOf.get(r.address);
    if (!from || !groupIdOf.get(from)?.edges) continue;
    const refs = new Set<string>();
    references(r.attrs, refs);
    for (const target of [...refs].sort()) {
      const to = nodeOf.get(target);
      if (!to || to === from || !groupIdOf.get(to)?.edges) continue;
      const sameGroup = groupIdOf.get(to) === groupIdOf.get(from);
      if (sameGroup && (from.endsWith("_more") || to.endsWith("_more"))) continue;
      edges.add(`${end(from)} ${to}`);
    }
  }
  // A link to a node of a group says more than a link to the whole group: drop the latter.
  const pairs = [...edges].map((e) => e.split(" ") as [string, string]);
  const drawn = pairs.filter(([from, to]) => !to.endsWith("_more") || !pairs.some(([f, t]) => f === from && !t.endsWith("_more") && groupIdOf.get(t) === groupIdOf.get(to)));
  lines.push(...[...new Set(drawn.map(([from, to]) => `  ${end(from)} --> ${end(to)}`))].sort());
  return lines.join("\n");
}
