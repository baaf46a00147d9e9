import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isExpression, num } from "../../helpers";

/** Days of logs kept at least. */
export const MIN_LOG_DAYS = 30;

/** LLM-AZ-MON-2: Log Analytics workspaces keep logs 30 days or more. */
export const logAnalyticsRetention: ResourceRule = {
  id: "LLM-AZ-MON-2",
  title: `Log Analytics workspaces keep data for at least ${MIN_LOG_DAYS} days`,
  rationale: "Incidents — a leaked credential, a deleted container, a cost spike — are often found weeks later; logs kept a week are gone by then, and 30 days are included in the PerGB2018 price.",
  fix: `Set retention_in_days to ${MIN_LOG_DAYS}-730 (AzureMonitoring keeps 30 days in dev, 90 in staging, 365 in prod); for longer audit keep a table's archive or export to storage.`,
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_log_analytics_workspace"],
  check(workspace) {
    const value = workspace.attributes.retention_in_days;
    // Unset keeps the PerGB2018 default of 30 days (7 on the legacy Free SKU).
    if (value === undefined || value === null) return workspace.attributes.sku === "Free" ? fail("keeps 7 days of logs on the Free SKU; use PerGB2018 with retention_in_days >= 30") : pass;
    if (isExpression(value)) return skip;
    const days = num(value);
    return days !== undefined && days >= MIN_LOG_DAYS ? pass : fail(`keeps ${String(value)} days of logs (retention_in_days = ${String(value)}); set it to ${MIN_LOG_DAYS} or more`);
  },
};
