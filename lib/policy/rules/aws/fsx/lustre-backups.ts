import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isDev, isProd, num, plural } from "../../helpers";

/** LLM-AWS-FSX-2: outside dev, Lustre file systems take automatic backups. */
export const lustreBackups: ResourceRule = {
  id: "LLM-AWS-FSX-2",
  title: "Staging and production FSx for Lustre file systems are PERSISTENT with automatic backups",
  rationale: "Lustre holds prepared datasets and checkpoints that take hours to rebuild; daily backups let a deleted or corrupted file system be restored. SCRATCH deployments cannot be backed up at all.",
  fix: "Use a PERSISTENT_2 deployment with automatic_backup_retention_days of 1 or more (AwsLustreFileSystem keeps 7 days in staging, 30 in prod: backupRetentionDays).",
  severity: "error",
  packs: ["reliability"],
  cloud: "aws",
  appliesTo: ["aws_fsx_lustre_file_system"],
  check(fs, stack) {
    if (stack.tier === undefined || isDev(stack)) return skip;
    const type = fs.attributes.deployment_type ?? "SCRATCH_1"; // the provider's default
    if (typeof type === "string" && type.startsWith("SCRATCH")) {
      // Scratch storage cannot keep backups: tolerated in staging, not in prod.
      return isProd(stack) ? fail(`is ${type} storage, which cannot be backed up; use PERSISTENT_2 in prod`) : skip;
    }
    const raw = fs.attributes.automatic_backup_retention_days;
    if (raw === undefined || raw === null) return fail("keeps no automatic backups (FSx defaults to 0 days)");
    const days = num(raw);
    if (days === undefined) return fail("automatic_backup_retention_days is not a literal number");
    return days > 0 ? pass : fail(`keeps ${plural(days, "day")} of automatic backups in ${stack.tier}; at least 1`);
  },
};
