import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { Annotations, Aspects, Construct, StackSynthesizer, TerraformStack, addCustomSynthesis, type IAspect, type IConstruct, type ISynthesisSession, type IStackSynthesizer } from "../cdk";
import type { Tier } from "../util/tier";
import { evaluate, levelOf, type EngineOptions } from "./engine";
import { buildReport, resourceLines, summaryLine, type GuardrailReport, type UnusedSuppression } from "./report";
import { ALL_RULES } from "./rules";
import { toSarif } from "./sarif";
import { stackView, type SynthesizedStack } from "./stack-view";
import { addSuppressions, suppressionsOn, type Suppression } from "./suppressions";
import { PACKS, type Finding, type Level, type Pack, type Rule } from "./types";

/** How a stack runs its guardrails. */
export interface GuardrailOptions {
  /** Packs to run. @default - every pack: security, reliability, cost, tagging */
  readonly packs?: readonly Pack[];
  /** Raise, lower or turn off rules by id, e.g. `{ "LLM-AWS-EKS-3": "error", "LLM-COST-4": "off" }`. @default {} */
  readonly levels?: Readonly<Record<string, Level>>;
  /** Report every finding but never stop synth. @default false */
  readonly reportOnly?: boolean;
  /** Tier for rules that depend on it, when the provider carries no `tier` default tag. @default - none */
  readonly tier?: Tier;
  /** The rules to choose from. @default ALL_RULES */
  readonly rules?: readonly Rule[];
}

/** Context key that keeps synth going past error findings (the `llmops` command sets it to report every stack). */
export const CONTINUE_ON_ERROR_CONTEXT = "llmops:guardrails:continueOnError";

const REPORT_JSON = "guardrails.json";
const REPORT_SARIF = "guardrails.sarif";

/** Collects, while aspects run, which resources take tags (AWS, Azure) or labels (Google Cloud). */
class GuardrailAspect implements IAspect {
  public readonly taggable = new Set<string>();

  public visit(node: IConstruct): void {
    const resource = typeof (node as { terraformResourceType?: unknown }).terraformResourceType === "string";
    if (resource && ("tagsInput" in node || "labelsInput" in node)) this.taggable.add(node.node.path);
  }
}

/**
 * Guardrails of one stack: rule packs run at synth (after every other aspect), error
 * findings stop synth through annotations naming the rule, the resource and the fix,
 * and every synth writes `guardrails.json` and `guardrails.sarif` beside the stack's
 * `cdk.tf.json`. Add them with `Guardrails.of(stack)`; suppress with
 * `Guardrails.suppress(construct, ruleId, reason)`.
 */
export class Guardrails extends Construct {
  /** The guardrails of a stack, created with `options` on first call. */
  public static of(stack: TerraformStack, options: GuardrailOptions = {}): Guardrails {
    const existing = stack.node.tryFindChild("guardrails");
    return existing instanceof Guardrails ? existing : new Guardrails(stack, options);
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
  public readonly levels: Readonly<Record<string, Level>>;
  public readonly reportOnly: boolean;
  public readonly rules: readonly Rule[];
  /** The last synth's report (undefined before synth). */
  public report?: GuardrailReport;
  private readonly stack: TerraformStack;
  private readonly aspect = new GuardrailAspect();
  private readonly tier?: Tier;
  private findings: Finding[] = [];
  private unused: UnusedSuppression[] = [];

  private constructor(stack: TerraformStack, options: GuardrailOptions) {
    super(stack, "guardrails");
    this.stack = stack;
    this.packs = options.packs ?? PACKS;
    this.levels = options.levels ?? {};
    this.reportOnly = options.reportOnly ?? false;
    this.rules = options.rules ?? ALL_RULES;
    this.tier = options.tier;
    Aspects.of(stack).add(this.aspect);
    addCustomSynthesis(this, { onSynthesize: () => this.run() });
    const inner = stack.synthesizer;
    const guardrails = this;
    stack.synthesizer = {
      synthesize(session: ISynthesisSession) {
        guardrails.synthesize(inner, session);
      },
    } satisfies IStackSynthesizer;
  }

  /** Findings of the last synth. */
  public get results(): readonly Finding[] {
    return this.findings;
  }

  private options(): EngineOptions {
    return { packs: this.packs, levels: this.levels };
  }

  /** Evaluates the rules on the synthesized stack and annotates each finding's construct. */
  private run(): void {
    const doc = this.stack.toTerraform() as SynthesizedStack;
    const view = stackView(this.stack.node.id, doc, (path) => this.aspect.taggable.has(path), this.tier);
    const used = new Set<string>();
    const byPath = new Map(this.stack.node.findAll().map((c) => [c.node.path, c] as const));
    const lookup = (ruleId: string, constructPath: string) => {
      let scope: IConstruct | undefined = byPath.get(constructPath) ?? this.stack;
      const chain = scope.node.scopes.slice().reverse();
      for (scope of chain) {
        const hit = suppressionsOn(scope).find((s) => s.id === ruleId);
        if (hit) {
          used.add(`${scope.node.path}#${ruleId}`);
          return { reason: hit.reason, at: scope.node.path };
        }
      }
      return undefined;
    };
    this.findings = evaluate(view, this.rules, this.options(), lookup);
    this.unused = [];
    for (const construct of this.stack.node.findAll()) {
      for (const s of suppressionsOn(construct)) {
        if (!used.has(`${construct.node.path}#${s.id}`)) this.unused.push({ ruleId: s.id, reason: s.reason, at: construct.node.path });
      }
    }
    const rules = new Map(this.rules.map((r) => [r.id, r]));
    for (const f of this.findings.filter((x) => x.status === "non-compliant")) {
      const rule = rules.get(f.ruleId);
      const text = `[${f.ruleId}] ${f.resource}: ${f.message} Fix: ${rule?.fix ?? ""}`.trim();
      const target = Annotations.of(byPath.get(f.constructPath) ?? this.stack);
      if (f.level === "error" && !this.reportOnly) target.addError(text);
      else target.addWarning(text);
    }
    for (const u of this.unused) {
      Annotations.of(byPath.get(u.at) ?? this.stack).addWarning(`[guardrails] the suppression of ${u.ruleId} on ${u.at} matched nothing; remove it or move it to the construct the finding is on`);
    }
  }

  private synthesize(inner: IStackSynthesizer, session: ISynthesisSession): void {
    const continueOnError = this.node.tryGetContext(CONTINUE_ON_ERROR_CONTEXT) === true || process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
    // Let cdktf write cdk.tf.json even when findings are errors, so the reports can point
    // at its lines; stop afterwards, as cdktf itself would.
    const continuing = inner instanceof StackSynthesizer ? new StackSynthesizer(this.stack, true, (inner as unknown as { hclOutput?: boolean }).hclOutput ?? false) : inner;
    // The rules read the stack's Terraform JSON after every aspect ran; cdktf renders
    // the same JSON again to write it. Render it once per synth: nothing between the
    // two changes the configuration (annotations are not part of it).
    const stack = this.stack as TerraformStack & { toTerraform: () => unknown };
    const render = stack.toTerraform;
    let rendered: unknown;
    stack.toTerraform = () => (rendered ??= render.call(stack));
    try {
      continuing.synthesize(session);
    } finally {
      delete (stack as Partial<typeof stack>).toTerraform;
    }
    this.writeReports(session);
    const stackManifest = session.manifest.forStack(this.stack);
    const errors = stackManifest.annotations.filter((a) => a.level === "@cdktf/error");
    if (errors.length > 0 && !continueOnError) {
      throw new Error(
        `Encountered Annotations with level "ERROR":\n${errors.map((a) => `[${a.constructPath}] ${a.message}`).join("\n")}\n\nFix them, suppress a finding with Guardrails.suppress(construct, ruleId, reason), or run the guardrails in report-only mode.`,
      );
    }
  }

  private writeReports(session: ISynthesisSession): void {
    const stackManifest = session.manifest.forStack(this.stack);
    const dir = join(session.outdir, stackManifest.workingDirectory);
    const file = join(session.outdir, stackManifest.synthesizedStackPath);
    const lines = existsSync(file) && file.endsWith(".json") ? resourceLines(readFileSync(file, "utf8")) : new Map<string, number>();
    const rules = this.rules.map((rule) => ({ rule, level: levelOf(rule, this.options()) })).filter((r): r is { rule: Rule; level: "error" | "warning" } => r.level !== undefined);
    this.report = buildReport({
      stack: this.stack.node.id,
      mode: this.reportOnly ? "report-only" : "enforce",
      packs: this.packs,
      rules: rules.sort((a, b) => a.rule.id.localeCompare(b.rule.id, "en", { numeric: true })),
      findings: this.findings,
      unused: this.unused,
      lineOf: (resource) => lines.get(resource) ?? lines.get("(provider)") ?? 1,
    });
    const fromCwd = relative(process.cwd(), file);
    const uri = (fromCwd.startsWith("..") || fromCwd === file ? stackManifest.synthesizedStackPath : fromCwd).split(sep).join("/");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, REPORT_JSON), `${JSON.stringify(this.report, null, 2)}\n`);
    writeFileSync(join(dir, REPORT_SARIF), `${JSON.stringify(toSarif(this.report, this.rules, uri), null, 2)}\n`);
  }

  /** One line: checks, errors, warnings, suppressed. */
  public summary(): string {
    return this.report ? summaryLine(this.report) : `${this.stack.node.id}: not synthesized yet`;
  }
}
