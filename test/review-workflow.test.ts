import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMMENT_MARKER } from "../lib/review/comment";

const FILE = (example: string) => join(__dirname, "..", "examples", example, ".github", "workflows", "llmops-review.yml");
const text = readFileSync(FILE("aws"), "utf8");

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { readonly steps: readonly Step[] }>;
}

const workflow = parse(text) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

describe("the review workflow (examples/<cloud>/.github/workflows/llmops-review.yml)", () => {
  it("is the same file in every example, so a copied example brings it", () => {
    expect(readFileSync(FILE("gcp"), "utf8")).toBe(text);
  });

  it("passes action-validator's workflow schema check", () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it.each([
    ["a misspelt job key", text.replace("runs-on: ubuntu-latest", "runs-onn: ubuntu-latest")],
    ["an unknown event", text.replace("  pull_request:\n", "  pull_requestt:\n")],
    ["a step with both uses and run", text.replace("      - name: Set up Node.js\n", "      - name: Set up Node.js\n        run: echo broken\n")],
  ])("fails the check with %s (so the check above can fail)", (_, broken) => {
    expect(broken).not.toBe(text);
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it("runs on pull requests with the permissions to comment and upload SARIF, and no more", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ contents: "read", "pull-requests": "write", "security-events": "write" });
  });

  it("pins every action to a commit, with its version in a comment", () => {
    const uses = text.split("\n").filter((l) => /^\s*(- )?uses:/.test(l));
    expect(uses.length).toBeGreaterThanOrEqual(5);
    for (const line of uses) expect(line).toMatch(/uses: [\w-]+\/[\w/-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it("checks out base and head, validates, synthesizes both, diffs, prices the change, writes the comment and uploads SARIF", () => {
    const checkouts = steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkouts.map((s) => s.with?.path)).toEqual(["head", "base"]);
    expect(checkouts[1].with?.ref).toBe("${{ github.event.pull_request.base.sha }}");
    const runs = steps.map((s) => s.run ?? "").join("\n");
    for (const command of [/npm ci/, /llmops validate specs\/\*\.yaml/, /npx tsx main\.ts/, /llmops diff "\$BASE_OUT" cdktf\.out/, /llmops cost --compare "\$BASE_OUT" cdktf\.out/, /llmops review cdktf\.out "\$\{base_args\[@\]\}" --out "\$GITHUB_WORKSPACE\/llmops-review\.md"/]) {
      expect(runs).toMatch(command);
    }
    const sarif = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(sarif?.with?.sarif_file).toBe("sarif");
  });

  it("updates the one comment that starts with the review's marker, else creates it", () => {
    const script = steps.find((s) => s.uses?.startsWith("actions/github-script@"))?.with?.script ?? "";
    expect(script).toContain(`const marker = "${COMMENT_MARKER}"`);
    expect(script).toMatch(/c\.body\?\.startsWith\(marker\)/);
    expect(script).toContain("github.rest.issues.updateComment");
    expect(script).toContain("github.rest.issues.createComment");
  });
});
