/**
 * Azure OpenAI model versions and their lifecycle dates, read from Azure's model
 * retirement table ("Azure OpenAI in Azure AI Foundry model deprecations and
 * retirements", learn.microsoft.com/azure/ai-foundry/openai/concepts/model-retirements;
 * the table is the include `articles/ai-foundry/openai/includes/retirement/models.md` of
 * MicrosoftDocs/azure-ai-docs, dated 2025-12-16). Deprecation: no new customers (a
 * subscription that never deployed the version cannot create it). Retirement: every
 * deployment of the version returns errors, and new deployments are refused.
 * "No earlier than" dates are lower bounds Azure may move later.
 */
export const AZURE_OPENAI_MODELS_AS_OF = "2025-12-16";
/** Where the dates come from. */
export const AZURE_OPENAI_MODELS_SOURCE = "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-retirements";
/** Warn this many days before a retirement date. */
export const OPENAI_RETIREMENT_WARNING_DAYS = 90;

/** One model version's lifecycle. */
export interface OpenAiModelLifecycle {
  readonly model: string;
  readonly version: string;
  /** Deprecation date (no new customers), YYYY-MM-DD; undefined: none announced. */
  readonly deprecation?: string;
  /** Retirement date, YYYY-MM-DD. */
  readonly retirement: string;
  /** Whether the retirement date is only "no earlier than". */
  readonly retirementNoEarlierThan?: boolean;
  /** What Azure names as the replacement. */
  readonly replacement?: string;
}

/** Text generation and embedding versions of the retirement table (2025-12-16). */
export const AZURE_OPENAI_MODELS: readonly OpenAiModelLifecycle[] = [
  { model: "gpt-4o", version: "2024-05-13", deprecation: "2025-05-13", retirement: "2026-03-31", replacement: "gpt-5.1" },
  { model: "gpt-4o", version: "2024-08-06", deprecation: "2025-08-06", retirement: "2026-03-31", replacement: "gpt-5.1" },
  { model: "gpt-4o", version: "2024-11-20", deprecation: "2025-11-20", retirement: "2026-06-05", replacement: "gpt-5.1" },
  // The previous default of this library's examples: retired 2026-03-31.
  { model: "gpt-4o-mini", version: "2024-07-18", deprecation: "2025-07-18", retirement: "2026-03-31", replacement: "gpt-4.1-mini" },
  { model: "gpt-4.1", version: "2025-04-14", deprecation: "2026-04-14", retirement: "2026-10-14", replacement: "gpt-5" },
  { model: "gpt-4.1-mini", version: "2025-04-14", deprecation: "2026-04-14", retirement: "2026-10-14", replacement: "gpt-5-mini" },
  { model: "gpt-4.1-nano", version: "2025-04-14", deprecation: "2026-04-14", retirement: "2026-10-14", replacement: "gpt-5-nano" },
  { model: "o1", version: "2024-12-17", deprecation: "2025-12-17", retirement: "2026-07-15", replacement: "o3" },
  { model: "o3-mini", version: "2025-01-31", deprecation: "2026-01-31", retirement: "2026-08-02", replacement: "o4-mini" },
  { model: "o3", version: "2025-04-16", deprecation: "2026-04-16", retirement: "2026-10-16" },
  { model: "o4-mini", version: "2025-04-16", deprecation: "2026-04-16", retirement: "2026-10-16" },
  { model: "gpt-5-mini", version: "2025-08-07", deprecation: "2026-08-07", retirement: "2027-02-06" },
  { model: "gpt-5-nano", version: "2025-08-07", deprecation: "2026-08-07", retirement: "2027-02-06" },
  { model: "gpt-5.1", version: "2025-11-13", deprecation: "2026-11-13", retirement: "2027-05-15" },
  // This library's example default: deprecation no earlier than 2026-12-12.
  { model: "gpt-5.2", version: "2025-12-11", retirement: "2027-05-12", retirementNoEarlierThan: true },
  { model: "text-embedding-3-large", version: "1", retirement: "2026-10-30", retirementNoEarlierThan: true },
  { model: "text-embedding-3-small", version: "1", retirement: "2026-10-30", retirementNoEarlierThan: true },
];

/** What the lifecycle check concluded: a problem that stops synth, warnings to show, or nothing. */
export interface OpenAiLifecycleCheck {
  readonly problem?: string;
  readonly warnings: readonly string[];
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A model version against the retirement table on `today` (YYYY-MM-DD): retired (a firm
 * date on or before today) is a problem; retiring within {@link OPENAI_RETIREMENT_WARNING_DAYS},
 * deprecated (new subscriptions cannot deploy it), or not in the table are warnings.
 */
export function openAiModelLifecycle(model: string, version: string, today: string): OpenAiLifecycleCheck {
  const entry = AZURE_OPENAI_MODELS.find((m) => m.model === model && m.version === version);
  const where = `Azure's model retirement table (${AZURE_OPENAI_MODELS_SOURCE}, read ${AZURE_OPENAI_MODELS_AS_OF})`;
  if (!entry) return { warnings: [`${model} ${version} is not in ${where}: check its retirement date before you apply`] };
  const instead = entry.replacement ? `; move to ${entry.replacement}` : "; move to a newer version";
  if (!entry.retirementNoEarlierThan && entry.retirement <= today) {
    return { problem: `${model} ${version} was retired on ${entry.retirement} (${where}): Azure refuses new deployments of it and existing ones return errors${instead}`, warnings: [] };
  }
  const warnings: string[] = [];
  if (entry.retirement <= addDays(today, OPENAI_RETIREMENT_WARNING_DAYS)) {
    const when = !entry.retirementNoEarlierThan ? `retires on ${entry.retirement}` : entry.retirement <= today ? `may retire at any time (no earlier than ${entry.retirement})` : `retires no earlier than ${entry.retirement}`;
    warnings.push(`${model} ${version} ${when} (${where})${instead}; with version_upgrade_option OnceCurrentVersionExpired Azure moves the deployment to the default version then`);
  }
  if (entry.deprecation !== undefined && entry.deprecation <= today) {
    warnings.push(`${model} ${version} is deprecated since ${entry.deprecation}: a subscription that never deployed it cannot create it (${where})${instead}`);
  }
  return { warnings };
}
