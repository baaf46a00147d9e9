import { fail, pass, type ResourceRule } from "../../../types";
import { attr } from "../../helpers";

/** LLM-AZ-AKS-3: etcd secrets are encrypted with a Key Vault key (KMS), under a user-assigned identity. */
export const aksSecretsEncryption: ResourceRule = {
  id: "LLM-AZ-AKS-3",
  title: "AKS clusters encrypt Kubernetes secrets with a customer-managed Key Vault key and run under a user-assigned identity",
  rationale:
    "Without the KMS plugin, secrets in etcd are protected only by platform keys; a user-assigned identity is what a private Key Vault can grant before the cluster exists, and it survives the cluster's re-creation.",
  fix: "Add key_management_service { key_vault_key_id = <Key Vault key id>, key_vault_network_access = \"Private\" } and identity { type = \"UserAssigned\", identity_ids = [...] } (AzureTrainingCluster does with its encryptionKey).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_kubernetes_cluster"],
  check(cluster) {
    const problems: string[] = [];
    const key = attr(cluster, "key_management_service.key_vault_key_id");
    if (typeof key !== "string" || key.length === 0) problems.push("does not encrypt Kubernetes secrets with a Key Vault key (key_management_service.key_vault_key_id is unset)");
    const identity = attr(cluster, "identity.type");
    if (identity !== "UserAssigned") problems.push(`does not run under a user-assigned identity (identity.type is ${identity === undefined || identity === null ? "unset" : String(identity)})`);
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
