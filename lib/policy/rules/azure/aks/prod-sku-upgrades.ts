import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isProd } from "../../helpers";

/** LLM-AZ-AKS-7: prod clusters have the uptime SLA tier and an automatic upgrade channel. */
export const aksProdSkuUpgrades: ResourceRule = {
  id: "LLM-AZ-AKS-7",
  title: "Production AKS clusters run the Standard or Premium tier with automatic upgrade channels",
  rationale: "The Free tier has no uptime SLA and a control plane sized for tests; without an upgrade channel, security patches wait until someone upgrades by hand.",
  fix: "Set sku_tier = \"Standard\" (or \"Premium\"), automatic_upgrade_channel (e.g. \"patch\") and node_os_upgrade_channel (e.g. \"NodeImage\") (AzureTrainingCluster does in prod).",
  severity: "warning",
  packs: ["reliability"],
  cloud: "azure",
  appliesTo: ["azurerm_kubernetes_cluster"],
  check(cluster, stack) {
    if (!isProd(stack)) return skip;
    const a = cluster.attributes;
    const problems: string[] = [];
    if (a.sku_tier !== "Standard" && a.sku_tier !== "Premium") problems.push(`has no uptime SLA (sku_tier is ${a.sku_tier === undefined || a.sku_tier === null ? "Free, the default" : String(a.sku_tier)})`);
    if (a.automatic_upgrade_channel === undefined || a.automatic_upgrade_channel === null || a.automatic_upgrade_channel === "none") problems.push("has no automatic upgrade channel (automatic_upgrade_channel)");
    if (a.node_os_upgrade_channel === "None" || a.node_os_upgrade_channel === "Unmanaged") problems.push(`does not patch node images (node_os_upgrade_channel is ${String(a.node_os_upgrade_channel)})`);
    return problems.length === 0 ? pass : fail(`${problems.join("; ")} in prod`);
  },
};
