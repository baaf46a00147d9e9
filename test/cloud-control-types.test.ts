import { describe, expect, it } from "vitest";
import { Testing, TerraformStack } from "../lib/cdk";
import { CLOUD_CONTROL_PROVISIONABLE_TYPES, CLOUD_CONTROL_TYPES_SOURCE } from "../lib/catalog/cloud-control-types";
import { AwsLlmOpsStack } from "../lib/stacks/aws-llmops-stack";
import { TIERS } from "../lib/util/tier";
import { addAwsExampleStacks } from "../examples/aws/stacks";
import { baseSpec, resources, synthStack, type Synthesized } from "./helpers";

/** Every synthesized AWS document to check: the examples, and each tier's defaults with and without a scale-to-zero endpoint. */
function documents(): Map<string, Synthesized> {
  const docs = new Map<string, Synthesized>();
  const app = Testing.app();
  addAwsExampleStacks(app);
  for (const stack of app.node.children) if (stack instanceof TerraformStack) docs.set(`example ${stack.node.id}`, synthStack(stack));
  for (const tier of TIERS) {
    for (const min of [0, 1]) {
      const spec = baseSpec({ tier, training: { accelerator: "nvidia-h100" }, inference: { accelerator: "aws-inferentia2", replicas: { min, max: 2 } } });
      docs.set(`${tier} defaults, inference min ${min}`, synthStack(new AwsLlmOpsStack(Testing.app(), { spec })));
    }
  }
  return docs;
}

describe("Cloud Control resources", () => {
  it("states where the provisionable-type list comes from and when it was read", () => {
    expect(CLOUD_CONTROL_TYPES_SOURCE.source).toMatch(/available_schemas\.\d{4}-\d{2}-\d{2}\.hcl/);
    expect(CLOUD_CONTROL_TYPES_SOURCE.listDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // AWS::SageMaker::EndpointConfig is NON_PROVISIONABLE: CreateResource fails at apply (review row 1)
    expect(CLOUD_CONTROL_PROVISIONABLE_TYPES).not.toContain("AWS::SageMaker::EndpointConfig");
  });

  it("use only types Cloud Control can create, in every example and tier-default stack", () => {
    // given every example and tier-default stack, when synthesized
    const found: string[] = [];
    const unsupported: string[] = [];
    for (const [name, doc] of documents()) {
      for (const r of resources(doc, "aws_cloudcontrolapi_resource")) {
        const type = String(r.type_name);
        found.push(type);
        if (!CLOUD_CONTROL_PROVISIONABLE_TYPES.includes(type)) unsupported.push(`${name}: ${type}`);
      }
    }
    // then each type is on the checked-in list (and the check saw at least one such resource)
    expect(unsupported).toEqual([]);
    expect(found).toContain("AWS::SageMaker::InferenceComponent");
  });
});
