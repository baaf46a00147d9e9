import { z } from "zod";
import { PACKS } from "../policy/types";
import { capped } from "./fields";

const ruleId = capped(64, "a rule id").describe("Rule id, e.g. LLM-AWS-S3-4 (see the README's rule table).");
const reason = capped(2000, "a reason").describe("Why the rule does not apply here: at least a sentence a reviewer would accept.");

/**
 * The spec's `guardrails:` section: the options of the TypeScript API
 * (`new AwsLlmOpsStack(app, { spec, guardrails })`), as data, with the same checks.
 */
export const guardrailsSchema = z
  .object({
    packs: z.array(z.enum(PACKS)).min(1).max(PACKS.length).optional().describe("Rule packs to run. @default - every pack: security, reliability, cost, tagging"),
    levels: z
      .record(ruleId, z.union([z.enum(["error", "warning", "off"]), z.object({ level: z.literal("off"), reason }).strict()]))
      .optional()
      .describe('Raise, lower or turn off rules by id: error, warning, off, or { level: off, reason: "..." } (required for rules that cannot be suppressed). @default {}'),
    suppressions: z
      .array(
        z
          .object({
            id: ruleId,
            reason,
            path: capped(1024, "a construct path").optional().describe("Construct path below the stack, e.g. inference or storage/datasets. @default - the whole stack"),
            resource: capped(1024, "a resource address").optional().describe("Terraform resource address, type.name, as in the guardrail report. @default - none"),
          })
          .strict(),
      )
      .max(500)
      .optional()
      .describe("Findings to silence, each with a reason, on a construct path, a resource address or the whole stack. @default []"),
    reportOnly: z.boolean().optional().describe("Report every finding but never fail synth or llmops. @default false"),
  })
  .strict();

/** The spec's `guardrails:` section. */
export type SpecGuardrails = z.infer<typeof guardrailsSchema>;
