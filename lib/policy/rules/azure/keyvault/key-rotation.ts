import { fail, pass, skip, type ResourceRule } from "../../../types";
import { attr, block } from "../../helpers";

/** LLM-AZ-KV-2: keys rotate automatically and expire. */
export const keyVaultKeyRotation: ResourceRule = {
  id: "LLM-AZ-KV-2",
  title: "Key Vault keys rotate automatically and have an expiry",
  rationale: "Automatic rotation limits how much data one key version protects; an expiry makes a key that stopped rotating fail loudly instead of protecting data for years.",
  fix: "Add rotation_policy { automatic { time_after_creation = \"P90D\" }, expire_after = \"P180D\" } (or set expiration_date) on the azurerm_key_vault_key (AzureKeyVault does). A key that services hold by version (AKS KMS, Managed Lustre) must not expire under them: AzureKeyVault.addKey with expires: false rotates it without expiry and records this rule's suppression with the reason.",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_key_vault_key"],
  check(key) {
    const type = key.attributes.key_type;
    // Rotation policies apply to RSA and EC keys; octet (oct-HSM) keys are Managed HSM only.
    if (typeof type === "string" && type.startsWith("oct")) return skip;
    const policy = block(key.attributes.rotation_policy);
    const automatic = block(policy.automatic);
    const problems: string[] = [];
    if (!automatic.time_after_creation && !automatic.time_before_expiry) problems.push("does not rotate automatically (no rotation_policy.automatic)");
    if (!policy.expire_after && !attr(key, "expiration_date")) problems.push("never expires (no rotation_policy.expire_after or expiration_date)");
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
