import { TerraformProvider, TerraformResource, TerraformStack, type Construct, type ITerraformDependable } from "../../cdk";

/**
 * `time_sleep` of hashicorp/time, written by hand: one resource with three arguments
 * (docs/resources/sleep.md of terraform-provider-time). The prebuilt
 * `@cdktf/provider-time` would make every consumer of the Azure stack install one more
 * provider package beside azurerm (a second optional peer, another "not installed" path)
 * for this one resource; these two small classes synthesize the same JSON.
 */

/** The provider version the stack pins (`required_providers`), hashicorp/time. */
export const TIME_PROVIDER_VERSION = "0.13.1";

/** The hashicorp/time provider; it takes no configuration. */
export class TimeProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: "time",
      terraformGeneratorMetadata: { providerName: "time", providerVersion: TIME_PROVIDER_VERSION, providerVersionConstraint: `~> ${TIME_PROVIDER_VERSION.split(".").slice(0, 2).join(".")}` },
      terraformProviderSource: "hashicorp/time",
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

/** Arguments of {@link TimeSleep}. */
export interface TimeSleepConfig {
  /** Go duration to wait after everything it depends on is created, e.g. `120s`. */
  readonly createDuration: string;
  /** Values that, when one changes, make Terraform replace the sleep and wait again. @default - none */
  readonly triggers?: Readonly<Record<string, string>>;
  /** What the wait starts after. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/** A `time_sleep`: creating it takes `createDuration`; whatever depends on it starts after. */
export class TimeSleep extends TerraformResource {
  public static readonly tfResourceType = "time_sleep";
  public readonly createDuration: string;
  public readonly triggers?: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, config: TimeSleepConfig) {
    // The stack's default time provider (no configuration): made with the first sleep.
    timeProviderOf(scope);
    super(scope, id, {
      terraformResourceType: TimeSleep.tfResourceType,
      terraformGeneratorMetadata: { providerName: "time", providerVersion: TIME_PROVIDER_VERSION },
      dependsOn: [...config.dependsOn],
    });
    this.createDuration = config.createDuration;
    this.triggers = config.triggers;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { create_duration: this.createDuration, triggers: this.triggers ? { ...this.triggers } : undefined };
  }
}

/** The stack's time provider, made once. */
function timeProviderOf(scope: Construct): TimeProvider {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild("time") as TimeProvider | undefined) ?? new TimeProvider(stack, "time");
}
