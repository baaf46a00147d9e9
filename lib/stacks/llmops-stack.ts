import { Annotations, Aspects, DISABLE_STACK_TRACE_IN_METADATA, TerraformOutput, TerraformStack, type Construct } from "../cdk";
import type { Cloud } from "../catalog/types";
import { LlmOpsValidationError } from "../errors";
import { isResolvedSpec, resolveEnvironmentSpec, type ResolvedEnvironmentSpec } from "../environment/resolve";
import type { LoadedSpec } from "../environment/load";
import type { EnvironmentSpec } from "../environment/schema";
import { afterStackFileWritten } from "../policy/cdktf-synth-hook";
import { Guardrails, type GuardrailOptions } from "../policy/guardrails";
import { writeResolvedSpec } from "./spec-file";
import { ResourceTags, environmentTags, type TagScheme } from "./tagging";

/** Props every environment stack takes. */
export interface LlmOpsStackProps {
  /**
   * The environment spec: a typed {@link EnvironmentSpec} literal, what
   * `loadSpecFile` read (checked here), or an already resolved spec.
   */
  readonly spec: EnvironmentSpec | LoadedSpec | ResolvedEnvironmentSpec;
  /** Directory-relative path of the local state file when the spec sets no remote backend. @default "terraform.<stack>.tfstate" */
  readonly localStatePath?: string;
  /** How the guardrails run (packs, levels, report-only). @default - every pack, enforcing */
  readonly guardrails?: GuardrailOptions;
}

/** The spec's guardrails: section, then the prop (its levels win; suppressions of both apply). */
function guardrailOptions(spec: ResolvedEnvironmentSpec, prop: GuardrailOptions = {}): GuardrailOptions {
  const fromSpec = spec.guardrails ?? {};
  return {
    tier: spec.tier,
    ...fromSpec,
    ...prop,
    levels: { ...fromSpec.levels, ...prop.levels },
    suppressions: [...(fromSpec.suppressions ?? []), ...(prop.suppressions ?? [])],
  };
}

/** The stack name of a spec: `<name>-<cloud>-<tier>`, unique per environment and cloud, ending with the tier. */
export function stackNameOf(spec: { readonly name: string; readonly cloud: string; readonly tier: string }): string {
  return `${spec.name}-${spec.cloud}-${spec.tier}`;
}

/** The Terraform version `moved` blocks need (declared as the stack's `required_version`). */
export const MOVED_BLOCKS_TERRAFORM = ">= 1.5";

/** The environment's identity in tags and budgets: `<name>-<tier>`, the same on every cloud. */
export function environmentIdOf(spec: { readonly name: string; readonly tier: string }): string {
  return `${spec.name}-${spec.tier}`;
}

/**
 * What every cloud's environment stack does, in one place: resolve the spec (for the
 * subclass's cloud), name the stack, configure the provider with the environment's
 * tags or labels, the backend, the tagging of every resource, the guardrails and the
 * spec's warnings. A subclass adds its cloud's components and calls `output`.
 */
export abstract class LlmOpsStack extends TerraformStack {
  /** The spec after presets: the values this stack was built from. */
  public readonly spec: ResolvedEnvironmentSpec;
  /** `<name>-<tier>`: the `environment` tag and the budget's filter. */
  public readonly environmentId: string;
  /** The tags (AWS, Azure) or labels (Google Cloud) every resource carries, before `component`. */
  public readonly tags: Readonly<Record<string, string>>;
  /** The stack's guardrails: suppress findings with `Guardrails.suppress`. */
  public readonly guardrails: Guardrails;

  protected constructor(scope: Construct, cloud: Cloud, scheme: TagScheme, props: LlmOpsStackProps) {
    const spec = isResolvedSpec(props.spec) ? props.spec : resolveEnvironmentSpec(props.spec);
    if (spec.cloud !== cloud) {
      throw new LlmOpsValidationError("environment spec", [{ path: "cloud", message: `this stack builds ${cloud} environments (got ${JSON.stringify(spec.cloud)}); use addEnvironmentStack to pick the stack by cloud` }]);
    }
    const stackName = stackNameOf(spec);
    super(scope, stackName);
    // Annotations (spec warnings, guardrail findings) carry no stack trace into
    // manifest.json: a trace holds absolute paths of this machine, so the bytes would
    // depend on the folder (cdktf's own switch, App({ stackTraces: false }), for this stack).
    this.node.setContext(DISABLE_STACK_TRACE_IN_METADATA, true);
    // `moved` blocks (construct ids keyed by value) need Terraform 1.5; Terraform checks
    // this at init. A backend that needs more raises it (S3 native locking: 1.10).
    this.addOverride("terraform.required_version", MOVED_BLOCKS_TERRAFORM);
    this.spec = spec;
    this.environmentId = environmentIdOf(spec);
    this.tags = environmentTags(scheme, { ...spec, environment: this.environmentId });
    this.configureProvider(this.tags);
    this.configureBackend(props.localStatePath ?? `terraform.${stackName}.tfstate`);
    Aspects.of(this).add(new ResourceTags(scheme, this.tags));
    // Before the guardrails hook, so the spec is written even when their errors stop synth.
    afterStackFileWritten(this, (file) => writeResolvedSpec(file.path, spec));
    this.guardrails = Guardrails.of(this, guardrailOptions(spec, props.guardrails));
    for (const warning of spec.warnings) Annotations.of(this).addWarning(warning);
  }

  /**
   * Whether cdktf should run `terraform version` at synth because the stack has `moved`
   * blocks: never. The check spawns the binary once per stack and fails the synth on a
   * machine without Terraform (a CI job that only synthesizes and reviews, a laptop that
   * plans in a container); the stack declares `required_version` instead, which
   * Terraform enforces itself at init.
   */
  public override hasResourceMove(): boolean {
    return false;
  }

  /** Configures the cloud's provider (region, project or subscription, and default tags or labels where the provider has them). */
  protected abstract configureProvider(tags: Readonly<Record<string, string>>): void;

  /** Configures the remote backend from the spec's cloud section, or a local backend at `localPath`. */
  protected abstract configureBackend(localPath: string): void;

  /** Adds a Terraform output. */
  protected output(id: string, value: string, description: string): TerraformOutput {
    return new TerraformOutput(this, id, { value, description });
  }
}
