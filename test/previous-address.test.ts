import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeUniqueId } from "../lib/cdk";
import { addEnvironmentStacks } from "../lib/stacks/synth";
import { loadSpecFile } from "../lib/environment/load";
import { App, Testing } from "cdktf";

describe("addresses of the earlier release", () => {
  it("allocates logical ids as cdktf did when the earlier release named them (fails loudly if cdktf changes its scheme)", () => {
    // an address of the earlier release's prod example
    expect(makeUniqueId(["alerts", "email-0"])).toBe("alerts_email-0_ECD0CBB7");
  });

  it("moves every list-driven resource of the prod example from its position-keyed address, so nothing is destroyed and recreated", () => {
    // given the prod example
    const app = Testing.app();
    const [stack] = addEnvironmentStacks(app as App, [{ source: "prod", spec: loadSpecFile(join(__dirname, "..", "examples", "aws", "specs", "prod.yaml")) }]);
    const doc = JSON.parse(Testing.synth(stack)) as { moved: { from: string; to: string }[] };
    // then each address the earlier release synthesized (read from its cdk.tf.json) moves to the value-keyed one
    expect(doc.moved.map((m) => m.from).sort()).toEqual(
      [
        "aws_eks_access_entry.training_admin-0_BDF00F12",
        "aws_eks_access_policy_association.training_admin-0-policy_4FB244AC",
        "aws_iam_role_policy.storage_artifacts_grant-0_C388A3D7",
        "aws_iam_role_policy.storage_checkpoints_grant-0_0EA4BA7A",
        "aws_iam_role_policy.storage_datasets_grant-0_442B685A",
        "aws_iam_role_policy.vector-store_grant-0_78017ABE",
        "aws_sns_topic_subscription.alerts_email-0_ECD0CBB7",
        "aws_vpc_security_group_ingress_rule.shared-storage_client-0-0_53F3ADBF",
        "aws_vpc_security_group_ingress_rule.shared-storage_client-0-1_ABD32DBA",
      ].sort(),
    );
    expect(doc.moved.find((m) => m.from.startsWith("aws_eks_access_entry."))?.to).toMatch(/^aws_eks_access_entry\.training_admin-ml-platform-admin-[0-9a-f]{8}_[0-9A-F]{8}$/);
  });
});
