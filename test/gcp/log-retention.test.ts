import { describe, expect, it } from "vitest";
import { GcpLogRetention } from "../../lib/constructs/gcp/log-retention";
import { only, problemsOf } from "../helpers";
import { PROJECT, synthGcp } from "./helpers";

describe("GcpLogRetention", () => {
  it("sets the retention of the project's _Default log bucket per tier", () => {
    // given the construct in each tier with no retention set
    for (const [tier, days] of [["dev", 30], ["staging", 90], ["prod", 365]] as const) {
      const doc = synthGcp((s) => new GcpLogRetention(s, "logs", { project: PROJECT, tier }));
      // then it adopts the _Default bucket with the tier's days
      expect(only(doc, "google_logging_project_bucket_config")).toEqual({ project: PROJECT, location: "global", bucket_id: "_Default", retention_days: days });
      expect(GcpLogRetention.defaults(tier).retentionDays).toBe(days);
    }
  });

  it("takes 1 to 3650 days, as Cloud Logging does", () => {
    expect(GcpLogRetention.validate({ retentionDays: 3650 })).toEqual([]);
    expect(problemsOf(() => synthGcp((s) => new GcpLogRetention(s, "logs", { project: PROJECT, tier: "dev", retentionDays: 0 })))).toEqual([
      "retentionDays: Cloud Logging retention (days) takes a whole number from 1 to 3650 (got 0)",
    ]);
  });
});
