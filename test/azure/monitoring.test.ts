import { describe, expect, it } from "vitest";
import { AzureMonitoring, DIAGNOSTIC_KINDS } from "../../lib/constructs/azure/monitoring";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { LOCATION, RESOURCE_GROUP, synthAzure, type Env } from "./helpers";

type Props = Partial<ConstructorParameters<typeof AzureMonitoring>[2]>;
const CLUSTER = { clusterId: "/subscriptions/s/resourceGroups/acme-dev-rg/providers/Microsoft.ContainerService/managedClusters/acme-dev-aks", clusterName: "acme-dev-aks" };
const props = (p: Props = {}, environment: Env = DEV) => ({ environment, resourceGroupName: RESOURCE_GROUP, location: LOCATION, emails: ["oncall@acme.example"], ...p });
const build = (p: Props = {}, environment: Env = DEV, then?: (m: AzureMonitoring) => void) =>
  synthAzure((s) => {
    const m = new AzureMonitoring(s, "monitoring", props(p, environment));
    then?.(m);
  });

describe("AzureMonitoring", () => {
  it("makes a Log Analytics workspace with 30 days and a 0.5 GB daily cap in dev, 365 days and no cap in prod, local auth off", () => {
    expect(only(build(), "azurerm_log_analytics_workspace")).toMatchObject({ name: "acme-dev-logs", sku: "PerGB2018", retention_in_days: 30, daily_quota_gb: 0.5, local_authentication_enabled: false });
    const prod = only(build({}, PROD), "azurerm_log_analytics_workspace");
    expect(prod).toMatchObject({ retention_in_days: 365 });
    expect(prod.daily_quota_gb).toBeUndefined();
    expect(AzureMonitoring.defaults("staging")).toMatchObject({ retentionDays: 90, dailyQuotaGb: undefined });
  });

  it("keeps the Log Analytics workspace from being destroyed in prod, its audit trail, and lets dev destroy it", () => {
    expect(only(build({}, PROD), "azurerm_log_analytics_workspace")).toMatchObject({ lifecycle: { prevent_destroy: true } });
    expect(only(build(), "azurerm_log_analytics_workspace").lifecycle).toBeUndefined();
    expect(only(build({ preventDestroy: true }), "azurerm_log_analytics_workspace")).toMatchObject({ lifecycle: { prevent_destroy: true } });
  });

  it("sends alerts to an action group with one email receiver per address (common alert schema) and a short name of at most 12 characters", () => {
    const group = only(build({ emails: ["b@acme.example", "a@acme.example"] }, { name: "acme-llm-plat", tier: "staging" }), "azurerm_monitor_action_group") as { short_name: string; email_receiver: Record<string, unknown>[] };
    expect(group.short_name).toBe("acme-llm-pla");
    expect(group.email_receiver).toEqual([
      { name: "a-acme.example", email_address: "a@acme.example", use_common_alert_schema: true },
      { name: "b-acme.example", email_address: "b@acme.example", use_common_alert_schema: true },
    ]);
  });

  it("alerts on GPUs saturated and idle while running through Managed Prometheus, with the metrics flowing from the cluster", () => {
    // given a GPU cluster
    const doc = build({ gpuCluster: CLUSTER });
    // then the workspace gets the cluster's Prometheus metrics through a rule and its endpoint
    const rule = only(doc, "azurerm_monitor_data_collection_rule");
    expect(rule).toMatchObject({
      kind: "Linux",
      data_flow: [{ streams: ["Microsoft-PrometheusMetrics"], destinations: ["prometheus"] }],
      data_sources: { prometheus_forwarder: [{ streams: ["Microsoft-PrometheusMetrics"], name: "PrometheusDataSource" }] },
      destinations: { monitor_account: [{ name: "prometheus", monitor_account_id: expect.stringMatching(/azurerm_monitor_workspace\./) }] },
    });
    const associations = resources(doc, "azurerm_monitor_data_collection_rule_association");
    expect(associations.map((a) => [a.name, a.target_resource_id, a.data_collection_rule_id === undefined ? "endpoint" : "rule"]).sort()).toEqual([
      ["acme-dev-prom-dcra", CLUSTER.clusterId, "rule"],
      ["configurationAccessEndpoint", CLUSTER.clusterId, "endpoint"],
    ]);
    // and the rule group alerts on DCGM utilisation with the defaults, to the action group
    const group = only(doc, "azurerm_monitor_alert_prometheus_rule_group") as { rule: Record<string, unknown>[] } & Record<string, unknown>;
    expect(group).toMatchObject({ cluster_name: "acme-dev-aks", interval: "PT5M", rule_group_enabled: true, scopes: [expect.stringMatching(/azurerm_monitor_workspace\.monitoring_prometheus_\w+\.id/)] });
    expect(group.rule.map((r) => [r.alert, r.expression, r.for])).toEqual([
      ["GpuSaturated", "avg by (Hostname) (DCGM_FI_DEV_GPU_UTIL) > 95", "PT30M"],
      ["GpuIdleNodeRunning", "avg by (Hostname) (DCGM_FI_DEV_GPU_UTIL) < 5", "PT1H"],
    ]);
    for (const r of group.rule) expect(r.action).toEqual([{ action_group_id: expect.stringMatching(/azurerm_monitor_action_group\.monitoring_alerts_\w+\.id/) }]);
  });

  it("alerts when a mounted volume's free space stays below the threshold, from the kubelet's volume statistics of its claim, to the action group", () => {
    // given the Lustre claim the platform makes / when
    const doc = build({ gpuCluster: CLUSTER }, DEV, (m) => {
      m.addVolumeFreeSpaceAlert("lustre", { namespace: "training", name: "lustre" }, 10, "Azure Managed Lustre acme-dev-lustre");
      // asking again for the name returns the first
      m.addVolumeFreeSpaceAlert("lustre", { namespace: "training", name: "lustre" }, 20, "again");
    });
    // then one rule group beside the GPU one, scoped to the Azure Monitor workspace and the cluster
    const groups = resources(doc, "azurerm_monitor_alert_prometheus_rule_group");
    const group = groups.find((g) => g.name === "acme-dev-prom-lustre") as Record<string, any>;
    expect(groups).toHaveLength(2);
    expect(group).toMatchObject({ cluster_name: "acme-dev-aks", interval: "PT5M", rule_group_enabled: true, resource_group_name: RESOURCE_GROUP, location: LOCATION });
    expect(group.scopes).toEqual([expect.stringMatching(/^\$\{azurerm_monitor_workspace\.monitoring_prometheus_.*\.id\}$/)]);
    const [rule] = group.rule;
    expect(rule.expression).toBe(
      '100 * min by (namespace, persistentvolumeclaim) (kubelet_volume_stats_available_bytes{namespace="training",persistentvolumeclaim="lustre"}) / max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes{namespace="training",persistentvolumeclaim="lustre"}) < 10',
    );
    expect(rule).toMatchObject({ alert: "VolumeLowFreeSpace", for: "PT15M", severity: 2, enabled: true });
    expect(rule.action).toEqual([{ action_group_id: expect.stringMatching(/^\$\{azurerm_monitor_action_group\.monitoring_alerts_.*\.id\}$/) }]);
  });

  it("refuses a volume free-space alert without the cluster's managed Prometheus, or with a threshold outside 1-99", () => {
    expect(problemsOf(() => build({}, DEV, (m) => m.addVolumeFreeSpaceAlert("lustre", { namespace: "training", name: "lustre" }, 10, "x")))).toEqual([expect.stringMatching(/^gpuCluster: is needed for a volume free-space alert/)]);
    expect(problemsOf(() => build({ gpuCluster: CLUSTER }, DEV, (m) => m.addVolumeFreeSpaceAlert("lustre", { namespace: "training", name: "lustre" }, 0, "x")))).toEqual([expect.stringMatching(/^freePercent: /)]);
  });

  it("has no Prometheus resources without a GPU cluster", () => {
    const doc = build();
    for (const type of ["azurerm_monitor_workspace", "azurerm_monitor_data_collection_rule", "azurerm_monitor_alert_prometheus_rule_group"]) expect(resources(doc, type), type).toEqual([]);
  });

  it("makes a portal dashboard whose JSON is byte-stable and names the environment", () => {
    const a = only(build(), "azurerm_portal_dashboard");
    const b = only(build(), "azurerm_portal_dashboard");
    expect(a.dashboard_properties).toBe(b.dashboard_properties);
    const parsed = JSON.parse(a.dashboard_properties as string) as { lenses: Record<string, { parts: Record<string, { metadata: { type: string } }> }> };
    expect(parsed.lenses["0"].parts["0"].metadata.type).toBe("Extension/HubsExtension/PartType/MarkdownPart");
    expect(a).toMatchObject({ name: "acme-dev-dashboard", location: LOCATION });
  });

  it("adds diagnostic settings by kind, keyed by name: category groups where the type has them, the blob service as a sub-resource", () => {
    let names: readonly string[] = [];
    const doc = build({}, DEV, (m) => {
      m.addDiagnostics("vault", "key-vault", "/vault-id");
      m.addDiagnostics("blob", "storage-blob", "/account-id");
      m.addDiagnostics("nat", "nat-gateway", "/nat-id");
      m.addDiagnostics("vault", "key-vault", "/vault-id");
      names = m.diagnosticNames;
    });
    expect(names).toEqual(["blob", "nat", "vault"]);
    const byTarget = Object.fromEntries(resources(doc, "azurerm_monitor_diagnostic_setting").map((d) => [d.target_resource_id, d]));
    expect(Object.keys(byTarget).sort()).toEqual(["/account-id/blobServices/default", "/nat-id", "/vault-id"]);
    expect(byTarget["/vault-id"]).toMatchObject({ enabled_log: [{ category_group: "audit" }], enabled_metric: [{ category: "AllMetrics" }], log_analytics_workspace_id: expect.stringMatching(/azurerm_log_analytics_workspace/) });
    expect(byTarget["/account-id/blobServices/default"]).toMatchObject({ enabled_log: [{ category: "StorageWrite" }, { category: "StorageDelete" }], enabled_metric: [{ category: "Transaction" }] });
    expect(byTarget["/nat-id"].enabled_log).toBeUndefined();
    // every kind sends something: a setting with neither is rejected by Azure
    for (const [kind, facts] of Object.entries(DIAGNOSTIC_KINDS)) expect(facts.logs.length + facts.metrics.length, kind).toBeGreaterThan(0);
  });

  it.each([
    ["a retention under 30 days", { retentionDays: 14 }, /^retentionDays: Log Analytics retention \(days\) takes a whole number from 30 to 730 \(got 14\)/],
    ["a retention over 730 days", { retentionDays: 731 }, /^retentionDays: .*from 30 to 730/],
    ["a zero daily cap", { dailyQuotaGb: 0 }, /^dailyQuotaGb: takes a positive number of GB/],
    ["an idle threshold above saturation", { gpuSaturatedPercent: 50, gpuIdlePercent: 60 }, /^gpuIdlePercent: must be below gpuSaturatedPercent/],
    ["no email", { emails: [] }, /^emails: list at least one address/],
    ["a malformed email", { emails: ["oncall"] }, /^emails\.0: /],
  ])("rejects %s", (_, p, message) => {
    expect(problemsOf(() => build(p as Props))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});
