/** Whether a value is a reference to an `aws_kms_key` made in the stack (`.arn`, `.key_id`, `.id`), or a literal KMS key ARN. */
export function isKeyReference(value: unknown): boolean {
  return typeof value === "string" && (/\$\{aws_kms_key\.[^.}]+\.(arn|key_id|id)\}/.test(value) || /^arn:aws[a-z-]*:kms:[^:]+:\d{12}:key\//.test(value));
}

/**
 * Whether a value names a customer-managed KMS key: a reference to a key made here
 * (`aws_kms_key`, replica or external keys) or a literal key ARN; with `aliases`, also a
 * reference to an `aws_kms_alias` or a literal alias outside the AWS-managed `alias/aws/`.
 */
export function isCustomerKey(value: unknown, opts: { aliases?: boolean } = {}): boolean {
  if (typeof value !== "string") return false;
  if (isKeyReference(value) || /\$\{aws_kms_(replica_key|external_key|replica_external_key)\.[^.}]+\.(arn|key_id|id)\}/.test(value)) return true;
  if (!opts.aliases) return false;
  if (/\$\{aws_kms_alias\.[^.}]+\.(arn|name|id)\}/.test(value)) return true;
  const alias = /^(?:arn:aws[a-z-]*:kms:[^:]+:\d{12}:)?alias\/(.+)$/.exec(value);
  return alias !== null && !alias[1].startsWith("aws/");
}
