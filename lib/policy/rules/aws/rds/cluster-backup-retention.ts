import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isProd, num, plural } from "../../helpers";

const MIN_DAYS = 7;

/** LLM-AWS-RDS-4: in prod, RDS clusters keep at least a week of automated backups. */
export const rdsBackupRetention: ResourceRule = {
  id: "LLM-AWS-RDS-4",
  title: "Production RDS clusters keep at least 7 days of automated backups",
  rationale: "Point-in-time restore reaches back only as far as the retention period; bad writes to a vector store are often noticed days later, after the default single day is gone.",
  fix: "Set backup_retention_period to 7 or more (AwsAuroraVectorStore keeps 30 days in prod: backupRetentionDays).",
  severity: "warning",
  packs: ["reliability"],
  cloud: "aws",
  appliesTo: ["aws_rds_cluster"],
  check(cluster, stack) {
    if (!isProd(stack)) return skip;
    const raw = cluster.attributes.backup_retention_period;
    const days = raw === undefined || raw === null ? 1 : num(raw); // RDS defaults to 1 day
    if (days === undefined) return fail("backup_retention_period is not a literal number");
    return days >= MIN_DAYS ? pass : fail(`keeps ${plural(days, "day")} of backups in prod; at least ${MIN_DAYS}`);
  },
};
