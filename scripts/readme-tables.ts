/**
 * The README's generated tables (tier presets, accelerator catalog, naming rules),
 * from the same values the code uses. `npm run docs` rewrites them in README.md;
 * a test fails when the README is out of date.
 */
import { CLOUDS as MULTICLOUD_CLOUDS } from "../examples/multicloud/clouds";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOG, CATALOG_AS_OF, type Cloud } from "../lib/catalog";
import { NAME_RULES, type NameRule } from "../lib/naming";
import { ALL_RULES } from "../lib/policy/rules";
import { awsPreset } from "../lib/environment/aws-preset";
import { gcpPendingDefaults, gcpPreset } from "../lib/environment/gcp-preset";
import { azurePreset } from "../lib/environment/azure-preset";
import type { AwsTierPreset } from "../lib/environment/presets";
import { loadSpecFile } from "../lib/environment/load";
import { resolveEnvironmentSpec } from "../lib/environment/resolve";
import { PRICES_AS_OF } from "../lib/catalog/prices";
import { idleMonthlyCost } from "../lib/review/idle-cost";
import { idleCostByTierTable, idleCostLinesTable, priceTableMarkdown } from "../lib/review/idle-cost-markdown";

const AWS_PRESETS = { dev: awsPreset("dev"), staging: awsPreset("staging"), prod: awsPreset("prod") };

const TIER_ROWS: [string, keyof AwsTierPreset][] = [
  ["network.zones", "zones"],
  ["network.natGateways", "natGateways"],
  ["training.capacity", "trainingCapacity"],
  ["training.nodes.max (min is 0)", "trainingNodesMax"],
  ["training.kubernetesVersion", "kubernetesVersion"],
  ["sharedStorage.kind", "storageKind"],
  ["sharedStorage.capacityGiB", "storageCapacityGiB"],
  ["sharedStorage.throughputMBpsPerTiB", "storageThroughputMBpsPerTiB"],
  ["sharedStorage.backupRetentionDays", "storageBackupRetentionDays"],
  ["vectorStore.engine", "vectorEngine"],
  ["aws.vectorStore.standbyReplicas (OpenSearch)", "vectorStandbyReplicas"],
  ["aws.vectorStore.minCapacity (Aurora ACU)", "vectorMinCapacity"],
  ["aws.vectorStore.maxCapacity (Aurora ACU)", "vectorMaxCapacity"],
  ["inference.replicas.min", "inferenceReplicasMin"],
  ["inference.replicas.max", "inferenceReplicasMax"],
  ["inference.scaleDownSchedule", "inferenceScaleDown"],
  ["aws.activateCostTag", "activateCostTag"],
  ["logRetentionDays", "logRetentionDays"],
  ["deletionProtection", "deletionProtection"],
  ["preventDestroy", "preventDestroy"],
  ["checkpointVersionDays", "checkpointVersionDays"],
];

function cell(v: unknown): string {
  if (v === true) return "on";
  if (v === false) return "off";
  return `\`${String(v)}\``;
}

/** Tier presets on AWS (read from the AWS constructs' defaults), one row per spec field. */
export function tierTable(): string {
  const rows = TIER_ROWS.map(([field, key]) => {
    const values = (["dev", "staging", "prod"] as const).map((t) => {
      const v = AWS_PRESETS[t][key];
      if (key !== "inferenceScaleDown") return cell(v);
      const schedule = AWS_PRESETS[t].inferenceScaleDown;
      return schedule ? `nights and weekends (\`${schedule.cron}\` to \`${schedule.scaleUpCron}\`, to ${schedule.minReplicas})` : "off";
    });
    return `| \`${field}\` | ${values.join(" | ")} |`;
  });
  return ["| spec field | dev | staging | prod |", "|---|---|---|---|", ...rows].join("\n");
}

const GCP_TIER_ROWS: [string, keyof AwsTierPreset][] = [
  ["network.zones (1 zonal, 3 regional cluster)", "zones"],
  ["training.capacity", "trainingCapacity"],
  ["training.nodes.max (min is 0)", "trainingNodesMax"],
  ["sharedStorage.kind", "storageKind"],
  ["sharedStorage.capacityGiB (lustre)", "storageCapacityGiB"],
  ["sharedStorage.throughputMBpsPerTiB (lustre)", "storageThroughputMBpsPerTiB"],
  ["vectorStore.engine", "vectorEngine"],
  ["inference.replicas.min", "inferenceReplicasMin"],
  ["inference.replicas.max", "inferenceReplicasMax"],
  ["budget.thresholdsPercent", "budgetThresholdsPercent"],
  ["monitoring.latencyP90Ms", "latencyP90Ms"],
  ["logRetentionDays", "logRetentionDays"],
  ["deletionProtection", "deletionProtection"],
  ["preventDestroy", "preventDestroy"],
  ["checkpointVersionDays", "checkpointVersionDays"],
];

/** Tier presets on Google Cloud (read from the GCP constructs' defaults; parts not built yet marked). */
export function gcpTierTable(): string {
  const presets = { dev: gcpPreset("dev"), staging: gcpPreset("staging"), prod: gcpPreset("prod") };
  const pending = new Set(Object.keys(gcpPendingDefaults("dev")));
  const rows = GCP_TIER_ROWS.map(([field, key]) => {
    const values = (["dev", "staging", "prod"] as const).map((t) => cell(presets[t][key as keyof typeof presets.dev]));
    return `| \`${field}\`${pending.has(key) ? " (not used on Google Cloud)" : ""} | ${values.join(" | ")} |`;
  });
  return ["| spec field | dev | staging | prod |", "|---|---|---|---|", ...rows].join("\n");
}

const AZURE_TIER_ROWS: [string, keyof AwsTierPreset][] = [
  ["network.zones (system pool: 1 unpinned, 3 over zones 1-3)", "zones"],
  ["training.capacity", "trainingCapacity"],
  ["training.nodes.max (min is 0)", "trainingNodesMax"],
  ["budget.thresholdsPercent", "budgetThresholdsPercent"],
  ["budget.forecastPercent", "budgetForecastPercent"],
  ["monitoring.gpuHighPercent", "gpuHighPercent"],
  ["monitoring.gpuIdlePercent", "gpuIdlePercent"],
  ["logRetentionDays (Log Analytics)", "logRetentionDays"],
  ["deletionProtection (provider: keep a resource group holding other resources)", "deletionProtection"],
  ["preventDestroy", "preventDestroy"],
  ["checkpointVersionDays (non-current blob versions)", "checkpointVersionDays"],
];

/** Tier presets on Azure (read from the Azure constructs' defaults); components not built for Azure have no row. */
export function azureTierTable(): string {
  const presets = { dev: azurePreset("dev"), staging: azurePreset("staging"), prod: azurePreset("prod") };
  const rows = AZURE_TIER_ROWS.map(([field, key]) => `| \`${field}\` | ${(["dev", "staging", "prod"] as const).map((t) => cell(presets[t][key as keyof typeof presets.dev])).join(" | ")} |`);
  return ["| spec field | dev | staging | prod |", "|---|---|---|---|", ...rows].join("\n");
}

function machines(id: string, cloud: Cloud, use: "training" | "inference"): string {
  const entry = CATALOG.find((e) => e.id === id);
  const offers = (entry?.offers[cloud] ?? []).filter((o) => o.use === use);
  if (offers.length === 0) return "—";
  return offers
    .map((o) => `${o.machineType} ×${o.acceleratorsPerNode}${o.fabric === "efa" ? ` EFA×${o.efaInterfaces}` : ""}${o.purchase === "capacity-block" ? " (Capacity Blocks only)" : ""} $${o.price.usdPerHour}/h${o.price.status && o.price.status !== "list" ? ` (${o.price.status})` : ""}`)
    .join("<br>");
}

/** The catalog: logical accelerators and their machines per cloud. */
export function catalogTable(): string {
  const rows = CATALOG.map((e) => {
    const other = (["gcp", "azure"] as const).map((c) => {
      const list = [...new Set((e.offers[c] ?? []).map((o) => o.machineType))];
      return list.length ? list.join(", ") : "—";
    });
    return `| \`${e.id}\` | ${machines(e.id, "aws", "training")} | ${machines(e.id, "aws", "inference")} | ${other.join(" | ")} |`;
  });
  return [
    `Prices are on-demand list prices per node-hour (us-east-1 unless the catalog says otherwise), read on or before ${CATALOG_AS_OF}; each offer in \`lib/catalog/data.ts\` carries its date, source, regions and status: a price marked (derived) was computed by the rule the offer gives (the Vertex AI offers carry the Compute Engine rate of their machine, a lower bound of Vertex AI's own).`,
    "",
    "| accelerator | AWS training (EC2) | AWS inference (SageMaker) | Google Cloud machines | Azure VM sizes |",
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/** Naming rules of every resource the library names. */
export function namingTable(): string {
  const rows = (Object.values(NAME_RULES) as NameRule[]).map((r) => `| ${r.title} | ${r.minLength}-${r.maxLength} | ${r.allowed}${r.reservedPrefixes ? `; not starting ${r.reservedPrefixes.map((p) => `\`${p}\``).join(", ")}` : ""}${r.reservedSuffixes ? `; not ending ${r.reservedSuffixes.map((p) => `\`${p}\``).join(", ")}` : ""} | ${r.uniqueness} |`);
  return ["| resource | length | characters | unique within |", "|---|---|---|---|", ...rows].join("\n");
}

/** Every guardrail rule: id, pack, level, whether it can be suppressed, title. */
export function rulesTable(): string {
  const rows = ALL_RULES.map((r) => `| \`${r.id}\` | ${r.packs.join(", ")} | ${r.severity} | ${r.suppressible === false ? "no" : "yes"} | ${r.title.replace(/</g, "&lt;").replace(/\*/g, "\\*")} |`);
  return ["| id | pack | level | suppressible | a compliant resource |", "|---|---|---|---|---|", ...rows].join("\n");
}

/** A representative environment: every component, each service and size left to the tier. */
export const REPRESENTATIVE_SPEC = {
  name: "acme",
  cloud: "aws",
  region: "us-east-1",
  owner: "ml@acme.example",
  costCenter: "cc-1",
  training: { accelerator: "nvidia-l4" },
  vectorStore: {},
  inference: { accelerator: "aws-inferentia2", model: { image: "v1" } },
  budget: { monthlyUsd: 10000, notify: ["finops@acme.example"] },
  monitoring: { notify: ["oncall@acme.example"] },
} as const;

/** Idle cost per tier of the representative spec, computed by the library. */
export function idleTierTable(): string {
  const costs = (["dev", "staging", "prod"] as const).map((tier) => idleMonthlyCost(resolveEnvironmentSpec({ ...REPRESENTATIVE_SPEC, tier })));
  return [
    `At us-east-1 list prices of ${PRICES_AS_OF} (the price table below), for a spec with a training cluster, shared storage, a vector store and an endpoint, every service and size left to the tier (\`REPRESENTATIVE_SPEC\` in \`scripts/readme-tables.ts\`):`,
    "",
    idleCostByTierTable(costs),
  ].join("\n");
}

/** Every line of the dev example's idle cost. */
export function idleDevExampleTable(): string {
  const cost = idleMonthlyCost(resolveEnvironmentSpec(loadSpecFile(join(__dirname, "..", "examples", "aws", "specs", "dev.yaml"))));
  return idleCostLinesTable(cost);
}

/** The Google Cloud examples' idle cost: by component, then every line of dev and of prod. */
export function idleGcpExamplesTable(): string {
  const example = (tier: string) => idleMonthlyCost(resolveEnvironmentSpec(loadSpecFile(join(__dirname, "..", "examples", "gcp", "specs", `${tier}.yaml`))));
  const [dev, prod] = [example("dev"), example("prod")];
  return [
    `At us-central1 list prices of ${PRICES_AS_OF} (the price table below), for \`examples/gcp/specs/dev.yaml\` and \`prod.yaml\` as shipped:`,
    "",
    idleCostByTierTable([dev, prod]),
    "",
    "The Google Cloud dev example, line by line:",
    "",
    idleCostLinesTable(dev),
    "",
    "The Google Cloud prod example, line by line:",
    "",
    idleCostLinesTable(prod),
  ].join("\n");
}

/** The Azure examples' idle cost: by component, then every line of dev and of prod. */
export function idleAzureExamplesTable(): string {
  const example = (tier: string) => idleMonthlyCost(resolveEnvironmentSpec(loadSpecFile(join(__dirname, "..", "examples", "azure", "specs", `${tier}.yaml`))));
  const [dev, prod] = [example("dev"), example("prod")];
  return [
    `At eastus list prices of ${PRICES_AS_OF} (the price table below; the examples deploy to eastus2), for \`examples/azure/specs/dev.yaml\` and \`prod.yaml\` as shipped:`,
    "",
    idleCostByTierTable([dev, prod]),
    "",
    "The Azure dev example, line by line:",
    "",
    idleCostLinesTable(dev),
    "",
    "The Azure prod example, line by line:",
    "",
    idleCostLinesTable(prod),
  ].join("\n");
}

/** The multicloud example's idle cost: its one portable spec on each cloud of `examples/multicloud/clouds.ts`. */
export function idleMulticloudExampleTable(): string {
  const portable = loadSpecFile(join(__dirname, "..", "examples", "multicloud", "specs", "portable.yaml")) as unknown as Record<string, unknown>;
  const clouds = Object.entries(MULTICLOUD_CLOUDS);
  const costs = clouds.map(([, cloud]) => idleMonthlyCost(resolveEnvironmentSpec({ ...portable, ...cloud } as never)));
  return [
    `At the list prices of ${PRICES_AS_OF} (the price table below), for \`examples/multicloud/specs/portable.yaml\` on each cloud of \`clouds.ts\`:`,
    "",
    idleCostByTierTable(costs, clouds.map(([name, cloud]) => `${name} (${cloud.region})`)),
  ].join("\n");
}

/** The service price table. */
export function pricesTable(): string {
  return [
    `Checked ${PRICES_AS_OF}: \`aws.*\` prices in us-east-1, \`gcp.*\` prices in us-central1; accelerator machines are priced by the catalog above. Source links go to the cloud's pricing page read, or to the public copy of the cloud's price list read, pinned to its commit.`,
    "",
    priceTableMarkdown(),
  ].join("\n");
}

const SECTIONS: Record<string, () => string> = {
  tiers: tierTable,
  "gcp-tiers": gcpTierTable,
  "azure-tiers": azureTierTable,
  catalog: catalogTable,
  naming: namingTable,
  rules: rulesTable,
  "idle-tiers": idleTierTable,
  "idle-dev-example": idleDevExampleTable,
  "idle-gcp-examples": idleGcpExamplesTable,
  "idle-azure-examples": idleAzureExamplesTable,
  "idle-multicloud-example": idleMulticloudExampleTable,
  prices: pricesTable,
};

/** The README with every generated section brought up to date. */
export function updatedReadme(text: string): string {
  let out = text;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
    out = `${out.slice(0, i + start.length)}\n${render()}\n${out.slice(j)}`;
  }
  return out;
}

if (require.main === module) {
  const path = join(__dirname, "..", "README.md");
  writeFileSync(path, updatedReadme(readFileSync(path, "utf8")));
}
