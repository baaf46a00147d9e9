import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import type { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Construct } from "../../cdk";
import { ProblemCollector, type ValidationProblem } from "../../errors";
import { addSuppressions } from "../../policy/suppressions";
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
  /**
   * The customer-managed key (versionless: the registry follows rotation); set at creation
   * only, a registry cannot take one later. The registry reads it through `keyIdentity`
   * from Microsoft's network: a vault with public access off refuses it (ACR bypasses a
   * Key Vault firewall only with its system-assigned identity, which does not exist at
   * creation), so give a key in a vault the registry can reach. @default - none: Microsoft-managed keys, with `microsoftManagedKeyReason`
   */
  readonly encryptionKey?: IAzureEncryptionKey;
  /** User-assigned identity the registry reads the key as (granted encrypt/decrypt on it here); required with `encryptionKey`. */
  readonly keyIdentity?: IAzureIdentity;
  /** Why the registry encrypts with Microsoft-managed keys, recorded as the LLM-AZ-ACR-2 suppression (e.g. {@link REGISTRY_CMK_CLOSED_VAULT_REASON}); required without `encryptionKey`. */
  readonly microsoftManagedKeyReason?: string;
  /** The registry's name, globally unique, 5-50 letters and digits. @default - `<name><tier>acr`, hyphens dropped */
  readonly registryName?: string;
  /** Days an untagged manifest is kept before it is purged, 0-365. @default - 7 in dev, 30 otherwise */
  readonly untaggedRetentionDays?: number;
  /** Replicate across the region's zones (set at creation only). @default - on in prod */
  readonly zoneRedundancy?: boolean;
  /** Put `lifecycle.prevent_destroy` on the registry. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<AzureContainerRegistryProps, "untaggedRetentionDays" | "microsoftManagedKeyReason"> & { readonly encryptionKey?: unknown; readonly keyIdentity?: unknown };

/**
 * Why the environment stack's registry encrypts with Microsoft-managed keys: its vault has
 * public access off, and the ACR customer-managed key docs ("Advanced scenario: Key Vault
 * firewall") say a registry bypasses a Key Vault firewall only with its system-assigned
 * identity, while the key must be set at creation through a user-assigned one.
 */
export const REGISTRY_CMK_CLOSED_VAULT_REASON =
  "The environment's Key Vault has public access off, and Azure Container Registry reaches a firewalled vault only as a trusted service through its system-assigned identity (ACR customer-managed key docs, Advanced scenario: Key Vault firewall), while a customer-managed key can be set only at creation, through a user-assigned identity: a one-apply registry with a key in that vault fails. Images are encrypted with Microsoft-managed keys; they hold no training data.";

/**
 * A Premium Azure Container Registry (private endpoints, customer-managed keys, retention
 * and zone redundancy need Premium): admin user off, anonymous pull off, public network
 * access off with a deny-by-default rule set and no trusted-service bypass, export off
 * (images leave only through the private endpoint), a private endpoint whose records go in
 * `privatelink.azurecr.io`; encrypted with a customer-managed key through a user-assigned
 * identity when given one (creation only: a registry cannot be switched to CMK later; the
 * vault must be reachable by the registry's service, see `encryptionKey`), else with
 * Microsoft-managed keys and the reason recorded as a guardrail suppression; untagged manifests
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
    const checks = new Checks().int("untaggedRetentionDays", settings.untaggedRetentionDays, 0, 365, "Untagged manifest retention (days)");
    if ((settings.encryptionKey === undefined) !== (settings.keyIdentity === undefined)) checks.add(settings.encryptionKey === undefined ? "encryptionKey" : "keyIdentity", undefined, "goes with keyIdentity and encryptionKey together: the registry reads its key through the identity; give both or neither");
    if (settings.encryptionKey === undefined && settings.microsoftManagedKeyReason === undefined) checks.add("microsoftManagedKeyReason", undefined, "is required without encryptionKey: say why the registry encrypts with Microsoft-managed keys (it becomes the LLM-AZ-ACR-2 suppression), or give encryptionKey and keyIdentity");
    return checks.problems;
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
    problems.addAll(AzureContainerRegistry.validate({ ...this, encryptionKey: props.encryptionKey, keyIdentity: props.keyIdentity, microsoftManagedKeyReason: props.microsoftManagedKeyReason }));
    problems.throwIfAny(`AzureContainerRegistry ${this.node.path}`);

    const key = props.encryptionKey && props.keyIdentity ? { key: props.encryptionKey, identity: props.keyIdentity, grant: props.encryptionKey.grantEncryptDecrypt(props.keyIdentity) } : undefined;
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
        identity: key ? { type: "UserAssigned", identityIds: [key.identity.identityId] } : undefined,
        encryption: key ? [{ keyVaultKeyId: key.key.keyId, identityClientId: key.identity.clientId }] : undefined,
        dependsOn: key ? [...key.key.dependables, ...roleWait(this, key.grant.dependables)] : undefined,
      }),
      this.preventDestroy,
    );
    if (!key && props.microsoftManagedKeyReason !== undefined) addSuppressions(this.registry, [{ id: "LLM-AZ-ACR-2", reason: props.microsoftManagedKeyReason }]);
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
