import { OpensearchserverlessCollection } from "@cdktf/provider-aws/lib/opensearchserverless-collection";
import { OpensearchserverlessSecurityPolicy } from "@cdktf/provider-aws/lib/opensearchserverless-security-policy";
import { describe, expect, it } from "vitest";
import { Fn, type Construct } from "../../lib/cdk";
import { AwsOpenSearchVectorStore } from "../../lib/constructs/aws/opensearch-vector-store";
import { Guardrails } from "../../lib/policy/guardrails";
import { aossKmsEncryption } from "../../lib/policy/rules/aws/aoss/collection-kms-encryption";
import { aossPrivateNetwork } from "../../lib/policy/rules/aws/aoss/collection-private-network";
import { DEV } from "../helpers";
import { findingsOf, statuses } from "./helpers";
import { APP_ROLE, KEY_ARN, PLACEMENT, envKey, messagesBy } from "./security-helpers";

/** The vector store construct, with one role let in (OpenSearch rejects a data access policy without principals). */
function vectorStore(s: Construct): void {
  new AwsOpenSearchVectorStore(s, "vectors", { environment: DEV, ...PLACEMENT, encryptionKey: envKey(s) }).grantReadWrite(APP_ROLE);
}

function collection(s: Construct, name: string): OpensearchserverlessCollection {
  return new OpensearchserverlessCollection(s, name, { name, type: "VECTORSEARCH" });
}

function networkPolicy(s: Construct, name: string, entries: Record<string, unknown>[]): void {
  new OpensearchserverlessSecurityPolicy(s, name, { name, type: "network", policy: JSON.stringify(entries) });
}

function encryptionPolicy(s: Construct, name: string, body: Record<string, unknown>): void {
  new OpensearchserverlessSecurityPolicy(s, name, { name, type: "encryption", policy: JSON.stringify(body) });
}

const rules = (resource: string, ...types: string[]) => types.map((ResourceType) => ({ ResourceType, Resource: [resource] }));

describe("LLM-AWS-AOSS-1 collections reachable from VPC endpoints only", () => {
  it("passes an AwsOpenSearchVectorStore", () => {
    expect(statuses(findingsOf(aossPrivateNetwork, vectorStore))).toEqual({ "aws_opensearchserverless_collection.vectors_collection": "compliant" });
  });

  it("fails a collection without a network policy, one opened by a wildcard policy, and one whose dashboards are public", () => {
    // given
    const findings = findingsOf(aossPrivateNetwork, (s) => {
      collection(s, "acme-bare");
      collection(s, "acme-open");
      networkPolicy(s, "acme-public", [{ Rules: rules("collection/acme-op*", "collection"), AllowFromPublic: true }]);
      collection(s, "acme-dash");
      networkPolicy(s, "acme-dash-private", [{ Rules: rules("collection/acme-dash", "collection"), AllowFromPublic: false, SourceVPCEs: ["vpce-123"] }]);
      networkPolicy(s, "acme-dash-public", [{ Rules: rules("collection/acme-dash", "dashboard"), AllowFromPublic: true }]);
    });
    // then
    expect(messagesBy(findings)).toEqual({
      "aws_opensearchserverless_collection.acme-bare": "has no network policy",
      "aws_opensearchserverless_collection.acme-open": "network policy acme-public allows public access",
      "aws_opensearchserverless_collection.acme-dash": "network policy acme-dash-public allows public access to its dashboards",
    });
  });

  it("fails a collection when a network policy cannot be read, rather than guess", () => {
    const findings = findingsOf(aossPrivateNetwork, (s) => {
      collection(s, "acme-opaque");
      new OpensearchserverlessSecurityPolicy(s, "acme-opaque-net", { name: "acme-opaque-net", type: "network", policy: Fn.jsonencode([{ AllowFromPublic: false }]) });
    });
    expect(messagesBy(findings)).toEqual({ "aws_opensearchserverless_collection.acme-opaque": "network policy acme-opaque-net is not literal JSON: cannot confirm it keeps the collection private" });
  });

  it("cannot be suppressed: a suppression is reported as ignored", () => {
    const findings = findingsOf(aossPrivateNetwork, (s) => {
      const open = collection(s, "acme-open");
      networkPolicy(s, "acme-public", [{ Rules: rules("collection/*", "collection"), AllowFromPublic: true }]);
      Guardrails.suppress(open, aossPrivateNetwork.id, "The collection holds only public documents and is meant to be reached from anywhere.");
    });
    expect(statuses(findings)).toEqual({ "aws_opensearchserverless_collection.acme-open": "non-compliant" });
    expect(messagesBy(findings)["aws_opensearchserverless_collection.acme-open"]).toMatch(/^network policy acme-public allows public access \(a suppression at .* was ignored: LLM-AWS-AOSS-1 cannot be suppressed\)$/);
  });
});

describe("LLM-AWS-AOSS-2 collections encrypted with a customer-managed key", () => {
  it("passes an AwsOpenSearchVectorStore, and a raw collection under a wildcard policy with a key", () => {
    const findings = findingsOf(aossKmsEncryption, (s) => {
      vectorStore(s);
      collection(s, "acme-raw");
      encryptionPolicy(s, "acme-all", { Rules: rules("collection/acme-r*", "collection"), AWSOwnedKey: false, KmsARN: KEY_ARN });
    });
    expect(statuses(findings)).toEqual({ "aws_opensearchserverless_collection.vectors_collection": "compliant", "aws_opensearchserverless_collection.acme-raw": "compliant" });
  });

  it("fails a collection without an encryption policy and one under an AWS-owned key", () => {
    // given
    const findings = findingsOf(aossKmsEncryption, (s) => {
      collection(s, "acme-bare");
      collection(s, "acme-owned");
      encryptionPolicy(s, "acme-owned-enc", { Rules: rules("collection/acme-owned", "collection"), AWSOwnedKey: true });
    });
    // then
    expect(messagesBy(findings)).toEqual({
      "aws_opensearchserverless_collection.acme-bare": "has no encryption policy",
      "aws_opensearchserverless_collection.acme-owned": "encryption policy acme-owned-enc uses an AWS-owned key",
    });
  });
});
