import { fail, pass, skip, type ResourceRule } from "../../../types";
import { companionsOf } from "../../helpers";

/** Subnets Azure reserves for its own gateways, which refuse (or need no) network security group. */
const RESERVED = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet", "AzureBastionSubnet"];

/** LLM-AZ-NET-1: every subnet has a network security group. */
export const subnetNsg: ResourceRule = {
  id: "LLM-AZ-NET-1",
  title: "Every subnet is associated with a network security group",
  rationale: "A subnet without a network security group has no place to deny inbound traffic, and no flow logs can be attached to it: anything given a public IP in it is open.",
  fix: "Add an azurerm_network_security_group and an azurerm_subnet_network_security_group_association for the subnet (AzureNetwork gives every subnet one that denies inbound from the Internet).",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: ["azurerm_subnet"],
  check(subnet, stack) {
    if (typeof subnet.attributes.name === "string" && RESERVED.includes(subnet.attributes.name)) return skip;
    return companionsOf(stack, "azurerm_subnet_network_security_group_association", "subnet_id", subnet).length > 0 ? pass : fail("has no network security group (no azurerm_subnet_network_security_group_association)");
  },
};
