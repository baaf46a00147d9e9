/** Helpers that read AWS resources (IAM documents, KMS keys, EC2, SageMaker, OpenSearch). Cloud-neutral ones live in `../../helpers`. */
export * from "./compute";
export * from "./iam";
export * from "./kms";
export * from "./opensearch";
export * from "./sagemaker";
