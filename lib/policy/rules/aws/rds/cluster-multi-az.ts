import { fail, pass, skip, type ResourceRule } from "../../../types";
import { companionsOf, isProd, num, plural } from "../../helpers";

const MIN_INSTANCES = 2;

/**
 * LLM-AWS-RDS-5: in prod, Aurora clusters run at least two instances (Aurora puts a
 * reader in another zone and fails over to it). Instances are aws_rds_cluster_instance
 * resources whose cluster_identifier references the cluster (or names it literally);
 * a literal `count` counts as that many. Clusters that manage their own instances
 * (Multi-AZ DB clusters, with db_cluster_instance_class) and Serverless v1 clusters
 * (engine_mode serverless, no instances) are skipped.
 */
export const rdsClusterMultiAz: ResourceRule = {
  id: "LLM-AWS-RDS-5",
  title: "Production Aurora clusters have at least two instances, so one can fail over in another zone",
  rationale: "A cluster with a single instance is down while that instance or its zone is; a second instance in another zone takes over in about a minute.",
  fix: "Add a second aws_rds_cluster_instance to the cluster (AwsAuroraVectorStore creates two in prod: instances prop).",
  severity: "warning",
  packs: ["reliability"],
  cloud: "aws",
  appliesTo: ["aws_rds_cluster"],
  check(cluster, stack) {
    if (!isProd(stack)) return skip;
    const a = cluster.attributes;
    if (a.db_cluster_instance_class !== undefined && a.db_cluster_instance_class !== null) return skip;
    if (a.engine_mode === "serverless") return skip;
    const instances = companionsOf(stack, "aws_rds_cluster_instance", "cluster_identifier", cluster, { literal: "cluster_identifier" });
    const count = instances.reduce((n, i) => n + (i.attributes.count === undefined ? 1 : (num(i.attributes.count) ?? 1)), 0);
    return count >= MIN_INSTANCES ? pass : fail(`has ${plural(count, "instance")} in prod; at least ${MIN_INSTANCES} in different zones`);
  },
};
