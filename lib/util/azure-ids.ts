/**
 * Azure Resource Manager ids the spec and the Azure constructs take, parsed and checked
 * in one place so both say the same. Pure: no provider package.
 */

/** The parts of a virtual network's ARM id. */
export interface VirtualNetworkId {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly name: string;
}

// Resource group: 1-90 of letters, digits, `_`, `(`, `)`, `-`, `.`, not ending in `.`.
// Virtual network: 2-64 of letters, digits, `_`, `.`, `-`, starting with a letter or digit, ending with a letter, digit or `_`
// (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules, Microsoft.Network).
const VNET_ID = /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/resourcegroups\/([\w().-]{0,89}[\w()-])\/providers\/microsoft\.network\/virtualnetworks\/([a-z0-9][\w.-]{0,62}\w)$/i;

/** The parts of a virtual network ARM id, or undefined when `id` is not one. */
export function parseVirtualNetworkId(id: string): VirtualNetworkId | undefined {
  const m = VNET_ID.exec(id);
  return m ? { subscriptionId: m[1].toLowerCase(), resourceGroupName: m[2], name: m[3] } : undefined;
}

/** Why `id` is not a virtual network ARM id, or undefined when it is. */
export function virtualNetworkIdProblem(id: string): string | undefined {
  if (parseVirtualNetworkId(id)) return undefined;
  return `must be the ARM id of a virtual network: /subscriptions/<subscription GUID>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<name> (az network vnet show -g <group> -n <name> --query id -o tsv) (got ${JSON.stringify(id.slice(0, 200))})`;
}
