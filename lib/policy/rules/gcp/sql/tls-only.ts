import { fail, pass, type ResourceRule } from "../../../types";
import { attr } from "../../helpers";

/** The `ssl_mode` values that refuse unencrypted connections. */
const TLS_ONLY = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

/** LLM-GCP-SQL-2: Cloud SQL instances accept TLS connections only. */
export const sqlTlsOnly: ResourceRule = {
  id: "LLM-GCP-SQL-2",
  title: "Cloud SQL instances accept encrypted (TLS) connections only",
  rationale: "Cloud SQL accepts unencrypted connections by default: passwords and query results then cross the network in clear text.",
  fix: "Set settings.ip_configuration.ssl_mode = \"ENCRYPTED_ONLY\" (or \"TRUSTED_CLIENT_CERTIFICATE_REQUIRED\"); GcpPostgresVectorStore sets ENCRYPTED_ONLY.",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  appliesTo: ["google_sql_database_instance"],
  check(instance) {
    const mode = attr(instance, "settings.ip_configuration.ssl_mode");
    if (typeof mode === "string" && TLS_ONLY.includes(mode)) return pass;
    return fail(`accepts unencrypted connections (settings.ip_configuration.ssl_mode is ${mode === undefined || mode === null ? "unset" : String(mode)})`);
  },
};
