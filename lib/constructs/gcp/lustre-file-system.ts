import { LustreInstance } from "@cdktf/provider-google/lib/lustre-instance";
import { Construct } from "../../cdk";
import { ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import { resolveProtection, markComponent, type EnvironmentIdentity } from "../common";
import type { Tier } from "../../util/tier";
import { Checks, isUnknown } from "../private/checks";
import { keep } from "../private/stateful";
import type { IGcpPrivateServicesNetwork } from "./network";
import { LUSTRE_FILESYSTEM, LUSTRE_TIERS } from "./private/facts";
import { checkLabels } from "./private/labels";

/** Managed Lustre throughput tiers this construct accepts, MB/s per TiB (provider 6.50 doc, `per_unit_storage_throughput`). */
export const LUSTRE_THROUGHPUTS = [125, 250, 500, 1000] as const;
export type LustreThroughput = (typeof LUSTRE_THROUGHPUTS)[number];

/** Props of {@link GcpLustreFileSystem}. */
export interface GcpLustreFileSystemProps {
  /** The environment; the instance is named `<name>-<tier>-lustre`. */
  readonly environment: EnvironmentIdentity;
  /** The project that owns the instance. */
  readonly project: string;
  /** The zone of the instance: the accelerator pool's zone (Managed Lustre is zonal; clients in another zone pay latency and egress). */
  readonly zone: string;
  /** The VPC clients reach the instance in, and the private services access peering the instance waits for. */
  readonly network: IGcpPrivateServicesNetwork;
  /** Throughput per TiB of capacity, MB/s: 125, 250, 500 or 1000. Fixed at creation: a change replaces the instance and its data. @default 1000 */
  readonly perUnitStorageThroughput?: LustreThroughput;
  /** Capacity, GiB, on the tier's step (see LUSTRE_TIERS); it can only grow. @default - the tier's minimum (9,000 GiB at 1000) */
  readonly capacityGib?: number;
  /** The Lustre file system name clients mount (`<ip>@tcp:/<name>`): at most 8 letters and digits. @default "lustrefs" */
  readonly fileSystemName?: string;
  /** Labels of the instance, beside the provider's default labels. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Put `lifecycle.prevent_destroy` on the instance (Managed Lustre has no deletion protection of its own). @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<GcpLustreFileSystemProps, "perUnitStorageThroughput" | "capacityGib" | "fileSystemName" | "zone" | "labels">;

/**
 * A Managed Lustre instance for training data and checkpoints, mounted from GKE through
 * the cluster's Managed Lustre CSI driver: GKE support on (the instance listens on the
 * port GKE nodes use), in one zone (the pool's), on the VPC, after the private services
 * access peering. Capacity and throughput tier are checked against Google's table of
 * tiers, minimums and steps.
 *
 * Not encrypted with a customer-managed key: `kms_key` arrived in hashicorp/google 7.13,
 * these bindings wrap 6.50, so Google-managed keys encrypt the data. An organization
 * policy `constraints/gcp.restrictNonCmekServices` that lists lustre.googleapis.com
 * blocks the instance; a guardrail warning belongs on it.
 */
export class GcpLustreFileSystem extends Construct {
  public readonly instance: LustreInstance;
  public readonly instanceId: string;
  public readonly zone: string;
  public readonly perUnitStorageThroughput: LustreThroughput;
  public readonly capacityGib: number;
  public readonly fileSystemName: string;
  public readonly preventDestroy: boolean;
  /** `<ip>@tcp:/<file system>`, what a Lustre client mounts. */
  public readonly mountPoint: string;
  /** Whether a customer-managed key encrypts the data: never under provider 6.50. */
  public readonly customerManagedKey = false;

  /** What the instance uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly perUnitStorageThroughput: LustreThroughput; readonly capacityGib: number; readonly fileSystemName: string; readonly preventDestroy: boolean } {
    return { perUnitStorageThroughput: 1000, capacityGib: LUSTRE_TIERS[1000].min, fileSystemName: "lustrefs", preventDestroy: resolveProtection(tier, {}).preventDestroy };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks().oneOf("perUnitStorageThroughput", settings.perUnitStorageThroughput, LUSTRE_THROUGHPUTS, "Managed Lustre throughput (MB/s per TiB)");
    const throughput = settings.perUnitStorageThroughput ?? 1000;
    const tier = LUSTRE_TIERS[throughput];
    if (tier && !isUnknown(throughput)) checks.check("capacityGib", settings.capacityGib, (c) => capacityProblem(throughput, c));
    checks.check("fileSystemName", settings.fileSystemName, (n) => (LUSTRE_FILESYSTEM.test(n) ? undefined : `a Managed Lustre file system name is 1-8 letters and digits (got ${show(n)})`));
    checks.check("zone", settings.zone, (z) => (/^[a-z]+-[a-z]+\d+-[a-z]$/.test(z) ? undefined : `Managed Lustre is zonal: give a zone such as "us-central1-a" (got ${show(z)})`));
    checkLabels(checks, "labels", settings.labels);
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: GcpLustreFileSystemProps) {
    super(scope, id);
    markComponent(this, "storage");
    const d = GcpLustreFileSystem.defaults(props.environment.tier);
    this.perUnitStorageThroughput = props.perUnitStorageThroughput ?? d.perUnitStorageThroughput;
    this.capacityGib = props.capacityGib ?? LUSTRE_TIERS[this.perUnitStorageThroughput]?.min ?? d.capacityGib;
    this.fileSystemName = props.fileSystemName ?? d.fileSystemName;
    this.preventDestroy = props.preventDestroy ?? d.preventDestroy;
    this.zone = props.zone;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.instanceId = namer.name("lustre-instance", "environment.name", "lustre");
    problems.addAll(namer.found);
    problems.addAll(GcpLustreFileSystem.validate({ ...props, perUnitStorageThroughput: this.perUnitStorageThroughput, capacityGib: this.capacityGib, fileSystemName: this.fileSystemName }));
    problems.throwIfAny(`GcpLustreFileSystem ${this.node.path}`);

    this.instance = keep(
      new LustreInstance(this, "instance", {
        project: props.project,
        instanceId: this.instanceId,
        location: props.zone,
        description: `Shared training storage of ${this.instanceId} (llmops-constructs)`,
        filesystem: this.fileSystemName,
        // The API takes both as strings (int64 in JSON).
        capacityGib: String(this.capacityGib),
        perUnitStorageThroughput: String(this.perUnitStorageThroughput),
        network: props.network.networkId,
        gkeSupportEnabled: true,
        labels: props.labels && Object.keys(props.labels).length > 0 ? { ...props.labels } : undefined,
        // Creation takes tens of minutes; the provider's own example waits 120.
        timeouts: { create: "120m", update: "120m", delete: "60m" },
        // The instance takes its addresses from the private services access range.
        dependsOn: [props.network.privateServicesConnection],
      }),
      this.preventDestroy,
    );
    this.mountPoint = this.instance.mountPoint;
  }
}

/** Why `capacity` GiB is not a capacity of the `throughput` tier, or undefined when it is. */
function capacityProblem(throughput: number, capacity: number): string | undefined {
  const t = LUSTRE_TIERS[throughput];
  const head = `Managed Lustre at ${throughput} MB/s per TiB takes`;
  const steps = t.threshold === undefined ? `a multiple of ${t.step}` : `a multiple of ${t.step} up to ${t.threshold}, then of ${t.largeStep}`;
  const allowed = `${head} ${t.min} to ${t.max} GiB, ${steps} (got ${show(capacity)})`;
  if (!Number.isInteger(capacity) || capacity < t.min || capacity > t.max) return allowed;
  const step = t.threshold !== undefined && capacity > t.threshold ? (t.largeStep as number) : t.step;
  if (capacity % step !== 0) {
    const lower = Math.floor(capacity / step) * step;
    return `${allowed}; the nearest are ${Math.max(lower, t.min)} and ${lower + step}`;
  }
  return undefined;
}
