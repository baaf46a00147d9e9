import { fail, pass, type ResourceRule } from "../../../types";
import { attr, isTrue } from "../../helpers";

/** LLM-AZ-ACR-1: registries are Premium, with no admin user or anonymous pull, and encrypt with a customer-managed key. */
export const registryAccess: ResourceRule = {
  id: "LLM-AZ-ACR-1",
  title: "Container registries run the Premium SKU, disable the admin user and anonymous pull, and encrypt with a customer-managed key",
  rationale:
    "The admin user is a shared password with push rights to every repository, and anonymous pull publishes every image (and the model weights or credentials baked into one); private endpoints and customer-managed keys exist only on Premium. Public access is LLM-AZ-NET-3's.",
  fix: 'Set sku = "Premium", admin_enabled = false, anonymous_pull_enabled = false, and encryption { key_vault_key_id, identity_client_id } with a user-assigned identity (set at creation) — AzureContainerRegistry does.',
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
    const key = attr(registry, "encryption.key_vault_key_id");
    if (typeof key !== "string" || key.length === 0) problems.push("encrypts with Microsoft-managed keys (no encryption.key_vault_key_id)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
