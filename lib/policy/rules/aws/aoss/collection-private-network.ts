import { fail, pass, type ResourceRule } from "../../../types";
import { isExpression, isFalse, nameOf } from "../../helpers";
import { openSearchPolicyMatches } from "../helpers";

/** LLM-AWS-AOSS-1: collections are reachable through network policies that forbid public access. Not suppressible. */
export const aossPrivateNetwork: ResourceRule = {
  id: "LLM-AWS-AOSS-1",
  title: "OpenSearch Serverless collections have a network policy, and every network policy covering them denies public access",
  rationale: "A network policy with AllowFromPublic true puts the vector store (embeddings of private documents, and the documents themselves) on the internet behind nothing but IAM; VPC endpoints are the only way in that keeps it inside the network.",
  fix: "Cover collection/<name> with an aws_opensearchserverless_security_policy of type network whose every rule sets AllowFromPublic false and lists SourceVPCEs (AwsOpenSearchVectorStore does this, with a VPC endpoint of its own).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  suppressible: false,
  appliesTo: ["aws_opensearchserverless_collection"],
  check(collection, stack) {
    const name = collection.attributes.name;
    if (typeof name !== "string" || isExpression(name)) return fail("has a name that is not literal: cannot match it against network policies");
    const matches = openSearchPolicyMatches(stack, "network", name);
    const opaque = matches.filter((m) => m.entry === undefined);
    if (opaque.length > 0) return fail(`network policy ${nameOf(opaque[0].policy)} is not literal JSON: cannot confirm it keeps the collection private`);
    const open = matches.filter((m) => m.entry !== undefined && !isFalse(m.entry.AllowFromPublic));
    if (open.length > 0) {
      const what = (types: readonly string[]) => (types.includes("collection") ? "" : " to its dashboards");
      return fail(open.map((m) => `network policy ${nameOf(m.policy)} allows public access${what(m.resourceTypes)}`).join("; "));
    }
    return matches.some((m) => m.resourceTypes.includes("collection")) ? pass : fail("has no network policy");
  },
};
