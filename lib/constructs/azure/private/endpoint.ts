import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import type { Construct, ITerraformDependable } from "../../../cdk";
import { PRIVATE_ENDPOINT_KINDS, type PrivateEndpointKind } from "./facts";

/** What a private endpoint needs of the network: the endpoints' subnet and the VNet-linked DNS zone of its kind. */
export interface IAzurePrivateEndpointNetwork {
  readonly resourceGroupName: string;
  readonly location: string;
  readonly privateEndpointsSubnet: { readonly id: string };
  privateDnsZone(kind: PrivateEndpointKind): { readonly id: string };
  /** What a Terraform runner outside the VNet needs to reach the endpoints (peerings, DNS links to its VNet): the endpoint waits for them, and so does everything that waits for the endpoint. @default - nothing */
  readonly reachDependables?: readonly ITerraformDependable[];
}

/**
 * A private endpoint for one subresource of `resourceId` in the network's endpoints
 * subnet, its A records registered in the kind's private DNS zone (and in the zones of
 * `alsoKinds`, for services that answer on several domains) through one zone group.
 * It waits for the network's runner reach, so a data-plane call that waits for the
 * endpoint (a Key Vault key) also finds the runner peered and its DNS linked.
 */
export function privateEndpoint(scope: Construct, id: string, network: IAzurePrivateEndpointNetwork, kind: PrivateEndpointKind, name: string, resourceId: string, alsoKinds: readonly PrivateEndpointKind[] = [], after: readonly ITerraformDependable[] = []): PrivateEndpoint {
  const facts = PRIVATE_ENDPOINT_KINDS[kind];
  return new PrivateEndpoint(scope, id, {
    resourceGroupName: network.resourceGroupName,
    location: network.location,
    name,
    subnetId: network.privateEndpointsSubnet.id,
    privateServiceConnection: { name, privateConnectionResourceId: resourceId, subresourceNames: [facts.subresource], isManualConnection: false },
    privateDnsZoneGroup: { name: kind, privateDnsZoneIds: [kind, ...alsoKinds].map((k) => network.privateDnsZone(k).id) },
    dependsOn: (network.reachDependables?.length ?? 0) + after.length > 0 ? [...(network.reachDependables ?? []), ...after] : undefined,
  });
}
