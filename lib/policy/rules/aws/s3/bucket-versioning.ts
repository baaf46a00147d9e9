import { fail, pass, type ResourceRule } from "../../../types";
import { attr, companionsOf, isTrue } from "../../helpers";

/** LLM-AWS-S3-4: every bucket keeps object versions. */
export const bucketVersioning: ResourceRule = {
  id: "LLM-AWS-S3-4",
  title: "S3 buckets have versioning enabled",
  rationale: "Without versioning an overwrite or delete of a dataset, checkpoint or model artifact is final; versions let it be restored.",
  fix: "Add an aws_s3_bucket_versioning for the bucket with versioning_configuration status Enabled (AwsDataBucket does this).",
  severity: "error",
  packs: ["reliability"],
  cloud: "aws",
  appliesTo: ["aws_s3_bucket"],
  check(bucket, stack) {
    const configs = companionsOf(stack, "aws_s3_bucket_versioning", "bucket", bucket, { literal: "bucket" });
    const statuses = configs.map((c) => attr(c, "versioning_configuration.status"));
    if (statuses.includes("Enabled") || isTrue(attr(bucket, "versioning.enabled"))) return pass;
    if (configs.length === 0) return fail("has no versioning configuration");
    const status = statuses.find((s) => typeof s === "string");
    return fail(status === undefined ? "versioning status is not a literal Enabled" : `versioning is ${status}`);
  },
};
