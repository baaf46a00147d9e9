import { fail, pass, skip, type ResourceRule } from "../../../types";
import { attr, isDev, isTrue } from "../../helpers";

/** LLM-GCP-SQL-4: outside dev, Cloud SQL takes automated backups with point-in-time recovery. */
export const sqlBackups: ResourceRule = {
  id: "LLM-GCP-SQL-4",
  title: "Staging and production Cloud SQL instances take automated backups with point-in-time recovery",
  rationale: "Without backups a bad migration or a deleted table is permanent; point-in-time recovery restores to the minute before the mistake instead of the last nightly backup.",
  fix: "Set settings.backup_configuration { enabled = true, point_in_time_recovery_enabled = true } (GcpPostgresVectorStore does outside dev: retainedBackups and pointInTimeRecovery props).",
  severity: "error",
  packs: ["reliability"],
  cloud: "gcp",
  appliesTo: ["google_sql_database_instance"],
  check(instance, stack) {
    if (stack.tier === undefined || isDev(stack)) return skip;
    const problems: string[] = [];
    if (!isTrue(attr(instance, "settings.backup_configuration.enabled"))) problems.push("takes no automated backups (settings.backup_configuration.enabled is not true)");
    else if (!isTrue(attr(instance, "settings.backup_configuration.point_in_time_recovery_enabled"))) problems.push("has no point-in-time recovery (point_in_time_recovery_enabled is not true)");
    return problems.length === 0 ? pass : fail(`${problems.join("; ")} in ${stack.tier}`);
  },
};
