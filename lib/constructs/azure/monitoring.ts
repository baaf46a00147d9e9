import { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorAlertPrometheusRuleGroup } from "@cdktf/provider-azurerm/lib/monitor-alert-prometheus-rule-group";
import { MonitorDataCollectionEndpoint } from "@cdktf/provider-azurerm/lib/monitor-data-collection-endpoint";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { MonitorWorkspace } from "@cdktf/provider-azurerm/lib/monitor-workspace";
import { PortalDashboard } from "@cdktf/provider-azurerm/lib/portal-dashboard";
import { Construct } from "../../cdk";
import { LlmOpsValidationError, ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { emailProblem } from "../../util/patterns";
import { perTier, type Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity } from "../common";
import { Checks, isUnknown } from "../private/checks";
import { stableId } from "../private/stable-id";
import { keep } from "../private/stateful";
import { DIAGNOSTIC_KINDS, type DiagnosticKindName } from "./private/diagnostics";

export { DIAGNOSTIC_KINDS, type DiagnosticKindName } from "./private/diagnostics";

/** An action group's short name is at most 12 characters (it prefixes SMS and email subjects). */
export const ACTION_GROUP_SHORT_NAME_MAX = 12;

/** What the GPU alerts watch: an AKS cluster whose GPU nodes run the NVIDIA DCGM exporter. */
export interface AzureGpuClusterRef {
  /** The cluster's ARM id (the data collection rule is associated with it). */
  readonly clusterId: string;
  /** The cluster's name (the Prometheus rule group is scoped to it). */
  readonly clusterName: string;
}

/** Props of {@link AzureMonitoring}. */
export interface AzureMonitoringProps {
  /** The environment; resources are named `<name>-<tier>-<part>`. */
  readonly environment: EnvironmentIdentity;
  /** The resource group everything goes in. */
  readonly resourceGroupName: string;
  /** The Azure region. */
  readonly location: string;
  /** Who gets the alerts: one email receiver each in the action group. */
  readonly emails: readonly string[];
  /** Days Log Analytics keeps data, 30-730. @default - 30 dev, 90 staging, 365 prod */
  readonly retentionDays?: number;
  /** Daily ingestion cap of the workspace, GB; ingestion stops for the day beyond it. @default - 0.5 in dev, no cap otherwise */
  readonly dailyQuotaGb?: number;
  /** The GPU cluster to alert on (GPU saturated, GPU idle while nodes run), through Azure Managed Prometheus. @default - no GPU alerts */
  readonly gpuCluster?: AzureGpuClusterRef;
  /** GPU utilisation above which to alert, percent. @default 95 */
  readonly gpuSaturatedPercent?: number;
  /** GPU utilisation below which a running GPU counts as idle, percent. @default 5 */
  readonly gpuIdlePercent?: number;
  /** `lifecycle.prevent_destroy` on the Log Analytics workspace (its logs are the audit trail). @default - true in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<AzureMonitoringProps, "emails" | "retentionDays" | "dailyQuotaGb" | "gpuSaturatedPercent" | "gpuIdlePercent">;

/**
 * Monitoring of an Azure environment:
 * - a Log Analytics workspace (PerGB2018, retention per tier, at least 30 days; a daily
 *   ingestion cap in dev; local authentication off), which {@link addDiagnostics} points
 *   resources' diagnostic settings at, keyed by name;
 * - an action group with one email receiver per address (common alert schema);
 * - with `gpuCluster`: an Azure Monitor workspace (Managed Prometheus), a data collection
 *   endpoint and rule associated with the cluster, and a Prometheus rule group alerting
 *   when GPUs stay saturated (`DCGM_FI_DEV_GPU_UTIL` above the threshold for 30 minutes)
 *   or idle while nodes run (below the threshold for 60 minutes);
 * - a portal dashboard linking what the environment watches.
 *
 * Before the GPU alerts can fire: the cluster needs `monitor_metrics {}` (the Azure stack
 * sets it) and the NVIDIA DCGM exporter scraped by the managed Prometheus agent (the
 * platform stack deploys it). Model latency and error alerts join when the environment
 * has an inference endpoint ({@link actionGroupId} is what they notify).
 */
export class AzureMonitoring extends Construct {
  public readonly workspace: LogAnalyticsWorkspace;
  public readonly actionGroup: MonitorActionGroup;
  public readonly dashboard: PortalDashboard;
  public readonly prometheusWorkspace?: MonitorWorkspace;
  public readonly gpuAlerts?: MonitorAlertPrometheusRuleGroup;
  /** Free-space alerts on mounted volumes, by name ({@link addVolumeFreeSpaceAlert}). */
  public readonly volumeAlerts: Record<string, MonitorAlertPrometheusRuleGroup> = {};
  public readonly retentionDays: number;
  /** Whether the workspace carries `lifecycle.prevent_destroy`. */
  public readonly preventDestroy: boolean;
  public readonly dailyQuotaGb?: number;
  public readonly gpuSaturatedPercent: number;
  public readonly gpuIdlePercent: number;
  /** ARM id of the action group: what any further alert notifies. */
  public readonly actionGroupId: string;
  private readonly diagnostics = new Map<string, MonitorDiagnosticSetting>();
  private readonly gpuCluster?: AzureGpuClusterRef;
  /** Where Prometheus rule groups go: the resource group, region and the workspace's name. */
  private readonly prometheusPlace?: { readonly resourceGroupName: string; readonly location: string; readonly name: string };
  private readonly insights = new Map<string, ApplicationInsights>();
  private readonly base: { readonly resourceGroupName: string; readonly location: string };

  /** What monitoring uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly retentionDays: number; readonly dailyQuotaGb?: number; readonly gpuSaturatedPercent: number; readonly gpuIdlePercent: number } {
    return { retentionDays: perTier(tier, { dev: 30, staging: 90, prod: 365 }), dailyQuotaGb: tier === "dev" ? 0.5 : undefined, gpuSaturatedPercent: 95, gpuIdlePercent: 5 };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .int("retentionDays", settings.retentionDays, 30, 730, "Log Analytics retention (days)")
      .check("dailyQuotaGb", settings.dailyQuotaGb, (q) => (Number.isFinite(q) && q > 0 ? undefined : `takes a positive number of GB (got ${show(q)}); leave it unset for no cap`))
      .number("gpuSaturatedPercent", settings.gpuSaturatedPercent, 1, 100, "The GPU saturation alert (percent)")
      .number("gpuIdlePercent", settings.gpuIdlePercent, 0, 100, "The GPU idle alert (percent)");
    const { gpuSaturatedPercent: high, gpuIdlePercent: idle } = settings;
    if (high !== undefined && idle !== undefined && !isUnknown(high) && !isUnknown(idle) && idle >= high) checks.add("gpuIdlePercent", idle, `must be below gpuSaturatedPercent (got ${idle}, gpuSaturatedPercent ${high})`);
    const emails = settings.emails;
    if (emails && !isUnknown(emails)) {
      if (emails.length === 0) checks.add("emails", emails, "list at least one address: alerts that reach nobody are lost");
      emails.forEach((e, i) => checks.check(`emails.${i}`, e, emailProblem));
    }
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureMonitoringProps) {
    super(scope, id);
    markComponent(this, "monitoring");
    const d = AzureMonitoring.defaults(props.environment.tier);
    this.retentionDays = props.retentionDays ?? d.retentionDays;
    this.dailyQuotaGb = props.dailyQuotaGb ?? d.dailyQuotaGb;
    this.gpuSaturatedPercent = props.gpuSaturatedPercent ?? d.gpuSaturatedPercent;
    this.gpuIdlePercent = props.gpuIdlePercent ?? d.gpuIdlePercent;
    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    const names = {
      logs: namer.name("azure-log-analytics-workspace", "environment.name", "logs"),
      alerts: namer.name("azure-monitor", "environment.name", "alerts"),
      prometheus: namer.name("azure-monitor", "environment.name", "prom"),
      dashboard: namer.name("azure-monitor", "environment.name", "dashboard"),
    };
    problems.addAll(namer.found);
    problems.addAll(AzureMonitoring.validate({ ...props, retentionDays: this.retentionDays, gpuSaturatedPercent: this.gpuSaturatedPercent, gpuIdlePercent: this.gpuIdlePercent }));
    problems.throwIfAny(`AzureMonitoring ${this.node.path}`);

    const base = { resourceGroupName: props.resourceGroupName, location: props.location };
    this.base = base;
    this.preventDestroy = props.preventDestroy ?? resolveProtection(props.environment.tier, {}).preventDestroy;
    this.workspace = keep(new LogAnalyticsWorkspace(this, "logs", { ...base, name: names.logs, sku: "PerGB2018", retentionInDays: this.retentionDays, dailyQuotaGb: this.dailyQuotaGb, localAuthenticationEnabled: false }), this.preventDestroy);
    this.actionGroup = new MonitorActionGroup(this, "alerts", {
      resourceGroupName: props.resourceGroupName,
      name: names.alerts,
      shortName: shortName(props.environment),
      // Keyed by address: adding one moves none.
      emailReceiver: [...props.emails].sort().map((email) => ({ name: receiverName(email), emailAddress: email, useCommonAlertSchema: true })),
    });
    this.actionGroupId = this.actionGroup.id;
    this.gpuCluster = props.gpuCluster;
    if (props.gpuCluster) {
      this.prometheusPlace = { ...base, name: names.prometheus };
      const gpu = this.addGpuAlerts(base, names.prometheus, props.gpuCluster);
      this.prometheusWorkspace = gpu.workspace;
      this.gpuAlerts = gpu.alerts;
    }
    this.dashboard = new PortalDashboard(this, "dashboard", { ...base, name: names.dashboard, dashboardProperties: dashboardJson(props.environment, props.gpuCluster) });
  }

  /**
   * A diagnostic setting on `resourceId` sending the kind's logs and metrics to the
   * workspace, keyed by `name`; asking twice for a name
   * returns the first. Kinds with neither logs nor metrics are an error.
   */
  public addDiagnostics(name: string, kind: DiagnosticKindName, resourceId: string): MonitorDiagnosticSetting {
    const found = this.diagnostics.get(name);
    if (found) return found;
    const facts = DIAGNOSTIC_KINDS[kind];
    if (!facts) throw new LlmOpsValidationError(`AzureMonitoring ${this.node.path}`, [{ path: "kind", message: `is not a kind with diagnostics (got ${show(kind)}; allowed: ${Object.keys(DIAGNOSTIC_KINDS).join(", ")})` }]);
    const setting = new MonitorDiagnosticSetting(this, stableId("diagnostics", name, name), {
      name: "llmops-diagnostics",
      targetResourceId: `${resourceId}${"subResource" in facts ? facts.subResource : ""}`,
      logAnalyticsWorkspaceId: this.workspace.id,
      // log_analytics_destination_type left to Azure: several types report it back empty, a diff on every plan (hashicorp/terraform-provider-azurerm#22406, Azure/azure-rest-api-specs#22400).
      enabledLog: facts.logs.length === 0 ? undefined : facts.logs.map((l) => (l.startsWith("group:") ? { categoryGroup: l.slice("group:".length) } : { category: l })),
      enabledMetric: facts.metrics.length === 0 ? undefined : facts.metrics.map((category) => ({ category })),
    });
    this.diagnostics.set(name, setting);
    return setting;
  }

  /**
   * A workspace-based Application Insights component named `name`, its telemetry stored in
   * (and billed as ingestion of) the Log Analytics workspace, keyed by name; asking twice
   * for a name returns the first. An Azure Machine Learning workspace needs one.
   */
  public addApplicationInsights(name: string): ApplicationInsights {
    const found = this.insights.get(name);
    if (found) return found;
    const insights = new ApplicationInsights(this, stableId("insights", name, name), {
      ...this.base,
      name,
      applicationType: "web",
      workspaceId: this.workspace.id,
    });
    this.insights.set(name, insights);
    return insights;
  }

  /**
   * Metric alerts on an Azure OpenAI account, to the action group: throttled requests
   * (`AzureOpenAIRequests` with `StatusCode` 429: quota or capacity exhausted) and, given
   * `latencyMs`, the average `AzureOpenAITimeToResponse` (ms) above it. Time to Response
   * is not emitted for Standard deployments (monitor-openai-reference): ask for it only
   * for Global, Data Zone or provisioned ones.
   */
  public addOpenAiAlerts(account: { readonly id: string; readonly name: string }, latencyMs?: number): MonitorMetricAlert[] {
    const base = { resourceGroupName: this.workspace.resourceGroupName, scopes: [account.id], action: [{ actionGroupId: this.actionGroupId }], frequency: "PT5M", windowSize: "PT15M" };
    const namespace = "Microsoft.CognitiveServices/accounts";
    const alerts = [
      new MonitorMetricAlert(this, "openai-throttled", {
        ...base,
        name: `${account.name}-throttled`,
        description: "Azure OpenAI answered 429 (tokens-per-minute quota or provisioned capacity exhausted) more than 10 times in 15 minutes: raise the deployment's capacity or the quota",
        severity: 2,
        criteria: [{ metricNamespace: namespace, metricName: "AzureOpenAIRequests", aggregation: "Total", operator: "GreaterThan", threshold: 10, dimension: [{ name: "StatusCode", operator: "Include", values: ["429"] }] }],
      }),
    ];
    if (latencyMs !== undefined) {
      alerts.push(
        new MonitorMetricAlert(this, "openai-latency", {
          ...base,
          name: `${account.name}-latency`,
          description: `Azure OpenAI time to response averaged above ${latencyMs} ms over 15 minutes`,
          severity: 3,
          criteria: [{ metricNamespace: namespace, metricName: "AzureOpenAITimeToResponse", aggregation: "Average", operator: "GreaterThan", threshold: latencyMs }],
        }),
      );
    }
    return alerts;
  }

  /**
   * A managed Prometheus alert, to the action group, when a mounted volume's free space
   * stays below `freePercent` for 15 minutes: `kubelet_volume_stats_available_bytes` over
   * `kubelet_volume_stats_capacity_bytes` of the claim (both kept by managed Prometheus's
   * minimal ingestion profile for the default `kubelet` target; reported while a pod
   * mounts the claim, by CSI drivers with NodeGetVolumeStats, as the Azure Lustre
   * driver has). For Azure Managed Lustre, whose platform metrics are per OST
   * (`OSTBytesAvailable`, `OSTBytesTotal`: minimum, maximum and average only) and cannot
   * make a percentage in a metric alert, this is the free-capacity alert. Needs `gpuCluster`
   * (the Azure Monitor workspace the cluster's metrics reach); keyed by `name`.
   */
  public addVolumeFreeSpaceAlert(name: string, claim: { readonly namespace: string; readonly name: string }, freePercent: number, what: string): MonitorAlertPrometheusRuleGroup {
    const found = this.volumeAlerts[name];
    if (found) return found;
    const problems = new Checks().number("freePercent", freePercent, 1, 99, "The free-space alert (percent)").problems;
    const workspace = this.prometheusWorkspace;
    const cluster = this.gpuCluster;
    const place = this.prometheusPlace;
    if (!workspace || !cluster || !place) throw new LlmOpsValidationError(`AzureMonitoring ${this.node.path}`, [{ path: "gpuCluster", message: "is needed for a volume free-space alert: it reads the cluster's kubelet metrics in managed Prometheus" }]);
    if (problems.length > 0) throw new LlmOpsValidationError(`AzureMonitoring ${this.node.path} addVolumeFreeSpaceAlert`, problems);
    const selector = `{namespace="${claim.namespace}",persistentvolumeclaim="${claim.name}"}`;
    // Every node mounting the claim reports the same file system: the least free of them over the largest capacity.
    const by = "by (namespace, persistentvolumeclaim)";
    const alert = new MonitorAlertPrometheusRuleGroup(this, stableId("volume-alerts", name, name), {
      resourceGroupName: place.resourceGroupName,
      location: place.location,
      name: `${place.name}-${name}`,
      clusterName: cluster.clusterName,
      scopes: [workspace.id],
      interval: "PT5M",
      ruleGroupEnabled: true,
      description: `Free space of ${what} (claim ${claim.namespace}/${claim.name})`,
      rule: [
        {
          alert: "VolumeLowFreeSpace",
          expression: `100 * min ${by} (kubelet_volume_stats_available_bytes${selector}) / max ${by} (kubelet_volume_stats_capacity_bytes${selector}) < ${freePercent}`,
          for: "PT15M",
          severity: 2,
          enabled: true,
          annotations: { summary: `${what} has less than ${freePercent}% free space: delete or archive data, or grow it` },
          action: [{ actionGroupId: this.actionGroup.id }],
          alertResolution: { autoResolved: true, timeToResolve: "PT15M" },
        },
      ],
    });
    this.volumeAlerts[name] = alert;
    return alert;
  }

  /** The names of the diagnostic settings made, sorted. */
  public get diagnosticNames(): readonly string[] {
    return [...this.diagnostics.keys()].sort();
  }

  private addGpuAlerts(base: { resourceGroupName: string; location: string }, name: string, gpu: AzureGpuClusterRef): { workspace: MonitorWorkspace; alerts: MonitorAlertPrometheusRuleGroup } {
    const workspace = new MonitorWorkspace(this, "prometheus", { ...base, name });
    const endpoint = new MonitorDataCollectionEndpoint(this, "prometheus-endpoint", { ...base, name: `${name}-dce`, kind: "Linux" });
    // The managed Prometheus rule as AKS documents it: the cluster's metrics stream into the workspace.
    const rule = new MonitorDataCollectionRule(this, "prometheus-rule", {
      ...base,
      name: `${name}-dcr`,
      kind: "Linux",
      dataCollectionEndpointId: endpoint.id,
      destinations: { monitorAccount: [{ monitorAccountId: workspace.id, name: "prometheus" }] },
      dataFlow: [{ streams: ["Microsoft-PrometheusMetrics"], destinations: ["prometheus"] }],
      dataSources: { prometheusForwarder: [{ streams: ["Microsoft-PrometheusMetrics"], name: "PrometheusDataSource" }] },
    });
    new MonitorDataCollectionRuleAssociation(this, "prometheus-association", { name: `${name}-dcra`, targetResourceId: gpu.clusterId, dataCollectionRuleId: rule.id });
    // The endpoint's association: Azure takes it under this fixed name only (provider doc, data_collection_endpoint_id).
    new MonitorDataCollectionRuleAssociation(this, "prometheus-endpoint-association", { name: "configurationAccessEndpoint", targetResourceId: gpu.clusterId, dataCollectionEndpointId: endpoint.id });
    const action = [{ actionGroupId: this.actionGroup.id }];
    const alerts = new MonitorAlertPrometheusRuleGroup(this, "gpu-alerts", {
      ...base,
      name: `${name}-gpu`,
      clusterName: gpu.clusterName,
      // The workspace only (provider doc: `scopes` is the Azure Monitor workspace); `cluster_name` narrows the rules to the cluster.
      scopes: [workspace.id],
      interval: "PT5M",
      ruleGroupEnabled: true,
      description: "GPU saturated or idle while nodes run (NVIDIA DCGM exporter metrics)",
      rule: [
        {
          alert: "GpuSaturated",
          expression: `avg by (Hostname) (DCGM_FI_DEV_GPU_UTIL) > ${this.gpuSaturatedPercent}`,
          for: "PT30M",
          severity: 2,
          enabled: true,
          annotations: { summary: `GPUs of a node above ${this.gpuSaturatedPercent}% for 30 minutes: jobs queue behind it; raise the pool's maximum` },
          action,
          alertResolution: { autoResolved: true, timeToResolve: "PT10M" },
        },
        {
          alert: "GpuIdleNodeRunning",
          expression: `avg by (Hostname) (DCGM_FI_DEV_GPU_UTIL) < ${this.gpuIdlePercent}`,
          for: "PT1H",
          severity: 3,
          enabled: true,
          annotations: { summary: `GPUs of a running node below ${this.gpuIdlePercent}% for an hour: it is billed while idle; stop the job or lower the pool's minimum` },
          action,
          alertResolution: { autoResolved: true, timeToResolve: "PT10M" },
        },
      ],
      dependsOn: [rule],
    });
    return { workspace, alerts };
  }
}

/** A receiver name from an address: unique per address, at most 128 characters. */
function receiverName(email: string): string {
  return email.replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 128);
}

/** The action group's short name: the environment's name and tier, cut to 12 characters. */
function shortName(environment: EnvironmentIdentity): string {
  return `${environment.name}-${environment.tier}`.slice(0, ACTION_GROUP_SHORT_NAME_MAX).replace(/-+$/, "");
}

/** The dashboard: one Markdown tile saying what the environment watches and where (stable JSON: sorted keys, no dates). */
function dashboardJson(environment: EnvironmentIdentity, gpu: AzureGpuClusterRef | undefined): string {
  const lines = [
    `## ${environment.name}-${environment.tier}`,
    "- Logs: the environment's Log Analytics workspace (AKS control-plane audit, Key Vault audit, blob writes and deletes, NSG events)",
    "- Alerts: the environment's action group",
    gpu ? "- GPU: Managed Prometheus, DCGM_FI_DEV_GPU_UTIL (saturated and idle alerts)" : "- GPU: no training cluster",
    "- Budget: Cost Management, the resource group's monthly budget",
  ];
  const part = {
    position: { x: 0, y: 0, colSpan: 6, rowSpan: 4 },
    metadata: { inputs: [], type: "Extension/HubsExtension/PartType/MarkdownPart", settings: { content: { settings: { content: lines.join("\n"), title: `${environment.name}-${environment.tier}`, subtitle: "llmops-constructs" } } } },
  };
  return JSON.stringify({ lenses: { "0": { order: 0, parts: { "0": part } } }, metadata: { model: {} } });
}
