import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isDev, isExpression, num } from "../../helpers";

/** LLM-AZ-MON-3: dev Log Analytics workspaces cap their daily ingestion. */
export const logAnalyticsDevDailyCap: ResourceRule = {
  id: "LLM-AZ-MON-3",
  title: "Dev Log Analytics workspaces cap daily ingestion",
  rationale: "Ingestion is billed per GB: one chatty pod or a debug log level left on in dev can ingest more in a day than the environment's compute costs; a daily cap stops ingestion for the rest of the day instead.",
  fix: "Set daily_quota_gb (e.g. 0.5) on the azurerm_log_analytics_workspace in dev (AzureMonitoring sets 0.5 GB in dev); -1, the default, means no cap.",
  severity: "warning",
  packs: ["cost"],
  cloud: "azure",
  appliesTo: ["azurerm_log_analytics_workspace"],
  check(workspace, stack) {
    if (!isDev(stack)) return skip;
    const value = workspace.attributes.daily_quota_gb;
    if (isExpression(value)) return skip;
    const cap = num(value);
    return cap !== undefined && cap >= 0 ? pass : fail(`ingests without a daily cap in dev (daily_quota_gb ${value === undefined || value === null ? "is unset" : `= ${String(value)}`}); set daily_quota_gb, e.g. 0.5`);
  },
};
