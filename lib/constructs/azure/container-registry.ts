import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import type { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Construct } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity, type Grant, type IPrincipal } from "../common";
import { Checks } from "../private/checks";
import { keep } from "../private/stateful";
import { privateEndpoint, type IAzurePrivateEndpointNetwork } from "./private/endpoint";
import { ROLES } from "./private/facts";
import { assignRole, grantOf, roleWait } from "./private/roles";
import type { IAzureEncryptionKey, IAzureIdentity } from "./key-vault";

/** Props of {@link AzureContainerRegistry}. */
export interface AzureContainerRegistryProps {
  /** The environment; the registry is named `<name><tier>acr` (no hyphens: see `compactName`). */
  readonly environment: EnvironmentIdentity;
  /** The network: the registry's private endpoint goes in its endpoints subnet, its records in the `registry` zone. */
  readonly network: IAzurePrivateEndpointNetwork;
  /** The customer-managed key (versionless: the registry follows rotation); set at creation only, a registry cannot take one later. */
  readonly encryptionKey: IAzureEncryptionKey;
  /** User-assigned identity the registry reads the key as (granted encrypt/decrypt on it here). */
  readonly keyIdentity: IAzureIdentity;
  /** The registry's name, globally unique, 5-50 letters and digits. @default - `<name><tier>acr`, hyphens dropped */
  readonly registryName?: string;
  /** Days an untagged manifest is kept before it is purged, 0-365. @default - 7 in dev, 30 otherwise */
  readonly untaggedRetentionDays?: number;
  /** Replicate across the region's zones (set at creation only). @default - on in prod */
  readonly zoneRedundancy?: boolean;
  /** Put `lifecycle.prevent_destroy` on the registry. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<AzureContainerRegistryProps, "untaggedRetentionDays">;

/**
 * A Premium Azure Container Registry (private endpoints, customer-managed keys, retention
 * and zone redundancy need Premium): admin user off, anonymous pull off, public network
 * access off with a deny-by-default rule set and no trusted-service bypass, export off
 * (images leave only through the private endpoint), a private endpoint whose records go in
 * `privatelink.azurecr.io`; encrypted with a customer-managed key through a user-assigned
 * identity (creation only: a registry cannot be switched to CMK later); untagged manifests
 * purged after `untaggedRetentionDays`; zone-redundant in prod (creation only).
 * {@link grantPull} gives AcrPull, e.g. to the AKS kubelet identity
 * (`AzureTrainingCluster.kubeletIdentity`); {@link grantPush} AcrPush for CI.
 *
 * Idle cost: Premium bills per day, used or not (about $50 a month list).
 */
export class AzureContainerRegistry extends Construct {
  public readonly registry: ContainerRegistry;
  public readonly privateEndpoint: PrivateEndpoint;
  public readonly registryName: string;
  /** `<name>.azurecr.io` (resolves privately through the linked zone). */
  public readonly loginServer: string;
  public readonly untaggedRetentionDays: number;
  public readonly zoneRedundancy: boolean;
  public readonly preventDestroy: boolean;

  /** What the registry uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly untaggedRetentionDays: number; readonly zoneRedundancy: boolean; readonly preventDestroy: boolean } {
    return { untaggedRetentionDays: tier === "dev" ? 7 : 30, zoneRedundancy: tier === "prod", preventDestroy: resolveProtection(tier, {}).preventDestroy };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    return new Checks().int("untaggedRetentionDays", settings.untaggedRetentionDays, 0, 365, "Untagged manifest retention (days)").problems;
  }

  constructor(scope: Construct, id: string, props: AzureContainerRegistryProps) {
    super(scope, id);
    markComponent(this, "registry");
    const d = AzureContainerRegistry.defaults(props.environment.tier);
    this.untaggedRetentionDays = props.untaggedRetentionDays ?? d.untaggedRetentionDays;
    this.zoneRedundancy = props.zoneRedundancy ?? d.zoneRedundancy;
    this.preventDestroy = props.preventDestroy ?? d.preventDestroy;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.registryName = props.registryName === undefined ? namer.compact("azure-container-registry", "registryName", "acr") : namer.given("azure-container-registry", "registryName", props.registryName);
    problems.addAll(namer.found);
    problems.addAll(AzureContainerRegistry.validate(this));
    problems.throwIfAny(`AzureContainerRegistry ${this.node.path}`);

    const keyGrant = props.encryptionKey.grantEncryptDecrypt(props.keyIdentity);
    this.registry = keep(
      new ContainerRegistry(this, "registry", {
        resourceGroupName: props.network.resourceGroupName,
        location: props.network.location,
        name: this.registryName,
        sku: "Premium",
        adminEnabled: false,
        anonymousPullEnabled: false,
        publicNetworkAccessEnabled: false,
        networkRuleSet: [{ defaultAction: "Deny" }],
        networkRuleBypassOption: "None",
        exportPolicyEnabled: false,
        retentionPolicyInDays: this.untaggedRetentionDays,
        zoneRedundancyEnabled: this.zoneRedundancy,
        identity: { type: "UserAssigned", identityIds: [props.keyIdentity.identityId] },
        encryption: [{ keyVaultKeyId: props.encryptionKey.keyId, identityClientId: props.keyIdentity.clientId }],
        dependsOn: [...props.encryptionKey.dependables, ...roleWait(this, keyGrant.dependables)],
      }),
      this.preventDestroy,
    );
    this.loginServer = this.registry.loginServer;
    this.privateEndpoint = privateEndpoint(this, "endpoint", props.network, "registry", `${this.registryName}-pe`, this.registry.id);
  }

  /** Lets a principal pull images (AcrPull on the registry), e.g. the AKS kubelet identity; keyed by value. */
  public grantPull(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "pull", principal, ROLES.acrPull, this.registry.id));
  }

  /** Lets a principal push and pull images (AcrPush on the registry), e.g. CI; keyed by value. */
  public grantPush(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "push", principal, ROLES.acrPush, this.registry.id));
  }
}
