import { fail, pass, type ResourceRule } from "../../../types";
import { isExpression, isFalse, nameOf } from "../../helpers";
import { openSearchPolicyMatches } from "../helpers";

/** LLM-AWS-AOSS-2: collections encrypt with a customer-managed key. */
export const aossKmsEncryption: ResourceRule = {
  id: "LLM-AWS-AOSS-2",
  title: "OpenSearch Serverless collections are covered by an encryption policy with a customer-managed KMS key",
  rationale: "Vector stores hold embeddings from which source documents can be partly reconstructed; an AWS-owned key leaves access to them outside any key policy you control and cannot be revoked.",
  fix: "Cover collection/<name> with an aws_opensearchserverless_security_policy of type encryption with AWSOwnedKey false and KmsARN set to your key (AwsOpenSearchVectorStore does this).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  appliesTo: ["aws_opensearchserverless_collection"],
  check(collection, stack) {
    const name = collection.attributes.name;
    if (typeof name !== "string" || isExpression(name)) return fail("has a name that is not literal: cannot match it against encryption policies");
    const matches = openSearchPolicyMatches(stack, "encryption", name).filter((m) => m.entry === undefined || m.resourceTypes.includes("collection"));
    const covering = matches.flatMap(({ policy, entry }) => (entry === undefined ? [] : [{ policy, entry }]));
    if (covering.length === 0) {
      const opaque = matches.find((m) => m.entry === undefined);
      return fail(opaque ? `encryption policy ${nameOf(opaque.policy)} is not literal JSON: cannot confirm the collection uses a customer-managed key` : "has no encryption policy");
    }
    const problems = covering.flatMap(({ policy, entry }) => {
      if (!isFalse(entry.AWSOwnedKey)) return [`encryption policy ${nameOf(policy)} uses an AWS-owned key`];
      return typeof entry.KmsARN === "string" && entry.KmsARN.length > 0 ? [] : [`encryption policy ${nameOf(policy)} names no KmsARN`];
    });
    return problems.length === 0 ? pass : fail(problems.join("; "));
  },
};
