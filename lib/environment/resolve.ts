import { monthlyListCost, selectMachine } from "../catalog";
import { cloudOfRegion, isKnownRegion, REGIONS_AS_OF } from "../catalog/regions";
import { CLOUDS, type AcceleratorId, type Cloud, type MachineOffer, type MachineUse } from "../catalog/types";
import { LlmOpsValidationError, ProblemCollector, show, type ValidationProblem } from "../errors";
import { targetedSuppressionProblems } from "../policy/guardrails";
import { resolveLevels } from "../policy/levels";
import { ALL_RULES } from "../policy/rules";
import type { SpecGuardrails } from "./guardrails-schema";
import { cloudPart } from "../cloud-modules";
import { MissingProviderError, requireProvider } from "../stacks/providers";
import { zodProblems } from "./problems";
import type { ResolvedEnvironmentSpec } from "./resolved";
import { environmentSpecSchema, type EnvironmentSpec } from "./schema";

export type { Bounds, ResolvedAwsSection, ResolvedAzureSection, ResolvedGcpSection, ResolvedEnvironmentSpec, ResolvedInference, ResolvedModel, ResolvedSharedStorage, ResolvedTraining } from "./resolved";

/** What a cloud's resolver gets: the parsed spec and where to put problems and warnings. */
export interface ResolveContext {
  readonly spec: EnvironmentSpec;
  readonly problems: ProblemCollector;
  readonly warnings: string[];
  /** Picks the catalog machine for a section, reporting under its path. */
  machine(use: MachineUse, section: "training" | "inference", accelerator: AcceleratorId, perNode: number | undefined, allowUnlisted: boolean | undefined): MachineOffer | undefined;
}

/** A cloud's resolver: fills the spec from its constructs' defaults and checks it against the cloud's rules. */
export type CloudResolver = (context: ResolveContext) => Omit<ResolvedEnvironmentSpec, "worstCaseMonthlyUsd" | "warnings"> | undefined;

const CLOUD_NAMES: Readonly<Record<Cloud, string>> = { aws: "AWS", gcp: "Google Cloud", azure: "Azure" };

/**
 * A resolver loaded on first use: a cloud's resolver reads its constructs' defaults,
 * which load the cloud's provider package (an optional peer dependency). Without that
 * package the spec gets one problem at `cloud` naming the package to install.
 */
function lazy(cloud: Cloud): CloudResolver {
  return (context) => {
    try {
      requireProvider(cloud, `a cloud: ${cloud} spec`);
    } catch (e) {
      if (!(e instanceof MissingProviderError)) throw e;
      context.problems.add("cloud", e.message);
      return undefined;
    }
    const resolver = cloudPart(cloud, "resolver");
    if (!resolver) throw new Error(`no resolver for ${cloud}`);
    return resolver(context);
  };
}

/** One resolver per cloud, behind {@link resolveEnvironmentSpec}. */
export const CLOUD_RESOLVERS: Readonly<Record<Cloud, CloudResolver>> = {
  aws: lazy("aws"),
  gcp: lazy("gcp"),
  azure: lazy("azure"),
};

function checkPortable({ spec, problems, warnings }: Pick<ResolveContext, "spec" | "problems" | "warnings">): void {
  for (const cloud of CLOUDS) {
    if (cloud !== spec.cloud && spec[cloud] !== undefined) {
      problems.add(cloud, `is the section of ${CLOUD_NAMES[cloud]} facts, but this spec is for ${CLOUD_NAMES[spec.cloud]} (cloud: ${spec.cloud}); move the facts to ${spec.cloud}: or remove the section`);
    }
  }
  if (!isKnownRegion(spec.cloud, spec.region)) {
    const other = cloudOfRegion(spec.region);
    const hint = other ? `; ${spec.region} is a ${CLOUD_NAMES[other]} region` : "";
    if (spec.allowUnlistedRegion && !other) warnings.push(`region: ${spec.region} is not in the ${CLOUD_NAMES[spec.cloud]} region list of ${REGIONS_AS_OF}; accepted because allowUnlistedRegion is set`);
    else problems.add("region", `is not a ${CLOUD_NAMES[spec.cloud]} region (got ${show(spec.region)}${hint}); if the region list of ${REGIONS_AS_OF} is out of date, set allowUnlistedRegion: true`);
  }
  if (spec.training?.capacity && typeof spec.training.capacity === "object" && "capacityBlock" in spec.training.capacity && spec.cloud !== "aws") {
    problems.add("training.capacity.capacityBlock", `capacity blocks are an EC2 offer (got it on ${spec.cloud}; allowed: spot, on-demand, { reservation })`);
  }
}

/** The checks of the guardrail options (levels, suppression ids and reasons), at the section's paths. */
function guardrailsProblems(section: SpecGuardrails): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const known = ALL_RULES.map((r) => r.id);
  try {
    resolveLevels(section.levels ?? {}, ALL_RULES);
  } catch (e) {
    if (!(e instanceof LlmOpsValidationError)) throw e;
    problems.push(...e.problems);
  }
  problems.push(...targetedSuppressionProblems(section.suppressions ?? [], known));
  return problems;
}

function budgetWarning(spec: EnvironmentSpec, resolved: Omit<ResolvedEnvironmentSpec, "worstCaseMonthlyUsd" | "warnings">): { worst: number; warning?: string } {
  const { training, inference } = resolved;
  const worst = (training ? monthlyListCost(training.machine, training.nodes.max) : 0) + (inference ? monthlyListCost(inference.machine, inference.replicas.max) : 0);
  if (worst <= spec.budget.monthlyUsd) return { worst };
  const over = worst - spec.budget.monthlyUsd;
  // a price the catalog did not read (derived or unknown) says so where it is quoted
  const rate = (price: { usdPerHour: number; status?: string }) => `$${price.usdPerHour}/h${price.status && price.status !== "list" ? ` (${price.status})` : ""}`;
  const parts = [
    training ? `training ${training.nodes.max} x ${training.machine.machineType} at ${rate(training.machine.price)}` : undefined,
    inference ? `inference ${inference.replicas.max} x ${inference.machine.machineType} at ${rate(inference.machine.price)}` : undefined,
  ].filter(Boolean);
  const usd = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;
  return {
    worst,
    warning: `budget.monthlyUsd: the worst case — every node running all month at on-demand list price (${parts.join("; ")}) — is ${usd(worst)}/month, ${usd(over)} (${Math.round((over / spec.budget.monthlyUsd) * 100)}%) over the budget of ${usd(spec.budget.monthlyUsd)}; lower the node maxima or raise the budget`,
  };
}

/**
 * Validates raw input (parsed YAML/JSON or a literal) as an environment spec, fills
 * every unset field from the defaults of the spec's cloud and tier, picks catalog
 * machines and checks every rule, through the cloud's resolver. Throws one
 * `LlmOpsValidationError` listing every problem, each at its spec path.
 */
export function resolveEnvironmentSpec(input: unknown, context = "environment spec"): ResolvedEnvironmentSpec {
  const problems = new ProblemCollector();
  const parsed = environmentSpecSchema.safeParse(input);
  if (!parsed.success) {
    zodProblems(input, parsed.error, problems);
    problems.throwIfAny(context);
  }
  const spec = parsed.data as EnvironmentSpec;
  const warnings: string[] = [];
  checkPortable({ spec, problems, warnings });
  const machine: ResolveContext["machine"] = (use, section, accelerator, perNode, allowUnlisted) => {
    const sel = selectMachine({ cloud: spec.cloud, accelerator, use, region: spec.region, acceleratorsPerNode: perNode, allowUnlistedRegion: allowUnlisted });
    for (const p of sel.problems) problems.add(p.field === "region" ? "region" : `${section}.${p.field}`, p.message.replace("set allowUnlistedRegion: true", `set ${section}.allowUnlistedRegion: true`));
    warnings.push(...sel.warnings.map((w) => `${section}: ${w}`));
    return sel.offer;
  };
  if (spec.guardrails) problems.addAll(guardrailsProblems(spec.guardrails), "guardrails");
  const resolved = CLOUD_RESOLVERS[spec.cloud]({ spec, problems, warnings, machine });
  problems.throwIfAny(context);
  if (!resolved) throw new Error(`the ${spec.cloud} resolver returned nothing without a problem`);
  const { worst, warning } = budgetWarning(spec, resolved);
  if (warning) warnings.push(warning);
  const result: ResolvedEnvironmentSpec = { ...resolved, ...(spec.guardrails ? { guardrails: spec.guardrails } : {}), worstCaseMonthlyUsd: worst, warnings };
  Object.defineProperty(result, RESOLVED, { value: true, enumerable: false });
  return result;
}

const RESOLVED = Symbol.for("llmops-constructs.resolved-spec");

/** Whether a value came out of `resolveEnvironmentSpec` (and need not be resolved again). */
export function isResolvedSpec(value: unknown): value is ResolvedEnvironmentSpec {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[RESOLVED] === true;
}
