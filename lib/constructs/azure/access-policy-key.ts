import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultAccessPolicyA as KeyVaultAccessPolicy } from "@cdktf/provider-azurerm/lib/key-vault-access-policy";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import type { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Construct, type ITerraformDependable } from "../../cdk";
import { ProblemCollector, show } from "../../errors";
import { Namer } from "../../naming";
import { addSuppressions } from "../../policy/suppressions";
import { markComponent, resolveProtection, type EnvironmentIdentity, type Grant, type IPrincipal } from "../common";
import { Checks } from "../private/checks";
import { keep } from "../private/stateful";
import { stableId, stableKey } from "../private/stable-id";
import { VERSIONED_KEY_NO_EXPIRY_REASON, currentVersionId, type IAzureEncryptionKey } from "./key-vault";
import { privateEndpoint, type IAzurePrivateEndpointNetwork } from "./private/endpoint";

/** Why this vault authorizes with access policies: the reason recorded with the LLM-AZ-KV-1 suppression. */
export const ACCESS_POLICY_VAULT_REASON =
  "Azure OpenAI takes a customer-managed key only through its system-assigned identity from a vault using legacy access policies (Azure OpenAI encryption docs: \"The key vault must use legacy access policies\"; user-assigned identities are not supported). This vault holds that one key; the environment's other keys stay in the RBAC vault.";

/** Props of {@link AzureAccessPolicyKey}. */
export interface AzureAccessPolicyKeyProps {
  /** The environment; the vault is named `<name>-<tier>-<purpose>-kv`. */
  readonly environment: EnvironmentIdentity;
  /** The network: the vault's private endpoint goes in its endpoints subnet, its record in the `vault` zone. */
  readonly network: IAzurePrivateEndpointNetwork;
  /** What the key protects, one word (e.g. `openai`): part of the vault's and key's names. */
  readonly purpose: string;
  /** RSA key size in bits (Azure AI services take 2048 only). @default 2048 */
  readonly keySize?: 2048 | 3072 | 4096;
  /** HSM-backed key (`RSA-HSM`, Premium vault). @default - on in prod */
  readonly hsm?: boolean;
  /** Days from a key version's creation to its automatic rotation, at least 7. @default 90 */
  readonly rotationDays?: number;
  /** Put `lifecycle.prevent_destroy` on the vault and key. @default - on in prod */
  readonly preventDestroy?: boolean;
}

/**
 * A Key Vault with access policies holding one RSA key, for a service that takes a
 * customer-managed key only from such a vault through its system-assigned identity
 * (Azure OpenAI). Otherwise like {@link AzureKeyVault}: purge protection, soft delete 90
 * days, public network access off with a deny-by-default ACL (bypass AzureServices, the
 * trusted-service path the service uses), a private endpoint in
 * `privatelink.vaultcore.azure.net`, Premium with an `RSA-HSM` key in prod.
 *
 * The key rotates automatically and its versions never expire: such services hold a
 * versioned key id ({@link versionedKeyId}, read each plan) until the next apply
 * re-points them (the LLM-AZ-KV-2 suppression records it). The identity running Terraform gets an access policy to create and rotate
 * the key; {@link grantEncryptDecrypt} gives a principal get, wrap and unwrap, keyed by
 * value. Access policies and RBAC cannot be mixed on one vault: this vault has no role
 * assignments.
 */
export class AzureAccessPolicyKey extends Construct implements IAzureEncryptionKey {
  public readonly vault: KeyVault;
  public readonly key: KeyVaultKey;
  public readonly endpoint: PrivateEndpoint;
  public readonly deployerPolicy: KeyVaultAccessPolicy;
  public readonly vaultName: string;
  public readonly keyId: string;
  public readonly vaultId: string;
  public readonly keyResourceId: string;
  public readonly keySize: number;
  public readonly hsm: boolean;
  public readonly rotationDays: number;
  public readonly vaultAuthorization = "access-policies" as const;
  public readonly dependables: readonly ITerraformDependable[];
  private readonly tenantId: string;

  constructor(scope: Construct, id: string, props: AzureAccessPolicyKeyProps) {
    super(scope, id);
    markComponent(this, "encryption");
    this.keySize = props.keySize ?? 2048;
    this.hsm = props.hsm ?? props.environment.tier === "prod";
    this.rotationDays = props.rotationDays ?? 90;
    const preventDestroy = props.preventDestroy ?? resolveProtection(props.environment.tier, {}).preventDestroy;
    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.vaultName = namer.name("azure-key-vault", "purpose", props.purpose, "kv");
    const keyName = namer.name("azure-key-vault-key", "purpose", props.purpose);
    problems.addAll(namer.found);
    problems.addAll(
      new Checks()
        .check("purpose", props.purpose, (p) => (/^[a-z][a-z0-9-]{0,11}$/.test(p) ? undefined : `takes a short purpose: lowercase letters, digits and hyphens, starting with a letter, at most 12 (got ${show(p)})`))
        .oneOf("keySize", this.keySize, [2048, 3072, 4096], "An RSA key size (bits)")
        .int("rotationDays", this.rotationDays, 7, undefined, "Key rotation (days after creation)").problems,
    );
    problems.throwIfAny(`AzureAccessPolicyKey ${this.node.path}`);

    const client = new DataAzurermClientConfig(this, "client", {});
    this.tenantId = client.tenantId;
    this.vault = keep(
      new KeyVault(this, "vault", {
        resourceGroupName: props.network.resourceGroupName,
        location: props.network.location,
        name: this.vaultName,
        tenantId: client.tenantId,
        skuName: this.hsm ? "premium" : "standard",
        rbacAuthorizationEnabled: false,
        purgeProtectionEnabled: true,
        softDeleteRetentionDays: 90,
        publicNetworkAccessEnabled: false,
        networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
      }),
      preventDestroy,
    );
    addSuppressions(this.vault, [{ id: "LLM-AZ-KV-1", reason: ACCESS_POLICY_VAULT_REASON }]);
    this.vaultId = this.vault.id;
    this.endpoint = privateEndpoint(this, "endpoint", props.network, "vault", `${this.vaultName}-pe`, this.vault.id);
    // Access policies take effect at once (no RBAC propagation to wait for).
    this.deployerPolicy = new KeyVaultAccessPolicy(this, "deployer", {
      keyVaultId: this.vault.id,
      tenantId: client.tenantId,
      objectId: client.objectId,
      keyPermissions: ["Get", "List", "Create", "Update", "Delete", "Recover", "GetRotationPolicy", "SetRotationPolicy", "Rotate"],
    });
    this.key = keep(
      new KeyVaultKey(this, "key", {
        name: keyName,
        keyVaultId: this.vault.id,
        keyType: this.hsm ? "RSA-HSM" : "RSA",
        keySize: this.keySize,
        keyOpts: ["wrapKey", "unwrapKey", "encrypt", "decrypt"],
        rotationPolicy: { automatic: { timeAfterCreation: `P${this.rotationDays}D` } },
        dependsOn: [this.endpoint, this.deployerPolicy],
      }),
      preventDestroy,
    );
    addSuppressions(this.key, [{ id: "LLM-AZ-KV-2", reason: VERSIONED_KEY_NO_EXPIRY_REASON }]);
    this.keyId = this.key.versionlessId;
    this.keyResourceId = this.key.resourceVersionlessId;
    this.dependables = [this.key, this.endpoint];
  }

  public get versionedKeyId(): string {
    return currentVersionId(this, this.key);
  }

  /** Lets a principal (a service's system-assigned identity) get, wrap and unwrap with the key: an access policy, keyed by value. */
  public grantEncryptDecrypt(principal: IPrincipal): Grant {
    const id = stableId("key-user", stableKey(this, principal.principalId));
    const existing = this.node.tryFindChild(id) as KeyVaultAccessPolicy | undefined;
    if (existing) return { policy: existing, dependables: [existing] };
    const policy = new KeyVaultAccessPolicy(this, id, {
      keyVaultId: this.vault.id,
      tenantId: this.tenantId,
      objectId: principal.principalId,
      keyPermissions: ["Get", "WrapKey", "UnwrapKey"],
    });
    return { policy, dependables: [policy] };
  }
}
