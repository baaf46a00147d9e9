import type { Cloud } from "../catalog/types";

/**
 * Each cloud's prebuilt provider package is an optional peer dependency: a consumer
 * installs only the provider of the cloud they synthesize. The versions below are
 * the peer ranges of package.json (a test keeps them equal).
 */
export const CLOUD_PROVIDER_PACKAGES: Readonly<Record<Cloud, { readonly name: string; readonly range: string }>> = {
  aws: { name: "@cdktf/provider-aws", range: "^21.22.1" },
  gcp: { name: "@cdktf/provider-google", range: "^16.12.1" },
  azure: { name: "@cdktf/provider-azurerm", range: "^14.23.1" },
};

/** Thrown when a cloud's provider package is not installed: says exactly what to install. */
export class MissingProviderError extends Error {
  constructor(
    public readonly cloud: Cloud,
    forWhat: string,
  ) {
    const { name, range } = CLOUD_PROVIDER_PACKAGES[cloud];
    super(`${name} is not installed, and ${forWhat} needs it; install it beside llmops-constructs: npm install ${name}@"${range}"`);
    this.name = "MissingProviderError";
  }
}

/** The packages the in-cluster platform stack (`llmops-constructs/platform`) needs, optional peers too. */
export const PLATFORM_PROVIDER_PACKAGES: readonly { readonly name: string; readonly range: string }[] = [
  { name: "@cdktf/provider-helm", range: "^12.1.2" },
  { name: "@cdktf/provider-kubernetes", range: "^12.1.1" },
];

/** Whether `name` resolves from this package (where Node looks for our own imports). */
export function resolves(name: string): boolean {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Throws {@link MissingProviderError} when the cloud's provider package cannot be loaded. */
export function requireProvider(cloud: Cloud, forWhat: string): void {
  if (!resolves(CLOUD_PROVIDER_PACKAGES[cloud].name)) throw new MissingProviderError(cloud, forWhat);
}

/** Whether the cloud's provider package is installed. */
export function providerInstalled(cloud: Cloud): boolean {
  return resolves(CLOUD_PROVIDER_PACKAGES[cloud].name);
}
