import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isProd } from "../../helpers";

/** LLM-AWS-AOSS-3: in prod, OpenSearch Serverless collections keep standby replicas. */
export const collectionStandbyReplicas: ResourceRule = {
  id: "LLM-AWS-AOSS-3",
  title: "Production OpenSearch Serverless collections have standby replicas enabled",
  rationale: "Without standby replicas a collection lives in one zone: a zone outage takes retrieval, and every application built on it, down.",
  fix: "Set standby_replicas to ENABLED, or leave it unset (AwsOpenSearchVectorStore enables it outside dev: standbyReplicas).",
  severity: "warning",
  packs: ["reliability"],
  cloud: "aws",
  appliesTo: ["aws_opensearchserverless_collection"],
  check(collection, stack) {
    if (!isProd(stack)) return skip;
    const value = collection.attributes.standby_replicas;
    if (value === undefined || value === null || value === "ENABLED") return pass; // AWS defaults to ENABLED
    return fail(value === "DISABLED" ? "has standby replicas disabled in prod" : "standby_replicas is not a literal ENABLED");
  },
};
