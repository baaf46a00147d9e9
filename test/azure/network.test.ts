import { describe, expect, it } from "vitest";
import { AzureNetwork } from "../../lib/constructs/azure/network";
import { compactName } from "../../lib/naming";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { LOCATION, RESOURCE_GROUP, network, synthAzure, type Env } from "./helpers";

type Net = Partial<ConstructorParameters<typeof AzureNetwork>[2]>;
const build = (props: Net = {}, env: Env = DEV) => synthAzure((s) => network(s, env, props));

describe("AzureNetwork", () => {
  it("makes a VNet in the given resource group and carves subnets for nodes, API server, endpoints and PostgreSQL, none with default outbound access", () => {
    // given / when
    const doc = build();
    // then
    expect(only(doc, "azurerm_virtual_network")).toMatchObject({ name: "acme-dev-vnet", resource_group_name: RESOURCE_GROUP, location: LOCATION, address_space: ["10.20.0.0/16"] });
    const subnets = Object.fromEntries(resources(doc, "azurerm_subnet").map((s) => [s.name, s]));
    expect(Object.keys(subnets).sort()).toEqual(["acme-dev-apiserver", "acme-dev-endpoints", "acme-dev-nodes", "acme-dev-postgres"]);
    expect(subnets["acme-dev-nodes"].address_prefixes).toEqual(["10.20.0.0/22"]);
    expect(subnets["acme-dev-endpoints"]).toMatchObject({ address_prefixes: ["10.20.4.0/24"], private_endpoint_network_policies: "Enabled" });
    expect(subnets["acme-dev-postgres"]).toMatchObject({ address_prefixes: ["10.20.5.0/28"], delegation: [{ service_delegation: { name: "Microsoft.DBforPostgreSQL/flexibleServers" } }] });
    expect(subnets["acme-dev-apiserver"]).toMatchObject({ address_prefixes: ["10.20.5.16/28"], delegation: [{ service_delegation: { name: "Microsoft.ContainerService/managedClusters", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } }] });
    for (const s of Object.values(subnets) as Record<string, unknown>[]) expect(s.default_outbound_access_enabled).toBe(false);
  });

  it("gives every subnet its own NSG that denies Internet inbound and allows nothing from outside", () => {
    const doc = build({ lustreCapacityTiB: 8 });
    const nsgs = resources(doc, "azurerm_network_security_group");
    expect(nsgs).toHaveLength(5);
    expect(resources(doc, "azurerm_subnet_network_security_group_association")).toHaveLength(5);
    for (const nsg of nsgs) {
      expect(nsg.security_rule).toEqual(expect.arrayContaining([expect.objectContaining({ direction: "Inbound", access: "Deny", source_address_prefix: "Internet", priority: 4096 })]));
      expect((nsg.security_rule as { direction: string; access: string }[]).filter((r) => r.direction === "Inbound" && r.access === "Allow")).toEqual([]);
    }
  });

  it("opens the outbound paths Lustre and PostgreSQL document: the NAT gateway on their subnets, AzureCloud for Lustre, Storage and Entra ID on 443 for PostgreSQL", () => {
    // given a network with Lustre and PostgreSQL subnets
    const doc = build({ lustreCapacityTiB: 8 });
    // then both subnets leave through the NAT gateway, as the nodes do
    const nat = resources(doc, "azurerm_subnet_nat_gateway_association").map((a) => String(a.subnet_id).replace(/^\$\{azurerm_subnet\.network_(\w+?)_\w+\.id\}$/, "$1"));
    expect(nat.sort()).toEqual(["lustre", "nodes", "postgres"]);
    // and their NSGs allow the documented service tags outbound
    const rules = (name: string) => (resources(doc, "azurerm_network_security_group").find((n) => n.name === name)?.security_rule as Record<string, unknown>[]).filter((r) => r.direction === "Outbound");
    expect(rules("acme-dev-lustre-nsg")).toEqual([expect.objectContaining({ access: "Allow", destination_address_prefix: "AzureCloud", protocol: "*", destination_port_range: "*", priority: 100 })]);
    expect(rules("acme-dev-postgres-nsg")).toEqual([
      expect.objectContaining({ access: "Allow", destination_address_prefix: "Storage", protocol: "Tcp", destination_port_range: "443" }),
      expect.objectContaining({ access: "Allow", destination_address_prefix: "AzureActiveDirectory", protocol: "Tcp", destination_port_range: "443" }),
    ]);
    expect(rules("acme-dev-nodes-nsg")).toEqual([]);
  });

  it("routes the nodes' egress through a Standard NAT gateway with a static Standard IP, zone-redundant only in prod", () => {
    const dev = build();
    expect(only(dev, "azurerm_nat_gateway")).toMatchObject({ name: "acme-dev-nat", sku_name: "Standard" });
    expect(only(dev, "azurerm_public_ip")).toMatchObject({ sku: "Standard", allocation_method: "Static" });
    expect(only(dev, "azurerm_public_ip").zones).toBeUndefined();
    expect(resources(dev, "azurerm_subnet_nat_gateway_association").map((a) => a.subnet_id)).toEqual(expect.arrayContaining([expect.stringMatching(/azurerm_subnet\.network_nodes_\w+\.id/)]));
    expect(only(dev, "azurerm_nat_gateway_public_ip_association")).toBeDefined();
    const prod = build({}, PROD);
    expect(only(prod, "azurerm_public_ip").zones).toEqual(["1", "2", "3"]);
    expect(only(prod, "azurerm_nat_gateway").zones).toBeUndefined();
    expect(AzureNetwork.defaults("prod").zoneRedundantEgress).toBe(true);
    expect(AzureNetwork.defaults("dev").zoneRedundantEgress).toBe(false);
  });

  it("links one private DNS zone per endpoint kind to the VNet, keyed by zone name", () => {
    const doc = build({ privateEndpointKinds: ["vault", "blob", "registry"] });
    expect(resources(doc, "azurerm_private_dns_zone").map((z) => z.name).sort()).toEqual(["privatelink.azurecr.io", "privatelink.blob.core.windows.net", "privatelink.vaultcore.azure.net"]);
    const links = resources(doc, "azurerm_private_dns_zone_virtual_network_link");
    expect(links).toHaveLength(3);
    for (const l of links) expect(l).toMatchObject({ registration_enabled: false, virtual_network_id: expect.stringMatching(/azurerm_virtual_network\.network_vnet_\w+\.id/) });
    // removing a kind leaves the others' addresses as they were
    const fewer = build({ privateEndpointKinds: ["blob", "registry"] });
    const keys = (d: typeof doc) => Object.keys(d.resource.azurerm_private_dns_zone);
    expect(keys(doc)).toEqual(expect.arrayContaining(keys(fewer)));
  });

  it("sizes the Lustre subnet to the capacity by the documented table", () => {
    const lustre = (tib: number) => resources(build({ lustreCapacityTiB: tib }), "azurerm_subnet").find((s) => s.name === "acme-dev-lustre")?.address_prefixes;
    expect(lustre(4)).toEqual([expect.stringMatching(/\/27$/)]);
    expect(lustre(40)).toEqual([expect.stringMatching(/\/26$/)]);
    expect(lustre(96)).toEqual([expect.stringMatching(/\/24$/)]);
    expect(lustre(400)).toEqual([expect.stringMatching(/\/23$/)]);
    expect(resources(build(), "azurerm_subnet").find((s) => s.name === "acme-dev-lustre")).toBeUndefined();
  });

  it("exposes the zone of a kind and says which kinds exist when asked for another", () => {
    synthAzure((s) => {
      const net = network(s);
      expect(net.privateDnsZone("vault")).toBeDefined();
      expect(problemsOf(() => net.privateDnsZone("search"))).toEqual([expect.stringMatching(/^privateEndpointKinds: has no "search" zone \(got \["vault","blob"\]\)/)]);
    });
  });

  it("rejects subnet sizes AKS and Lustre do not accept, public space, and repeated kinds, naming each prop", () => {
    expect(problemsOf(() => build({ apiServerPrefixLength: 29, nodesPrefixLength: 30 }))).toEqual([
      expect.stringMatching(/^nodesPrefixLength: .*from 16 to 27 \(got 30\)/),
      expect.stringMatching(/^apiServerPrefixLength: .*at least a \/28.*from 16 to 28 \(got 29\)/),
    ]);
    expect(problemsOf(() => build({ cidr: "20.0.0.0/16" }))).toEqual([expect.stringMatching(/^cidr: must lie in private \(RFC 1918\) space/)]);
    expect(problemsOf(() => build({ lustreCapacityTiB: 2 }))).toEqual([expect.stringMatching(/^lustreCapacityTiB: .*at least 4 \(got 2\)/)]);
    expect(problemsOf(() => build({ lustreCapacityTiB: 48, lustrePrefixLength: 26 }))).toEqual([expect.stringMatching(/^lustrePrefixLength: .*48 TiB needs a \/25 or larger subnet \(got 26\)/)]);
    expect(problemsOf(() => build({ lustreCapacityTiB: 768 }))).toEqual([expect.stringMatching(/^lustrePrefixLength: is required above 400 TiB/)]);
    expect(problemsOf(() => build({ privateEndpointKinds: ["blob", "blob", "ftp" as never] }))).toEqual([
      expect.stringMatching(/^privateEndpointKinds\.1: repeats "blob"/),
      expect.stringMatching(/^privateEndpointKinds\.2: A private endpoint kind accepts blob, vault/),
    ]);
    expect(problemsOf(() => build({ cidr: "10.0.0.0/24" }))).toEqual([expect.stringMatching(/^cidr: is too small for the subnets: they need \d+ addresses, \/24 holds 256/)]);
    expect(problemsOf(() => build({ resourceGroupName: "bad/group." }))).toEqual([expect.stringMatching(/^resourceGroupName: Azure resource group names allow/)]);
  });

  it("builds names without hyphens by the documented composition rule, never by a silent rewrite", () => {
    expect(compactName("azure-storage-account", { name: "acme-llm", tier: "prod" }, "data")).toEqual({ name: "acmellmproddata", problems: [] });
    expect(compactName("azure-storage-account", { name: "acme-llm-platform", tier: "staging" }, "data").problems).toEqual([expect.stringMatching(/3-24 characters.*26 characters/)]);
    expect(compactName("aks-node-pool", { name: "Acme", tier: "dev" }).problems).toEqual([expect.stringMatching(/lowercase letters and digits/)]);
  });
});
