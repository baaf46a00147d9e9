import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Construct } from "../../lib/cdk";
import { AzureAccessPolicyKey } from "../../lib/constructs/azure/access-policy-key";
import { AzureOpenAiDeployment, type AzureOpenAiDeploymentProps } from "../../lib/constructs/azure/openai-deployment";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { network, synthAzure, vault, type Env } from "./helpers";

type Props = Partial<AzureOpenAiDeploymentProps>;
const CHAT = { name: "chat", model: "gpt-4o-mini", version: "2024-07-18", capacity: 10 };
function openai(s: Construct, env: Env = DEV, props: Props = {}): AzureOpenAiDeployment {
  const net = network(s, env, { privateEndpointKinds: ["vault", "blob", "openai", "cognitiveservices", "aiservices"] });
  return new AzureOpenAiDeployment(s, "openai", { environment: env, network: net, encryptionKey: new AzureAccessPolicyKey(s, "openai-key", { environment: env, network: net, purpose: "openai" }), deployments: [CHAT], ...props });
}
const build = (props: Props = {}, env: Env = DEV) => synthAzure((s) => openai(s, env, props));

describe("AzureOpenAiDeployment", () => {
  // A day before gpt-4o-mini 2024-07-18 was deprecated: the lifecycle checks have their own tests below.
  beforeEach(() => vi.stubEnv("LLMOPS_TODAY", "2025-06-01"));
  afterEach(() => vi.unstubAllEnvs());

  it("makes a private OpenAI account with a custom subdomain, API keys off and a deny-by-default ACL", () => {
    // given / when
    const doc = build();
    // then
    expect(only(doc, "azurerm_cognitive_account")).toMatchObject({
      name: "acme-dev-openai",
      kind: "OpenAI",
      sku_name: "S0",
      custom_subdomain_name: "acme-dev-openai",
      local_auth_enabled: false,
      public_network_access_enabled: false,
      network_acls: { default_action: "Deny", bypass: "None" },
    });
  });

  it("takes its customer-managed key after creation, as its system-assigned identity, from a vault with access policies, before the endpoint, the content filter and any deployment", () => {
    const doc = build();
    const account = only(doc, "azurerm_cognitive_account");
    // the account runs as its system-assigned identity and leaves its key block to the key resource
    expect(account).toMatchObject({ identity: { type: "SystemAssigned" }, lifecycle: { ignore_changes: ["customer_managed_key"] } });
    expect(account.customer_managed_key).toBeUndefined();
    // the identity may get, wrap and unwrap with the key: an access policy on the key's own vault
    const vaults = resources(doc, "azurerm_key_vault");
    const policyVault = vaults.find((v) => v.rbac_authorization_enabled === false)!;
    expect(policyVault).toMatchObject({ name: "acme-dev-openai-kv", purge_protection_enabled: true, public_network_access_enabled: false, network_acls: { default_action: "Deny", bypass: "AzureServices" } });
    const policies = resources(doc, "azurerm_key_vault_access_policy");
    const reader = policies.find((p) => String(p.object_id).includes("azurerm_cognitive_account.openai_account_"))!;
    expect(reader).toMatchObject({ key_permissions: ["Get", "WrapKey", "UnwrapKey"], object_id: expect.stringMatching(/azurerm_cognitive_account\.openai_account_\w+\.identity\[0\]\.principal_id/) });
    // the key resource sets the key's current version, after that policy; the account holds it until the next apply
    const key = only(doc, "azurerm_cognitive_account_customer_managed_key");
    expect(key).toMatchObject({ cognitive_account_id: expect.stringMatching(/azurerm_cognitive_account\.openai_account_\w+\.id/), key_vault_key_id: expect.stringMatching(/^\$\{data\.azurerm_key_vault_key\.openai-key_current-version_\w+\.id\}$/) });
    expect(key.identity_client_id).toBeUndefined();
    expect(key.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_key_vault_access_policy\.openai-key_key-user-/)]));
    // one change of the account at a time
    for (const d of resources(doc, "azurerm_cognitive_deployment")) expect(d.depends_on).toEqual([expect.stringMatching(/^azurerm_cognitive_account_customer_managed_key\.openai_key_/)]);
    expect(only(doc, "azurerm_cognitive_account_rai_policy").depends_on).toEqual([expect.stringMatching(/^azurerm_cognitive_account_customer_managed_key\.openai_key_/)]);
    const endpoint = resources(doc, "azurerm_private_endpoint").find((e) => String(e.name).startsWith("acme-dev-openai-pe"))!;
    expect(endpoint.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_cognitive_account_customer_managed_key\.openai_key_/)]));
  });

  it("takes only an RSA 2048 key from a vault with access policies, as Azure OpenAI requires", () => {
    // given the environment's RBAC vault key (3072 bits) / then the account refuses it twice, naming the fix
    expect(problemsOf(() => synthAzure((s) => {
      const net = network(s, DEV, { privateEndpointKinds: ["vault", "blob", "openai"] });
      const kv = vault(s, DEV, {}, net);
      new AzureOpenAiDeployment(s, "openai", { environment: DEV, network: net, encryptionKey: kv, deployments: [CHAT] });
    }))).toEqual([
      expect.stringMatching(/^encryptionKey: Azure AI services accept only RSA 2048-bit customer-managed keys \(got a 3072-bit key\)/),
      expect.stringMatching(/^encryptionKey: Azure OpenAI takes a customer-managed key only from a vault with access policies, through its system-assigned identity/),
    ]);
    // and the access-policy key is 2048 bits, rotates every 90 days and never expires (the account holds a version)
    const [k] = resources(build(), "azurerm_key_vault_key");
    expect(k).toMatchObject({ key_size: 2048, key_type: "RSA", name: "acme-dev-openai", rotation_policy: { automatic: { time_after_creation: "P90D" } } });
    expect(k.rotation_policy).not.toHaveProperty("expire_after");
  });

  it("deploys each model on its version until it retires, behind a blocking content filter on prompts and completions", () => {
    const doc = build({ deployments: [CHAT, { name: "embed", model: "text-embedding-3-large", version: "1", sku: "Standard", capacity: 30 }] });
    const policy = only(doc, "azurerm_cognitive_account_rai_policy");
    expect(policy).toMatchObject({ name: "acme-dev-content-filter", base_policy_name: "Microsoft.Default", mode: "Blocking" });
    expect(policy.content_filter).toHaveLength(8);
    expect(policy.content_filter).toContainEqual({ name: "SelfHarm", source: "Completion", filter_enabled: true, block_enabled: true, severity_threshold: "Medium" });
    const deps = Object.fromEntries(resources(doc, "azurerm_cognitive_deployment").map((d) => [d.name, d]));
    expect(deps.chat).toMatchObject({ model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" }, sku: { name: "GlobalStandard", capacity: 10 }, version_upgrade_option: "OnceCurrentVersionExpired", rai_policy_name: expect.stringMatching(/azurerm_cognitive_account_rai_policy\.openai_content-filter_\w+\.name/) });
    expect(deps.embed).toMatchObject({ sku: { name: "Standard", capacity: 30 } });
    expect(Object.keys(doc.resource.azurerm_cognitive_deployment).sort()).toEqual([expect.stringMatching(/^openai_deployment-chat-[0-9a-f]{8}_/), expect.stringMatching(/^openai_deployment-embed-[0-9a-f]{8}_/)]);
  });

  it("registers the private endpoint in the OpenAI zone, or in all three zones for an AI Foundry account", () => {
    const zonesOf = (doc: ReturnType<typeof build>) => JSON.stringify(resources(doc, "azurerm_private_endpoint").find((p) => p.name === "acme-dev-openai-pe")?.private_dns_zone_group);
    expect(zonesOf(build())).toMatch(/zone-openai-[^"]*\.id\}"\]/);
    const foundry = build({ kind: "AIServices" });
    expect(only(foundry, "azurerm_cognitive_account").kind).toBe("AIServices");
    const ids = JSON.parse(zonesOf(foundry)).private_dns_zone_ids as string[];
    expect(ids.map((i) => i.match(/zone-(\w+)-/)?.[1])).toEqual(["cognitiveservices", "openai", "aiservices"]);
  });

  it("checks provisioned throughput against the documented minimums and steps, and keeps it out of dev", () => {
    expect(problemsOf(() => build({ deployments: [{ ...CHAT, sku: "GlobalProvisionedManaged", capacity: 12 }] }, PROD))).toEqual([expect.stringMatching(/^deployments\.0\.capacity: GlobalProvisionedManaged gpt-4o-mini takes at least 15 PTU in steps of 5 \(got 12\); provisioned quota/)]);
    expect(problemsOf(() => build({ deployments: [{ ...CHAT, sku: "ProvisionedManaged", capacity: 30 }] }, PROD))).toEqual([expect.stringMatching(/^deployments\.0\.capacity: ProvisionedManaged gpt-4o-mini takes at least 25 PTU in steps of 25 \(got 30\)/)]);
    expect(problemsOf(() => build({ deployments: [{ ...CHAT, sku: "DataZoneProvisionedManaged", capacity: 15 }] }))).toEqual([expect.stringMatching(/^deployments\.0\.sku: is provisioned throughput, billed every hour whether used or not: not for dev/)]);
    expect(only(build({ deployments: [{ ...CHAT, sku: "GlobalProvisionedManaged", capacity: 20 }] }, PROD), "azurerm_cognitive_deployment").sku).toEqual({ name: "GlobalProvisionedManaged", capacity: 20 });
  });

  it("warns instead of refusing a regional provisioned model whose minimum it does not know", () => {
    let warnings: string[] = [];
    synthAzure((s) => {
      const o = openai(s, PROD, { deployments: [{ name: "reason", model: "o3-mini", version: "2025-01-31", sku: "ProvisionedManaged", capacity: 50 }] });
      warnings = o.node.metadata.filter((m) => String(m.type).includes("warn")).map((m) => String(m.data));
    });
    expect(warnings).toEqual([expect.stringMatching(/deployment "reason": the regional PTU minimum of "o3-mini" is not in this library's data/)]);
  });

  it("rejects token capacities below one unit, repeated names and unpinned versions, naming the quota", () => {
    expect(problemsOf(() => build({ deployments: [{ ...CHAT, capacity: 0 }, { ...CHAT, version: "" }, { ...CHAT, name: "x", sku: "Premium" as never }] }))).toEqual([
      expect.stringMatching(/^deployments\.0\.capacity: Capacity in units of 1,000 tokens per minute \(quota is per subscription, region and model/),
      expect.stringMatching(/^deployments\.1\.name: repeats "chat"/),
      expect.stringMatching(/^deployments\.1\.version: names the model version/),
      expect.stringMatching(/^deployments\.2\.name: takes 2-64 letters/),
      expect.stringMatching(/^deployments\.2\.sku: The deployment type accepts Standard, GlobalStandard/),
    ]);
    expect(problemsOf(() => build({ kind: "CognitiveServices" as never, contentFilterThreshold: "None" as never }))).toEqual([expect.stringMatching(/^kind: /), expect.stringMatching(/^contentFilterThreshold: /)]);
  });

  it("grants calling the deployments on the account, keyed by value", () => {
    const doc = synthAzure((s) => {
      const o = openai(s);
      const p = { principalId: "77777777-7777-7777-7777-777777777777" };
      expect(o.grantInvoke(p).policy).toBe(o.grantInvoke(p).policy);
    });
    const role = resources(doc, "azurerm_role_assignment").find((r) => r.role_definition_name === "Cognitive Services OpenAI User");
    expect(role?.scope).toMatch(/azurerm_cognitive_account\.openai_account_\w+\.id/);
  });

  it("refuses a retired model version at synth, naming the date and the replacement", () => {
    vi.stubEnv("LLMOPS_TODAY", "2026-12-01");
    expect(problemsOf(() => build())).toEqual([expect.stringMatching(/^deployments\.0\.version: gpt-4o-mini 2024-07-18 was retired on 2026-03-31 \(Azure's model retirement table .*\): Azure refuses new deployments of it and existing ones return errors; move to gpt-4\.1-mini/)]);
  });

  it("warns about a version retiring within 90 days, one deprecated for new subscriptions, and one not in the catalog", () => {
    // given 2026-12-01: gpt-5-mini 2025-08-07 retires 2027-02-06 and was deprecated 2026-08-07
    vi.stubEnv("LLMOPS_TODAY", "2026-12-01");
    let warnings: string[] = [];
    synthAzure((s) => {
      const o = openai(s, DEV, { deployments: [{ ...CHAT, model: "gpt-5-mini", version: "2025-08-07" }, { ...CHAT, name: "next", model: "gpt-9", version: "2027-01-01" }] });
      warnings = o.node.metadata.filter((m) => String(m.type).includes("warn")).map((m) => String(m.data));
    });
    expect(warnings).toEqual([
      expect.stringMatching(/deployments\.0\.version: gpt-5-mini 2025-08-07 retires on 2027-02-06 .*OnceCurrentVersionExpired/),
      expect.stringMatching(/deployments\.0\.version: gpt-5-mini 2025-08-07 is deprecated since 2026-08-07: a subscription that never deployed it cannot create it/),
      expect.stringMatching(/deployments\.1\.version: gpt-9 2027-01-01 is not in Azure's model retirement table/),
    ]);
  });

  it("keeps confidential and restricted prompts in a data zone: DataZoneStandard by default, a warning on a Global SKU", () => {
    // given a confidential account with one deployment on the default SKU and one asking for GlobalStandard
    let warnings: string[] = [];
    const doc = synthAzure((s) => {
      const o = openai(s, DEV, { dataClassification: "Confidential", deployments: [CHAT, { ...CHAT, name: "global", sku: "GlobalStandard" }] });
      warnings = o.node.metadata.filter((m) => String(m.type).includes("warn")).map((m) => String(m.data));
    });
    const skus = Object.fromEntries(resources(doc, "azurerm_cognitive_deployment").map((d) => [d.name, (d.sku as { name: string }).name]));
    expect(skus).toEqual({ chat: "DataZoneStandard", global: "GlobalStandard" });
    expect(warnings).toEqual([expect.stringMatching(/deployments\.1\.sku: GlobalStandard may process Confidential prompts in any Azure region; DataZoneStandard keeps them in the US or EU data zone/)]);
    expect(AzureOpenAiDeployment.defaultSku("restricted")).toBe("DataZoneStandard");
    expect(AzureOpenAiDeployment.defaultSku("internal")).toBe("GlobalStandard");
    expect(AzureOpenAiDeployment.defaultSku(undefined)).toBe("GlobalStandard");
    // outside the US and EU data zones confidential data stays in the region instead
    expect(AzureOpenAiDeployment.defaultSku("confidential", "japaneast")).toBe("Standard");
    expect(AzureOpenAiDeployment.defaultSku("confidential", "swedencentral")).toBe("DataZoneStandard");
    expect(AzureOpenAiDeployment.warnings([{ ...CHAT, sku: "DataZoneStandard" }], undefined, "2025-06-01", "japaneast")).toEqual([
      { path: "deployments.0.sku", message: expect.stringMatching(/^DataZoneStandard runs in the US and EU data zones only, and japaneast is in neither/) },
    ]);
  });

  it("rejects a version upgrade option azurerm does not take", () => {
    expect(problemsOf(() => build({ deployments: [{ ...CHAT, versionUpgrade: "Always" as never }] }))).toEqual([expect.stringMatching(/^deployments\.0\.versionUpgrade: The version upgrade option accepts OnceNewDefaultVersionAvailable, OnceCurrentVersionExpired, NoAutoUpgrade/)]);
  });
});
