import { fail, pass, skip, type ResourceRule } from "../../../types";
import { isProd, isTrue } from "../../helpers";

/** LLM-AWS-RDS-3: in prod, RDS clusters and DB instances have deletion protection. */
export const rdsDeletionProtection: ResourceRule = {
  id: "LLM-AWS-RDS-3",
  title: "Production RDS clusters and DB instances have deletion protection",
  rationale: "Deletion protection makes RDS refuse a delete from any tool, console included, not only from Terraform; a production database should need two deliberate steps to remove.",
  fix: "Set deletion_protection = true (AwsAuroraVectorStore turns it on outside dev: deletionProtection prop, or the spec's deletionProtection).",
  severity: "error",
  packs: ["reliability"],
  cloud: "aws",
  appliesTo: ["aws_rds_cluster", "aws_db_instance"],
  check(resource, stack) {
    if (!isProd(stack)) return skip;
    return isTrue(resource.attributes.deletion_protection) ? pass : fail("has no deletion protection in prod");
  },
};
