import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { VirtualNetworkPeering } from "@cdktf/provider-azurerm/lib/virtual-network-peering";
import { TerraformStack, type Construct, type ITerraformDependable } from "../../../cdk";
import { parseVirtualNetworkId, type VirtualNetworkId } from "../../../util/azure-ids";
import { hash8, slug, stableId, stableKey } from "../../private/stable-id";

/**
 * How the Terraform runner reaches an environment whose endpoints are private: its VNet
 * (one that exists before the first apply: the self-hosted CI runner's or the operator
 * VM's) is peered both ways with the environment's VNet, and every private DNS zone of
 * the environment is linked to it, so the vault, the storage account and the private AKS
 * API server resolve to their private addresses from the runner and are reachable.
 */

/** A runner VNet: its ARM id as given, its parts, and the key ids are built from. */
export interface RunnerVirtualNetwork extends VirtualNetworkId {
  readonly id: string;
  /** Lower-cased id: Azure ids compare without case. */
  readonly key: string;
}

/** The runner VNets of `ids` (ids that do not parse are left out: validation reports them). */
export function runnerNetworksOf(ids: readonly string[]): RunnerVirtualNetwork[] {
  return ids.flatMap((id) => {
    const parts = parseVirtualNetworkId(id);
    return parts ? [{ ...parts, id, key: id.toLowerCase() }] : [];
  });
}

/** What the environment's VNet offers the peering. */
export interface PeeredNetwork {
  readonly id: string;
  /** The VNet's name as given (for the return half's name). */
  readonly name: string;
  /** The VNet resource's `name` attribute: the peering made in it refers to it, so Terraform makes the VNet first. */
  readonly nameAttribute: string;
  readonly resourceGroupName: string;
}

/**
 * Both halves of a peering between the environment's VNet and each runner VNet
 * (`azurerm_virtual_network_peering`, azurerm 4.55: one resource per direction, each in
 * its own VNet's resource group). The half in the runner's VNet is made in the runner's
 * subscription: through the stack's provider when it is the environment's subscription,
 * otherwise through a provider aliased to that subscription (registering no resource
 * provider there). Peerings of one VNet cannot be made concurrently (provider doc note):
 * the return half waits for the first. No gateway transit, no forwarded traffic.
 */
export function peerRunners(scope: Construct, network: PeeredNetwork, runners: readonly RunnerVirtualNetwork[], subscriptionId: string | undefined): VirtualNetworkPeering[] {
  return runners.flatMap((runner) => {
    const out = new VirtualNetworkPeering(scope, stableId("runner-peering", runner.key, runner.name), {
      name: `to-${slug(runner.name, 60)}-${hash8(runner.key)}`,
      resourceGroupName: network.resourceGroupName,
      virtualNetworkName: network.nameAttribute,
      remoteVirtualNetworkId: runner.id,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      allowGatewayTransit: false,
      useRemoteGateways: false,
    });
    const back = new VirtualNetworkPeering(scope, stableId("runner-peering-back", runner.key, runner.name), {
      provider: runner.subscriptionId === subscriptionId?.toLowerCase() ? undefined : runnerProvider(scope, runner.subscriptionId),
      name: `to-${network.name}`,
      resourceGroupName: runner.resourceGroupName,
      virtualNetworkName: runner.name,
      remoteVirtualNetworkId: network.id,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      allowGatewayTransit: false,
      useRemoteGateways: false,
      dependsOn: [out],
    });
    return [out, back];
  });
}

/**
 * A link from the private DNS zone `zoneName` to each runner VNet (no auto-registration),
 * keyed by zone and VNet. The link is a child of the zone, in the zone's subscription.
 */
export function linkZoneToRunners(scope: Construct, zone: { readonly name: string }, zoneName: string, resourceGroupName: string, runners: readonly RunnerVirtualNetwork[]): ITerraformDependable[] {
  const zoneKey = stableKey(scope, zoneName);
  return runners.map(
    (runner) =>
      new PrivateDnsZoneVirtualNetworkLink(scope, stableId("zone-runner-link", `${zoneKey}|${runner.key}`, runner.name), {
        resourceGroupName,
        name: `runner-${slug(runner.name, 60)}-${hash8(runner.key)}`,
        privateDnsZoneName: zone.name,
        virtualNetworkId: runner.id,
        registrationEnabled: false,
      }),
  );
}

/** The stack's azurerm provider aliased to a runner's subscription, made once per subscription. */
function runnerProvider(scope: Construct, subscriptionId: string): AzurermProvider {
  const stack = TerraformStack.of(scope);
  const id = `azurerm-runner-${subscriptionId}`;
  const existing = stack.node.tryFindChild(id);
  if (existing) return existing as AzurermProvider;
  return new AzurermProvider(stack, id, { alias: `runner-${subscriptionId}`, subscriptionId, features: [{}], resourceProviderRegistrations: "none" });
}
