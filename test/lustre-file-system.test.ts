import { describe, expect, it } from "vitest";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { AwsLustreFileSystem, lustreCapacityProblem, type AwsLustreFileSystemProps } from "../lib/constructs/aws/lustre-file-system";
import type { EnvironmentIdentity } from "../lib/constructs/common";
import { DEV, PROD, only, synthAws, type Synthesized } from "./helpers";

type Props = Partial<Omit<AwsLustreFileSystemProps, "encryptionKey" | "environment">>;

/** Synthesizes a file system in a VPC with a fresh key of the same environment. */
function synthLustre(environment: EnvironmentIdentity, props: Props = {}): Synthesized {
  return synthAws(
    (s) =>
      new AwsLustreFileSystem(s, "fsx", {
        environment,
        vpcId: "vpc-123",
        subnetId: "subnet-a",
        clientCidrs: ["10.40.0.0/16"],
        encryptionKey: new AwsEncryptionKey(s, "key", { environment }),
        ...props,
      }),
  );
}

/** The Terraform reference to an attribute of the one resource of a type. */
function ref(doc: Synthesized, type: string, attr = "arn"): string {
  const [address, ...more] = Object.keys(doc.resource[type] ?? {});
  if (!address || more.length > 0) throw new Error(`expected one ${type}`);
  return `\${${type}.${address}.${attr}}`;
}

describe("AwsLustreFileSystem", () => {
  describe("in dev", () => {
    const doc = synthLustre(DEV);
    const fs = only(doc, "aws_fsx_lustre_file_system");

    it("creates a PERSISTENT_2 SSD file system on Lustre 2.15, encrypted with the key", () => {
      expect(fs).toMatchObject({ deployment_type: "PERSISTENT_2", storage_type: "SSD", file_system_type_version: "2.15", subnet_ids: ["subnet-a"] });
      expect(fs.kms_key_id).toBe(ref(doc, "aws_kms_key"));
    });

    it("sizes for dev: 1200 GiB at 125 MB/s per TiB", () => {
      expect(fs.storage_capacity).toBe(1200);
      expect(fs.per_unit_storage_throughput).toBe(125);
    });

    it("takes no automatic backups and skips the final backup", () => {
      expect(fs.automatic_backup_retention_days).toBe(0);
      expect(fs.daily_automatic_backup_start_time).toBeUndefined();
      expect(fs.skip_final_backup).toBe(true);
      expect(fs.lifecycle).toBeUndefined();
    });

    it("logs to an /aws/fsx/ log group encrypted with the key", () => {
      const group = only(doc, "aws_cloudwatch_log_group");
      expect(group.name).toBe("/aws/fsx/acme-dev-lustre");
      expect(group.kms_key_id).toBe(ref(doc, "aws_kms_key"));
      expect(group.retention_in_days).toBe(14);
      expect(fs.log_configuration).toEqual({ destination: ref(doc, "aws_cloudwatch_log_group"), level: "WARN_ERROR" });
    });

    it("opens the Lustre ports 988 and 1018-1023 to the clients and between the file servers, nothing else", () => {
      const sg = only(doc, "aws_security_group");
      expect(fs.security_group_ids).toEqual([ref(doc, "aws_security_group", "id")]);
      const ports = (rules: unknown) => (rules as { from_port: number; to_port: number; protocol: string }[]).map((r) => `${r.protocol}/${r.from_port}-${r.to_port}`);
      expect(new Set(ports(sg.ingress))).toEqual(new Set(["tcp/988-988", "tcp/1018-1023"]));
      expect(new Set(ports(sg.egress))).toEqual(new Set(["tcp/988-988", "tcp/1018-1023"]));
      for (const rule of sg.ingress as { cidr_blocks: string[] | null; self: boolean | null }[]) {
        expect(rule.self === true || JSON.stringify(rule.cidr_blocks) === '["10.40.0.0/16"]').toBe(true);
      }
    });

    it("links no data repository unless asked", () => {
      expect(doc.resource.aws_fsx_data_repository_association).toBeUndefined();
    });
  });

  describe("in prod", () => {
    const doc = synthLustre(PROD);
    const fs = only(doc, "aws_fsx_lustre_file_system");

    it("sizes for prod: 4800 GiB at 250 MB/s per TiB", () => {
      expect(fs.storage_capacity).toBe(4800);
      expect(fs.per_unit_storage_throughput).toBe(250);
    });

    it("keeps 30 days of daily backups, takes a final backup and prevents destroy", () => {
      expect(fs.automatic_backup_retention_days).toBe(30);
      expect(fs.daily_automatic_backup_start_time).toMatch(/^\d\d:\d\d$/);
      expect(fs.skip_final_backup).toBe(false);
      expect(fs.lifecycle).toEqual({ prevent_destroy: true });
      expect(only(doc, "aws_cloudwatch_log_group").retention_in_days).toBe(365);
    });
  });

  it("keeps the security group's name and description frozen: changing either replaces the group, and so the file system", () => {
    // given / when
    const doc = synthLustre(DEV);
    // then (aws_security_group name and description are ForceNew, and so is the file system's security_group_ids)
    const sg = only(doc, "aws_security_group");
    expect({ name: sg.name, description: sg.description }).toEqual({ name: "acme-dev-lustre", description: "Lustre traffic between the file system and its clients" });
  });

  it("links an S3 prefix that imports new, changed and deleted objects automatically", () => {
    // given a data repository with a leading slash on the prefix
    const doc = synthLustre(DEV, { dataRepository: { bucketName: "acme-dev-datasets-us-east-1", prefix: "/train/" } });
    // then the association points at s3://bucket/prefix on the file system
    const dra = only(doc, "aws_fsx_data_repository_association");
    expect(dra.file_system_id).toBe(ref(doc, "aws_fsx_lustre_file_system", "id"));
    expect(dra.data_repository_path).toBe("s3://acme-dev-datasets-us-east-1/train/");
    expect(dra.file_system_path).toBe("/datasets");
    expect(dra.s3).toEqual({ auto_import_policy: { events: ["NEW", "CHANGED", "DELETED"] } });
  });

  it("accepts an EFA-enabled file system in steps of 19200 GiB at 250 MB/s per TiB", () => {
    const fs = only(synthLustre(PROD, { efaEnabled: true, capacityGiB: 19200 }), "aws_fsx_lustre_file_system");
    expect(fs.efa_enabled).toBe(true);
    expect(fs.storage_capacity).toBe(19200);
  });

  describe("validation", () => {
    it.each([
      [1000, 1200],
      [3000, 2400],
    ])("rejects %i GiB and names the nearest allowed capacity", (capacityGiB, nearest) => {
      expect(() => synthLustre(DEV, { capacityGiB })).toThrowError(
        new RegExp(`capacityGiB: PERSISTENT_2 takes 1200 GiB, 2400 GiB or a multiple of 2400 GiB \\(got ${capacityGiB}; nearest allowed: ${nearest}\\)`),
      );
    });

    it("rejects a throughput PERSISTENT_2 does not offer", () => {
      expect(() => synthLustre(DEV, { throughputMBpsPerTiB: 300 })).toThrowError(/throughputMBpsPerTiB: FSx for Lustre PERSISTENT_2 \(MB\/s per TiB\) accepts 125, 250, 500, 1000 \(got 300\)/);
    });

    it("rejects an EFA-enabled capacity off the step of its throughput", () => {
      expect(() => synthLustre(PROD, { efaEnabled: true, throughputMBpsPerTiB: 250, capacityGiB: 4800 })).toThrowError(
        /capacityGiB: EFA-enabled PERSISTENT_2 at 250 MB\/s\/TiB takes multiples of 19200 GiB \(got 4800; nearest allowed: 19200\)/,
      );
    });

    it("rejects more than 90 days of backups", () => {
      expect(() => synthLustre(PROD, { backupRetentionDays: 91 })).toThrowError(/backupRetentionDays: FSx automatic backup retention \(days\) takes a whole number from 0 to 90 \(got 91\)/);
    });
  });
});

describe("lustreCapacityProblem", () => {
  it.each([1200, 2400, 4800, 50400])("accepts %i GiB without EFA", (capacityGiB) => {
    expect(lustreCapacityProblem(capacityGiB, 250, false)).toBeUndefined();
  });

  it.each([
    [0, 1200],
    [1800, 2400],
    [3600, 4800],
  ])("rejects %i GiB, pointing to %i", (capacityGiB, nearest) => {
    expect(lustreCapacityProblem(capacityGiB, 250, false)).toMatch(new RegExp(`nearest allowed: ${nearest}\\)$`));
  });

  it("uses the EFA step of the throughput: 38400 at 125, 4800 at 1000", () => {
    expect(lustreCapacityProblem(38400, 125, true)).toBeUndefined();
    expect(lustreCapacityProblem(19200, 125, true)).toMatch(/multiples of 38400 GiB/);
    expect(lustreCapacityProblem(4800, 1000, true)).toBeUndefined();
  });
});
