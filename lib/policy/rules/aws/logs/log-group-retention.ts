import { fail, pass, type ResourceRule } from "../../../types";

/** LLM-AWS-LOGS-2: log groups expire their events. */
export const logGroupRetention: ResourceRule = {
  id: "LLM-AWS-LOGS-2",
  title: "CloudWatch log groups keep events for a set number of days",
  rationale: "A log group without retention keeps every event forever: storage cost grows without bound and personal data in logs outlives every retention promise.",
  fix: "Set retention_in_days to a value CloudWatch accepts (our constructs keep logs 14 days in dev, 90 in staging, 365 in prod).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_cloudwatch_log_group"],
  check(group) {
    const days = group.attributes.retention_in_days;
    if (days === undefined || days === null) return fail("keeps events forever (retention_in_days is not set)");
    const n = typeof days === "number" ? days : typeof days === "string" && /^\d+$/.test(days) ? Number(days) : Number.NaN;
    if (Number.isNaN(n)) return fail(`retention_in_days ${JSON.stringify(days)} is not a literal number of days`);
    return n > 0 ? pass : fail("keeps events forever (retention_in_days is 0)");
  },
};
