import { FsxLustreFileSystem } from "@cdktf/provider-aws/lib/fsx-lustre-file-system";
import { describe, expect, it } from "vitest";
import { AwsLustreFileSystem } from "../../lib/constructs/aws/lustre-file-system";
import { fsxLustreKmsEncryption } from "../../lib/policy/rules/aws/fsx/lustre-kms-encryption";
import { DEV } from "../helpers";
import { findingsOf, statuses } from "./helpers";
import { envKey, messagesBy } from "./security-helpers";

describe("LLM-AWS-FSX-1 Lustre encrypted with a customer-managed key", () => {
  it("passes an AwsLustreFileSystem", () => {
    const findings = findingsOf(fsxLustreKmsEncryption, (s) => new AwsLustreFileSystem(s, "fsx", { environment: DEV, vpcId: "vpc-123", subnetId: "subnet-a", clientCidrs: ["10.40.0.0/16"], encryptionKey: envKey(s) }));
    expect(statuses(findings)).toEqual({ "aws_fsx_lustre_file_system.fsx_file-system": "compliant" });
  });

  it("fails a persistent file system without a key, and a scratch one (saying it can take none)", () => {
    // given
    const findings = findingsOf(fsxLustreKmsEncryption, (s) => {
      new FsxLustreFileSystem(s, "persistent", { subnetIds: ["subnet-a"], storageCapacity: 1200, deploymentType: "PERSISTENT_2", perUnitStorageThroughput: 125 });
      new FsxLustreFileSystem(s, "scratch", { subnetIds: ["subnet-a"], storageCapacity: 1200 });
    });
    // then
    expect(messagesBy(findings)).toEqual({
      "aws_fsx_lustre_file_system.persistent": "is not encrypted with a customer-managed KMS key (kms_key_id is not set)",
      "aws_fsx_lustre_file_system.scratch": "is not encrypted with a customer-managed KMS key (a SCRATCH_1 file system takes no key: use PERSISTENT_2)",
    });
  });
});
