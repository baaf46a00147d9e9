import { describe, expect, it } from "vitest";
import type { Construct } from "../../lib/cdk";
import { AzureAiSearch, type AzureAiSearchProps } from "../../lib/constructs/azure/ai-search";
import { DEV, PROD, only, problemsOf, resources } from "../helpers";
import { network, synthAzure, vault, type Env, roleDependencies } from "./helpers";

type Props = Partial<AzureAiSearchProps>;
function search(s: Construct, env: Env = DEV, props: Props = {}): AzureAiSearch {
  const net = network(s, env, { privateEndpointKinds: ["vault", "blob", "search"] });
  const kv = vault(s, env, { identities: ["search"] }, net);
  return new AzureAiSearch(s, "search", { environment: env, network: net, encryptionKey: kv, keyIdentity: kv.identity("search"), ...props });
}
const build = (props: Props = {}, env: Env = DEV) => synthAzure((s) => search(s, env, props));

describe("AzureAiSearch", () => {
  it("makes a private Basic service in dev with API keys off and customer-managed keys enforced", () => {
    // given / when
    const doc = build();
    // then
    expect(only(doc, "azurerm_search_service")).toMatchObject({
      name: "acme-dev-search",
      sku: "basic",
      replica_count: 1,
      partition_count: 1,
      public_network_access_enabled: false,
      local_authentication_enabled: false,
      customer_managed_key_enforcement_enabled: true,
      network_rule_bypass_option: "None",
      identity: { type: "UserAssigned", identity_ids: [expect.stringMatching(/identity-search/)] },
    });
    expect(roleDependencies(doc, only(doc, "azurerm_search_service"))).toEqual({ direct: [], awaited: [expect.stringMatching(/^azurerm_role_assignment\.keys_key-user/)] });
  });

  it("is reached only through a private endpoint whose record goes in privatelink.search.windows.net", () => {
    const doc = build();
    const pe = resources(doc, "azurerm_private_endpoint").find((p) => p.name === "acme-dev-search-pe");
    expect(pe?.private_service_connection).toMatchObject({ subresource_names: ["searchService"], private_connection_resource_id: expect.stringMatching(/azurerm_search_service\.search_service_\w+\.id/) });
    expect(JSON.stringify(pe?.private_dns_zone_group)).toMatch(/azurerm_private_dns_zone\.network_zone-search-/);
  });

  it("runs three replicas on Standard in prod, for the query and indexing SLA, and cannot be destroyed", () => {
    expect(only(build({}, PROD), "azurerm_search_service")).toMatchObject({ sku: "standard", replica_count: 3, lifecycle: { prevent_destroy: true } });
    expect(AzureAiSearch.defaults("staging")).toMatchObject({ sku: "standard", replicaCount: 2 });
  });

  it("grants index data read-write, read and index management on the service, keyed by value", () => {
    const doc = synthAzure((s) => {
      const st = search(s);
      const p = { principalId: "66666666-6666-6666-6666-666666666666" };
      expect(st.grantReadWrite(p).policy).toBe(st.grantReadWrite(p).policy);
      st.grantRead(p);
      st.grantManageIndexes(p);
      expect(st.engine).toBe("managed-search");
      expect(st.endpoint).toBe("https://acme-dev-search.search.windows.net");
    });
    const roles = resources(doc, "azurerm_role_assignment").filter((r) => String(r.role_definition_name).startsWith("Search"));
    expect(roles.map((r) => r.role_definition_name).sort()).toEqual(["Search Index Data Contributor", "Search Index Data Reader", "Search Service Contributor"]);
    for (const r of roles) expect(r.scope).toMatch(/azurerm_search_service\.search_service_\w+\.id/);
  });

  it("refuses the free tier and replica or partition counts the SKU does not take", () => {
    expect(problemsOf(() => build({ sku: "free" as never }))).toEqual([expect.stringMatching(/^sku: "free" has no private endpoint and no customer-managed keys/)]);
    expect(problemsOf(() => build({ sku: "basic", replicaCount: 4, partitionCount: 6 }))).toEqual([
      expect.stringMatching(/^replicaCount: Replicas of a basic service takes a whole number from 1 to 3 \(got 4\)/),
      expect.stringMatching(/^partitionCount: Partitions of a basic service accepts 1, 2, 3 \(got 6\)/),
    ]);
    expect(problemsOf(() => build({ sku: "standard", replicaCount: 12, partitionCount: 12, dimensions: 5000 }))).toEqual([
      expect.stringMatching(/^dimensions: Vector field dimensions takes a whole number from 2 to 4096/),
      expect.stringMatching(/^replicaCount: times partitionCount is 144 search units, above the 36/),
    ]);
  });
});
