import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { VERSION } from "../version";
import type { GuardrailReport } from "./report";
import type { Rule } from "./types";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

function pascal(title: string): string {
  return title
    .replace(/[^A-Za-z0-9 ]+/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

/** The nearest folder at or above `dir` holding `.git` (a folder, or a file in a worktree), or undefined. */
export function repositoryRootOf(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * The SARIF location of a synthesized file: its path from the root of the repository
 * the working directory is in (or from the working directory outside a repository),
 * with forward slashes, whatever the output folder was (relative, absolute, nested).
 * GitHub code scanning resolves locations against the repository root. A file outside
 * that folder keeps `fallback` (its path inside the output folder).
 */
export function sarifArtifactUri(file: string, fallback: string, cwd: string = process.cwd()): string {
  const base = repositoryRootOf(cwd) ?? resolve(cwd);
  const rel = relative(base, resolve(cwd, file));
  const uri = rel === "" || rel.startsWith("..") || isAbsolute(rel) ? fallback : rel;
  return uri.split(sep).join("/");
}

/**
 * The SARIF 2.1.0 log of one stack's report, as GitHub code scanning takes it: every
 * rule that ran (id, name, short and full description, help), and a result for each
 * non-compliant or suppressed finding, located at the resource's line in the
 * synthesized file, with the construct path as its logical location. Rules turned off
 * are listed in the run's properties (`rulesOff`) and as tool configuration
 * notifications, with their reasons.
 */
export function toSarif(report: GuardrailReport, rules: readonly Rule[], artifactUri: string): object {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const ran = report.rules.map((r) => byId.get(r.id)).filter((r): r is Rule => r !== undefined);
  const index = new Map(ran.map((r, i) => [r.id, i]));
  const levelOf = new Map(report.rules.map((r) => [r.id, r.level]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "llmops-guardrails",
            fullName: report.tool.name,
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: "https://www.npmjs.com/package/llmops-constructs",
            rules: ran.map((rule) => ({
              id: rule.id,
              name: pascal(rule.title),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.rationale },
              help: { text: `${rule.fix}`, markdown: `**Fix:** ${rule.fix}\n\n${rule.rationale}${rule.suppressible === false ? "\n\nThis rule cannot be suppressed." : ""}` },
              defaultConfiguration: { level: levelOf.get(rule.id) ?? rule.severity },
              properties: { tags: [...rule.packs, rule.cloud], precision: "very-high", "problem.severity": rule.severity === "error" ? "error" : "warning" },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolConfigurationNotifications: report.rulesOff.map((off) => ({
              level: "note",
              message: { text: `${off.id} (${off.title}) is turned off${off.reason ? `: ${off.reason}` : " without a reason"}` },
              associatedRule: { id: off.id },
            })),
          },
        ],
        properties: { rulesOff: report.rulesOff },
        automationDetails: { id: `llmops-guardrails/${report.stack}/` },
        columnKind: "utf16CodeUnits",
        results: report.findings
          .filter((f) => f.status !== "compliant")
          .map((f) => ({
            ruleId: f.ruleId,
            ruleIndex: index.get(f.ruleId) ?? 0,
            level: f.level,
            message: { text: `${f.resource}: ${f.message ?? "non-compliant"}` },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri: artifactUri }, region: { startLine: Math.max(1, f.line) } },
                logicalLocations: [{ fullyQualifiedName: f.constructPath, kind: "resource" }],
              },
            ],
            partialFingerprints: { llmopsResource: `${report.stack}/${f.ruleId}/${f.resource}` },
            ...(f.status === "suppressed" ? { suppressions: [{ kind: "inSource", status: "accepted", justification: f.suppressionReason }] } : {}),
            properties: { constructPath: f.constructPath, resource: f.resource },
          })),
      },
    ],
  };
}
