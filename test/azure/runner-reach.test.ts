import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import { AzureNetwork } from "../../lib/constructs/azure/network";
import { AzureTrainingCluster } from "../../lib/constructs/azure/training-cluster";
import { resolveEnvironmentSpec } from "../../lib/environment/resolve";
import { AzureLlmOpsStack } from "../../lib/stacks/azure-llmops-stack";
import { DEV, only, problemsOf, resources, synthStack, type Synthesized } from "../helpers";
import { azureEnvSpec, cluster, network, synthAzure, vault } from "./helpers";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const RUNNER = `/subscriptions/${SUBSCRIPTION}/resourceGroups/ci-rg/providers/Microsoft.Network/virtualNetworks/ci-vnet`;
const OTHER_SUBSCRIPTION = "11111111-1111-1111-1111-111111111111";
const FOREIGN_RUNNER = `/subscriptions/${OTHER_SUBSCRIPTION}/resourceGroups/ops-rg/providers/Microsoft.Network/virtualNetworks/ops-vnet`;

type Peering = { name: string; resource_group_name: string; virtual_network_name: string; remote_virtual_network_id: string; provider?: string; depends_on?: string[] };
type Link = { private_dns_zone_name: string; virtual_network_id: string; registration_enabled: boolean };

const peerings = (doc: Synthesized) => resources(doc, "azurerm_virtual_network_peering") as unknown as Peering[];
const links = (doc: Synthesized) => resources(doc, "azurerm_private_dns_zone_virtual_network_link") as unknown as Link[];
const address = (doc: Synthesized, type: string, prefix: string) => `${type}.${Object.keys(doc.resource[type] ?? {}).find((k) => k.startsWith(prefix))}`;

const azureSpec = (azure: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) => azureEnvSpec(SUBSCRIPTION, overrides, azure);

describe("a runner VNet (the first apply's path to the private endpoints)", () => {
  it("is peered both ways with the environment's VNet: the return half in the runner's resource group, after the first", () => {
    // given a network with a runner VNet in the same subscription
    const doc = synthAzure((s) => network(s, DEV, { runnerVirtualNetworkIds: [RUNNER], subscriptionId: SUBSCRIPTION }));
    // then
    const [out, back] = [...peerings(doc)].sort((a, b) => a.resource_group_name.localeCompare(b.resource_group_name));
    expect(out).toMatchObject({ resource_group_name: "acme-dev-rg", virtual_network_name: expect.stringMatching(/^\$\{azurerm_virtual_network\.network_vnet_\w+\.name\}$/), remote_virtual_network_id: RUNNER, allow_virtual_network_access: true, allow_forwarded_traffic: false, allow_gateway_transit: false, use_remote_gateways: false });
    // the half in the environment's VNet names it by reference: Terraform makes the VNet first (a plain name raced it on the first apply)
    expect(back).toMatchObject({ resource_group_name: "ci-rg", virtual_network_name: "ci-vnet", name: "to-acme-dev-vnet", remote_virtual_network_id: expect.stringMatching(/azurerm_virtual_network\.network_vnet_\w+\.id/) });
    expect(back.provider).toBeUndefined();
    expect(back.depends_on).toEqual([address(doc, "azurerm_virtual_network_peering", "network_runner-peering-ci-vnet")]);
  });

  it("is peered back through a provider aliased to its own subscription when it lives in another one", () => {
    // given
    const doc = synthAzure((s) => network(s, DEV, { runnerVirtualNetworkIds: [FOREIGN_RUNNER], subscriptionId: SUBSCRIPTION }));
    // then
    const back = peerings(doc).find((p) => p.resource_group_name === "ops-rg");
    expect(back?.provider).toBe(`azurerm.runner-${OTHER_SUBSCRIPTION}`);
    const providers = (doc as unknown as { provider: { azurerm: Record<string, unknown>[] } }).provider.azurerm;
    expect(providers).toContainEqual(expect.objectContaining({ alias: `runner-${OTHER_SUBSCRIPTION}`, subscription_id: OTHER_SUBSCRIPTION, resource_provider_registrations: "none" }));
  });

  it("is linked to every private DNS zone the network makes, and the private endpoints wait for the links and peerings", () => {
    // given a network with four endpoint zones and a vault on it
    const doc = synthAzure((s) => vault(s, DEV, {}, network(s, DEV, { runnerVirtualNetworkIds: [RUNNER, FOREIGN_RUNNER], privateEndpointKinds: ["vault", "blob", "registry", "search"] })));
    // then each zone is linked to the environment's VNet and to both runners, without auto-registration
    const zones = resources(doc, "azurerm_private_dns_zone").map((z) => z.name);
    expect(zones).toHaveLength(4);
    for (const runner of [RUNNER, FOREIGN_RUNNER]) {
      const linked = links(doc).filter((l) => l.virtual_network_id === runner);
      expect(linked).toHaveLength(4);
      expect(linked.every((l) => l.registration_enabled === false)).toBe(true);
    }
    const endpoint = only(doc, "azurerm_private_endpoint") as { depends_on: string[] };
    expect(endpoint.depends_on).toHaveLength(4 * 2 + 2 * 2);
    expect(endpoint.depends_on.filter((d) => d.startsWith("azurerm_virtual_network_peering."))).toHaveLength(4);
    // and the key (data plane) waits for the endpoint
    expect((only(doc, "azurerm_key_vault_key") as { depends_on: string[] }).depends_on).toContain(address(doc, "azurerm_private_endpoint", "keys_endpoint"));
  });

  it("makes nothing more without runner VNets", () => {
    const doc = synthAzure((s) => vault(s));
    expect(peerings(doc)).toEqual([]);
    expect(links(doc).every((l) => !String(l.virtual_network_id).startsWith("/subscriptions/"))).toBe(true);
    expect((only(doc, "azurerm_private_endpoint") as { depends_on?: string[] }).depends_on).toBeUndefined();
  });

  it.each([
    ["a VNet name", "ci-vnet", /^runnerVirtualNetworkIds\.0: must be the ARM id of a virtual network: \/subscriptions\/<subscription GUID>\/resourceGroups\/<group>\/providers\/Microsoft\.Network\/virtualNetworks\/<name>/],
    ["a subnet id", `${RUNNER}/subnets/runners`, /^runnerVirtualNetworkIds\.0: must be the ARM id of a virtual network/],
    ["another resource type", RUNNER.replace("virtualNetworks", "networkSecurityGroups"), /^runnerVirtualNetworkIds\.0: must be the ARM id of a virtual network/],
  ])("refuses %s", (_, id, message) => {
    expect(problemsOf(() => synthAzure((s) => network(s, DEV, { runnerVirtualNetworkIds: [id] })))).toEqual([expect.stringMatching(message)]);
  });

  it("refuses the same VNet twice, whatever its case", () => {
    expect(AzureNetwork.validate({ runnerVirtualNetworkIds: [RUNNER, RUNNER.toLowerCase()] })).toEqual([expect.objectContaining({ path: "runnerVirtualNetworkIds.1", message: expect.stringMatching(/^repeats .*list each runner VNet once/) })]);
  });
});

describe("the private AKS API server's DNS zone", () => {
  it("is the stack's own subzone for VNet-integrated clusters, linked to the VNet and the runners, and the cluster identity may write it", () => {
    // given
    const doc = synthAzure((s) => cluster(s, DEV, {}));
    const withRunner = synthAzure((s) => {
      const net = network(s, DEV, { runnerVirtualNetworkIds: [RUNNER] });
      new AzureTrainingCluster(s, "training", { environment: DEV, network: net, encryptionKey: vault(s, DEV, {}, net) });
    });
    // then the zone is <name>-<tier>.private.<region>.azmk8s.io, the cluster's private DNS zone
    const zone = resources(doc, "azurerm_private_dns_zone").find((z) => String(z.name).endsWith(".azmk8s.io"));
    expect(zone?.name).toBe("acme-dev.private.eastus2.azmk8s.io");
    const aks = only(doc, "azurerm_kubernetes_cluster") as { private_dns_zone_id: string; depends_on: string[] };
    const zoneAddress = address(doc, "azurerm_private_dns_zone", "network_aks-zone");
    expect(aks.private_dns_zone_id).toBe(`\${${zoneAddress}.id}`);
    // and the cluster identity holds Private DNS Zone Contributor on it before the cluster is made
    const grant = resources(doc, "azurerm_role_assignment").find((r) => r.role_definition_name === "Private DNS Zone Contributor");
    expect(grant).toMatchObject({ scope: `\${${zoneAddress}.id}`, principal_id: expect.stringMatching(/training_identity/) });
    expect(aks.depends_on).toContain(address(doc, "azurerm_private_dns_zone_virtual_network_link", "network_aks-zone-link"));
    // and with a runner, the zone is linked to it too, before the cluster
    const runnerLink = Object.entries(withRunner.resource.azurerm_private_dns_zone_virtual_network_link).find(([, l]) => (l as Link).virtual_network_id === RUNNER && String((l as Link).private_dns_zone_name).includes("network_aks-zone"));
    expect(runnerLink).toBeDefined();
    expect((only(withRunner, "azurerm_kubernetes_cluster") as { depends_on: string[] }).depends_on).toContain(`azurerm_private_dns_zone_virtual_network_link.${runnerLink![0]}`);
  });
});

describe("the AKS API server's subzone name", () => {
  it("is refused, naming the fix, when the environment's name and tier pass AKS's 32 characters", () => {
    const long = { name: "abcdefghijklmnopqrstuvwxyz", tier: "staging" } as const;
    // a network alone does not need it
    expect(() => synthAzure((s) => network(s, long))).not.toThrow();
    expect(problemsOf(() => synthAzure((s) => network(s, long).clusterPrivateDnsZone()))).toEqual([expect.stringMatching(/^environment\.name: with the tier names the AKS API server's private DNS subzone: .* at most 32 characters \(got "abcdefghijklmnopqrstuvwxyz-staging"\); shorten the name$/)]);
  });
});

describe("azure.runnerVirtualNetworkIds in the spec", () => {
  it("warns, naming the field, when none is given: the first apply must run inside the environment's VNet", () => {
    const spec = resolveEnvironmentSpec(azureSpec());
    expect(spec.warnings).toContainEqual(expect.stringMatching(/^azure\.runnerVirtualNetworkIds: none given, so the first terraform apply must run from inside the environment's VNet/));
  });

  it("does not warn with a runner, and the stack peers it and links every zone (PostgreSQL's too) to it", () => {
    // given
    const spec = azureSpec({ runnerVirtualNetworkIds: [RUNNER], postgresAdmin: { objectId: SUBSCRIPTION, principalName: "db-admins", principalType: "Group" } }, { vectorStore: { engine: "postgres-pgvector" } });
    // when
    const resolved = resolveEnvironmentSpec(spec);
    const doc = synthStack(new AzureLlmOpsStack(Testing.app(), { spec }));
    // then
    expect(resolved.warnings.filter((w) => w.startsWith("azure.runnerVirtualNetworkIds"))).toEqual([]);
    expect(peerings(doc)).toHaveLength(2);
    const zones = resources(doc, "azurerm_private_dns_zone").map((z) => z.name as string);
    expect(zones).toContain("acme-dev-pg.private.postgres.database.azure.com");
    const zoneOf = (l: Link) => Object.entries(doc.resource.azurerm_private_dns_zone).find(([k]) => l.private_dns_zone_name.includes(k))?.[1].name;
    expect(links(doc).filter((l) => l.virtual_network_id === RUNNER).map(zoneOf).sort()).toEqual([...zones].sort());
  });

  it("is refused at its spec path, with the fix, when an entry is not a VNet id", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(azureSpec({ runnerVirtualNetworkIds: ["ci-vnet"] })))).toEqual([expect.stringMatching(/^azure\.runnerVirtualNetworkIds\.0: must be the ARM id of a virtual network: .*az network vnet show/)]);
  });

  it("is refused when an entry repeats", () => {
    expect(problemsOf(() => resolveEnvironmentSpec(azureSpec({ runnerVirtualNetworkIds: [RUNNER, RUNNER] })))).toEqual([expect.stringMatching(/^azure\.runnerVirtualNetworkIds\.1: repeats/)]);
  });
});
