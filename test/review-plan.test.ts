import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../lib/cli/main";
import { actionOf, parsePlan, reviewPlan, type PlanReview } from "../lib/review/plan";

const LOCAL = join(__dirname, "fixtures", "plans");
/** CI runs with a copy of shared/ beside the clone; the two largest plans are read from there. */
const SHARED = join(__dirname, "..", "..", "shared", "fixtures", "plans");
const dir = mkdtempSync(join(tmpdir(), "llmops-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string): string | undefined {
  const path = [join(LOCAL, name), join(SHARED, name)].find(existsSync);
  return path && readFileSync(path, "utf8");
}

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Open findings per rule, `id:level` -> count. */
function openByRule(r: PlanReview): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of r.findings.filter((x) => x.status === "non-compliant")) counts[`${f.ruleId}:${f.level}`] = (counts[`${f.ruleId}:${f.level}`] ?? 0) + 1;
  return counts;
}

/**
 * What the review finds in each public plan, and why. Every plan lacks a budget
 * (LLM-COST-1, a stack rule) and none carries our five tags (LLM-TAG-1 on each taggable
 * resource). No plan deletes or replaces a stateful resource: the one replacement
 * (checkov's deleted-resources plan) is an aws_secretsmanager_secret, not in STATEFUL_TYPES.
 * Google resources get the Google Cloud pack too (a value the plan leaves unknown is one
 * the configuration did not set, so the API's default applies), Azure resources the Azure
 * pack: neither Azure plan has a diagnostic setting, so each storage account, virtual
 * network and public IP fails LLM-AZ-MON-1 (the firewalls, hub and WAN are types no rule
 * reads). No plan carries a tier label, so tier-dependent rules skip.
 */
const EXPECTED: Record<string, { actions: Record<string, number>; open: Record<string, number>; shared?: boolean }> = {
  // Four S3 buckets in nested child modules: no KMS default encryption, public access
  // block, versioning or TLS-only policy (S3-1..4), untagged.
  "checkov__plan_nested_child_modules_with_connections.json": { actions: { create: 9 }, open: { "LLM-AWS-S3-1:error": 4, "LLM-AWS-S3-2:error": 4, "LLM-AWS-S3-3:error": 4, "LLM-AWS-S3-4:error": 4, "LLM-COST-1:error": 1, "LLM-TAG-1:error": 4 } },
  "checkov__plan_with_deleted_resources.json": { actions: { replace: 1 }, open: { "LLM-COST-1:error": 1, "LLM-TAG-1:error": 1 } },
  // checkov's deliberately insecure runner plan: public IPs and open ingress (EC2), EKS with a
  // public endpoint and no secrets encryption, a key without rotation, wildcard IAM, buckets.
  "checkov__runner_plan_tfplan.json": {
    shared: true,
    actions: { create: 55 },
    open: { "LLM-AWS-EC2-1:error": 2, "LLM-AWS-EC2-2:error": 4, "LLM-AWS-EC2-3:error": 1, "LLM-AWS-ECR-1:error": 1, "LLM-AWS-ECR-2:warning": 1, "LLM-AWS-EKS-1:error": 1, "LLM-AWS-EKS-2:error": 1, "LLM-AWS-EKS-3:warning": 1, "LLM-AWS-IAM-1:error": 1, "LLM-AWS-IAM-2:error": 1, "LLM-AWS-KMS-1:error": 1, "LLM-AWS-KMS-2:error": 1, "LLM-AWS-KMS-3:error": 1, "LLM-AWS-RDS-2:error": 1, "LLM-AWS-S3-1:error": 6, "LLM-AWS-S3-2:error": 6, "LLM-AWS-S3-3:error": 6, "LLM-AWS-S3-4:error": 3, "LLM-AWS-VPC-1:error": 2, "LLM-COST-1:error": 1, "LLM-TAG-1:error": 39 },
  },
  // A GKE cluster and node pool on the provider defaults (no labels block in the planned values):
  // public nodes and endpoint, secrets not encrypted with a key, no Workload Identity, a pool on
  // the Compute Engine default account without the GKE metadata server, Secure Boot or a boot-disk key,
  // and with none of our labels on its nodes (LLM-GCP-TAG-1: node_config.resource_labels).
  "conftest__gke-show.json": {
    actions: { create: 2 },
    open: { "LLM-COST-1:error": 1, "LLM-GCP-GKE-1:error": 1, "LLM-GCP-GKE-2:error": 1, "LLM-GCP-GKE-3:error": 2, "LLM-GCP-GKE-4:error": 1, "LLM-GCP-GKE-6:error": 1, "LLM-GCP-GKE-10:error": 1, "LLM-GCP-TAG-1:error": 1 },
  },
  // Five firewalls in a VNet and a virtual hub: the VNet and the public IP log nowhere.
  "infracost__azure_firewall_plan.json": { actions: { create: 11 }, open: { "LLM-AZ-MON-1:error": 2, "LLM-COST-1:error": 1, "LLM-TAG-1:error": 10 } },
  // 13 instances already applied (no-op), 12 new, one updated: the instances' IMDS and public IPs fail.
  "infracost__terraform_v0.14_plan.json": { shared: true, actions: { "no-op": 13, create: 12, update: 1 }, open: { "LLM-AWS-EC2-1:error": 12, "LLM-AWS-EC2-2:error": 6, "LLM-COST-1:error": 1, "LLM-TAG-1:error": 24 } },
  // Four storage accounts of azurerm 2.x (TLS1_0, shared keys, Microsoft-managed keys, no blob
  // versioning or soft delete) of which two allow every network, and a subnet without an NSG;
  // the accounts and the VNet have no diagnostic setting.
  "regula__azurerm_storage_account_deny_access_infra.json": {
    actions: { create: 7 },
    open: { "LLM-AZ-MON-1:error": 5, "LLM-AZ-NET-1:error": 1, "LLM-AZ-ST-1:error": 2, "LLM-AZ-ST-2:error": 4, "LLM-AZ-ST-3:error": 4, "LLM-AZ-ST-4:error": 4, "LLM-AZ-TLS-1:error": 4, "LLM-COST-1:error": 1, "LLM-TAG-1:error": 6 },
  },
  // Three keys: one rotates every 90 days, one never, one every 90 days and 2 seconds (LLM-GCP-KMS-1 fails those two).
  "regula__gcp_kms_cryptokey_rotate_infra.json": { actions: { create: 4 }, open: { "LLM-COST-1:error": 1, "LLM-GCP-KMS-1:error": 2, "LLM-TAG-1:error": 3 } },
  // An S3 bucket and a Cloud Storage bucket, neither encrypted with a customer key nor closed to the public.
  "regula__resource_view_07_infra.json": {
    actions: { create: 5 },
    open: { "LLM-AWS-EC2-1:error": 1, "LLM-AWS-S3-1:error": 1, "LLM-AWS-S3-2:error": 1, "LLM-AWS-S3-3:error": 1, "LLM-AWS-S3-4:error": 1, "LLM-COST-1:error": 1, "LLM-GCP-GCS-1:error": 1, "LLM-GCP-GCS-2:error": 1, "LLM-TAG-1:error": 5, "LLM-TAG-2:error": 1 },
  },
  // A GKE cluster keeping its default pool, which sets none of the node settings: the same
  // cluster-level failures as above, the pool's read from the cluster's node_config.
  "tgc__gke_custom_node_init.tfplan.json": {
    actions: { create: 1 },
    open: { "LLM-COST-1:error": 1, "LLM-GCP-GKE-1:error": 1, "LLM-GCP-GKE-2:error": 1, "LLM-GCP-GKE-3:error": 1, "LLM-GCP-GKE-4:error": 1, "LLM-GCP-GKE-6:error": 1, "LLM-GCP-GKE-10:error": 1 },
  },
};

describe("llmops review --plan on public plans", () => {
  it("reads every plan of ../shared/fixtures/plans without error, when present", () => {
    // given every plan beside the clone (or, without it, the copies in test/fixtures)
    const source = existsSync(SHARED) ? SHARED : LOCAL;
    const files = readdirSync(source).filter((f) => f.endsWith(".json"));
    // when each is reviewed / then none throws, and each is one the table below explains
    for (const f of files) expect(() => reviewPlan(parsePlan(readFileSync(join(source, f), "utf8")))).not.toThrow();
    expect(files.filter((f) => !EXPECTED[f])).toEqual([]);
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it.runIf(fixture(name) !== undefined)(`explains its findings on ${name}`, () => {
      // given the plan / when reviewed
      const review = reviewPlan(parsePlan(fixture(name)!));
      // then the actions, the data loss and the rules that fire are the ones described above
      expect(review.actions).toEqual(want.actions);
      expect(review.dataLoss).toEqual([]);
      expect(openByRule(review)).toEqual(want.open);
    });
  }

  it("keeps the small plans in the repository and the two largest in ../shared", () => {
    const local = readdirSync(LOCAL).filter((f) => f.endsWith(".json"));
    expect(local.sort()).toEqual(Object.keys(EXPECTED).filter((k) => !EXPECTED[k].shared).sort());
  });
});

describe("stateful deletes and replaces in a plan", () => {
  /** The nested-modules plan with its first bucket deleted and its second replaced because its name changes. */
  function editedPlan(): string {
    const plan = JSON.parse(fixture("checkov__plan_nested_child_modules_with_connections.json")!);
    const buckets = plan.resource_changes.filter((r: { type: string }) => r.type === "aws_s3_bucket");
    buckets[0].change.actions = ["delete"];
    buckets[1].change.actions = ["delete", "create"];
    buckets[1].change.replace_paths = [["bucket"]];
    const file = join(dir, "edited.json");
    writeFileSync(file, JSON.stringify(plan));
    return file;
  }

  it("reports each as a data-loss error naming the resource, and exits 1", () => {
    // given a plan that deletes one bucket and replaces another
    const file = editedPlan();
    // when reviewed
    const r = run("review", "--plan", file, "--json");
    // then both are data-loss errors, the replacement with its forcing path
    expect(r.code).toBe(1);
    const review = JSON.parse(r.out) as PlanReview;
    expect(review.actions).toEqual({ delete: 1, replace: 1, create: 7 });
    expect(review.dataLoss).toEqual([
      { address: expect.stringMatching(/aws_s3_bucket\./), message: "deleted: Terraform destroys it with its data" },
      { address: expect.stringMatching(/aws_s3_bucket\./), message: "replaced (bucket forces a new resource): Terraform destroys the old one with its data" },
    ]);
  });

  it("prints actions, errors and a summary as text", () => {
    const r = run("review", "--plan", editedPlan());
    expect(r.out).toMatch(/^plan: 7 create, 0 update, 1 replace, 1 delete, 0 read, 0 forget, 0 no-op$/m);
    expect(r.out).toMatch(/^ {2}-\/\+ .*aws_s3_bucket\.\S+ \(forced by bucket\)$/m);
    expect(r.err).toMatch(/^error: .*aws_s3_bucket\.\S+ deleted: Terraform destroys it with its data$/m);
    expect(r.err).toMatch(/^error: \[LLM-AWS-S3-1\] /m);
  });

  it("reads replacements in either order and refuses unknown actions", () => {
    expect(actionOf(["create", "delete"])).toBe("replace");
    expect(actionOf(["delete", "create"])).toBe("replace");
    expect(() => actionOf(["explode"])).toThrow(/unknown change actions/);
  });

  it("exits 2 for a missing file, a file that is not a plan, or no --plan", () => {
    const notPlan = join(dir, "not-plan.json");
    writeFileSync(notPlan, JSON.stringify({ hello: 1 }));
    expect(run("review", "--plan", join(dir, "missing.json")).code).toBe(2);
    expect(run("review", "--plan", notPlan)).toMatchObject({ code: 2, err: expect.stringMatching(/is not a Terraform plan/) });
    expect(run("review").code).toBe(2);
  });
});
