import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { App } from "../lib/cdk";
import { main } from "../lib/cli/main";
import { STATEFUL_TYPES } from "../lib/policy/rules/common/stateful-prevent-destroy";
import { changedPaths, diffStack, diffSynths, readSynthDir, type SynthesizedDocument } from "../lib/review/diff";
import { REPLACEMENT_TABLE, replacementOf } from "../lib/review/replacement/index";
import { addAwsExampleStacks } from "../examples/aws/stacks";
import { addGcpExampleStacks } from "../examples/gcp/stacks";
import { addAzureExampleStacks } from "../examples/azure/stacks";

const dir = mkdtempSync(join(tmpdir(), "llmops-diff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Synthesizes the AWS dev example with `edit` applied to its YAML text into `<dir>/<name>`. */
function synthDev(name: string, edit: (yaml: string) => string = (y) => y): string {
  const spec = join(dir, `${name}.yaml`);
  writeFileSync(spec, edit(readFileSync(join(__dirname, "..", "examples/aws/specs/dev.yaml"), "utf8")));
  const out = join(dir, name);
  expect(run("synth", spec, "--out", out).code).toBe(0);
  return out;
}

const bucket = (extra: Record<string, unknown> = {}) => ({ bucket: "acme-data", tags: { component: "storage" }, ...extra });
const doc = (resource: SynthesizedDocument["resource"], moved?: SynthesizedDocument["moved"]): SynthesizedDocument => ({ resource, moved });

describe("the replacement table", () => {
  let examples: string;
  beforeAll(() => {
    examples = mkdtempSync(join(dir, "examples-"));
    const app = new App({ outdir: examples });
    addAwsExampleStacks(app);
    addGcpExampleStacks(app);
    addAzureExampleStacks(app);
    app.synth();
  });

  it("lists every resource type the example stacks emit, each with its source", () => {
    // given the synthesized examples of every cloud
    const types = new Set([...readSynthDir(examples).values()].flatMap((d) => Object.keys(d.resource ?? {})));
    // when each type is looked up / then none is unknown, and each entry names the provider source it was read from
    expect([...types].filter((t) => !REPLACEMENT_TABLE[t])).toEqual([]);
    expect(types.size).toBeGreaterThanOrEqual(79 + 32);
    for (const t of types) expect(REPLACEMENT_TABLE[t].source).toMatch(/^(internal\/services?|google|hashicorp)\//);
  });

  it("reports no change, and exits 0, when an example is compared with itself", () => {
    // given the examples and a byte copy
    const copy = join(dir, "examples-copy");
    cpSync(examples, copy, { recursive: true });
    // when diffed
    const r = run("diff", examples, copy);
    // then every stack is unchanged
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/acme-llm-aws-prod: no changes/);
    expect(r.out).toMatch(/acme-llm-gcp-dev: no changes/);
  });

  it("knows the arguments that force a new bucket, key and file system", () => {
    expect(replacementOf("aws_s3_bucket", ["bucket"]).kind).toBe("forced");
    expect(replacementOf("aws_s3_bucket", ["tags.component"]).kind).toBe("none");
    expect(replacementOf("aws_fsx_lustre_file_system", ["storage_type"]).kind).toBe("forced");
    expect(replacementOf("aws_eks_node_group", ["launch_template.0.id"]).by).toEqual(["launch_template.0.id"]);
    // azurerm: names, locations and resource groups force a new resource; an AKS pod CIDR and a GPU pool's driver too; tags never do
    expect(replacementOf("azurerm_storage_account", ["name"]).kind).toBe("forced");
    expect(replacementOf("azurerm_storage_account", ["tags.component"]).kind).toBe("none");
    expect(replacementOf("azurerm_kubernetes_cluster", ["network_profile.0.pod_cidr"]).kind).toBe("forced");
    expect(replacementOf("azurerm_kubernetes_cluster_node_pool", ["gpu_driver"]).kind).toBe("forced");
    expect(replacementOf("azurerm_kubernetes_cluster_node_pool", ["max_count"]).kind).toBe("none");
    expect(replacementOf("azurerm_consumption_budget_resource_group", ["time_period.0.start_date"]).kind).toBe("forced");
    expect(replacementOf("google_storage_bucket", ["location"]).kind).toBe("forced");
    expect(replacementOf("azurerm_linux_virtual_machine", ["name"]).kind).toBe("unknown");
  });
});

describe("diffing two synths", () => {
  it("lists changed leaf paths, walking blocks and keeping value lists whole", () => {
    expect(changedPaths({ a: 1, b: [{ c: 1 }], d: ["x"] }, { a: 1, b: [{ c: 2 }], d: ["x", "y"] })).toEqual(["b.0.c", "d"]);
    expect(changedPaths({ a: { b: 1 } }, {})).toEqual(["a.b"]);
  });

  it("does not count a resource carried by a moved block as removed", () => {
    // given a resource renamed with a moved block
    const base = doc({ aws_s3_bucket: { old: bucket() } });
    const head = doc({ aws_s3_bucket: { new: bucket() } }, [{ from: "aws_s3_bucket.old", to: "aws_s3_bucket.new" }]);
    // when diffed
    const d = diffStack("s", base, head);
    // then it is a move, with no data loss
    expect(d).toMatchObject({ added: [], removed: [], moved: [{ from: "aws_s3_bucket.old", to: "aws_s3_bucket.new" }], changed: [] });
    expect(diffSynths(new Map([["s", base]]), new Map([["s", head]])).errors).toEqual([]);
  });

  it("makes a renamed stateful resource without a moved block a data-loss error naming it and the cause", () => {
    const report = diffSynths(new Map([["s", doc({ aws_s3_bucket: { old: bucket() } })]]), new Map([["s", doc({ aws_s3_bucket: { new: bucket() } })]]));
    expect(report.errors).toEqual([{ stack: "s", address: "aws_s3_bucket.old", message: expect.stringMatching(/removed: .*renamed construct id without a moved block; Terraform destroys it with its data/) }]);
  });

  it("flags a forced replacement, and the resources whose forcing references it drags along", () => {
    // given a key whose spec changes (key_usage forces a new key) and a file system keyed by it
    const fs = { kms_key_id: "${aws_kms_key.k.arn}", storage_capacity: 1200 };
    const base = doc({ aws_kms_key: { k: { key_usage: "ENCRYPT_DECRYPT" } }, aws_fsx_lustre_file_system: { f: fs } });
    const head = doc({ aws_kms_key: { k: { key_usage: "SIGN_VERIFY" } }, aws_fsx_lustre_file_system: { f: fs } });
    // when diffed
    const report = diffSynths(new Map([["s", base]]), new Map([["s", head]]));
    // then both are replaced and both are data-loss errors
    expect(report.stacks[0].changed.map((c) => [c.address, c.replacement])).toEqual([
      ["aws_fsx_lustre_file_system.f", "forced"],
      ["aws_kms_key.k", "forced"],
    ]);
    expect(report.errors.map((e) => e.message)).toEqual([
      "replaced: kms_key_id refers to aws_kms_key.k, which is replaced; Terraform destroys the old one with its data",
      "replaced: changing key_usage forces a new resource; Terraform destroys the old one with its data",
    ]);
  });

  it("treats a type missing from the table as possibly replaced", () => {
    const d = diffStack("s", doc({ azurerm_linux_virtual_machine: { a: { size: "Standard_D2ads_v5" } } }), doc({ azurerm_linux_virtual_machine: { a: { size: "Standard_D4ads_v5" } } }));
    expect(d.changed[0]).toMatchObject({ replacement: "possible", cause: expect.stringMatching(/not in the replacement table/) });
  });

  it("never treats lifecycle changes as replacements", () => {
    const d = diffStack("s", doc({ aws_s3_bucket: { b: bucket() } }), doc({ aws_s3_bucket: { b: bucket({ lifecycle: { prevent_destroy: true } }) } }));
    expect(d.changed[0]).toMatchObject({ paths: ["lifecycle.prevent_destroy"], replacement: "none" });
  });
});

describe("llmops diff on two synths of the dev example that differ by one spec change", () => {
  let base: string;
  beforeAll(() => {
    base = synthDev("base");
  });

  it("shows an in-place change of the pool maximum and exits 0", () => {
    // given the pool maximum raised from 1 to 3
    const head = synthDev("max3", (y) => y.replace("nodes: { min: 0, max: 1 }", "nodes: { min: 0, max: 3 }"));
    // when diffed
    const r = run("diff", base, head);
    // then one node group changes in place
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^acme-llm-aws-dev: 0 added, 0 removed, 1 changed, 0 moved$/m);
    expect(r.out).toMatch(/^ {2}~ aws_eks_node_group\.accelerator-pool_node-group_\w+: scaling_config\.max_size$/m);
  });

  it("shows the network replaced by a new CIDR, without data loss", () => {
    const head = synthDev("cidr", (y) => y.replace("10.40.0.0/16", "10.41.0.0/16"));
    const r = run("diff", base, head, "--json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    const vpc = report.stacks[0].changed.find((c: { type: string }) => c.type === "aws_vpc");
    expect(vpc).toMatchObject({ paths: ["cidr_block"], replacement: "forced", cause: "changing cidr_block forces a new resource" });
    expect(report.errors).toEqual([]);
  });

  it("makes switching the vector store engine a data-loss error and exits 1", () => {
    const head = synthDev("search", (y) => y.replace("engine: postgres-pgvector", "engine: managed-search"));
    const r = run("diff", base, head);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ {2}- aws_rds_cluster\.vector-store_cluster_\w+$/m);
    expect(r.out).toMatch(/^ {2}\+ aws_opensearchserverless_collection\./m);
    expect(r.err).toMatch(/^error: acme-llm-aws-dev: aws_rds_cluster\.vector-store_cluster_\w+ removed: .*Terraform destroys it with its data$/m);
  });

  it("exits 2 when a folder is not a synth output", () => {
    expect(run("diff", base, join(dir, "missing")).code).toBe(2);
    expect(run("diff", base).code).toBe(2);
  });
});

describe("STATEFUL_TYPES", () => {
  it("is the one list both the guardrail and the diff read", () => {
    expect(STATEFUL_TYPES).toContain("aws_rds_cluster");
  });
});
