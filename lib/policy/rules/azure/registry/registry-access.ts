import { fail, pass, type ResourceRule } from "../../../types";
import { attr, isTrue } from "../../helpers";

/** LLM-AZ-ACR-1: registries are Premium, with no admin user or anonymous pull. */
export const registryAccess: ResourceRule = {
  id: "LLM-AZ-ACR-1",
  title: "Container registries run the Premium SKU and disable the admin user and anonymous pull",
  rationale:
    "The admin user is a shared password with push rights to every repository, and anonymous pull publishes every image (and the model weights or credentials baked into one); private endpoints and customer-managed keys exist only on Premium. Public access is LLM-AZ-NET-3's, the customer-managed key LLM-AZ-ACR-2's.",
  fix: 'Set sku = "Premium", admin_enabled = false and anonymous_pull_enabled = false (AzureContainerRegistry does).',
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_container_registry"],
  check(registry) {
    const a = registry.attributes;
    const problems: string[] = [];
    if (a.sku !== "Premium") problems.push(`runs the ${String(a.sku)} SKU, which has no private endpoint or customer-managed key (sku is not "Premium")`);
    if (isTrue(a.admin_enabled)) problems.push("has the shared admin user (admin_enabled = true)");
    if (isTrue(a.anonymous_pull_enabled)) problems.push("lets anyone pull images (anonymous_pull_enabled = true)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};

/** LLM-AZ-ACR-2: registries encrypt with a customer-managed key. */
export const registryCmk: ResourceRule = {
  id: "LLM-AZ-ACR-2",
  title: "Container registries encrypt with a customer-managed key",
  rationale: "Images carry model weights and code; with a customer-managed key, disabling the key makes them unreadable. The key is set only when the registry is created.",
  fix: "Set encryption { key_vault_key_id, identity_client_id } with a user-assigned identity at creation, against a vault the registry can reach: it bypasses a Key Vault firewall only with its system-assigned identity, which does not exist at creation (ACR customer-managed key docs, \"Advanced scenario: Key Vault firewall\"). Otherwise suppress with the reason (the Azure environment stack does).",
  severity: "warning",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_container_registry"],
  check(registry) {
    const key = attr(registry, "encryption.key_vault_key_id");
    return typeof key === "string" && key.length > 0 ? pass : fail("encrypts with Microsoft-managed keys (no encryption.key_vault_key_id); the key can only be set when the registry is created");
  },
};
