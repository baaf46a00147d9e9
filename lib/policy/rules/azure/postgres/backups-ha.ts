import { fail, pass, skip, type ResourceRule } from "../../../types";
import { attr, isDev, isProd, isTrue, num } from "../../helpers";

/** Days of backups kept outside dev, below which a server needs geo-redundant backups instead. */
export const MIN_BACKUP_DAYS = 14;

/** LLM-AZ-PG-2: outside dev, backups outlive a bad week (or a region); in prod, zone-redundant or same-zone high availability. */
export const postgresBackupsHa: ResourceRule = {
  id: "LLM-AZ-PG-2",
  title: `Staging and prod PostgreSQL flexible servers keep ${MIN_BACKUP_DAYS}+ days of backups or geo-redundant backups, and prod ones run with high availability`,
  rationale:
    "Seven days of point-in-time restore (the default) is often less than the time it takes to notice a bad migration or a deleted table; without high availability a zone or host failure takes the vector store, and with it retrieval, down until Azure rebuilds the server.",
  fix: `Set backup_retention_days = ${MIN_BACKUP_DAYS}..35 (or geo_redundant_backup_enabled = true, set at creation) outside dev, and high_availability { mode = "ZoneRedundant" } on a GP_ or MO_ SKU in prod (AzurePostgresVectorStore keeps 14 days in staging, 35 and zone-redundant HA in prod).`,
  severity: "error",
  packs: ["reliability"],
  cloud: "azure",
  appliesTo: ["azurerm_postgresql_flexible_server"],
  check(server, stack) {
    if (stack.tier === undefined || isDev(stack)) return skip;
    const problems: string[] = [];
    const days = num(server.attributes.backup_retention_days) ?? 7;
    if (days < MIN_BACKUP_DAYS && !isTrue(server.attributes.geo_redundant_backup_enabled)) {
      problems.push(`keeps ${days} days of backups in one region (backup_retention_days ${server.attributes.backup_retention_days === undefined ? "defaults to 7" : `= ${days}`}); keep at least ${MIN_BACKUP_DAYS} or set geo_redundant_backup_enabled = true`);
    }
    if (isProd(stack)) {
      const mode = attr(server, "high_availability.mode");
      if (mode !== "ZoneRedundant" && mode !== "SameZone") problems.push('has no standby in prod (no high_availability { mode = "ZoneRedundant" })');
    }
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
