import { describe, expect, it } from "vitest";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { AwsRegistry, type AwsRegistryProps } from "../lib/constructs/aws/registry";
import { DEV, PROD, only, synthAws, type Synthesized } from "./helpers";

/** Synthesizes a registry with a fresh key of the same environment. */
function synthRegistry(props: Omit<AwsRegistryProps, "encryptionKey">): Synthesized {
  return synthAws((s) => new AwsRegistry(s, "registry", { ...props, encryptionKey: new AwsEncryptionKey(s, "key", { environment: props.environment }) }));
}

describe("AwsRegistry", () => {
  describe("in dev", () => {
    const doc = synthRegistry({ environment: DEV });

    it("creates an ECR repository with immutable tags, scan on push and KMS encryption with the key", () => {
      const repo = only(doc, "aws_ecr_repository");
      expect(repo.name).toBe("acme-dev/serving");
      expect(repo.image_tag_mutability).toBe("IMMUTABLE");
      expect(repo.image_scanning_configuration).toEqual({ scan_on_push: true });
      expect(repo.encryption_configuration).toEqual([{ encryption_type: "KMS", kms_key: `\${aws_kms_key.${Object.keys(doc.resource.aws_kms_key)[0]}.arn}` }]);
    });

    it("expires untagged images after 14 days", () => {
      const lifecycle = only(doc, "aws_ecr_lifecycle_policy");
      expect(lifecycle.repository).toMatch(/^\$\{aws_ecr_repository\.[^.]+\.name\}$/);
      const { rules } = JSON.parse(lifecycle.policy as string);
      expect(rules).toEqual([
        expect.objectContaining({
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
          action: { type: "expire" },
        }),
      ]);
    });

    it("creates the model package group as the model registry", () => {
      expect(only(doc, "aws_sagemaker_model_package_group").model_package_group_name).toBe("acme-dev-models");
    });

    it("lets terraform destroy delete a repository with images, and prevents nothing", () => {
      const repo = only(doc, "aws_ecr_repository");
      expect(repo.force_delete).toBe(true);
      expect(repo.lifecycle).toBeUndefined();
      expect(only(doc, "aws_sagemaker_model_package_group").lifecycle).toBeUndefined();
    });
  });

  it("protects the repository and the model group from terraform destroy in prod", () => {
    const doc = synthRegistry({ environment: PROD });
    const repo = only(doc, "aws_ecr_repository");
    expect(repo.name).toBe("acme-prod/serving");
    expect(repo.force_delete).toBe(false);
    expect(repo.lifecycle).toEqual({ prevent_destroy: true });
    expect(only(doc, "aws_sagemaker_model_package_group").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("expires untagged images after the days asked for", () => {
    const doc = synthRegistry({ environment: DEV, untaggedImageDays: 3 });
    expect(JSON.parse(only(doc, "aws_ecr_lifecycle_policy").policy as string).rules[0].selection.countNumber).toBe(3);
  });

  it("rejects a non-positive number of days for untagged images", () => {
    expect(() => synthRegistry({ environment: DEV, untaggedImageDays: 0 })).toThrowError(/untaggedImageDays: Untagged image expiry \(days\) takes a whole number, at least 1 \(got 0\)/);
  });

  it("rejects an environment name an ECR repository cannot carry", () => {
    expect(() => synthRegistry({ environment: { name: "Acme", tier: "dev" } })).toThrowError(
      /environment\.name: ECR repository names allow lowercase letters and digits.*\(got "Acme-dev\/serving"\)/,
    );
  });
});
