import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isExpression, isTrue } from "../../helpers";

/** LLM-AWS-RDS-2: database instances are never publicly accessible. Not suppressible. */
export const rdsNoPublicInstances: ResourceRule = {
  id: "LLM-AWS-RDS-2",
  title: "RDS and Aurora instances are not publicly accessible",
  rationale: "A publicly accessible instance gets an internet-resolvable address; one permissive security-group rule then exposes the database, and its data, to the internet.",
  fix: "Leave publicly_accessible unset or false and reach the database from inside the VPC (AwsAuroraVectorStore does this).",
  severity: "error",
  packs: ["security"],
  cloud: "aws",
  suppressible: false,
  appliesTo: ["aws_rds_cluster_instance", "aws_db_instance"],
  check(instance) {
    const value = instance.attributes.publicly_accessible;
    if (isTrue(value)) return fail("is publicly accessible");
    return isExpression(value) ? skip : pass;
  },
};
