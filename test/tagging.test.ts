import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { Aspects, Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { markComponent } from "../lib/constructs/common";
import { ResourceTags, environmentTags } from "../lib/stacks/tagging";

const ENV = { environment: "acme-dev", tier: "dev", owner: "ml-platform@acme.example", costCenter: "ML-1234", tags: { "data-classification": "Confidential" } };

function synthWith(build: (scope: Construct) => void, scheme: "gcp-labels" | "azure-tags") {
  const app = Testing.app();
  const stack = new TerraformStack(app, "t");
  const tags = environmentTags(scheme, ENV);
  Aspects.of(stack).add(new ResourceTags(scheme, tags));
  const part = new Construct(stack, "storage");
  markComponent(part, "storage");
  build(part);
  return { doc: JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> }, tags };
}

describe("tags and labels per cloud", () => {
  it("writes every environment tag and the component on each Azure resource (azurerm has no provider default tags)", () => {
    // given an Azure resource inside a component
    const { doc } = synthWith((s) => {
      new AzurermProvider(s, "azurerm", { features: [{}] });
      new ResourceGroup(s, "rg", { name: "acme-dev", location: "eastus", tags: { extra: "kept" } });
    }, "azure-tags");
    // then it carries the full set, its own tags kept
    const rg = Object.values(doc.resource.azurerm_resource_group)[0];
    expect(rg.tags).toEqual({
      "data-classification": "Confidential",
      environment: "acme-dev",
      tier: "dev",
      owner: "ml-platform@acme.example",
      "cost-center": "ML-1234",
      "managed-by": "llmops-constructs",
      component: "storage",
      extra: "kept",
    });
  });

  it("encodes Google Cloud labels to the label rules and adds the component to each labelled resource", () => {
    // given a Google resource inside a component
    const { doc, tags } = synthWith((s) => {
      new GoogleProvider(s, "google", { project: "acme-llm-dev" });
      new StorageBucket(s, "bucket", { name: "acme-dev-datasets", location: "US-CENTRAL1" });
    }, "gcp-labels");
    // then the provider-level labels obey Google's rules (lowercase, no @ or .) and the resource gets its component
    expect(tags).toMatchObject({ owner: "ml-platform_at_acme_example", "cost-center": "ml-1234", "data-classification": "confidential" });
    for (const [k, v] of Object.entries(tags)) {
      expect(k).toMatch(/^[a-z][a-z0-9_-]{0,62}$/);
      expect(v).toMatch(/^[a-z0-9_-]{0,63}$/);
    }
    expect(Object.values(doc.resource.google_storage_bucket)[0].labels).toEqual({ component: "storage" });
  });
});
