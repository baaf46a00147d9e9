import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { DataAzurermKeyVaultKey } from "@cdktf/provider-azurerm/lib/data-azurerm-key-vault-key";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import type { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct, type ITerraformDependable } from "../../cdk";
import { LlmOpsValidationError, ProblemCollector, show, type ValidationProblem } from "../../errors";
import { Namer } from "../../naming";
import type { Tier } from "../../util/tier";
import { markComponent, resolveProtection, type EnvironmentIdentity, type Grant, type IEncryptionKey, type IPrincipal } from "../common";
import { addSuppressions } from "../../policy/suppressions";
import { Checks } from "../private/checks";
import { keep } from "../private/stateful";
import { privateEndpoint, type IAzurePrivateEndpointNetwork } from "./private/endpoint";
import { ROLES } from "./private/facts";
import { assignRole, grantOf, roleWait } from "./private/roles";

/** A user-assigned managed identity as a principal other constructs can grant to and run as. */
export interface IAzureIdentity extends IPrincipal {
  /** The identity's ARM id (`identity.identity_ids` of a resource that runs as it). */
  readonly identityId: string;
  /** The identity's client (application) id, for workload identity. */
  readonly clientId: string;
  readonly principalType: "ServicePrincipal";
}

/** A Key Vault key as the Azure constructs use it. */
export interface IAzureEncryptionKey extends IEncryptionKey {
  /** The versionless key id (`https://<vault>.vault.azure.net/keys/<name>`): services that take it follow rotation by themselves (storage CMK). */
  readonly keyId: string;
  /**
   * The current version's id, for consumers that take only a versioned key (AKS KMS etcd
   * encryption, Managed Lustre, Azure OpenAI, an ML workspace): read each plan through the
   * `azurerm_key_vault_key` data source, because the key resource keeps the version it
   * made (azurerm 4.55), so after an automatic rotation the next apply moves them to the
   * new version.
   */
  readonly versionedKeyId: string;
  /** The vault's ARM id. */
  readonly vaultId: string;
  /** The key's versionless ARM id: the scope of role assignments on the key. */
  readonly keyResourceId: string;
  /** Lets an identity wrap and unwrap with the key (Key Vault Crypto Service Encryption User on the key), keyed by value. */
  grantEncryptDecrypt(principal: IPrincipal): Grant;
  /** What must exist before anything uses the key: the key itself, the vault's private endpoint. */
  readonly dependables: readonly ITerraformDependable[];
  /** RSA key size in bits, where known (a service may take only some sizes). */
  readonly keySize?: number;
  /** How the key's vault authorizes data-plane access, where known (Azure OpenAI takes keys only from an access-policy vault). */
  readonly vaultAuthorization?: "rbac" | "access-policies";
}

/** Props of {@link AzureKeyVault}. */
export interface AzureKeyVaultProps {
  /** The environment; the vault is named `<name>-<tier>-kv`. */
  readonly environment: EnvironmentIdentity;
  /** The network: the vault's private endpoint goes in its endpoints subnet, its record in the `vault` zone. */
  readonly network: IAzurePrivateEndpointNetwork;
  /** The vault's name, globally unique, 3-24 letters, digits and hyphens. @default - `<name>-<tier>-kv` */
  readonly vaultName?: string;
  /** What the key protects, one word; part of its name. @default "data" */
  readonly purpose?: string;
  /** User-assigned identities to make, by purpose (e.g. `storage`, `cluster`), each granted encrypt/decrypt on the key. @default [] */
  readonly identities?: readonly string[];
  /** Purposes among `identities` whose consumers read another key (e.g. one from {@link addKey}, granted there): made here, not granted on this key. @default [] */
  readonly identitiesForOtherKeys?: readonly string[];
  /** HSM-backed key (`RSA-HSM`, Premium vault). @default - on in prod */
  readonly hsm?: boolean;
  /** RSA key size in bits: 2048, 3072 or 4096. @default 3072 */
  readonly keySize?: number;
  /** Days from a key version's creation to its automatic rotation, at least 7. @default 90 */
  readonly rotationDays?: number;
  /** Days from a key version's creation to its expiry, 28-36500, at least 7 more than `rotationDays`. @default - rotationDays + 90 */
  readonly expireAfterDays?: number;
  /** Days before expiry when Key Vault sends its near-expiry event, at least 7, less than `expireAfterDays`. @default 30 */
  readonly notifyBeforeExpiryDays?: number;
  /** Days a deleted vault or key stays recoverable, 7-90 (set once: Azure does not change it later). @default 90 */
  readonly softDeleteRetentionDays?: number;
  /** Give the identity running Terraform Key Vault Crypto Officer on the vault, so it can create and rotate the key (RBAC vaults grant no one by default). @default true */
  readonly deployerAccess?: boolean;
  /** Put `lifecycle.prevent_destroy` on the vault and key. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<AzureKeyVaultProps, "keySize" | "rotationDays" | "expireAfterDays" | "notifyBeforeExpiryDays" | "softDeleteRetentionDays" | "identities">;

/**
 * A Key Vault and one RSA key for customer-managed encryption:
 * - the vault: RBAC authorization, purge protection (irreversible), soft delete 90 days,
 *   public network access off with a deny-by-default network ACL (bypass AzureServices),
 *   reached through a private endpoint in the network's endpoints subnet with its record
 *   in `privatelink.vaultcore.azure.net`; Premium with an `RSA-HSM` key in prod;
 * - the key: wrap/unwrap/encrypt/decrypt, a rotation policy (rotate every 90 days,
 *   expire 90 days later, notify 30 days before), for consumers that take the
 *   versionless id and follow rotation by themselves (storage, registry, PostgreSQL);
 *   consumers that pin a version (AKS KMS, Managed Lustre) take a key of their own
 *   without expiry ({@link addKey} with `expires: false`);
 * - user-assigned identities by purpose, each with Key Vault Crypto Service Encryption
 *   User on the key (but those of `identitiesForOtherKeys`, granted on the key they read); {@link grantEncryptDecrypt} gives the same to any principal, keyed
 *   by value.
 *
 * Before you apply: keys are data-plane objects, so Terraform must reach the vault
 * through its private endpoint (a runner in the VNet or a peered one), and its identity
 * needs Key Vault Crypto Officer, which `deployerAccess` grants.
 */
export class AzureKeyVault extends Construct implements IAzureEncryptionKey {
  public readonly vaultAuthorization = "rbac" as const;
  public readonly vault: KeyVault;
  public readonly key: KeyVaultKey;
  public readonly endpoint: PrivateEndpoint;
  public readonly keyId: string;
  public readonly vaultId: string;
  public readonly keyResourceId: string;
  public readonly vaultName: string;
  public readonly keyName: string;
  public readonly hsm: boolean;
  public readonly keySize: number;
  public readonly rotationDays: number;
  public readonly expireAfterDays: number;
  public readonly notifyBeforeExpiryDays: number;
  public readonly softDeleteRetentionDays: number;
  public readonly preventDestroy: boolean;
  /** The deployer's Crypto Officer assignment, when `deployerAccess` is on. */
  public readonly deployerAssignment?: RoleAssignment;
  public readonly dependables: readonly ITerraformDependable[];
  private readonly identityByPurpose = new Map<string, IAzureIdentity & { readonly resource: UserAssignedIdentity }>();
  private readonly environment: EnvironmentIdentity;

  /** What the vault uses for each prop left unset, in a tier. */
  public static defaults(tier: Tier): { readonly hsm: boolean; readonly keySize: number; readonly rotationDays: number; readonly notifyBeforeExpiryDays: number; readonly softDeleteRetentionDays: number; readonly identities: readonly string[]; readonly preventDestroy: boolean } {
    return { hsm: tier === "prod", keySize: 3072, rotationDays: 90, notifyBeforeExpiryDays: 30, softDeleteRetentionDays: 90, identities: [], preventDestroy: resolveProtection(tier, {}).preventDestroy };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    const checks = new Checks()
      .oneOf("keySize", settings.keySize, [2048, 3072, 4096], "An RSA key size (bits)")
      .int("rotationDays", settings.rotationDays, 7, undefined, "Key rotation (days after creation)")
      .int("expireAfterDays", settings.expireAfterDays, 28, 36500, "Key expiry (days after creation)")
      .int("notifyBeforeExpiryDays", settings.notifyBeforeExpiryDays, 7, undefined, "The near-expiry notice (days before expiry)")
      .int("softDeleteRetentionDays", settings.softDeleteRetentionDays, 7, 90, "Key Vault soft delete (days)");
    const { rotationDays: r, expireAfterDays: e, notifyBeforeExpiryDays: n } = settings;
    if (r !== undefined && e !== undefined && Number.isInteger(r) && Number.isInteger(e) && e - r < 7) {
      checks.add("rotationDays", r, `must be at least 7 days before expiry (got rotationDays ${r}, expireAfterDays ${e}); rotate sooner or expire later`);
    }
    if (n !== undefined && e !== undefined && Number.isInteger(n) && n >= e) checks.add("notifyBeforeExpiryDays", n, `must be less than expireAfterDays (got ${n}, expireAfterDays ${e})`);
    const seen = new Set<string>();
    (settings.identities ?? []).forEach((purpose, i) => {
      checks.check(`identities.${i}`, purpose, (p) => (/^[a-z][a-z0-9-]{0,23}$/.test(p) ? undefined : `takes a short purpose: lowercase letters, digits and hyphens, starting with a letter, at most 24 (got ${show(p)})`));
      if (seen.has(purpose)) checks.add(`identities.${i}`, purpose, `repeats ${show(purpose)}: list each purpose once, it keys one identity`);
      seen.add(purpose);
    });
    return checks.problems;
  }

  constructor(scope: Construct, id: string, props: AzureKeyVaultProps) {
    super(scope, id);
    markComponent(this, "encryption");
    const d = AzureKeyVault.defaults(props.environment.tier);
    this.environment = props.environment;
    this.hsm = props.hsm ?? d.hsm;
    this.keySize = props.keySize ?? d.keySize;
    this.rotationDays = props.rotationDays ?? d.rotationDays;
    this.expireAfterDays = props.expireAfterDays ?? this.rotationDays + 90;
    this.notifyBeforeExpiryDays = props.notifyBeforeExpiryDays ?? d.notifyBeforeExpiryDays;
    this.softDeleteRetentionDays = props.softDeleteRetentionDays ?? d.softDeleteRetentionDays;
    this.preventDestroy = props.preventDestroy ?? d.preventDestroy;
    const identities = props.identities ?? d.identities;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.vaultName = props.vaultName === undefined ? namer.name("azure-key-vault", "vaultName", "kv") : namer.given("azure-key-vault", "vaultName", props.vaultName);
    this.keyName = namer.name("azure-key-vault-key", "purpose", props.purpose ?? "data");
    const identityNames = identities.map((p) => namer.name("azure-identity", `identities`, p));
    problems.addAll(namer.found);
    problems.addAll(AzureKeyVault.validate({ ...this, identities }));
    problems.throwIfAny(`AzureKeyVault ${this.node.path}`);

    const client = new DataAzurermClientConfig(this, "client", {});
    const base = { resourceGroupName: props.network.resourceGroupName, location: props.network.location };
    this.vault = keep(
      new KeyVault(this, "vault", {
        ...base,
        name: this.vaultName,
        tenantId: client.tenantId,
        skuName: this.hsm ? "premium" : "standard",
        rbacAuthorizationEnabled: true,
        purgeProtectionEnabled: true,
        softDeleteRetentionDays: this.softDeleteRetentionDays,
        publicNetworkAccessEnabled: false,
        networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
      }),
      this.preventDestroy,
    );
    this.vaultId = this.vault.id;
    this.endpoint = privateEndpoint(this, "endpoint", props.network, "vault", `${this.vaultName}-pe`, this.vault.id);
    if (props.deployerAccess ?? true) {
      this.deployerAssignment = assignRole(this, "deployer", { principalId: client.objectId }, ROLES.keyVaultCryptoOfficer, this.vault.id);
    }
    this.key = keep(
      new KeyVaultKey(this, "key", {
        name: this.keyName,
        keyVaultId: this.vault.id,
        keyType: this.hsm ? "RSA-HSM" : "RSA",
        keySize: this.keySize,
        keyOpts: ["wrapKey", "unwrapKey", "encrypt", "decrypt"],
        rotationPolicy: {
          automatic: { timeAfterCreation: `P${this.rotationDays}D` },
          expireAfter: `P${this.expireAfterDays}D`,
          notifyBeforeExpiry: `P${this.notifyBeforeExpiryDays}D`,
        },
        dependsOn: [this.endpoint, ...roleWait(this, this.deployerAssignment ? [this.deployerAssignment] : [])],
      }),
      this.preventDestroy,
    );
    this.keyId = this.key.versionlessId;
    this.keyResourceId = this.key.resourceVersionlessId;
    this.dependables = [this.key, this.endpoint];
    identities.forEach((purpose, i) => {
      // Keyed by purpose: adding another identity moves none.
      const resource = new UserAssignedIdentity(this, `identity-${purpose}`, { ...base, name: identityNames[i] });
      const identity = { resource, principalId: resource.principalId, identityId: resource.id, clientId: resource.clientId, principalType: "ServicePrincipal" as const };
      this.identityByPurpose.set(purpose, identity);
      if (!(props.identitiesForOtherKeys ?? []).includes(purpose)) this.grantEncryptDecrypt(identity);
    });
  }

  /**
   * Another key in the vault for a service that cannot take the vault's main key (Azure AI
   * services accept RSA 2048 keys only), with the main key's type (HSM in prod) and
   * rotation policy; named `<key name>-<purpose>`, kept like the main key.
   *
   * `expires: false` makes a key for consumers that hold a *versioned* key id (AKS KMS
   * etcd encryption, Azure Managed Lustre, an ML workspace): it rotates on the same
   * schedule but its versions never expire, because those services keep using (and
   * decrypting with) the version they were given until the next apply re-points them,
   * and AKS KMS fails to decrypt secrets written under an expired version (AKS KMS docs,
   * "KeyExpired"). The Key Vault expiry guardrail (LLM-AZ-KV-2) is suppressed on that key
   * with this reason.
   */
  public addKey(purpose: string, options: { readonly keySize: 2048 | 3072 | 4096; readonly expires?: boolean }): AzureVaultKey {
    return new AzureVaultKey(this, `key-${purpose}`, { vault: this, purpose, keySize: options.keySize, expires: options.expires ?? true });
  }

  /** The identities made, by purpose. */
  public get identities(): readonly string[] {
    return [...this.identityByPurpose.keys()];
  }

  /** The user-assigned identity made for `purpose`; an error naming the purposes made when there is none. */
  public identity(purpose: string): IAzureIdentity & { readonly resource: UserAssignedIdentity } {
    const found = this.identityByPurpose.get(purpose);
    if (!found) throw new LlmOpsValidationError(`AzureKeyVault ${this.node.path}`, [{ path: "identities", message: `has no ${show(purpose)} identity (got ${show(this.identities)}); add it to identities` }]);
    return found;
  }

  public grantEncryptDecrypt(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "key-user", principal, ROLES.keyVaultCryptoServiceEncryptionUser, this.keyResourceId));
  }

  public get versionedKeyId(): string {
    return currentVersionId(this, this.key);
  }

  /** The environment the vault belongs to. */
  public get tier(): Tier {
    return this.environment.tier;
  }
}

/** Why a key for versioned consumers has no expiry: the reason recorded with the LLM-AZ-KV-2 suppression. */
export const VERSIONED_KEY_NO_EXPIRY_REASON =
  "Consumers of this key pin a key version (AKS KMS etcd encryption and Azure Managed Lustre take a versioned id; Azure AI services ask for the key URI to be updated after a rotation): they keep using older versions after a rotation, so an expiring version breaks them (AKS KMS docs: an expired key fails decryption). The key still rotates automatically; the next apply re-points the versioned consumers.";

/**
 * A further key in an {@link AzureVaultKey.vault}'s vault (see {@link AzureKeyVault.addKey}):
 * the main key's type and rotation policy (without expiry when `expires` is off), its own
 * size, its own grants.
 */
export class AzureVaultKey extends Construct implements IAzureEncryptionKey {
  public readonly vaultAuthorization = "rbac" as const;
  public readonly key: KeyVaultKey;
  public readonly keyId: string;
  public readonly vaultId: string;
  public readonly keyResourceId: string;
  public readonly keySize: number;
  /** Days from a version's creation to its expiry; undefined when the key's versions never expire (`expires: false`). */
  public readonly expireAfterDays?: number;
  public readonly dependables: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: { readonly vault: AzureKeyVault; readonly purpose: string; readonly keySize: number; readonly expires?: boolean }) {
    super(scope, id);
    const v = props.vault;
    this.keySize = props.keySize;
    this.expireAfterDays = props.expires === false ? undefined : v.expireAfterDays;
    this.key = keep(
      new KeyVaultKey(this, "key", {
        name: `${v.keyName}-${props.purpose}`,
        keyVaultId: v.vaultId,
        keyType: v.hsm ? "RSA-HSM" : "RSA",
        keySize: props.keySize,
        keyOpts: ["wrapKey", "unwrapKey", "encrypt", "decrypt"],
        // azurerm: notify_before_expiry goes only with expire_after.
        rotationPolicy:
          this.expireAfterDays === undefined
            ? { automatic: { timeAfterCreation: `P${v.rotationDays}D` } }
            : { automatic: { timeAfterCreation: `P${v.rotationDays}D` }, expireAfter: `P${this.expireAfterDays}D`, notifyBeforeExpiry: `P${v.notifyBeforeExpiryDays}D` },
        dependsOn: [v.endpoint, ...roleWait(this, v.deployerAssignment ? [v.deployerAssignment] : [])],
      }),
      v.preventDestroy,
    );
    if (this.expireAfterDays === undefined) addSuppressions(this.key, [{ id: "LLM-AZ-KV-2", reason: VERSIONED_KEY_NO_EXPIRY_REASON }]);
    this.keyId = this.key.versionlessId;
    this.vaultId = v.vaultId;
    this.keyResourceId = this.key.resourceVersionlessId;
    this.dependables = [this.key, v.endpoint];
  }

  public grantEncryptDecrypt(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "key-user", principal, ROLES.keyVaultCryptoServiceEncryptionUser, this.keyResourceId));
  }

  public get versionedKeyId(): string {
    return currentVersionId(this, this.key);
  }
}

/**
 * A key's current version id, read by the `azurerm_key_vault_key` data source in `scope`
 * (made once, after the key): the key resource keeps the version it created in state
 * (azurerm 4.55), so consumers of a versioned id would otherwise stay on the first version
 * after every automatic rotation.
 */
export function currentVersionId(scope: Construct, key: KeyVaultKey): string {
  const found = scope.node.tryFindChild("current-version") as DataAzurermKeyVaultKey | undefined;
  return (found ?? new DataAzurermKeyVaultKey(scope, "current-version", { name: key.name, keyVaultId: key.keyVaultId, dependsOn: [key] })).id;
}
