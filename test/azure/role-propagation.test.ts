import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import { ROLE_PROPAGATION_WAIT } from "../../lib/constructs/azure/private/roles";
import { loadSpecFile } from "../../lib/environment/load";
import { AzureLlmOpsStack } from "../../lib/stacks/azure-llmops-stack";
import { synthStack, type Synthesized } from "../helpers";
import { roleDependencies } from "./helpers";

type Resource = { depends_on?: string[]; identity?: { identity_ids?: string[] } | { identity_ids?: string[] }[]; principal_id?: string; scope?: string; role_definition_name?: string; create_duration?: string };

function exampleStack(tier: "dev" | "prod"): Synthesized {
  const spec = loadSpecFile(join(__dirname, "..", "..", "examples", "azure", "specs", `${tier}.yaml`));
  return synthStack(new AzureLlmOpsStack(Testing.app(), { spec: spec as never }));
}

const entries = (doc: Synthesized, type: string) => Object.entries((doc.resource[type] ?? {}) as Record<string, Resource>);
const identitiesOf = (r: Resource) => [r.identity ?? []].flat().flatMap((i) => i.identity_ids ?? []);
const assignments = (doc: Synthesized) => entries(doc, "azurerm_role_assignment").map(([name, r]) => ({ address: `azurerm_role_assignment.${name}`, ...r }));

/** The user-assigned identities (resource addresses) a resource runs as. */
function identityAddresses(r: Resource): string[] {
  return identitiesOf(r).flatMap((id) => /^\$\{(azurerm_user_assigned_identity\.[\w-]+)\.id\}$/.exec(id)?.[1] ?? []);
}

/** Every Terraform address `value` refers to (`${type.name.attr}` and `${data.type.name.attr}`). */
function references(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(/\$\{((?:data\.)?[a-z0-9_]+\.[\w-]+)(?=[.\[}])/g)].map((m) => m[1]);
}

/** The dependency graph of a stack: each resource and data source to what it depends on, explicitly or by reference. */
function dependencyGraph(doc: { resource?: Record<string, Record<string, unknown>>; data?: Record<string, Record<string, unknown>> }): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, byName] of Object.entries(doc[kind] ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        const { depends_on: dependsOn, ...rest } = body as { depends_on?: string[] };
        graph.set(`${prefix}${type}.${name}`, [...(dependsOn ?? []), ...references(rest)]);
      }
    }
  }
  return graph;
}

/** A cycle of the graph (its addresses), or undefined when it has none. */
function cycleOf(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done" || !graph.has(node)) return undefined;
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of graph.keys()) {
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}

describe("RBAC propagation waits in the example stacks", () => {
  it.each(["dev", "prod"] as const)("the %s stack's CMK consumers start 120s after their identity's grants, never right after them", (tier) => {
    // given the example's stack
    const doc = exampleStack(tier);
    const grants = assignments(doc);
    // the registry keeps Microsoft-managed keys (no identity, no grant to wait for)
    expect(entries(doc, "azurerm_container_registry").map(([, r]) => identityAddresses(r))).toEqual([[]]);
    const consumers = ["azurerm_storage_account", "azurerm_search_service", "azurerm_postgresql_flexible_server", "azurerm_managed_lustre_file_system", "azurerm_kubernetes_cluster", "azurerm_machine_learning_workspace"];
    let checked = 0;
    for (const type of consumers) {
      for (const [name, r] of entries(doc, type)) {
        // the grants to the identities it runs as: on the keys it names (AI Search names none: its indexes name the key), and on anything but a key (not on itself: made after it)
        const own = identityAddresses(r).map((a) => `\${${a}.principal_id}`);
        // a versioned consumer names its key through the data source reading the current version (which depends on the key)
        const keyData = (doc as { data?: Record<string, Record<string, { depends_on?: string[] }>> }).data?.azurerm_key_vault_key ?? {};
        const keys = references(r).flatMap((a) => (a.startsWith("data.azurerm_key_vault_key.") ? (keyData[a.split(".")[2]]?.depends_on ?? []) : [a])).filter((a) => a.startsWith("azurerm_key_vault_key."));
        const onKey = (scope: string) => references(scope).filter((a) => a.startsWith("azurerm_key_vault_key."));
        const needed = grants
          .filter((g) => own.includes(String(g.principal_id)) && !String(g.scope).includes(`${type}.${name}.`))
          .filter((g) => keys.length === 0 || onKey(String(g.scope)).every((k) => keys.includes(k)))
          .map((g) => g.address);
        expect(needed.length, `${type}.${name} has grants to wait for`).toBeGreaterThan(0);
        // then each is awaited through a 120s time_sleep, none depended on directly
        const { direct, awaited } = roleDependencies(doc, r);
        expect(direct, `${type}.${name}`).toEqual([]);
        expect(awaited, `${type}.${name}`).toEqual(expect.arrayContaining(needed));
        checked++;
      }
    }
    // the two storage accounts (the environment's, the model registry's), the vector store, (Lustre in prod), the cluster and the model registry's workspace
    expect(checked).toBe(tier === "dev" ? 5 : 6);
    // Azure OpenAI reads its key as its system-assigned identity through an access policy (no RBAC to propagate): its key resource follows that policy
    const [[, key]] = entries(doc, "azurerm_cognitive_account_customer_managed_key");
    expect(key.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_key_vault_access_policy\./)]));
  });

  it.each(["dev", "prod"] as const)("the %s stack's vault keys are made 120s after the deployer's Crypto Officer grant", (tier) => {
    const doc = exampleStack(tier);
    const officer = assignments(doc).filter((g) => g.role_definition_name === "Key Vault Crypto Officer").map((g) => g.address);
    expect(officer).toHaveLength(1);
    // the keys of the RBAC vault (Azure OpenAI's access-policy vault grants the deployer by an access policy, at once)
    const rbacVaults = entries(doc, "azurerm_key_vault").filter(([, v]) => (v as { rbac_authorization_enabled?: boolean }).rbac_authorization_enabled === true).map(([name]) => `azurerm_key_vault.${name}`);
    const keys = entries(doc, "azurerm_key_vault_key").filter(([, k]) => rbacVaults.some((v) => String((k as { key_vault_id?: string }).key_vault_id).includes(v)));
    expect(keys.length).toBeGreaterThan(0);
    for (const [, key] of keys) expect(roleDependencies(doc, key)).toEqual({ direct: [], awaited: officer });
  });

  it.each(["dev", "prod"] as const)("every wait in the %s stack lasts 120s and follows only role assignments", (tier) => {
    const doc = exampleStack(tier);
    const sleeps = entries(doc, "time_sleep");
    expect(sleeps.length).toBeGreaterThan(0);
    for (const [, sleep] of sleeps) {
      expect(sleep.create_duration).toBe(ROLE_PROPAGATION_WAIT);
      expect(sleep.depends_on?.every((d) => d.startsWith("azurerm_role_assignment."))).toBe(true);
    }
    // and the hashicorp/time provider is declared
    expect((doc as unknown as { terraform: { required_providers: Record<string, { source: string }> } }).terraform.required_providers.time).toMatchObject({ source: "hashicorp/time" });
  });
});

describe("the dependency graph of the example stacks", () => {
  it("finds a cycle when there is one (the check itself)", () => {
    const doc = { resource: { time_sleep: { wait: { depends_on: ["azurerm_role_assignment.grant"] } }, azurerm_role_assignment: { grant: { scope: "${azurerm_key_vault_key.key.resource_versionless_id}" } }, azurerm_key_vault_key: { key: { depends_on: ["time_sleep.wait"] } } } };
    expect(cycleOf(dependencyGraph(doc))).toEqual(["time_sleep.wait", "azurerm_role_assignment.grant", "azurerm_key_vault_key.key", "time_sleep.wait"]);
  });

  it.each(["dev", "prod"] as const)("of %s has no cycle, references and depends_on together", (tier) => {
    const doc = exampleStack(tier) as unknown as Parameters<typeof dependencyGraph>[0];
    const graph = dependencyGraph(doc);
    expect(graph.size).toBeGreaterThan(50);
    expect(cycleOf(graph)).toBeUndefined();
  });
});
