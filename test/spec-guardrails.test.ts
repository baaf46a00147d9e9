import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { afterAll, describe, expect, it } from "vitest";
import { App, TerraformStack } from "../lib/cdk";
import { AwsAcceleratorNodeGroup } from "../lib/constructs/aws/accelerator-node-group";
import { AwsBudget } from "../lib/constructs/aws/budget";
import { AwsDataBucket } from "../lib/constructs/aws/data-bucket";
import { AwsEncryptionKey } from "../lib/constructs/aws/encryption-key";
import { AwsTrainingCluster } from "../lib/constructs/aws/training-cluster";
import { resolveEnvironmentSpec } from "../lib/environment/resolve";
import { Guardrails } from "../lib/policy/guardrails";
import { AwsLlmOpsStack } from "../lib/stacks/aws-llmops-stack";
import { Tagging } from "../lib/stacks/tagging-setup";
import { baseSpec, problemsOf } from "./helpers";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function app(): App {
  const outdir = mkdtempSync(join(tmpdir(), "llmops-spec-guardrails-"));
  dirs.push(outdir);
  return new App({ outdir, stackTraces: false });
}

const UNPROTECTED_PROD = { tier: "prod", deletionProtection: false, training: { accelerator: "nvidia-l4" } };
const REASON = "The prod buckets are rebuilt from the data lake every night, so Terraform may empty them.";

describe("LLM-REL-2: a prod spec without deletion protection", () => {
  it("is an error on every bucket and repository Terraform may empty", () => {
    const a = app();
    const stack = new AwsLlmOpsStack(a, { spec: baseSpec(UNPROTECTED_PROD), guardrails: { reportOnly: true } });
    a.synth();
    const open = stack.guardrails.report!.findings.filter((f) => f.status === "non-compliant" && f.ruleId === "LLM-REL-2");
    expect(open.map((f) => f.resource.split(".")[0]).sort()).toEqual(["aws_ecr_repository", "aws_s3_bucket", "aws_s3_bucket", "aws_s3_bucket"]);
    expect(open.every((f) => f.level === "error")).toBe(true);
  });
});

describe("the spec's guardrails: section", () => {
  it("suppresses by construct path and by resource address, with reasons, and sets levels and packs", () => {
    // given the unprotected prod spec that suppresses the buckets by path and the repository by address
    const probe = app();
    const first = new AwsLlmOpsStack(probe, { spec: baseSpec(UNPROTECTED_PROD), guardrails: { reportOnly: true } });
    probe.synth();
    const repository = first.guardrails.report!.findings.find((f) => f.ruleId === "LLM-REL-2" && f.resource.startsWith("aws_ecr_repository."))!.resource;
    const spec = baseSpec({
      ...UNPROTECTED_PROD,
      guardrails: {
        packs: ["reliability", "security", "cost", "tagging"],
        levels: { "LLM-AWS-EKS-4": "off" },
        suppressions: [
          { id: "LLM-REL-2", reason: REASON, path: "storage" },
          { id: "LLM-REL-2", reason: "The serving images are rebuilt by CI from source on every release.", resource: repository },
        ],
      },
    });
    // when synthesized enforcing
    const a = app();
    const stack = new AwsLlmOpsStack(a, { spec });
    a.synth();
    // then nothing is open, four findings are suppressed with their reasons, and EKS-4 is off
    const report = stack.guardrails.report!;
    expect(report.summary.errors).toBe(0);
    expect(report.findings.filter((f) => f.status === "suppressed").map((f) => f.suppressionReason)).toEqual([REASON, REASON, REASON, "The serving images are rebuilt by CI from source on every release."]);
    expect(report.rulesOff.map((r) => r.id)).toEqual(["LLM-AWS-EKS-4"]);
  });

  it("rejects, at the spec's paths, unknown rule ids, thin reasons, off without a reason for a rule that cannot be suppressed, and unknown fields", () => {
    const spec = baseSpec({
      guardrails: {
        levels: { "LLM-AWS-S3-2": "off", "LLM-NOPE-1": "error" },
        suppressions: [{ id: "LLM-AWS-S3-9", reason: "because" }],
        reportonly: true,
      },
    });
    expect(problemsOf(() => resolveEnvironmentSpec(spec))).toEqual([expect.stringMatching(/^guardrails\.reportonly: is not a known field/)]);
    const { reportonly: _, ...guardrails } = spec.guardrails as Record<string, unknown>;
    expect(problemsOf(() => resolveEnvironmentSpec({ ...spec, guardrails }))).toEqual([
      expect.stringMatching(/^guardrails\.levels\.LLM-AWS-S3-2: LLM-AWS-S3-2 cannot be suppressed, so turning it off needs a reason/),
      expect.stringMatching(/^guardrails\.levels\.LLM-NOPE-1: no rule has the id LLM-NOPE-1 \(closest: /),
      expect.stringMatching(/^guardrails\.suppressions\.0\.id: no rule has the id LLM-AWS-S3-9 \(closest: LLM-AWS-S3-/),
      expect.stringMatching(/^guardrails\.suppressions\.0\.reason: give a reason of at least a sentence/),
    ]);
  });

  it("rejects at synth a suppression whose path or resource matches nothing, naming the closest", () => {
    const a = app();
    new AwsLlmOpsStack(a, { spec: baseSpec({ guardrails: { suppressions: [{ id: "LLM-REL-2", reason: REASON, path: "storag" }] } }) });
    expect(() => a.synth()).toThrow(/suppressions\.LLM-REL-2\.path: no construct of acme-aws-dev has the path storag \(closest: storage/);
  });
});

describe("Guardrails.of on an environment stack", () => {
  it("returns the stack's guardrails without options, and rejects options it would ignore, saying where they go", () => {
    const stack = new AwsLlmOpsStack(app(), { spec: baseSpec() });
    expect(Guardrails.of(stack)).toBe(stack.guardrails);
    expect(() => Guardrails.of(stack, { reportOnly: true })).toThrow(/acme-aws-dev already has its guardrails, so these options would be ignored: .*guardrails: section and its guardrails prop/);
  });
});

describe("standalone constructs in a stack of your own", () => {
  it("pass their own guardrails with one line of setup: Tagging.of", () => {
    // given three constructs in a plain stack with a provider without default tags
    const a = app();
    const stack = new TerraformStack(a, "custom");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const environment = { name: "acme", tier: "dev" } as const;
    const key = new AwsEncryptionKey(stack, "key", { environment });
    new AwsDataBucket(stack, "data", { environment, purpose: "datasets", region: "us-east-1", encryptionKey: key });
    new AwsBudget(stack, "budget", { environment, monthlyUsd: 500, emails: ["finops@acme.example"], costTag: { key: "environment", value: "acme-dev" } });
    const cluster = new AwsTrainingCluster(stack, "training", { environment, vpcId: "vpc-123", vpcCidr: "10.40.0.0/16", subnetIds: ["subnet-a", "subnet-b"], encryptionKey: key });
    new AwsAcceleratorNodeGroup(stack, "pool", {
      environment,
      pool: "train-l4",
      cluster,
      vpcId: "vpc-123",
      nodeRoleArn: cluster.nodeRole.roleArn,
      subnetIds: ["subnet-a", "subnet-b"],
      instanceType: "g6.xlarge",
      acceleratorsPerNode: 1,
      acceleratorKind: "nvidia",
    });
    // when tagged with the one documented line and checked with every pack
    Tagging.of(stack, { environment, owner: "ml@acme.example", costCenter: "ml-1234" });
    const guardrails = Guardrails.of(stack);
    a.synth();
    // then the tagging pack finds nothing
    const tagging = guardrails.report!.findings.filter((f) => f.ruleId.startsWith("LLM-TAG-"));
    expect(tagging.length).toBeGreaterThan(0);
    expect(tagging.filter((f) => f.status !== "compliant")).toEqual([]);
  });
});

describe("allowUnlistedRegion of inference", () => {
  it("is named by its full path in the error, and accepts the region with a warning when set", () => {
    // given an inference accelerator in a region the catalog does not list for it
    const spec = baseSpec({ region: "eu-west-3", inference: { accelerator: "aws-inferentia2" } });
    // then the error says which field to set
    expect(problemsOf(() => resolveEnvironmentSpec(spec)).join("\n")).toMatch(/set inference\.allowUnlistedRegion: true/);
    // and setting it turns the error into a warning naming the section
    const resolved = resolveEnvironmentSpec({ ...spec, inference: { accelerator: "aws-inferentia2", allowUnlistedRegion: true } });
    expect(resolved.warnings.join("\n")).toMatch(/^inference: /m);
  });
});
