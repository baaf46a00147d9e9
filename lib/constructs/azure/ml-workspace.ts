import { MachineLearningWorkspace } from "@cdktf/provider-azurerm/lib/machine-learning-workspace";
import type { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct, type ITerraformDependable } from "../../cdk";
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

/** Managed network isolation modes (azurerm `managed_network.isolation_mode`); once on, a managed network cannot be turned off. */
export const ML_ISOLATION_MODES = ["AllowOnlyApprovedOutbound", "AllowInternetOutbound"] as const;

/** Props of {@link AzureMlWorkspace}. */
export interface AzureMlWorkspaceProps {
  /** The environment; the workspace is named `<name>-<tier>-mlw`. */
  readonly environment: EnvironmentIdentity;
  /** The network: the workspace's private endpoint goes in its endpoints subnet, its records in the `amlworkspace` and `notebooks` zones. */
  readonly network: IAzurePrivateEndpointNetwork;
  /** ARM id of the workspace's storage account (Standard tier, not Premium), e.g. `AzureStorage.accountId`. Changing it replaces the workspace. */
  readonly storageAccountId: string;
  /**
   * What the workspace waits for besides its grants and the key, e.g. the storage account's
   * blob and file private endpoints (Microsoft's secure-workspace Terraform template makes
   * the workspace after the vault's and the account's endpoints). @default - nothing more
   */
  readonly waitFor?: readonly ITerraformDependable[];
  /** ARM id of the workspace's key vault (e.g. `AzureKeyVault.vaultId`). Changing it replaces the workspace. */
  readonly keyVaultId: string;
  /** ARM id of a workspace-based Application Insights component (its Log Analytics workspace made by the caller). Changing it replaces the workspace. */
  readonly applicationInsightsId: string;
  /** Customer-managed key for the workspace's Microsoft-managed resources (set at creation: changing it replaces the workspace; the vault needs purge protection). */
  readonly encryptionKey: IAzureEncryptionKey;
  /** The workspace's user-assigned identity: its primary identity and the one that reads the key (granted on the key, storage, vault and Application Insights here). */
  readonly identity: IAzureIdentity;
  /**
   * Object id of the "Azure Cosmos DB" first-party service principal in your tenant
   * ({@link COSMOS_DB_OBJECT_ID_COMMAND}: `az ad sp show --id a232010e-820c-4083-83bb-3ace5fc29d0b --query id -o tsv`): a CMK
   * workspace keeps metadata in a Cosmos DB encrypted with the key, so it is granted
   * encrypt/decrypt on the key (the provider's CMK example grants the same).
   */
  readonly cosmosDbPrincipalId: string;
  /**
   * Keep the CMK-encrypted metadata service-side, on Microsoft-managed resources (document-level
   * encryption with the key), instead of the Cosmos DB, AI Search and storage account that
   * classic CMK puts in a managed resource group of your subscription (set at creation:
   * changing it replaces the workspace). Azure bills the workspace's dedicated search index
   * either way (concept-customer-managed-keys, 2025-01-28). @default true
   */
  readonly serviceSideEncryption?: boolean;
  /** Managed network outbound mode. @default "AllowOnlyApprovedOutbound" */
  readonly isolationMode?: (typeof ML_ISOLATION_MODES)[number];
  /** High business impact: less diagnostic data collected (set at creation: changing it replaces the workspace). @default true */
  readonly highBusinessImpact?: boolean;
  /** Put `lifecycle.prevent_destroy` on the workspace. @default - on in prod */
  readonly preventDestroy?: boolean;
}

type Settings = Pick<AzureMlWorkspaceProps, "isolationMode" | "cosmosDbPrincipalId">;

/** The application (client) id of the "Azure Cosmos DB" first-party service principal, the same in every tenant; its object id differs per tenant. */
export const COSMOS_DB_APP_ID = "a232010e-820c-4083-83bb-3ace5fc29d0b";
/** The Azure CLI command that prints the Azure Cosmos DB principal's object id in the signed-in tenant. */
export const COSMOS_DB_OBJECT_ID_COMMAND = `az ad sp show --id ${COSMOS_DB_APP_ID} --query id -o tsv`;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An Azure Machine Learning workspace as the model registry and MLflow tracking server
 * (`azurerm_machine_learning_workspace`, v2 API only: `v1_legacy_mode_enabled = false`):
 * public network access off and a private endpoint whose records go in
 * `privatelink.api.azureml.ms` and `privatelink.notebooks.azure.net`; a managed network
 * (approved outbound only by default; no FQDN rules, so no Azure Firewall bill);
 * encrypted with a customer-managed key through its user-assigned identity, service-side
 * (no Cosmos DB or AI Search of the workspace in your subscription), high business
 * impact on. The storage account, key vault and Application Insights come from the caller.
 * The identity gets what the provider's user-assigned-identity example gives it
 * (Contributor on the vault, the storage account and Application Insights, Storage Blob
 * Data Contributor on the account, the secret rights as Key Vault Secrets Officer on an
 * RBAC vault) and the key grant; the Azure Cosmos DB principal gets the key grant (the
 * service-side metadata store encrypts with it too); the workspace waits for all of them.
 *
 * What replaces the workspace: `encryption`, `high_business_impact`,
 * `service_side_encryption_enabled`, the storage account, key vault, Application Insights
 * and container registry ids (azurerm 4.55 docs). `encryption` holds the key version of
 * the first apply and is ignored afterwards (`lifecycle.ignore_changes`), so the key's
 * rotation does not replace the registry; moving the workspace to a newer version is
 * Azure ML's own key update, outside Terraform. No
 * container registry is attached: attaching one needs its admin user on. The workspace's
 * storage account must allow shared-key access unless the system datastores use identity
 * authentication, which azurerm 4.55 cannot set (`systemDatastoresAuthMode`): give it an
 * account of its own with shared key on (`AzureStorage` `sharedKeyAccessFor:
 * "azure-ml-workspace-datastores"`) and blob and file private endpoints.
 *
 * Idle cost: no charge for the workspace; the managed network makes its private endpoints
 * only with the first managed compute (none here) and an Azure Firewall only for FQDN
 * outbound rules (none here); the dedicated search index of a CMK workspace is billed
 * under the workspace at a rate Azure does not publish.
 */
export class AzureMlWorkspace extends Construct {
  public readonly workspace: MachineLearningWorkspace;
  public readonly privateEndpoint: PrivateEndpoint;
  public readonly workspaceName: string;
  public readonly isolationMode: string;
  public readonly highBusinessImpact: boolean;
  public readonly serviceSideEncryption: boolean;
  public readonly preventDestroy: boolean;
  /** The workspace's discovery URL. */
  public readonly discoveryUrl: string;
  /** The MLflow tracking URI clients set (`MLFLOW_TRACKING_URI`): `azureml://<region>.api.azureml.ms/mlflow/v1.0<workspace id>`. */
  public readonly mlflowTrackingUri: string;
  /** The grants the workspace waited for. */
  public readonly assignments: readonly RoleAssignment[];

  /** What the workspace uses for each prop left unset, in a tier (the same on every tier: the managed network costs nothing without managed compute or FQDN rules). */
  public static defaults(tier: Tier): { readonly isolationMode: (typeof ML_ISOLATION_MODES)[number]; readonly highBusinessImpact: boolean; readonly serviceSideEncryption: boolean; readonly preventDestroy: boolean } {
    return { isolationMode: "AllowOnlyApprovedOutbound", highBusinessImpact: true, serviceSideEncryption: true, preventDestroy: resolveProtection(tier, {}).preventDestroy };
  }

  /** Every problem of the given settings, by prop name (values unknown until apply are skipped). */
  public static validate(settings: Partial<Settings>): readonly ValidationProblem[] {
    return new Checks()
      .oneOf("isolationMode", settings.isolationMode, ML_ISOLATION_MODES, "The managed network isolation mode (a managed network cannot be turned off)")
      .check("cosmosDbPrincipalId", settings.cosmosDbPrincipalId, (id) =>
        GUID.test(id) ? undefined : `takes the object id (a GUID) of the "Azure Cosmos DB" service principal in your tenant, which gets encrypt/decrypt on the key (got ${JSON.stringify(id)}); print it with: ${COSMOS_DB_OBJECT_ID_COMMAND}`,
      ).problems;
  }

  constructor(scope: Construct, id: string, props: AzureMlWorkspaceProps) {
    super(scope, id);
    markComponent(this, "registry");
    const d = AzureMlWorkspace.defaults(props.environment.tier);
    this.isolationMode = props.isolationMode ?? d.isolationMode;
    this.highBusinessImpact = props.highBusinessImpact ?? d.highBusinessImpact;
    this.serviceSideEncryption = props.serviceSideEncryption ?? d.serviceSideEncryption;
    this.preventDestroy = props.preventDestroy ?? d.preventDestroy;

    const problems = new ProblemCollector();
    const namer = new Namer(props.environment);
    this.workspaceName = namer.name("azure-ml-workspace", "environment.name", "mlw");
    problems.addAll(namer.found);
    problems.addAll(AzureMlWorkspace.validate({ isolationMode: props.isolationMode, cosmosDbPrincipalId: props.cosmosDbPrincipalId }));
    problems.throwIfAny(`AzureMlWorkspace ${this.node.path}`);

    const key = props.encryptionKey;
    const keyGrants = [key.grantEncryptDecrypt(props.identity), key.grantEncryptDecrypt({ principalId: props.cosmosDbPrincipalId })];
    this.assignments = [
      assignRole(this, "workspace", props.identity, ROLES.contributor, props.keyVaultId),
      // The vault authorizes by RBAC: the workspace keeps its datastores' secrets there (the provider's example gives secret get/list/set/delete/recover/backup/restore).
      assignRole(this, "workspace", props.identity, ROLES.keyVaultSecretsOfficer, props.keyVaultId),
      assignRole(this, "workspace", props.identity, ROLES.contributor, props.storageAccountId),
      assignRole(this, "workspace", props.identity, ROLES.storageBlobDataContributor, props.storageAccountId),
      assignRole(this, "workspace", props.identity, ROLES.contributor, props.applicationInsightsId),
    ];
    this.workspace = keep(
      new MachineLearningWorkspace(this, "workspace", {
        resourceGroupName: props.network.resourceGroupName,
        location: props.network.location,
        name: this.workspaceName,
        skuName: "Basic",
        storageAccountId: props.storageAccountId,
        keyVaultId: props.keyVaultId,
        applicationInsightsId: props.applicationInsightsId,
        publicNetworkAccessEnabled: false,
        v1LegacyModeEnabled: false,
        highBusinessImpact: this.highBusinessImpact,
        managedNetwork: { isolationMode: this.isolationMode },
        identity: { type: "UserAssigned", identityIds: [props.identity.identityId] },
        primaryUserAssignedIdentity: props.identity.identityId,
        encryption: { keyVaultId: key.vaultId, keyId: key.versionedKeyId, userAssignedIdentityId: props.identity.identityId },
        serviceSideEncryptionEnabled: this.serviceSideEncryption,
        dependsOn: [...key.dependables, ...roleWait(this, [...keyGrants.flatMap((g) => g.dependables), ...this.assignments]), ...(props.waitFor ?? [])],
        // `encryption` forces a new workspace and holds the key's version: without this, the
        // key's next rotation would replace the registry (its models and runs) on the next plan.
        lifecycle: { ignoreChanges: ["encryption"] },
      }),
      this.preventDestroy,
    );
    this.discoveryUrl = this.workspace.discoveryUrl;
    this.mlflowTrackingUri = `azureml://${props.network.location}.api.azureml.ms/mlflow/v1.0${this.workspace.id}`;
    this.privateEndpoint = privateEndpoint(this, "endpoint", props.network, "amlworkspace", `${this.workspaceName}-pe`, this.workspace.id, ["notebooks"]);
  }

  /** Lets a principal log runs and register models (AzureML Data Scientist on the workspace), keyed by value. */
  public grantDataScientist(principal: IPrincipal): Grant {
    return grantOf(assignRole(this, "data-scientist", principal, ROLES.azureMlDataScientist, this.workspace.id));
  }
}
