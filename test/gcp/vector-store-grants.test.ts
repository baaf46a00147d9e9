import { describe, expect, it } from "vitest";
import { Testing } from "../../lib/cdk";
import { GcpLlmOpsStack } from "../../lib/stacks/gcp-llmops-stack";
import { resources, synthStack } from "../helpers";
import { gcpSpec } from "./helpers";

function synth(overrides: Record<string, unknown>): ReturnType<typeof synthStack> {
  const spec = gcpSpec({ budget: { monthlyUsd: 1000, notify: ["finops@acme.example"] }, ...overrides });
  return synthStack(new GcpLlmOpsStack(Testing.app(), { spec }));
}

const accountOf = (doc: ReturnType<typeof synth>, accountId: string) => {
  const entry = Object.entries(doc.resource.google_service_account ?? {}).find(([, a]) => (a as { account_id: string }).account_id === accountId);
  expect(entry, accountId).toBeDefined();
  return `\${google_service_account.${entry?.[0]}.email}`;
};

describe("GcpLlmOpsStack vector store grants", () => {
  it("lets training jobs and the vector-indexer identity connect to Cloud SQL and log in as IAM database users", () => {
    // given a spec with training and the pgvector store
    const doc = synth({ vectorStore: { engine: "postgres-pgvector" } });
    // then each of the two Workload Identity accounts gets the connect and IAM-login roles and a CLOUD_IAM_SERVICE_ACCOUNT user
    const jobs = accountOf(doc, "acme-dev-train-jobs");
    const indexer = accountOf(doc, "acme-dev-vec-index");
    const members = resources(doc, "google_project_iam_member").map((m) => `${m.role} ${m.member}`);
    for (const email of [jobs, indexer]) {
      expect(members).toContain(`roles/cloudsql.client serviceAccount:${email}`);
      expect(members).toContain(`roles/cloudsql.instanceUser serviceAccount:${email}`);
    }
    const users = resources(doc, "google_sql_user");
    expect(users).toHaveLength(2);
    for (const u of users) expect(u).toMatchObject({ type: "CLOUD_IAM_SERVICE_ACCOUNT", deletion_policy: "ABANDON" });
    expect(users.map((u) => u.name)).toEqual(expect.arrayContaining([`\${trimsuffix(${jobs.slice(2, -1)}, ".gserviceaccount.com")}`]));
    // and the indexer's Kubernetes identity is bound and announced
    const bindings = resources(doc, "google_service_account_iam_member").map((b) => b.member);
    expect(bindings).toContain("serviceAccount:acme-llm-dev.svc.id.goog[training/vector-indexer]");
    expect(doc.output?.vector_indexer_service_account).toBeDefined();
  });

  it("gives both identities roles/aiplatform.user for Vector Search, and makes no Cloud SQL user", () => {
    const doc = synth({ vectorStore: { engine: "managed-search" } });
    const members = resources(doc, "google_project_iam_member").filter((m) => m.role === "roles/aiplatform.user").map((m) => m.member);
    expect(members.sort()).toEqual([`serviceAccount:${accountOf(doc, "acme-dev-train-jobs")}`, `serviceAccount:${accountOf(doc, "acme-dev-vec-index")}`].sort());
    expect(resources(doc, "google_sql_user")).toHaveLength(0);
  });

  it("makes no vector-indexer identity without training or without a vector store", () => {
    expect(resources(synth({ training: undefined, vectorStore: { engine: "postgres-pgvector" } }), "google_sql_user")).toHaveLength(0);
    const doc = synth({ vectorStore: false });
    expect(Object.values(doc.resource.google_service_account ?? {}).map((a) => (a as { account_id: string }).account_id)).not.toContain("acme-dev-vec-index");
  });
});
