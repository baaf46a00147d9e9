import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isExpression, isProd, num } from "../../helpers";

/** LLM-AZ-SRCH-2: prod AI Search runs two replicas or more (the query SLA; three for indexing too). */
export const searchProdReplicas: ResourceRule = {
  id: "LLM-AZ-SRCH-2",
  title: "Production AI Search services run at least two replicas on a paid SKU",
  rationale:
    "AI Search has no SLA for one replica: an update or a node failure stops retrieval, and every RAG answer with it. Two replicas carry the read (query) SLA, three the read-write (indexing) SLA; the Free SKU has none.",
  fix: "Set replica_count = 2 or more (3 for the indexing SLA) on a basic or standard SKU in prod (AzureAiSearch runs 3 on standard in prod).",
  severity: "error",
  packs: ["reliability"],
  cloud: "azure",
  appliesTo: ["azurerm_search_service"],
  check(service, stack) {
    if (!isProd(stack)) return skip;
    if (service.attributes.sku === "free") return fail('runs the free SKU in prod, which has no SLA and no replicas (sku = "free")');
    if (isExpression(service.attributes.replica_count)) return skip;
    const replicas = num(service.attributes.replica_count) ?? 1;
    return replicas >= 2 ? pass : fail(`runs ${replicas} replica in prod, with no SLA (replica_count ${service.attributes.replica_count === undefined ? "defaults to 1" : `= ${replicas}`}); set replica_count = 2 or more`);
  },
};
