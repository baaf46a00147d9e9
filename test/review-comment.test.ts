import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { App } from "../lib/cdk";
import { HOURS_PER_MONTH } from "../lib/catalog";
import { resolveEnvironmentSpec } from "../lib/environment/resolve";
import { loadSpecFile } from "../lib/environment/load";
import { COMMENT_LIMIT, COMMENT_MARKER, renderComment, reviewComment, reviewData, summaryMarkdown } from "../lib/review/comment";
import { compareCosts, costReport } from "../lib/review/cost";
import { stackDiagram } from "../lib/review/diagram";
import { diffSynths, readSynthDir } from "../lib/review/diff";
import { readResolvedSpec, SPEC_FILE } from "../lib/stacks/spec-file";
import { fail, type StackRule } from "../lib/policy/types";
import { addEnvironmentStack } from "../lib/stacks/synth";
import { addAwsExampleStacks } from "../examples/aws/stacks";
import { EXAMPLE_SPECS, SAMPLE_FILE, baseSpecOf, synthExamples } from "../scripts/review-sample";

const ROOT = join(__dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "llmops-review-comment-"));
const head = join(scratch, "head");
const base = join(scratch, "base");

beforeAll(() => {
  // two synths of the examples that differ by one spec change: the AWS dev training
  // pool has 1 GPU per node in the base, 4 (the example) in the head
  synthExamples(head, false);
  synthExamples(base, true);
}, 180_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("resolved spec beside each environment stack", () => {
  it("is written at synth beside cdk.tf.json and reads back as the spec the stack was built from", () => {
    // given the examples synthesized
    for (const file of EXAMPLE_SPECS) {
      const spec = resolveEnvironmentSpec(loadSpecFile(join(ROOT, file)));
      const dir = join(head, "stacks", `${spec.name}-${spec.cloud}-${spec.tier}`);
      // then the stack folder holds llmops-spec.json beside its cdk.tf.json, equal to the resolved spec
      expect(existsSync(join(dir, "cdk.tf.json"))).toBe(true);
      expect(readResolvedSpec(dir)).toEqual(JSON.parse(JSON.stringify(spec)));
    }
  });

  it("is written even when guardrail errors stop synth, and not for the in-cluster platform stacks", () => {
    // given the AWS example with its platform stacks
    const out = join(scratch, "with-platform");
    const app = new App({ outdir: out, stackTraces: false });
    addAwsExampleStacks(app);
    app.synth();
    // then only the environment stacks carry a resolved spec
    const withSpec = readdirSync(join(out, "stacks")).filter((s) => existsSync(join(out, "stacks", s, SPEC_FILE)));
    expect(withSpec.sort()).toEqual(["acme-llm-aws-dev", "acme-llm-aws-prod"]);
    // and a synth that guardrail errors stop still leaves the spec for the review
    const failing = join(scratch, "failing");
    const app2 = new App({ outdir: failing, stackTraces: false });
    const failingRule: StackRule = { id: "LLM-SEC-903", title: "Always fails", rationale: "For this test only.", fix: "Nothing to fix.", severity: "error", packs: ["security"], cloud: "any", appliesTo: "stack", check: () => fail("always fails") };
    addEnvironmentStack(app2, loadSpecFile(join(ROOT, "examples/aws/specs/dev.yaml")), { guardrails: { rules: [failingRule] } });
    expect(() => app2.synth()).toThrow(/LLM-SEC-903/);
    expect(readResolvedSpec(join(failing, "stacks", "acme-llm-aws-dev"))?.name).toBe("acme-llm");
  });
});

describe("two synths of the same example that differ by one spec change", () => {
  it("diff: the node group is replaced (instance type forces a new resource), without data loss", () => {
    const report = diffSynths(readSynthDir(base), readSynthDir(head));
    const dev = report.stacks.find((s) => s.stack === "acme-llm-aws-dev")!;
    expect(dev.status).toBe("changed");
    const group = dev.changed.find((c) => c.type === "aws_eks_node_group")!;
    expect(group.paths).toContain("instance_types");
    expect(group.replacement).toBe("forced");
    expect(group.cause).toMatch(/instance_types/);
    expect(report.stacks.filter((s) => s.stack !== "acme-llm-aws-dev").every((s) => s.status === "unchanged")).toBe(true);
    expect(report.errors).toEqual([]);
  });

  it("cost: the worst case grows by the price difference of the two machines at the pool's maximum, the idle cost does not move", () => {
    const baseSpec = readResolvedSpec(join(base, "stacks", "acme-llm-aws-dev"))!;
    const headSpec = readResolvedSpec(join(head, "stacks", "acme-llm-aws-dev"))!;
    expect([baseSpec.training!.machine.machineType, headSpec.training!.machine.machineType]).toEqual(["g6.xlarge", "g6.12xlarge"]);
    const cmp = compareCosts(costReport([base]), costReport([head]));
    const dev = cmp.stacks.find((s) => s.stack === "acme-llm-aws-dev")!;
    const rate = headSpec.training!.machine.price.usdPerHour - baseSpec.training!.machine.price.usdPerHour;
    expect(dev.idle.delta).toBe(0);
    expect(dev.worst.delta).toBeCloseTo(rate * headSpec.training!.nodes.max * HOURS_PER_MONTH, 0);
    expect(dev.lines.map((l) => l.item).sort()).toEqual(["accelerator pool (g6.12xlarge)", "accelerator pool (g6.xlarge)"]);
    expect(cmp.stacks.filter((s) => s.stack !== "acme-llm-aws-dev").every((s) => s.status === "unchanged")).toBe(true);
  });

  it("review: the comment's summary shows the replacement and the worst-case change, under GitHub's limit, with the marker first", () => {
    const { markdown, dataLossErrors, guardrailErrors, truncated } = reviewComment({ head, base });
    expect(markdown.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(markdown.length).toBeLessThan(COMMENT_LIMIT);
    expect([dataLossErrors, guardrailErrors, truncated]).toEqual([0, 0, false]);
    const row = markdown.split("\n").find((l) => l.startsWith("| acme-llm-aws-dev |"))!;
    // resources | added | changed | removed | replaced | data loss | errors | warnings | idle | worst
    const cells = row.split("|").slice(2, -1).map((c) => c.trim());
    expect(cells.slice(1, 5)).toEqual(["2", "2", "0", "**1**"]);
    expect(cells[9]).toMatch(/^\$[\d,]+~? \(\+\$[\d,]+~?\)$/);
    for (const stack of ["acme-llm-aws-prod", "acme-llm-gcp-dev", "acme-llm-gcp-prod"]) expect(markdown).toMatch(new RegExp(`^\\| ${stack} \\| \\d+ \\| 0 \\| 0 \\| 0 \\| 0 \\| 0 \\| 0 \\| 0 \\|`, "m"));
    expect(markdown).toContain("<details><summary>Diff: acme-llm-aws-dev");
    expect(markdown).toMatch(/-\/\+ aws_eks_node_group\.accelerator-pool_node-group_\w+: instance_types/);
    for (const stack of ["acme-llm-aws-dev", "acme-llm-aws-prod", "acme-llm-gcp-dev", "acme-llm-gcp-prod"]) expect(markdown).toContain(`<details><summary>Diagram: ${stack}</summary>\n\n\`\`\`mermaid\nflowchart LR`);
  });

  it("review: cuts detail sections with a note to stay under the limit, never the summary", () => {
    const data = reviewData({ head, base });
    const summary = summaryMarkdown(data);
    const limit = summary.length + 3000;
    const cut = renderComment(data, limit);
    expect(cut.truncated).toBe(true);
    expect(cut.markdown.length).toBeLessThanOrEqual(limit);
    expect(cut.markdown.startsWith(summary)).toBe(true);
    expect(cut.markdown).toMatch(/> Cut to stay under GitHub's [\d,]+-character comment limit: .*Diagram: acme-llm-/);
    // and a limit smaller than the summary still keeps the whole summary
    expect(renderComment(data, 100).markdown.startsWith(summary)).toBe(true);
  });
});

describe("review comment with a plan", () => {
  it("adds the plan's counts to the summary and its review to the details, and counts its errors", () => {
    // given the examples and a public plan whose configuration has no budget and lacks our tags
    const plan = join(ROOT, "test/fixtures/plans/checkov__plan_with_deleted_resources.json");
    // when the comment is written with it
    const { markdown, guardrailErrors } = reviewComment({ head, base, plan });
    // then the summary says what the plan does, a details section lists it, and its guardrail errors count
    expect(markdown).toMatch(/^Plan: 0 create, 0 update, 1 replace, 0 delete\.$/m);
    expect(markdown).toMatch(/^❌ 2 guardrail errors in the plan$/m);
    expect(markdown).toContain("<details><summary>Plan review (1 resource changes)</summary>");
    expect(markdown).toMatch(/error: \[LLM-COST-1\]/);
    expect(guardrailErrors).toBe(2);
  });
});

describe("review sample (docs/review-sample.md)", () => {
  it("is the comment the examples give today (run `npm run review-sample` after a change)", () => {
    expect(baseSpecOf("examples/aws/specs/dev.yaml", { training: { accelerator: "nvidia-l4", acceleratorsPerNode: 4 } })).toEqual({ training: { accelerator: "nvidia-l4", acceleratorsPerNode: 1 } });
    expect(reviewComment({ head, base }).markdown).toBe(readFileSync(SAMPLE_FILE, "utf8"));
  });
});

describe("Mermaid diagram of each environment", () => {
  // Mermaid's parser sanitizes labels with DOMPurify, which needs a DOM: a jsdom window
  // for this block only (test files share a worker), removed afterwards.
  let parse: (text: string) => Promise<unknown>;
  const saved = { window: (globalThis as Record<string, unknown>).window, document: (globalThis as Record<string, unknown>).document };
  beforeAll(async () => {
    const jsdom: string = "jsdom"; // no type declarations: only its JSDOM class is used
    const { JSDOM } = (await import(jsdom)) as { JSDOM: new (html: string) => { window: { document: unknown } } };
    const dom = new JSDOM("<!doctype html><html><body></body></html>");
    Object.assign(globalThis, { window: dom.window, document: dom.window.document });
    const mermaid = (await import("mermaid")).default;
    parse = (text) => mermaid.parse(text);
  }, 60_000);
  afterAll(() => Object.assign(globalThis, saved));

  const diagramsOf = (markdown: string) => [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);

  it("parses with Mermaid's own parser, for every example stack in the comment", async () => {
    const diagrams = diagramsOf(reviewComment({ head, base }).markdown);
    expect(diagrams).toHaveLength(4);
    for (const d of diagrams) await expect(parse(d)).resolves.toMatchObject({ diagramType: "flowchart-v2" });
  });

  it("fails the parser on a broken diagram (so the check above can fail)", async () => {
    const [good] = diagramsOf(reviewComment({ head, base }).markdown);
    await expect(parse(good.replace('subgraph network["Network"]', 'subgraph network["Net"work"]'))).rejects.toThrow(/Parse error/);
    await expect(parse(`${good}\n  n0 --> `)).rejects.toThrow();
  });

  it("draws network, cluster and pools, storage, vector store, endpoint, registry, budget and alerts, with their links", () => {
    const doc = readSynthDir(head).get("acme-llm-aws-prod")!;
    const d = stackDiagram(doc);
    for (const title of ["Network", "Cluster and pools", "Storage", "Vector store", "Endpoint", "Registry", "Budget and alerts", "Keys"]) expect(d).toContain(`"${title}"]`);
    const id = (label: RegExp) => d.split("\n").find((l) => label.test(l))!.trim().split("[")[0];
    const cluster = id(/\["EKS cluster/);
    const pool = id(/\["node group<br\/>acme-llm-prod-train"/);
    const lustre = id(/\["FSx for Lustre/);
    const key = id(/\["KMS key/);
    expect(d).toContain(`${pool} --> ${cluster}`);
    expect(d).toContain(`${lustre} --> ${key}`);
    expect(d).toMatch(new RegExp(`${cluster} --> network\\b`));
    const gcp = stackDiagram(readSynthDir(head).get("acme-llm-gcp-prod")!);
    for (const label of ["GKE cluster", "node pool", "Managed Lustre", "Cloud SQL", "Vertex AI endpoint", "Artifact Registry", "budget", "Pub/Sub topic"]) expect(gcp).toContain(`["${label}<br/>`);
  });

  it("groups types it does not know generically, so another cloud's stack still draws and parses", async () => {
    // given Azure resources and a type no group knows
    const doc = {
      resource: {
        azurerm_kubernetes_cluster: { aks: { name: "acme-aks", default_node_pool: { vnet_subnet_id: "${azurerm_subnet.nodes.id}" } } },
        azurerm_kubernetes_cluster_node_pool: { gpu: { name: "gpu", kubernetes_cluster_id: "${azurerm_kubernetes_cluster.aks.id}" } },
        azurerm_subnet: { nodes: { name: "nodes", virtual_network_name: "${azurerm_virtual_network.vnet.name}" } },
        azurerm_virtual_network: { vnet: { name: "acme-vnet" } },
        somecloud_widget: { w: { name: 'with "quotes" and <tags>', ref: "${azurerm_kubernetes_cluster.aks.id}" } },
      },
    };
    const d = stackDiagram(doc);
    expect(d).toContain('subgraph other["Other"]');
    expect(d).toMatch(/\["1 x somecloud_widget"\]/);
    expect(d).toMatch(/n\d+\["node pool<br\/>gpu"\]/);
    expect(d).toMatch(/other --> n\d+/);
    await expect(parse(d)).resolves.toMatchObject({ diagramType: "flowchart-v2" });
  });
});
