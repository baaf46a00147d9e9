import type { Cloud } from "./types";

/** One Kubernetes minor version of a managed service, with its support dates (`YYYY-MM-DD`). */
export interface KubernetesVersion {
  /** Minor version, e.g. `1.35`. */
  readonly version: string;
  /** When the cloud made it available. */
  readonly released: string;
  /** Last day of standard support: after it, the cloud charges for extended support or upgrades the cluster. */
  readonly endOfStandardSupport: string;
  /** Last day of extended support (where the cloud sells it): after it, clusters are upgraded automatically. */
  readonly endOfExtendedSupport?: string;
}

/** Kubernetes versions per managed service, with where the dates were read. */
export interface KubernetesVersionTable {
  readonly cloud: Cloud;
  /** The managed service, e.g. `Amazon EKS`. */
  readonly service: string;
  /** Where the dates come from. */
  readonly source: string;
  /** When the table was read, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** The version new clusters get: the newest in standard support on `asOf` with add-ons available. */
  readonly defaultVersion: string;
  /** Versions, oldest first. */
  readonly versions: readonly KubernetesVersion[];
}

/** Days before the end of standard support from which the spec check warns. */
export const KUBERNETES_SUPPORT_WARNING_DAYS = 90;

/**
 * Amazon EKS release calendar: standard support is 14 months from release on EKS,
 * extended support 12 more months.
 */
export const EKS_VERSIONS: KubernetesVersionTable = {
  cloud: "aws",
  service: "Amazon EKS",
  source: "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (awsdocs/amazon-eks-user-guide kubernetes-versions*.adoc; endoflife.date amazon-eks)",
  asOf: "2026-11-30",
  defaultVersion: "1.36",
  versions: [
    { version: "1.29", released: "2024-01-23", endOfStandardSupport: "2025-03-23", endOfExtendedSupport: "2026-03-23" },
    { version: "1.30", released: "2024-05-23", endOfStandardSupport: "2025-07-23", endOfExtendedSupport: "2026-07-23" },
    { version: "1.31", released: "2024-09-26", endOfStandardSupport: "2025-11-26", endOfExtendedSupport: "2026-11-26" },
    { version: "1.32", released: "2025-01-25", endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
    { version: "1.33", released: "2025-05-28", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
    { version: "1.34", released: "2025-10-06", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
    { version: "1.35", released: "2026-01-28", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
    { version: "1.36", released: "2026-06-02", endOfStandardSupport: "2027-08-02", endOfExtendedSupport: "2028-08-02" },
  ],
};

/** What a support check concluded: nothing, a warning to show, or a problem that stops synth. */
export interface KubernetesSupport {
  readonly problem?: string;
  readonly warning?: string;
}

function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Checks a requested minor version against a service's calendar on `today`
 * (`YYYY-MM-DD`): unknown and past-extended-support versions are problems; versions
 * in extended support, or within {@link KUBERNETES_SUPPORT_WARNING_DAYS} of its end
 * of standard support, are warnings that say when and what to move to.
 */
export function kubernetesSupport(table: KubernetesVersionTable, version: string, today: string): KubernetesSupport {
  const entry = table.versions.find((v) => v.version === version);
  const offered = table.versions.filter((v) => (v.endOfExtendedSupport ?? v.endOfStandardSupport) >= today).map((v) => v.version);
  if (!entry) {
    return { problem: `${table.service} does not offer Kubernetes ${version} (got ${JSON.stringify(version)}; offered on ${today}: ${offered.join(", ")}; the table of ${table.asOf} is in the catalog)` };
  }
  const end = entry.endOfExtendedSupport ?? entry.endOfStandardSupport;
  if (today > end) {
    return { problem: `${table.service} support for Kubernetes ${version} ended on ${end} (got ${JSON.stringify(version)}; offered on ${today}: ${offered.join(", ")}; the default is ${table.defaultVersion})` };
  }
  if (today > entry.endOfStandardSupport) {
    return { warning: `Kubernetes ${version} left ${table.service} standard support on ${entry.endOfStandardSupport}: it is billed at the extended-support rate until ${end}, then upgraded; move to ${table.defaultVersion}` };
  }
  if (today >= addDays(entry.endOfStandardSupport, -KUBERNETES_SUPPORT_WARNING_DAYS)) {
    return { warning: `Kubernetes ${version} leaves ${table.service} standard support on ${entry.endOfStandardSupport}; plan the upgrade to ${table.defaultVersion}` };
  }
  return {};
}

/** Today as `YYYY-MM-DD` (UTC), or `LLMOPS_TODAY` when set: support checks only, never synthesized output. */
export function today(): string {
  const fixed = process.env.LLMOPS_TODAY;
  return fixed && /^\d{4}-\d{2}-\d{2}$/.test(fixed) ? fixed : new Date().toISOString().slice(0, 10);
}
