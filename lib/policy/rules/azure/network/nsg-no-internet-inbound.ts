import { fail, pass, skip, type ResourceRule } from "../../../types";
import { blocks, list } from "../../helpers";

/** Source prefixes that mean the whole internet. */
const ANYWHERE = ["*", "0.0.0.0/0", "Internet", "any", "::/0"];

/** Problems of one security rule, as a block or a standalone resource. */
function opening(rule: Record<string, unknown>): string | undefined {
  if (rule.direction !== "Inbound" || rule.access !== "Allow") return undefined;
  const sources = [...list(rule.source_address_prefix ?? []), ...list(rule.source_address_prefixes ?? [])];
  const open = sources.find((s) => ANYWHERE.includes(s.trim()));
  if (!open) return undefined;
  const ports = [...list(rule.destination_port_range ?? []), ...list(rule.destination_port_ranges ?? [])].join(",") || "*";
  return `allows inbound from ${open} on ${String(rule.protocol ?? "*")} ${ports} (rule ${String(rule.name ?? "?")})`;
}

/** LLM-AZ-NET-2: no network security rule allows inbound traffic from the internet. */
export const nsgNoInternetInbound: ResourceRule = {
  id: "LLM-AZ-NET-2",
  title: "Network security rules allow no inbound traffic from the Internet (*, 0.0.0.0/0 or the Internet tag)",
  rationale: "An inbound allow from the internet exposes SSH, RDP, Jupyter, model servers or databases in the subnet to every scanner; clients of this platform come from inside the VNet or through a private endpoint.",
  fix: "Allow inbound from the VNet, a named client range or an application security group instead (AzureNetwork's groups deny inbound from the Internet and keep Azure's VNet rules).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_network_security_group", "azurerm_network_security_rule"],
  check(resource) {
    const rules = resource.type === "azurerm_network_security_rule" ? [resource.attributes as Record<string, unknown>] : blocks(resource.attributes.security_rule);
    if (resource.type === "azurerm_network_security_rule" && resource.attributes.direction !== "Inbound") return skip;
    const problems = rules.map(opening).filter((p): p is string => p !== undefined);
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
