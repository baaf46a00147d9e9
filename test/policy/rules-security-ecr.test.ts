import { EcrRegistryScanningConfiguration } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { describe, expect, it } from "vitest";
import type { Construct } from "../../lib/cdk";
import { AwsRegistry } from "../../lib/constructs/aws/registry";
import { ecrImmutableScanned } from "../../lib/policy/rules/aws/ecr/immutable-scanned-images";
import { ecrRepositoryKms } from "../../lib/policy/rules/aws/ecr/repository-kms-encryption";
import { DEV } from "../helpers";
import { findingsOf, statuses } from "./helpers";
import { envKey, messagesBy } from "./security-helpers";

const registry = (s: Construct) => new AwsRegistry(s, "registry", { environment: DEV, encryptionKey: envKey(s) });

describe("LLM-AWS-ECR-1 repositories encrypted with a customer-managed key", () => {
  it("passes an AwsRegistry's repository", () => {
    expect(statuses(findingsOf(ecrRepositoryKms, registry))).toEqual({ "aws_ecr_repository.registry_repository": "compliant" });
  });

  it("fails a repository on the AES256 default and one on the AWS-managed ECR key", () => {
    const findings = findingsOf(ecrRepositoryKms, (s) => {
      new EcrRepository(s, "aes", { name: "acme/aes" });
      new EcrRepository(s, "aws-key", { name: "acme/aws-key", encryptionConfiguration: [{ encryptionType: "KMS" }] });
    });
    expect(messagesBy(findings)).toEqual({
      "aws_ecr_repository.aes": "encrypts images with AES256, not a customer-managed KMS key",
      "aws_ecr_repository.aws-key": "encrypts images with the AWS-managed ECR key (kms_key is not set)",
    });
  });
});

describe("LLM-AWS-ECR-2 immutable tags, images scanned on push", () => {
  it("passes an AwsRegistry's repository", () => {
    const findings = findingsOf(ecrImmutableScanned, registry);
    expect(statuses(findings)).toEqual({ "aws_ecr_repository.registry_repository": "compliant" });
    expect(findings[0].level).toBe("warning");
  });

  it("fails a repository on the defaults (mutable, unscanned)", () => {
    const findings = findingsOf(ecrImmutableScanned, (s) => new EcrRepository(s, "defaults", { name: "acme/defaults" }));
    expect(messagesBy(findings)).toEqual({ "aws_ecr_repository.defaults": "has mutable image tags; does not scan images on push" });
  });

  it("counts registry-level scanning on push for the repositories its filter matches", () => {
    // given enhanced scanning of acme/* on push
    const findings = findingsOf(ecrImmutableScanned, (s) => {
      new EcrRegistryScanningConfiguration(s, "scanning", { scanType: "ENHANCED", rule: [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilter: [{ filter: "acme/*", filterType: "WILDCARD" }] }] });
      new EcrRepository(s, "covered", { name: "acme/covered", imageTagMutability: "IMMUTABLE" });
      new EcrRepository(s, "outside", { name: "other/outside", imageTagMutability: "IMMUTABLE" });
    });
    // then
    expect(statuses(findings)).toEqual({ "aws_ecr_repository.covered": "compliant", "aws_ecr_repository.outside": "non-compliant" });
    expect(messagesBy(findings)).toEqual({ "aws_ecr_repository.outside": "does not scan images on push" });
  });
});
