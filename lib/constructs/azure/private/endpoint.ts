import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import type { Construct } from "../../../cdk";
import { PRIVATE_ENDPOINT_KINDS, type PrivateEndpointKind } from "./facts";

/** What a private endpoint needs of the network: the endpoints' subnet and the VNet-linked DNS zone of its kind. */
export interface IAzurePrivateEndpointNetwork {
  readonly resourceGroupName: string;
  readonly location: string;
  readonly privateEndpointsSubnet: { readonly id: string };
  privateDnsZone(kind: PrivateEndpointKind): { readonly id: string };
}

/**
 * A private endpoint for one subresource of `resourceId` in the network's endpoints
 * subnet, its A records registered in the kind's private DNS zone (and in the zones of
 * `alsoKinds`, for services that answer on several domains) through one zone group.
 */
export function privateEndpoint(scope: Construct, id: string, network: IAzurePrivateEndpointNetwork, kind: PrivateEndpointKind, name: string, resourceId: string, alsoKinds: readonly PrivateEndpointKind[] = []): PrivateEndpoint {
  const facts = PRIVATE_ENDPOINT_KINDS[kind];
  return new PrivateEndpoint(scope, id, {
    resourceGroupName: network.resourceGroupName,
    location: network.location,
    name,
    subnetId: network.privateEndpointsSubnet.id,
    privateServiceConnection: { name, privateConnectionResourceId: resourceId, subresourceNames: [facts.subresource], isManualConnection: false },
    privateDnsZoneGroup: { name: kind, privateDnsZoneIds: [kind, ...alsoKinds].map((k) => network.privateDnsZone(k).id) },
  });
}
