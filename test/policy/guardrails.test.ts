import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { afterAll, describe, expect, it } from "vitest";
import { App, Construct, TerraformStack } from "../../lib/cdk";
import { AwsBudget } from "../../lib/constructs/aws/budget";
import { LlmOpsValidationError } from "../../lib/errors";
import { Guardrails, type GuardrailOptions } from "../../lib/policy/guardrails";
import type { GuardrailReport } from "../../lib/policy/report";
import { ALL_RULES } from "../../lib/policy/rules";
import { DEV } from "../helpers";
import { TAGS } from "./helpers";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** An app writing to a scratch dir, with one stack holding an unencrypted, open bucket inside a construct. */
function fixture(options: GuardrailOptions = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "llmops-guardrails-"));
  dirs.push(outdir);
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "acme-dev");
  new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags: [{ tags: TAGS }] });
  const data = new Construct(stack, "data");
  const bucket = new S3Bucket(data, "bucket", { bucket: "acme-open" });
  new AwsBudget(stack, "budget", { environment: DEV, monthlyUsd: 100, emails: ["a@b.co"], costTag: { key: "environment", value: "acme-dev" }, activateCostTag: false });
  const guardrails = Guardrails.of(stack, { packs: ["security", "cost"], ...options });
  const report = () => JSON.parse(readFileSync(join(outdir, "stacks", "acme-dev", "guardrails.json"), "utf8")) as GuardrailReport;
  return { app, stack, data, bucket, guardrails, outdir, report };
}

describe("guardrails at synth", () => {
  it("stops app.synth() on an error finding, naming the rule, the resource and the fix", () => {
    const { app } = fixture();
    expect(() => app.synth()).toThrowError(/\[LLM-AWS-S3-1\] aws_s3_bucket\.data_bucket_[0-9A-F]{8}: has no server-side encryption configuration Fix: Add an aws_s3_bucket_server_side_encryption_configuration/);
  });

  it("still writes the reports when synth stops, so CI can upload them", () => {
    const { app, report } = fixture();
    expect(() => app.synth()).toThrow();
    expect(report().summary.errors).toBeGreaterThan(0);
  });

  it("lets a suppression with a reason silence a finding, and reports it as suppressed with the reason", () => {
    const { app, data, report } = fixture();
    Guardrails.suppress(data, "LLM-AWS-S3-1", "Holds only public sample prompts published on the website anyway.");
    Guardrails.suppress(data, "LLM-AWS-S3-3", "Holds only public sample prompts published on the website anyway.");
    // LLM-AWS-S3-2 (public access) cannot be suppressed: it still stops synth
    expect(() => app.synth()).toThrowError(/LLM-AWS-S3-2/);
    const suppressed = report().findings.find((f) => f.ruleId === "LLM-AWS-S3-1");
    expect(suppressed).toMatchObject({ status: "suppressed", suppressionReason: "Holds only public sample prompts published on the website anyway.", suppressedAt: "acme-dev/data" });
    expect(report().findings.find((f) => f.ruleId === "LLM-AWS-S3-1" && f.status === "non-compliant")).toBeUndefined();
  });

  it("applies a stack-level suppression to every construct of the stack", () => {
    const { app, stack, report } = fixture({ levels: { "LLM-AWS-S3-2": { level: "off", reason: "The scratch bucket is deleted at the end of every test run." } } });
    Guardrails.suppressAll(stack, [
      { id: "LLM-AWS-S3-1", reason: "This scratch stack only ever holds synthetic test data." },
      { id: "LLM-AWS-S3-3", reason: "This scratch stack only ever holds synthetic test data." },
      { id: "LLM-AWS-S3-4", reason: "This scratch stack only ever holds synthetic test data." },
    ]);
    app.synth();
    expect(report().summary).toMatchObject({ errors: 0 });
    expect(report().findings.filter((f) => f.status === "suppressed").every((f) => f.suppressedAt === "acme-dev")).toBe(true);
  });

  it("rejects a suppression without a reason, or with a reason too thin to review", () => {
    const { data } = fixture();
    expect(() => Guardrails.suppress(data, "LLM-AWS-S3-1", "")).toThrowError(LlmOpsValidationError);
    expect(() => Guardrails.suppress(data, "LLM-AWS-S3-1", "ok")).toThrowError(/suppressions\.0\.reason: give a reason of at least a sentence/);
    expect(() => Guardrails.suppress(data, "s3 thing", "This is a perfectly good reason for it.")).toThrowError(/suppressions\.0\.id: must be a rule id/);
  });

  it("reports a suppression that matches nothing", () => {
    const { app, stack, data, report } = fixture({ reportOnly: true });
    Guardrails.suppress(data, "LLM-AWS-EKS-1", "There is no cluster here; this suppression is stale.");
    app.synth();
    expect(report().unusedSuppressions).toEqual([{ ruleId: "LLM-AWS-EKS-1", reason: "There is no cluster here; this suppression is stale.", at: "acme-dev/data" }]);
    const warnings = data.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data);
    expect(warnings).toContain("[guardrails] the suppression of LLM-AWS-EKS-1 on acme-dev/data matched nothing; remove it or move it to the construct the finding is on");
    expect(stack.node.id).toBe("acme-dev");
  });

  it("never stops synth in report-only mode, and reports every error finding as a warning annotation", () => {
    const { app, bucket, report } = fixture({ reportOnly: true });
    expect(() => app.synth()).not.toThrow();
    expect(report().mode).toBe("report-only");
    expect(report().summary.errors).toBeGreaterThan(0);
    expect(bucket.node.metadata.some((m) => m.type === "@cdktf/warn" && String(m.data).startsWith("[LLM-AWS-S3-1]"))).toBe(true);
  });

  it("lowers, raises or turns off a rule's level", () => {
    const { app, report } = fixture({ levels: { "LLM-AWS-S3-1": "warning", "LLM-AWS-S3-2": { level: "off", reason: "The scratch bucket is deleted at the end of every test run." }, "LLM-AWS-S3-3": "warning", "LLM-AWS-S3-4": "warning", "LLM-AWS-EKS-3": "error" } });
    expect(() => app.synth()).not.toThrow();
    const levels = Object.fromEntries(report().rules.map((r) => [r.id, r.level]));
    expect(levels).toMatchObject({ "LLM-AWS-S3-1": "warning", "LLM-AWS-EKS-3": "error" });
    expect(levels["LLM-AWS-S3-2"]).toBeUndefined();
    expect(report().summary.warnings).toBeGreaterThan(0);
  });

  it("turns off a rule that cannot be suppressed only with a reason, naming the rule and the fix", () => {
    expect(() => fixture({ levels: { "LLM-AWS-S3-2": "off" } })).toThrowError(LlmOpsValidationError);
    expect(() => fixture({ levels: { "LLM-AWS-S3-2": "off" } })).toThrowError(/levels\.LLM-AWS-S3-2: LLM-AWS-S3-2 cannot be suppressed, so turning it off needs a reason .*\{ level: "off", reason: /);
    expect(() => fixture({ levels: { "LLM-AWS-S3-2": { level: "off", reason: "ok" } } })).toThrowError(/levels\.LLM-AWS-S3-2: give a reason of at least a sentence/);
    // a suppressible rule may still be turned off without a reason
    expect(() => fixture({ levels: { "LLM-AWS-S3-1": "off" } })).not.toThrow();
  });

  it("lists every rule turned off, with its reason when given, in guardrails.json and the SARIF", () => {
    // given two rules turned off, one with a reason
    const reason = "The scratch bucket is deleted at the end of every test run.";
    const { app, outdir, report } = fixture({ reportOnly: true, levels: { "LLM-AWS-S3-2": { level: "off", reason }, "LLM-AWS-S3-1": "off" } });
    // when synthesized
    app.synth();
    // then both reports list them
    const off = [
      { id: "LLM-AWS-S3-1", title: expect.any(String) },
      { id: "LLM-AWS-S3-2", title: expect.any(String), reason },
    ];
    expect(report().rulesOff).toEqual(off);
    const run = JSON.parse(readFileSync(join(outdir, "stacks", "acme-dev", "guardrails.sarif"), "utf8")).runs[0];
    expect(run.properties.rulesOff).toEqual(off);
    expect(run.invocations[0].toolConfigurationNotifications.map((n: { message: { text: string } }) => n.message.text)).toEqual([
      expect.stringMatching(/^LLM-AWS-S3-1 \(.*\) is turned off without a reason$/),
      expect.stringMatching(new RegExp(`^LLM-AWS-S3-2 \\(.*\\) is turned off: ${reason}$`)),
    ]);
  });

  it("rejects a level override or a suppression naming a rule that does not exist, with the closest ids", () => {
    expect(() => fixture({ levels: { "LLM-AWS-S3-9": "warning" } })).toThrowError(/levels\.LLM-AWS-S3-9: no rule has the id LLM-AWS-S3-9 \(closest: LLM-AWS-S3-\d, LLM-AWS-S3-\d, LLM-AWS-S3-\d\)/);
    const { app, data } = fixture({ reportOnly: true });
    Guardrails.suppress(data, "LLM-AWS-S3-7", "A typo in the rule id must not silently suppress nothing.");
    expect(() => app.synth()).toThrowError(/suppressions on acme-dev\/data: no rule has the id LLM-AWS-S3-7 \(closest: LLM-AWS-S3-\d/);
  });

  it("runs only the chosen packs", () => {
    const { app, report } = fixture({ packs: ["cost"] });
    app.synth();
    expect(report().packs).toEqual(["cost"]);
    expect(report().rules.every((r) => r.packs.includes("cost"))).toBe(true);
    expect(report().findings.find((f) => f.ruleId === "LLM-COST-1")).toMatchObject({ status: "compliant", resource: "acme-dev" });
  });

  it("writes a JSON report of every finding, compliant ones included, with the line of each resource", () => {
    const { app, outdir, report } = fixture({ reportOnly: true });
    app.synth();
    const r = report();
    expect(r.tool.name).toBe("llmops-constructs guardrails");
    expect(r.findings.some((f) => f.status === "compliant")).toBe(true);
    const lines = readFileSync(join(outdir, "stacks", "acme-dev", "cdk.tf.json"), "utf8").split("\n");
    for (const f of r.findings.filter((x) => x.resourceType)) {
      expect(lines[f.line - 1].trim(), f.resource).toBe(`"${f.resource.split(".")[1]}": {`);
    }
  });
});

describe("SARIF report", () => {
  const multitool = join(__dirname, "..", "..", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");

  it("lists every rule that ran and a result per open or suppressed finding at the resource's line", () => {
    const { app, data, outdir } = fixture({ reportOnly: true });
    Guardrails.suppress(data, "LLM-AWS-S3-3", "Holds only public sample prompts published on the website anyway.");
    app.synth();
    const sarif = JSON.parse(readFileSync(join(outdir, "stacks", "acme-dev", "guardrails.sarif"), "utf8"));
    const run = sarif.runs[0];
    expect(sarif.version).toBe("2.1.0");
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(["LLM-AWS-S3-1", "LLM-COST-1"]));
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text.length).toBeGreaterThan(0);
    }
    const lines = readFileSync(join(outdir, "stacks", "acme-dev", "cdk.tf.json"), "utf8").split("\n");
    const s31 = run.results.find((r: { ruleId: string }) => r.ruleId === "LLM-AWS-S3-1");
    expect(s31.level).toBe("error");
    expect(s31.locations[0].logicalLocations[0].fullyQualifiedName).toBe("acme-dev/data/bucket");
    expect(lines[s31.locations[0].physicalLocation.region.startLine - 1].trim()).toMatch(/^"data_bucket_[0-9A-F]{8}": \{$/);
    expect(s31.locations[0].physicalLocation.artifactLocation.uri).toBe("stacks/acme-dev/cdk.tf.json");
    const suppressed = run.results.find((r: { ruleId: string }) => r.ruleId === "LLM-AWS-S3-3");
    expect(suppressed.suppressions).toEqual([{ kind: "inSource", status: "accepted", justification: "Holds only public sample prompts published on the website anyway." }]);
  });

  it.runIf(process.platform === "linux")("passes the SARIF Multitool with GitHub's ingestion rules", () => {
    // the devDependency @microsoft/sarif-multitool brings the Linux binary
    expect(existsSync(multitool), `${multitool} is missing: run npm ci`).toBe(true);
    // given a report with results, suppressed ones included
    const { app, data, outdir } = fixture({ reportOnly: true, levels: { "LLM-AWS-S3-2": { level: "off", reason: "The scratch bucket is deleted at the end of every test run." } } });
    Guardrails.suppress(data, "LLM-AWS-S3-3", "Holds only public sample prompts published on the website anyway.");
    app.synth();
    // when the Multitool validates it (npm does not run its postinstall here: make it executable)
    chmodSync(multitool, 0o755);
    const out = join(outdir, "validation.sarif");
    const run = spawnSync(multitool, ["validate", "--rule-kind", "Gh;Sarif", join(outdir, "stacks", "acme-dev", "guardrails.sarif"), "-o", out], { encoding: "utf8" });
    // then it reports no error
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(out, "utf8")).runs[0].results as { level?: string; message: { text?: string }; ruleId: string }[];
    expect(results.filter((r) => r.level === "error").map((r) => `${r.ruleId}: ${r.message.text ?? ""}`)).toEqual([]);
  });
});

describe("rule set", () => {
  it("gives every rule a unique stable id, a title, rationale, fix, severity and at least one pack", () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^LLM-((AWS|GCP|AZ)-[A-Z0-9]+|REL|COST|TAG|SEC)-\d+$/);
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(r.rationale.length, r.id).toBeGreaterThan(20);
      expect(r.fix.length, r.id).toBeGreaterThan(10);
      expect(["error", "warning"]).toContain(r.severity);
      expect(r.packs.length, r.id).toBeGreaterThan(0);
    }
  });
});
