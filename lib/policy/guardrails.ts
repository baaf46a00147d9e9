import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AnnotationMetadataEntryType, Annotations, Aspects, Construct, TerraformStack, type IAspect, type IConstruct, type ISynthesisSession, type StackAnnotation } from "../cdk";
import { CONFIG_LABEL_TYPES } from "../constructs/gcp/private/labels";
import { markedTierOf, type Tier } from "../util/tier";
import { afterStackFileWritten, errorAnnotations, recordAnnotations, type SynthesizedStackFile } from "./cdktf-synth-hook";
import { evaluate, levelOf, type EngineOptions } from "./engine";
import { buildReport, resourceLines, summaryLine, type GuardrailReport, type UnusedSuppression } from "./report";
import { ALL_RULES } from "./rules";
import { sarifArtifactUri, toSarif } from "./sarif";
import { stackView, type SynthesizedStack } from "./stack-view";
import type { StackView } from "./types";
import { addSuppressions, reasonProblem, suppressionsOn, type Suppression } from "./suppressions";
import { LlmOpsValidationError, type ValidationProblem } from "../errors";
import { closest, resolveLevels, unknownRuleMessage, type RuleOff } from "./levels";
import { PACKS, type Finding, type Level, type LevelSetting, type Pack, type Rule } from "./types";

/** How a stack runs its guardrails. */
export interface GuardrailOptions {
  /** Packs to run. @default - every pack: security, reliability, cost, tagging */
  readonly packs?: readonly Pack[];
  /**
   * Raise, lower or turn off rules by id, e.g. `{ "LLM-AWS-EKS-3": "error", "LLM-COST-4": "off" }`.
   * A rule that cannot be suppressed is turned off only with a reason:
   * `{ "LLM-AWS-S3-2": { level: "off", reason: "..." } }`. Every rule turned off is listed
   * in the reports. An id that names no rule is an error. @default {}
   */
  readonly levels?: Readonly<Record<string, LevelSetting>>;
  /** Report every finding but never stop synth. @default false */
  readonly reportOnly?: boolean;
  /** Tier for rules that depend on it, when the provider carries no `tier` default tag. @default - none */
  readonly tier?: Tier;
  /** The rules to choose from. @default ALL_RULES */
  readonly rules?: readonly Rule[];
  /**
   * Suppressions by construct path (relative to the stack, e.g. `inference`) or by
   * Terraform resource address (`aws_s3_bucket.storage_datasets_bucket_1A2B3C4D`); with
   * neither, on the whole stack. The same checks as `Guardrails.suppress`: a known rule
   * id and a reason of at least a sentence; a path or address that matches nothing is
   * an error at synth. @default []
   */
  readonly suppressions?: readonly TargetedSuppression[];
}

/** A suppression in the options: a rule id and reason, and where it applies. */
export interface TargetedSuppression extends Suppression {
  /** Construct path below the stack, e.g. `storage/datasets`. @default - the whole stack (unless `resource` is set) */
  readonly path?: string;
  /** Terraform resource address, `type.name`. @default - none */
  readonly resource?: string;
}

/** Context key that keeps synth going past error findings (the `llmops` command sets it to report every stack). */
export const CONTINUE_ON_ERROR_CONTEXT = "llmops:guardrails:continueOnError";

const REPORT_JSON = "guardrails.json";
const REPORT_SARIF = "guardrails.sarif";

/** Collects, while aspects run, which resources take tags (AWS, Azure) or labels (Google Cloud). */
class GuardrailAspect implements IAspect {
  public readonly taggable = new Set<string>();

  public visit(node: IConstruct): void {
    const type = (node as { terraformResourceType?: unknown }).terraformResourceType;
    const resource = typeof type === "string" && !CONFIG_LABEL_TYPES.has(type);
    if (resource && ("tagsInput" in node || "labelsInput" in node)) this.taggable.add(node.node.path);
  }
}

/** What is wrong with suppressions given in the options (or a spec's guardrails: section), each at `suppressions.<index>`. */
export function targetedSuppressionProblems(suppressions: readonly TargetedSuppression[], known: readonly string[]): ValidationProblem[] {
  return suppressions.flatMap((s, i) => {
    const problems: ValidationProblem[] = [];
    if (!known.includes(s.id)) problems.push({ path: `suppressions.${i}.id`, message: unknownRuleMessage(s.id, known) });
    const reason = reasonProblem(s.reason);
    if (reason) problems.push({ path: `suppressions.${i}.reason`, message: reason });
    if (s.path !== undefined && s.resource !== undefined) problems.push({ path: `suppressions.${i}`, message: "give a construct path or a resource address, not both" });
    return problems;
  });
}

/**
 * Guardrails of one stack: rule packs run at synth on the stack's `cdk.tf.json` right
 * after cdktf wrote it (so after every aspect; see cdktf-synth-hook.ts), every synth
 * writes `guardrails.json` and `guardrails.sarif` beside that file, and error findings
 * then stop synth through annotations naming the rule, the resource and the fix. Add them with `Guardrails.of(stack)`; suppress with
 * `Guardrails.suppress(construct, ruleId, reason)`.
 */
export class Guardrails extends Construct {
  /** The guardrails of a stack, created with `options` on first call. */
  public static of(stack: TerraformStack, options?: GuardrailOptions): Guardrails {
    const existing = stack.node.tryFindChild("guardrails");
    if (!(existing instanceof Guardrails)) return new Guardrails(stack, options ?? {});
    if (options !== undefined && Object.keys(options).length > 0) {
      throw new Error(
        `${stack.node.id} already has its guardrails, so these options would be ignored: an environment stack makes them from the spec's guardrails: section and its guardrails prop (new AwsLlmOpsStack(app, { spec, guardrails: { ... } })); pass the options there, or call Guardrails.of(stack) without options to get them`,
      );
    }
    return existing;
  }

  /** Silences `ruleId` on `scope` and everything below it; the reason must be at least a sentence. */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    addSuppressions(scope, [{ id: ruleId, reason }]);
  }

  /** Several suppressions at once. */
  public static suppressAll(scope: IConstruct, suppressions: readonly Suppression[]): void {
    addSuppressions(scope, suppressions);
  }

  public readonly packs: readonly Pack[];
  /** Level overrides by rule id, as resolved from the options. */
  public readonly levels: Readonly<Record<string, Level>>;
  /** Rules turned off by the options, with their reasons. */
  public readonly rulesOff: readonly RuleOff[];
  public readonly reportOnly: boolean;
  public readonly rules: readonly Rule[];
  /** The last synth's report (undefined before synth). */
  public report?: GuardrailReport;
  private readonly stack: TerraformStack;
  private readonly aspect = new GuardrailAspect();
  private readonly tier?: Tier;
  private findings: Finding[] = [];
  private readonly targeted: readonly TargetedSuppression[];
  private targetedApplied = false;
  private unused: UnusedSuppression[] = [];

  private constructor(stack: TerraformStack, options: GuardrailOptions) {
    super(stack, "guardrails");
    this.stack = stack;
    this.packs = options.packs ?? PACKS;
    this.reportOnly = options.reportOnly ?? false;
    this.rules = options.rules ?? ALL_RULES;
    const resolved = resolveLevels(options.levels ?? {}, this.knownRules());
    this.levels = resolved.levels;
    this.rulesOff = resolved.off;
    this.tier = options.tier;
    this.targeted = options.suppressions ?? [];
    const problems = targetedSuppressionProblems(this.targeted, this.knownRules().map((r) => r.id));
    if (problems.length > 0) throw new LlmOpsValidationError(`guardrails of ${stack.node.id}`, problems);
    Aspects.of(stack).add(this.aspect);
    afterStackFileWritten(stack, (file, session) => this.afterSynth(file, session));
  }

  /** The rules ids may name: the library's and the ones given in the options. */
  private knownRules(): Rule[] {
    const byId = new Map([...ALL_RULES, ...this.rules].map((r) => [r.id, r]));
    return [...byId.values()];
  }

  /** Rejects suppressions, anywhere in the stack, of rule ids that name no rule. */
  private checkSuppressionIds(constructs: readonly IConstruct[]): void {
    const known = this.knownRules().map((r) => r.id);
    const problems = constructs.flatMap((c) =>
      suppressionsOn(c)
        .filter((s) => !known.includes(s.id))
        .map((s) => ({ path: `suppressions on ${c.node.path}`, message: unknownRuleMessage(s.id, known) })),
    );
    if (problems.length > 0) throw new LlmOpsValidationError(`guardrails of ${this.stack.node.id}`, problems);
  }

  /** Findings of the last synth. */
  public get results(): readonly Finding[] {
    return this.findings;
  }

  private options(): EngineOptions {
    return { packs: this.packs, levels: this.levels };
  }

  /** The suppression covering a rule at a construct path (searched from the construct up to the stack), recording its use in `used`. */
  private suppressionLookup(byPath: ReadonlyMap<string, IConstruct>, used: Set<string>) {
    return (ruleId: string, constructPath: string) => {
      const scope: IConstruct = byPath.get(constructPath) ?? this.stack;
      for (const s of scope.node.scopes.slice().reverse()) {
        const hit = suppressionsOn(s).find((x) => x.id === ruleId);
        if (hit) {
          used.add(`${s.node.path}#${ruleId}`);
          return { reason: hit.reason, at: s.node.path };
        }
      }
      return undefined;
    };
  }

  /** Puts the suppressions of the options on the constructs they name (once); a path or address that matches nothing is an error. */
  private applyTargeted(view: StackView, byPath: ReadonlyMap<string, IConstruct>): void {
    if (this.targetedApplied) return;
    this.targetedApplied = true;
    const problems: ValidationProblem[] = [];
    const root = this.stack.node.path;
    for (const s of this.targeted) {
      let target: IConstruct | undefined = this.stack;
      if (s.resource !== undefined) {
        const hit = view.resources.find((r) => r.address === s.resource);
        target = hit ? byPath.get(hit.constructPath) : undefined;
        if (!target) problems.push({ path: `suppressions.${s.id}.resource`, message: `no resource of ${this.stack.node.id} has the address ${s.resource} (closest: ${closest(s.resource, view.resources.map((r) => r.address)).join(", ")})` });
      } else if (s.path !== undefined && s.path !== "") {
        target = byPath.get(`${root}/${s.path.replace(/^\/+|\/+$/g, "")}`);
        if (!target) problems.push({ path: `suppressions.${s.id}.path`, message: `no construct of ${this.stack.node.id} has the path ${s.path} (closest: ${closest(s.path, [...byPath.keys()].map((p) => p.slice(root.length + 1)).filter(Boolean)).join(", ")})` });
      }
      if (target) addSuppressions(target, [{ id: s.id, reason: s.reason }]);
    }
    if (problems.length > 0) throw new LlmOpsValidationError(`guardrails of ${this.stack.node.id}`, problems);
  }

  /** Evaluates the rules on the stack's synthesized configuration; returns the annotations it made on the constructs. */
  private run(doc: SynthesizedStack): StackAnnotation[] {
    const all = this.stack.node.findAll();
    const position = new Map(all.map((c, i) => [c.node.path, i] as const));
    const byPathAll = new Map(all.map((c) => [c.node.path, c] as const));
    const view = stackView(this.stack.node.id, doc, (path) => this.aspect.taggable.has(path), this.tier ?? markedTierOf(this.stack), (path) => position.get(path) ?? Infinity);
    this.applyTargeted(view, byPathAll);
    const constructs = all;
    this.checkSuppressionIds(constructs);
    const byPath = byPathAll;
    const used = new Set<string>();
    this.findings = evaluate(view, this.rules, this.options(), this.suppressionLookup(byPath, used));
    this.unused = constructs.flatMap((construct) => suppressionsOn(construct).filter((s) => !used.has(`${construct.node.path}#${s.id}`)).map((s) => ({ ruleId: s.id, reason: s.reason, at: construct.node.path })));
    const annotations: StackAnnotation[] = [];
    const annotate = (path: string, error: boolean, message: string) => {
      const target = byPath.get(path) ?? this.stack;
      if (error) Annotations.of(target).addError(message);
      else Annotations.of(target).addWarning(message);
      annotations.push({ constructPath: target.node.path, level: error ? AnnotationMetadataEntryType.ERROR : AnnotationMetadataEntryType.WARN, message });
    };
    const rules = new Map(this.rules.map((r) => [r.id, r]));
    for (const f of this.findings.filter((x) => x.status === "non-compliant")) {
      const text = `[${f.ruleId}] ${f.resource}: ${f.message} Fix: ${rules.get(f.ruleId)?.fix ?? ""}`.trim();
      annotate(f.constructPath, f.level === "error" && !this.reportOnly, text);
    }
    for (const u of this.unused) {
      annotate(u.at, false, `[guardrails] the suppression of ${u.ruleId} on ${u.at} matched nothing; remove it or move it to the construct the finding is on`);
    }
    return annotations;
  }

  /**
   * After cdktf wrote the stack's file: evaluate, record the annotations, write the
   * reports beside the file, then stop synth on error annotations (as cdktf would have
   * before writing), unless asked to continue.
   */
  private afterSynth(file: SynthesizedStackFile, session: ISynthesisSession): void {
    recordAnnotations(session, this.stack, this.run(file.doc as SynthesizedStack));
    this.writeReports(session, file);
    const continueOnError = this.node.tryGetContext(CONTINUE_ON_ERROR_CONTEXT) === true || process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
    const errors = errorAnnotations(session, this.stack);
    if (errors.length > 0 && !continueOnError) {
      throw new Error(
        `Encountered Annotations with level "ERROR":\n${errors.map((a) => `[${a.constructPath}] ${a.message}`).join("\n")}\n\nFix them, suppress a finding with Guardrails.suppress(construct, ruleId, reason), or run the guardrails in report-only mode.`,
      );
    }
  }

  private writeReports(session: ISynthesisSession, synthesized: SynthesizedStackFile): void {
    const stackManifest = session.manifest.forStack(this.stack);
    const dir = join(session.outdir, stackManifest.workingDirectory);
    const file = synthesized.path;
    const lines = synthesized.json === undefined ? new Map<string, number>() : resourceLines(synthesized.json);
    const rules = this.rules.map((rule) => ({ rule, level: levelOf(rule, this.options()) })).filter((r): r is { rule: Rule; level: "error" | "warning" } => r.level !== undefined);
    this.report = buildReport({
      stack: this.stack.node.id,
      mode: this.reportOnly ? "report-only" : "enforce",
      packs: this.packs,
      rules: rules.sort((a, b) => a.rule.id.localeCompare(b.rule.id, "en", { numeric: true })),
      findings: this.findings,
      unused: this.unused,
      rulesOff: this.rulesOff,
      lineOf: (resource) => lines.get(resource) ?? lines.get("(provider)") ?? 1,
    });
    const uri = sarifArtifactUri(file, stackManifest.synthesizedStackPath);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, REPORT_JSON), `${JSON.stringify(this.report, null, 2)}\n`);
    writeFileSync(join(dir, REPORT_SARIF), `${JSON.stringify(toSarif(this.report, this.rules, uri), null, 2)}\n`);
  }

  /** One line: checks, errors, warnings, suppressed. */
  public summary(): string {
    return this.report ? summaryLine(this.report) : `${this.stack.node.id}: not synthesized yet`;
  }
}
