import { describe, expect, it } from "vitest";
import { AZURE_RULES } from "../../lib/policy/rules/azure";
import { aksEntraRbac } from "../../lib/policy/rules/azure/aks/entra-rbac";
import { aksGpuDevCapacity } from "../../lib/policy/rules/azure/aks/gpu-dev-capacity";
import { aksGpuScaleToZero } from "../../lib/policy/rules/azure/aks/gpu-scale-to-zero";
import { aksPrivateCluster } from "../../lib/policy/rules/azure/aks/private-cluster";
import { aksProdSkuUpgrades } from "../../lib/policy/rules/azure/aks/prod-sku-upgrades";
import { aksSecretsEncryption } from "../../lib/policy/rules/azure/aks/secrets-encryption";
import { aksWorkloadIdentityNodes } from "../../lib/policy/rules/azure/aks/workload-identity-nodes";
import { logAnalyticsDevDailyCap } from "../../lib/policy/rules/azure/monitor/dev-daily-cap";
import { openAiProvisionedOutsideProd } from "../../lib/policy/rules/azure/openai/provisioned-outside-prod";
import { postgresBackupsHa } from "../../lib/policy/rules/azure/postgres/backups-ha";
import { searchProdReplicas } from "../../lib/policy/rules/azure/search/prod-replicas";
import { keyVaultKeyRotation } from "../../lib/policy/rules/azure/keyvault/key-rotation";
import { keyVaultProtection } from "../../lib/policy/rules/azure/keyvault/vault-protection";
import { nsgNoInternetInbound } from "../../lib/policy/rules/azure/network/nsg-no-internet-inbound";
import { publicNetworkAccessOff } from "../../lib/policy/rules/azure/network/public-network-access";
import { subnetNsg } from "../../lib/policy/rules/azure/network/subnet-nsg";
import { tlsMinimum } from "../../lib/policy/rules/azure/network/tls-minimum";
import { storageAccountAccess } from "../../lib/policy/rules/azure/storage/account-access";
import { storageAccountCmk } from "../../lib/policy/rules/azure/storage/account-cmk";
import { storageBlobRecovery } from "../../lib/policy/rules/azure/storage/blob-recovery";
import { storageSharedKeyOff } from "../../lib/policy/rules/azure/storage/shared-key-off";
import { failures, statuses } from "./helpers";
import { azureConstructFindings } from "./azure-constructs";
import { check } from "./view-helpers";

const AKS = "azurerm_kubernetes_cluster";
const POOL = "azurerm_kubernetes_cluster_node_pool";
const SA = "azurerm_storage_account";
/** An AKS cluster as the provider's defaults make it. */
const BARE_AKS = { name: "aks", dns_prefix: "aks", default_node_pool: { name: "system", vm_size: "Standard_D4ads_v5" }, identity: { type: "SystemAssigned" } };
/** A storage account on the provider's defaults. */
const BARE_SA = { name: "acmedata", account_tier: "Standard", account_replication_type: "LRS" };

describe("the Azure pack on the Azure constructs", () => {
  it.each(["dev", "staging", "prod"] as const)("finds nothing open on the %s defaults of every Azure construct, wired with diagnostic settings and a budget", (tier) => {
    // given every Azure construct on its tier's defaults / when the Azure rules run
    const findings = azureConstructFindings(tier, AZURE_RULES).filter((f) => f.ruleId.startsWith("LLM-AZ-"));
    // then every finding is compliant but the storage account's shared key, suppressed for Lustre, and every rule that reads what they emit ran
    expect(findings.filter((f) => f.status !== "compliant").map((f) => `${f.ruleId} ${f.status}: ${f.suppressionReason}`)).toEqual([
      // Azure OpenAI's key: in a vault with access policies (the only kind Azure OpenAI reads), and never expiring (the account holds a version)
      expect.stringMatching(/^LLM-AZ-KV-1 suppressed: Azure OpenAI takes a customer-managed key only through its system-assigned identity from a vault using legacy access policies/),
      expect.stringMatching(/^LLM-AZ-KV-2 suppressed: Consumers of this key pin a key version/),
      expect.stringMatching(/^LLM-AZ-ST-2 suppressed: Azure Managed Lustre blob integration/),
    ]);
    const ran = new Set(findings.map((f) => f.ruleId));
    const expected = AZURE_RULES.filter((r) => !([aksProdSkuUpgrades, searchProdReplicas].includes(r) && tier !== "prod"))
      .filter((r) => !(r === aksGpuScaleToZero && tier === "prod"))
      .filter((r) => !(r === aksGpuDevCapacity && tier !== "dev"))
      .filter((r) => !(r === postgresBackupsHa && tier === "dev"))
      .filter((r) => !(r === openAiProvisionedOutsideProd && tier === "prod"))
      .filter((r) => !(r === logAnalyticsDevDailyCap && tier !== "dev"))
      .map((r) => r.id);
    expect([...ran].sort()).toEqual(expected.sort());
  });
});

describe("LLM-AZ-AKS-1..4 cluster security", () => {
  it("fail a cluster on the provider defaults, each naming its argument", () => {
    expect(failures(check(aksPrivateCluster, "dev", [AKS, "bare", BARE_AKS]))).toEqual(["exposes the API server on a public endpoint (private_cluster_enabled is not true)"]);
    expect(failures(check(aksEntraRbac, "dev", [AKS, "bare", BARE_AKS]))).toEqual([
      "keeps the local admin account (local_account_disabled is not true); does not authorize with Azure RBAC (azure_active_directory_role_based_access_control.azure_rbac_enabled is not true)",
    ]);
    expect(failures(check(aksSecretsEncryption, "dev", [AKS, "bare", BARE_AKS]))).toEqual([
      "does not encrypt Kubernetes secrets with a Key Vault key (key_management_service.key_vault_key_id is unset); does not run under a user-assigned identity (identity.type is SystemAssigned)",
    ]);
    expect(failures(check(aksWorkloadIdentityNodes, "dev", [AKS, "bare", BARE_AKS]))).toEqual([
      "has no workload identity (workload_identity_enabled and oidc_issuer_enabled must both be true); does not encrypt at the host (default_node_pool.host_encryption_enabled is not true)",
    ]);
  });

  it("fail a private cluster that still publishes a public FQDN, and a node pool with public IPs", () => {
    expect(failures(check(aksPrivateCluster, "dev", [AKS, "fqdn", { ...BARE_AKS, private_cluster_enabled: true, private_cluster_public_fqdn_enabled: true }]))).toEqual([
      "publishes a public FQDN for the API server (private_cluster_public_fqdn_enabled = true)",
    ]);
    expect(failures(check(aksWorkloadIdentityNodes, "dev", [POOL, "public", { name: "p", vm_size: "Standard_D4ads_v5", node_public_ip_enabled: true, host_encryption_enabled: true }]))).toEqual([
      "gives its nodes public IPs (node_public_ip_enabled = true)",
    ]);
  });
});

describe("LLM-AZ-AKS-5..7 GPU pools and prod clusters", () => {
  const gpu = (extra: Record<string, unknown>) => ({ name: "gpu", vm_size: "Standard_NC24ads_A100_v4", ...extra });

  it("warns on a staging GPU pool kept at one node and skips CPU pools", () => {
    const findings = check(aksGpuScaleToZero, "staging", [POOL, "kept", gpu({ auto_scaling_enabled: true, min_count: 1, max_count: 2 })], [POOL, "fixed", gpu({ node_count: 1 })], [POOL, "cpu", { name: "c", vm_size: "Standard_D4ads_v5", min_count: 3 }]);
    expect(statuses(findings)).toEqual({ [`${POOL}.kept`]: "non-compliant", [`${POOL}.fixed`]: "non-compliant" });
    expect(findings.every((f) => f.level === "warning")).toBe(true);
  });

  it("passes Spot (Delete by default) and reserved GPUs in dev, and warns on Regular and on Deallocate", () => {
    const findings = check(
      aksGpuDevCapacity,
      "dev",
      [POOL, "spot", gpu({ priority: "Spot" })],
      [POOL, "reserved", gpu({ capacity_reservation_group_id: "${azurerm_capacity_reservation_group.r.id}" })],
      [POOL, "regular", gpu({})],
      [POOL, "deallocate", gpu({ priority: "Spot", eviction_policy: "Deallocate" })],
    );
    expect(statuses(findings)).toEqual({ [`${POOL}.spot`]: "compliant", [`${POOL}.reserved`]: "compliant", [`${POOL}.regular`]: "non-compliant", [`${POOL}.deallocate`]: "non-compliant" });
  });

  it("warns on a prod cluster on the Free tier without an upgrade channel, and not outside prod", () => {
    expect(failures(check(aksProdSkuUpgrades, "prod", [AKS, "bare", BARE_AKS]))).toEqual(["has no uptime SLA (sku_tier is Free, the default); has no automatic upgrade channel (automatic_upgrade_channel) in prod"]);
    expect(check(aksProdSkuUpgrades, "staging", [AKS, "bare", BARE_AKS])).toEqual([]);
  });
});

describe("LLM-AZ-KV-1..2 key vaults and keys", () => {
  it("fails a vault on access policies without purge protection, and a key that never rotates or expires", () => {
    expect(failures(check(keyVaultProtection, "dev", ["azurerm_key_vault", "bare", { name: "kv", sku_name: "standard", tenant_id: "t" }]))).toEqual([
      "lets a deleted vault or key be purged at once (purge_protection_enabled is not true); authorizes with access policies (rbac_authorization_enabled is unset)",
    ]);
    expect(failures(check(keyVaultKeyRotation, "dev", ["azurerm_key_vault_key", "bare", { name: "k", key_type: "RSA", key_size: 3072 }]))).toEqual([
      "does not rotate automatically (no rotation_policy.automatic); never expires (no rotation_policy.expire_after or expiration_date)",
    ]);
  });
});

describe("LLM-AZ-ST-1..4 storage accounts", () => {
  it("fail an account on the provider defaults: open network, public containers allowed, shared keys, Microsoft keys, no recovery", () => {
    expect(failures(check(storageAccountAccess, "dev", [SA, "bare", BARE_SA]))).toEqual([
      "accepts traffic from every network (network_rules.default_action is unset, which allows); lets containers be made public (allow_nested_items_to_be_public is not false)",
    ]);
    expect(storageAccountAccess.suppressible).toBe(false);
    expect(failures(check(storageSharedKeyOff, "dev", [SA, "bare", BARE_SA]))).toEqual(["accepts shared account keys (shared_access_key_enabled is not false)"]);
    expect(failures(check(storageAccountCmk, "dev", [SA, "bare", BARE_SA]))).toEqual(["encrypts with Microsoft-managed keys (no customer_managed_key)"]);
    expect(failures(check(storageBlobRecovery, "dev", [SA, "bare", BARE_SA]))).toHaveLength(1);
  });

  it("passes a key given by a separate azurerm_storage_account_customer_managed_key", () => {
    const findings = check(storageAccountCmk, "dev", [SA, "bare", BARE_SA], ["azurerm_storage_account_customer_managed_key", "cmk", { storage_account_id: `\${${SA}.bare.id}`, key_vault_key_id: "k" }]);
    expect(statuses(findings)).toEqual({ [`${SA}.bare`]: "compliant" });
  });
});

describe("LLM-AZ-NET-1..3 and LLM-AZ-TLS-1 network and generic rules", () => {
  it("fails a subnet without a network security group and skips GatewaySubnet", () => {
    const findings = check(subnetNsg, "dev", ["azurerm_subnet", "bare", { name: "nodes", address_prefixes: ["10.0.0.0/24"] }], ["azurerm_subnet", "gw", { name: "GatewaySubnet" }]);
    expect(statuses(findings)).toEqual({ "azurerm_subnet.bare": "non-compliant" });
  });

  it("fails an inbound allow from the Internet, in a group or as a rule, and passes a deny from it", () => {
    const allow = { name: "ssh", direction: "Inbound", access: "Allow", protocol: "Tcp", source_address_prefix: "*", destination_port_range: "22", priority: 100 };
    const findings = check(
      nsgNoInternetInbound,
      "dev",
      ["azurerm_network_security_group", "open", { name: "g", security_rule: [allow] }],
      ["azurerm_network_security_group", "closed", { name: "h", security_rule: [{ ...allow, access: "Deny", source_address_prefix: "Internet" }] }],
      ["azurerm_network_security_rule", "rule", { ...allow, source_address_prefix: "Internet", network_security_group_name: "g" }],
    );
    expect(statuses(findings)).toEqual({ "azurerm_network_security_group.open": "non-compliant", "azurerm_network_security_group.closed": "compliant", "azurerm_network_security_rule.rule": "non-compliant" });
    expect(failures(findings)[0]).toBe("allows inbound from * on Tcp 22 (rule ssh)");
  });

  it("fails public network access left on its default, on any listed type", () => {
    const findings = check(publicNetworkAccessOff, "dev", ["azurerm_container_registry", "acr", { name: "acr", sku: "Premium" }], ["azurerm_key_vault", "kv", { name: "kv", public_network_access_enabled: false }]);
    expect(statuses(findings)).toEqual({ "azurerm_container_registry.acr": "non-compliant", "azurerm_key_vault.kv": "compliant" });
    expect(failures(findings)).toEqual(["answers on the internet (public_network_access_enabled defaults to true)"]);
  });

  it("passes the TLS 1.2 default and fails TLS 1.0", () => {
    const findings = check(tlsMinimum, "dev", [SA, "default", BARE_SA], [SA, "old", { ...BARE_SA, min_tls_version: "TLS1_0" }], ["azurerm_redis_cache", "redis", { name: "r", minimum_tls_version: "1.0" }]);
    expect(statuses(findings)).toEqual({ [`${SA}.default`]: "compliant", [`${SA}.old`]: "non-compliant", "azurerm_redis_cache.redis": "non-compliant" });
    expect(failures(findings)[0]).toBe("accepts TLS older than 1.2 (min_tls_version = TLS1_0)");
  });
});
