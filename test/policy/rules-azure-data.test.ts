import { describe, expect, it } from "vitest";
import { azureBudgetNotifications } from "../../lib/policy/rules/azure/budget/budget-notifications";
import { lustreEncryptionKey } from "../../lib/policy/rules/azure/lustre/encryption-key";
import { mlWorkspaceIsolation } from "../../lib/policy/rules/azure/ml/workspace-isolation";
import { diagnosticSettings } from "../../lib/policy/rules/azure/monitor/diagnostic-settings";
import { logAnalyticsRetention } from "../../lib/policy/rules/azure/monitor/log-retention";
import { openAiAccountAccess } from "../../lib/policy/rules/azure/openai/account-access";
import { logAnalyticsDevDailyCap } from "../../lib/policy/rules/azure/monitor/dev-daily-cap";
import { openAiProvisionedOutsideProd } from "../../lib/policy/rules/azure/openai/provisioned-outside-prod";
import { openAiDeploymentContentFilter } from "../../lib/policy/rules/azure/openai/deployment-content-filter";
import { postgresBackupsHa } from "../../lib/policy/rules/azure/postgres/backups-ha";
import { postgresServerAccess } from "../../lib/policy/rules/azure/postgres/server-access";
import { registryAccess, registryCmk } from "../../lib/policy/rules/azure/registry/registry-access";
import { searchProdReplicas } from "../../lib/policy/rules/azure/search/prod-replicas";
import { searchServiceAccess } from "../../lib/policy/rules/azure/search/service-access";
import { STATEFUL_TYPES, statefulPreventDestroy } from "../../lib/policy/rules/common/stateful-prevent-destroy";
import { failures, statuses } from "./helpers";
import { check } from "./view-helpers";

const PG = "azurerm_postgresql_flexible_server";
const KEY_ID = "${azurerm_key_vault_key.k.versionless_id}";
/** A flexible server as the provider's defaults make it: password auth on, Entra off, service-managed keys, 7 days of backups, no HA. */
const BARE_PG = { name: "pg", sku_name: "GP_Standard_D2ds_v5", version: "16", administrator_login: "admin" };
const GOOD_PG = {
  ...BARE_PG,
  authentication: { active_directory_auth_enabled: true, password_auth_enabled: false, tenant_id: "t" },
  customer_managed_key: { key_vault_key_id: KEY_ID, primary_user_assigned_identity_id: "${azurerm_user_assigned_identity.pg.id}" },
  backup_retention_days: 35,
  high_availability: { mode: "ZoneRedundant" },
};

describe("LLM-AZ-PG-1 PostgreSQL access and encryption", () => {
  it("fails a server on the provider defaults, naming each argument, and passes an Entra-only server with a customer key", () => {
    expect(failures(check(postgresServerAccess, "dev", [PG, "bare", BARE_PG]))).toEqual([
      "does not authenticate with Entra ID (authentication.active_directory_auth_enabled is not true); accepts password logins (authentication.password_auth_enabled is not false); encrypts with service-managed keys (no customer_managed_key.key_vault_key_id)",
    ]);
    expect(statuses(check(postgresServerAccess, "dev", [PG, "good", GOOD_PG]))).toEqual({ [`${PG}.good`]: "compliant" });
  });

  it("fails a server that turns Entra ID on but keeps passwords", () => {
    const both = { ...GOOD_PG, authentication: { active_directory_auth_enabled: true, password_auth_enabled: true } };
    expect(failures(check(postgresServerAccess, "prod", [PG, "both", both]))).toEqual(["accepts password logins (authentication.password_auth_enabled is not false)"]);
  });
});

describe("LLM-AZ-PG-2 PostgreSQL backups and high availability", () => {
  it("fails a prod server on 7 days of single-region backups and no standby, and passes one with 35 days and zone-redundant HA", () => {
    expect(failures(check(postgresBackupsHa, "prod", [PG, "bare", BARE_PG]))).toEqual([
      'keeps 7 days of backups in one region (backup_retention_days defaults to 7); keep at least 14 or set geo_redundant_backup_enabled = true; has no standby in prod (no high_availability { mode = "ZoneRedundant" })',
    ]);
    expect(statuses(check(postgresBackupsHa, "prod", [PG, "good", GOOD_PG]))).toEqual({ [`${PG}.good`]: "compliant" });
  });

  it("takes geo-redundant backups instead of a longer retention in staging, asks no HA there, and skips dev", () => {
    expect(statuses(check(postgresBackupsHa, "staging", [PG, "geo", { ...BARE_PG, geo_redundant_backup_enabled: true }], [PG, "short", { ...BARE_PG, backup_retention_days: 10 }]))).toEqual({
      [`${PG}.geo`]: "compliant",
      [`${PG}.short`]: "non-compliant",
    });
    expect(check(postgresBackupsHa, "dev", [PG, "bare", BARE_PG])).toEqual([]);
  });
});

const SEARCH = "azurerm_search_service";
const BARE_SEARCH = { name: "s", sku: "standard" };

describe("LLM-AZ-SRCH-1..2 AI Search", () => {
  it("fails a service on the provider defaults (API keys on, no CMK enforcement) and passes one with both set", () => {
    expect(failures(check(searchServiceAccess, "dev", [SEARCH, "bare", BARE_SEARCH]))).toEqual([
      "accepts API keys (local_authentication_enabled is not false); lets indexes use Microsoft-managed keys (customer_managed_key_enforcement_enabled is not true)",
    ]);
    expect(statuses(check(searchServiceAccess, "dev", [SEARCH, "good", { ...BARE_SEARCH, local_authentication_enabled: false, customer_managed_key_enforcement_enabled: true }]))).toEqual({ [`${SEARCH}.good`]: "compliant" });
  });

  it("fails a prod service on one replica or the free SKU, passes two, and skips other tiers", () => {
    expect(failures(check(searchProdReplicas, "prod", [SEARCH, "one", BARE_SEARCH], [SEARCH, "free", { name: "f", sku: "free" }]))).toEqual([
      "runs 1 replica in prod, with no SLA (replica_count defaults to 1); set replica_count = 2 or more",
      'runs the free SKU in prod, which has no SLA and no replicas (sku = "free")',
    ]);
    expect(statuses(check(searchProdReplicas, "prod", [SEARCH, "two", { ...BARE_SEARCH, replica_count: 2 }]))).toEqual({ [`${SEARCH}.two`]: "compliant" });
    expect(check(searchProdReplicas, "staging", [SEARCH, "one", BARE_SEARCH])).toEqual([]);
  });
});

const COG = "azurerm_cognitive_account";
const BARE_COG = { name: "oai", kind: "OpenAI", sku_name: "S0" };
const GOOD_COG = { ...BARE_COG, custom_subdomain_name: "acme-oai", local_auth_enabled: false, public_network_access_enabled: false, customer_managed_key: { key_vault_key_id: KEY_ID, identity_client_id: "c" } };

describe("LLM-AZ-AOAI-1..2 Azure OpenAI", () => {
  it("fails an account on the provider defaults, naming each argument, and passes a private Entra-only account with a customer key", () => {
    expect(failures(check(openAiAccountAccess, "dev", [COG, "bare", BARE_COG]))).toEqual([
      "has no custom subdomain, so no Entra ID token or private endpoint reaches it (custom_subdomain_name is unset); accepts API keys (local_auth_enabled is not false); accepts every network (public_network_access_enabled is not false and network_acls.default_action is unset); encrypts with Microsoft-managed keys (no customer_managed_key)",
    ]);
    expect(statuses(check(openAiAccountAccess, "dev", [COG, "good", GOOD_COG]))).toEqual({ [`${COG}.good`]: "compliant" });
  });

  it("takes a deny-by-default ACL for the network and a separate customer-managed key resource for the key", () => {
    const { public_network_access_enabled: _, customer_managed_key: __, ...rest } = GOOD_COG;
    const findings = check(openAiAccountAccess, "dev", [COG, "acl", { ...rest, network_acls: { default_action: "Deny" } }], ["azurerm_cognitive_account_customer_managed_key", "cmk", { cognitive_account_id: `\${${COG}.acl.id}`, key_vault_key_id: KEY_ID }]);
    expect(statuses(findings)).toEqual({ [`${COG}.acl`]: "compliant" });
  });

  it("warns on a deployment without a content filter policy and passes one that names it", () => {
    const DEP = "azurerm_cognitive_deployment";
    const findings = check(openAiDeploymentContentFilter, "dev", [DEP, "bare", { name: "chat", cognitive_account_id: "x" }], [DEP, "filtered", { name: "chat2", cognitive_account_id: "x", rai_policy_name: "acme-content-filter" }]);
    expect(statuses(findings)).toEqual({ [`${DEP}.bare`]: "non-compliant", [`${DEP}.filtered`]: "compliant" });
    expect(failures(findings)).toEqual(["runs on the service's default content filter (rai_policy_name is unset); name an azurerm_cognitive_account_rai_policy"]);
    expect(findings.every((f) => f.level === "warning")).toBe(true);
  });
});

describe("LLM-AZ-AOAI-3 provisioned throughput outside prod", () => {
  const DEP = "azurerm_cognitive_deployment";
  const deployment = (sku: string) => ({ name: "chat", cognitive_account_id: "x", sku: { name: sku, capacity: 15 } });
  it("warns on a provisioned deployment in staging, passes GlobalStandard, and skips prod", () => {
    const findings = check(openAiProvisionedOutsideProd, "staging", [DEP, "ptu", deployment("GlobalProvisionedManaged")], [DEP, "paygo", deployment("GlobalStandard")]);
    expect(statuses(findings)).toEqual({ [`${DEP}.ptu`]: "non-compliant", [`${DEP}.paygo`]: "compliant" });
    expect(failures(findings)).toEqual(["pays for provisioned throughput around the clock in staging (sku.name = GlobalProvisionedManaged); use GlobalStandard"]);
    expect(findings[0].level).toBe("warning");
    expect(check(openAiProvisionedOutsideProd, "prod", [DEP, "ptu", deployment("ProvisionedManaged")])).toEqual([]);
  });
});

describe("LLM-AZ-ACR-1 container registries", () => {
  const ACR = "azurerm_container_registry";
  it("fails a Basic registry with the admin user and anonymous pull, and passes a Premium one with a customer key", () => {
    expect(failures(check(registryAccess, "dev", [ACR, "open", { name: "acr", sku: "Basic", admin_enabled: true, anonymous_pull_enabled: true }]))).toEqual([
      'runs the Basic SKU, which has no private endpoint or customer-managed key (sku is not "Premium"); has the shared admin user (admin_enabled = true); lets anyone pull images (anonymous_pull_enabled = true)',
    ]);
    expect(statuses(check(registryAccess, "dev", [ACR, "good", { name: "acr", sku: "Premium" }]))).toEqual({ [`${ACR}.good`]: "compliant" });
  });

  it("LLM-AZ-ACR-2 fails a registry on Microsoft-managed keys and passes one with a customer key", () => {
    expect(failures(check(registryCmk, "dev", [ACR, "mmk", { name: "acr", sku: "Premium" }]))).toEqual([
      "encrypts with Microsoft-managed keys (no encryption.key_vault_key_id); the key can only be set when the registry is created",
    ]);
    expect(statuses(check(registryCmk, "dev", [ACR, "good", { name: "acr", sku: "Premium", encryption: [{ key_vault_key_id: KEY_ID, identity_client_id: "c" }] }]))).toEqual({ [`${ACR}.good`]: "compliant" });
  });
});

describe("LLM-AZ-ML-1 machine learning workspaces", () => {
  const MLW = "azurerm_machine_learning_workspace";
  it("fails a workspace on the provider defaults and passes one with a managed network, high business impact and a customer key", () => {
    expect(failures(check(mlWorkspaceIsolation, "dev", [MLW, "bare", { name: "mlw" }]))).toEqual([
      "runs compute outside a managed network (managed_network.isolation_mode is unset, which is Disabled); lets the service collect diagnostic data (high_business_impact is not true); encrypts with Microsoft-managed keys (no encryption.key_id)",
    ]);
    const good = { name: "mlw", managed_network: { isolation_mode: "AllowOnlyApprovedOutbound" }, high_business_impact: true, encryption: { key_vault_id: "v", key_id: KEY_ID } };
    expect(statuses(check(mlWorkspaceIsolation, "dev", [MLW, "good", good]))).toEqual({ [`${MLW}.good`]: "compliant" });
  });
});

describe("LLM-AZ-LUS-1 Managed Lustre", () => {
  const AMLFS = "azurerm_managed_lustre_file_system";
  it("warns on a file system without an encryption key and passes one with it", () => {
    const findings = check(lustreEncryptionKey, "dev", [AMLFS, "bare", { name: "l" }], [AMLFS, "keyed", { name: "k", encryption_key: { key_url: "${azurerm_key_vault_key.k.id}", source_vault_id: "v" } }]);
    expect(statuses(findings)).toEqual({ [`${AMLFS}.bare`]: "non-compliant", [`${AMLFS}.keyed`]: "compliant" });
    expect(failures(findings)).toEqual(["encrypts with Microsoft-managed keys (no encryption_key.key_url); the key can only be set when the file system is created"]);
    expect(findings[0].level).toBe("warning");
  });
});

describe("LLM-AZ-MON-1..2 diagnostic settings and log retention", () => {
  it("fails a vault and a storage account without a diagnostic setting, and passes them when one targets the vault and one the account's blob service", () => {
    const vault = ["azurerm_key_vault", "kv", { name: "kv" }] as const;
    const account = ["azurerm_storage_account", "st", { name: "st" }] as const;
    expect(failures(check(diagnosticSettings, "dev", [...vault], [...account]))).toEqual([
      "sends its logs and metrics nowhere (no azurerm_monitor_diagnostic_setting has a target_resource_id referencing it)",
      "sends its logs and metrics nowhere (no azurerm_monitor_diagnostic_setting has a target_resource_id referencing it)",
    ]);
    const settings = [
      ["azurerm_monitor_diagnostic_setting", "kv_diag", { name: "d", target_resource_id: "${azurerm_key_vault.kv.id}", log_analytics_workspace_id: "w" }],
      ["azurerm_monitor_diagnostic_setting", "blob_diag", { name: "d", target_resource_id: "${azurerm_storage_account.st.id}/blobServices/default", log_analytics_workspace_id: "w" }],
    ] as const;
    expect(statuses(check(diagnosticSettings, "dev", [...vault], [...account], [...settings[0]], [...settings[1]]))).toEqual({ "azurerm_key_vault.kv": "compliant", "azurerm_storage_account.st": "compliant" });
  });

  it("fails a workspace that keeps 7 days of logs, passes the 30-day default and 90 days", () => {
    const LAW = "azurerm_log_analytics_workspace";
    const findings = check(logAnalyticsRetention, "dev", [LAW, "week", { name: "w", sku: "PerGB2018", retention_in_days: 7 }], [LAW, "default", { name: "d", sku: "PerGB2018" }], [LAW, "quarter", { name: "q", sku: "PerGB2018", retention_in_days: 90 }]);
    expect(statuses(findings)).toEqual({ [`${LAW}.week`]: "non-compliant", [`${LAW}.default`]: "compliant", [`${LAW}.quarter`]: "compliant" });
    expect(failures(findings)).toEqual(["keeps 7 days of logs (retention_in_days = 7); set it to 30 or more"]);
  });
});

describe("LLM-AZ-MON-3 dev ingestion cap", () => {
  const LAW = "azurerm_log_analytics_workspace";
  it("warns on a dev workspace without a daily cap or with -1, passes 0.5 GB, and skips staging", () => {
    const findings = check(logAnalyticsDevDailyCap, "dev", [LAW, "uncapped", { name: "u", sku: "PerGB2018" }], [LAW, "unlimited", { name: "m", sku: "PerGB2018", daily_quota_gb: -1 }], [LAW, "capped", { name: "c", sku: "PerGB2018", daily_quota_gb: 0.5 }]);
    expect(statuses(findings)).toEqual({ [`${LAW}.uncapped`]: "non-compliant", [`${LAW}.unlimited`]: "non-compliant", [`${LAW}.capped`]: "compliant" });
    expect(failures(findings)).toEqual(["ingests without a daily cap in dev (daily_quota_gb is unset); set daily_quota_gb, e.g. 0.5", "ingests without a daily cap in dev (daily_quota_gb = -1); set daily_quota_gb, e.g. 0.5"]);
    expect(check(logAnalyticsDevDailyCap, "staging", [LAW, "uncapped", { name: "u", sku: "PerGB2018" }])).toEqual([]);
  });
});

describe("LLM-AZ-BUDGET-1 consumption budgets", () => {
  const RG_BUDGET = "azurerm_consumption_budget_resource_group";
  const notification = (extra: Record<string, unknown>) => ({ threshold: 80, operator: "GreaterThanOrEqualTo", ...extra });
  it("fails a budget whose notifications name nobody and skip the forecast, and passes one with actual and forecast to an action group", () => {
    expect(failures(check(azureBudgetNotifications, "dev", [RG_BUDGET, "silent", { name: "b", amount: 100, notification: [notification({})] }]))).toEqual([
      '1 notification sends to nobody (no contact_emails, contact_groups or contact_roles); has no notification on forecast spend (threshold_type = "Forecasted")',
    ]);
    const good = { name: "b", amount: 100, notification: [notification({ contact_emails: ["finops@acme.example"] }), notification({ threshold_type: "Forecasted", threshold: 100, contact_groups: ["${azurerm_monitor_action_group.a.id}"] })] };
    expect(statuses(check(azureBudgetNotifications, "dev", [RG_BUDGET, "good", good]))).toEqual({ [`${RG_BUDGET}.good`]: "compliant" });
  });

  it("fails a subscription budget whose only notification is disabled", () => {
    expect(failures(check(azureBudgetNotifications, "dev", ["azurerm_consumption_budget_subscription", "off", { name: "b", notification: [notification({ enabled: false, contact_emails: ["a@acme.example"] })] }]))).toEqual([
      "has no enabled notification block, so it alerts nobody",
    ]);
  });
});

describe("LLM-REL-1 on Azure stateful resources", () => {
  const SA = "azurerm_storage_account";
  const RG = ["azurerm_resource_group", "rg", { name: "acme-prod-rg", location: "eastus2" }] as const;
  const account = (name: string, extra: Record<string, unknown> = {}) => [SA, name, { name, resource_group_name: "${azurerm_resource_group.rg.name}", ...extra }] as const;
  const lock = (name: string, scope: string, level = "CanNotDelete") => ["azurerm_management_lock", name, { name, scope, lock_level: level }] as const;

  it("covers every stateful type the Azure constructs make", () => {
    for (const type of ["azurerm_storage_account", "azurerm_key_vault", "azurerm_key_vault_key", "azurerm_postgresql_flexible_server", "azurerm_postgresql_flexible_server_database", "azurerm_search_service", "azurerm_managed_lustre_file_system", "azurerm_machine_learning_workspace", "azurerm_container_registry", "azurerm_log_analytics_workspace"]) {
      expect(STATEFUL_TYPES, type).toContain(type);
    }
  });

  it("fails a prod account with neither prevent_destroy nor a delete lock, naming both fixes", () => {
    expect(failures(check(statefulPreventDestroy, "prod", [...RG], [...account("bare")]))).toEqual(["has no lifecycle.prevent_destroy and no CanNotDelete azurerm_management_lock in prod"]);
  });

  it("passes prod accounts kept by prevent_destroy or by a CanNotDelete lock on the account", () => {
    const findings = check(statefulPreventDestroy, "prod", [...RG], [...account("kept", { lifecycle: { prevent_destroy: true } })], [...account("locked")], lock("on_account", "${azurerm_storage_account.locked.id}"), [...account("unlocked")]);
    expect(statuses(findings)).toEqual({ [`${SA}.kept`]: "compliant", [`${SA}.locked`]: "compliant", [`${SA}.unlocked`]: "non-compliant" });
  });

  it("passes accounts of a resource group under a delete lock, and not those of another group", () => {
    const findings = check(statefulPreventDestroy, "prod", [...RG], [...account("in_group")], [SA, "elsewhere", { name: "elsewhere", resource_group_name: "other-rg" }], lock("on_group", "${azurerm_resource_group.rg.id}", "ReadOnly"));
    expect(statuses(findings)).toEqual({ [`${SA}.in_group`]: "compliant", [`${SA}.elsewhere`]: "non-compliant" });
  });
});
