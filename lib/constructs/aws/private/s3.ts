/** S3 object keys (and so key prefixes) are at most 1024 bytes of UTF-8. */
export const S3_KEY_MAX_BYTES = 1024;

/** Why `prefix` cannot be an S3 key prefix, or undefined when it can. */
export function s3PrefixProblem(prefix: string): string | undefined {
  const bytes = Buffer.byteLength(prefix, "utf8");
  if (bytes > S3_KEY_MAX_BYTES) return `S3 key prefixes are at most ${S3_KEY_MAX_BYTES} bytes (got ${bytes} bytes)`;
  return undefined;
}
