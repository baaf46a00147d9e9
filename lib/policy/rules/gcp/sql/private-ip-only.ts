import { fail, pass, skip, type ResourceRule } from "../../../types";
import { attr, isExpression, isFalse } from "../../helpers";

/** LLM-GCP-SQL-1: Cloud SQL instances have no public IP. Not suppressible. */
export const sqlPrivateIpOnly: ResourceRule = {
  id: "LLM-GCP-SQL-1",
  title: "Cloud SQL instances have a private IP only, no public IPv4 address",
  rationale: "A public IP puts the database on the internet, one authorized network or leaked password away from its data; Cloud SQL assigns one unless told otherwise.",
  fix: "Set settings.ip_configuration { ipv4_enabled = false, private_network = <VPC id> } and reach the instance through private services access (GcpPostgresVectorStore does).",
  severity: "error",
  packs: ["security"],
  cloud: "gcp",
  suppressible: false,
  appliesTo: ["google_sql_database_instance"],
  check(instance) {
    const enabled = attr(instance, "settings.ip_configuration.ipv4_enabled");
    if (isExpression(enabled)) return skip;
    if (isFalse(enabled)) return pass;
    return fail(enabled === undefined || enabled === null ? "has a public IPv4 address (settings.ip_configuration.ipv4_enabled defaults to true)" : "has a public IPv4 address (settings.ip_configuration.ipv4_enabled = true)");
  },
};
