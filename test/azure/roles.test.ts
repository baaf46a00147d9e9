import { describe, expect, it } from "vitest";
import { assignRole } from "../../lib/constructs/azure/private/roles";
import { DEV, resources } from "../helpers";
import { synthAzure, vault } from "./helpers";

const PRINCIPAL = { principalId: "33333333-3333-3333-3333-333333333333" };

describe("assignRole", () => {
  it("keys an assignment by principal, role and target: the same role on two targets is two assignments under one prefix", () => {
    // given one principal given Contributor on two resources (references, as a stack writes them) and on one twice
    const doc = synthAzure((s) => {
      const kv = vault(s, DEV);
      const first = assignRole(s, "ops", PRINCIPAL, "Contributor", kv.vaultId);
      assignRole(s, "ops", PRINCIPAL, "Contributor", kv.keyResourceId);
      // when asked again for the same principal, role and target
      expect(assignRole(s, "ops", PRINCIPAL, "Contributor", kv.vaultId)).toBe(first);
    });
    // then two assignments, one per target
    const ops = Object.entries(doc.resource.azurerm_role_assignment).filter(([k]) => k.startsWith("ops-contributor-"));
    expect(ops.map(([, r]) => r.scope).sort()).toEqual([expect.stringMatching(/azurerm_key_vault\.keys_vault_\w+\.id/), expect.stringMatching(/azurerm_key_vault_key\.keys_key_\w+\.resource_versionless_id/)].sort((a, b) => String(a).localeCompare(String(b))));
  });

  it("gives the same ids on every synth, whatever was synthesized before", () => {
    const build = () =>
      synthAzure((s) => {
        const kv = vault(s, DEV);
        assignRole(s, "ops", PRINCIPAL, "Reader", kv.vaultId);
        assignRole(s, "ops", PRINCIPAL, "Reader", kv.keyResourceId);
      });
    const first = Object.keys(build().resource.azurerm_role_assignment).sort();
    const second = Object.keys(build().resource.azurerm_role_assignment).sort();
    expect(second).toEqual(first);
    expect(resources(build(), "azurerm_role_assignment").filter((r) => r.role_definition_name === "Reader")).toHaveLength(2);
  });
});
