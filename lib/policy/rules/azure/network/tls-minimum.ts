import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isExpression } from "../../helpers";

/** Types with a minimum TLS version argument, its name, and the value that means 1.2 (each defaults to 1.2 in azurerm 4.55). */
export const TLS_ARGUMENTS: Readonly<Record<string, { readonly argument: string; readonly ok: readonly string[] }>> = {
  azurerm_storage_account: { argument: "min_tls_version", ok: ["TLS1_2", "TLS1_3"] },
  azurerm_mssql_server: { argument: "minimum_tls_version", ok: ["1.2", "1.3"] },
  azurerm_redis_cache: { argument: "minimum_tls_version", ok: ["1.2"] },
  azurerm_servicebus_namespace: { argument: "minimum_tls_version", ok: ["1.2"] },
  azurerm_eventhub_namespace: { argument: "minimum_tls_version", ok: ["1.2"] },
};

/** LLM-AZ-TLS-1: services accept TLS 1.2 or later only. */
export const tlsMinimum: ResourceRule = {
  id: "LLM-AZ-TLS-1",
  title: "Storage accounts, SQL servers, Redis caches and messaging namespaces accept TLS 1.2 or later only",
  rationale: "TLS 1.0 and 1.1 have known weaknesses and are retired across Azure; a service that still accepts them lets a downgraded client send credentials and data over them.",
  fix: "Leave the minimum TLS version unset (1.2 is the default) or set it to 1.2: min_tls_version = \"TLS1_2\" on storage accounts, minimum_tls_version = \"1.2\" elsewhere.",
  severity: "error",
  packs: ["security"],
  cloud: "azure",
  appliesTo: Object.keys(TLS_ARGUMENTS),
  check(resource) {
    const { argument, ok } = TLS_ARGUMENTS[resource.type];
    const value = resource.attributes[argument];
    if (value === undefined || value === null) return pass;
    if (isExpression(value)) return skip;
    return ok.includes(String(value)) ? pass : fail(`accepts TLS older than 1.2 (${argument} = ${String(value)})`);
  },
};
