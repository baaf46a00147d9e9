import { createHash } from "node:crypto";
import { DefaultTokenResolver, StringConcat, Token, Tokenization, type IConstruct } from "../../cdk";
import { show, type ProblemCollector } from "../../errors";

/**
 * Construct ids keyed by value, for resources made one per entry of a user list.
 *
 * In Terraform a construct id is part of the resource address: an id built from a
 * list position (`email-0`) moves to another value when an earlier entry is removed,
 * and Terraform replaces the resource. An id built from the value itself stays put
 * when the list is reordered or other entries come and go. Cloud-neutral: it knows
 * only the CDK for Terraform core.
 */

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** The first 8 hex digits of the SHA-256 of `value`, exactly as given (no case folding, no trimming). */
export function hash8(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex").slice(0, 8);
}

/** `value` as a legal id fragment: lowercase, runs of anything but `a-z0-9` become one `-`, at most `maxLength` characters. */
export function slug(value: string, maxLength = 32): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, "");
}

/**
 * The text that identifies `value` from one synth to the next. A plain string is itself.
 * An unresolved token is resolved, without side effects, to the Terraform expression it
 * stands for in `scope`'s stack (e.g. `${aws_iam_role.jobs_role_1A2B3C4D.name}`), which
 * stays the same while the referenced resource keeps its address. The token string
 * itself (`${TfToken[TOKEN.42]}`) does not: its number counts tokens made earlier in
 * the process, and each read of an attribute makes a new one.
 */
export function stableKey(scope: IConstruct, value: string): string {
  if (!Token.isUnresolved(value)) return value;
  // preparing: false, so a reference into another stack adds no cross-stack output here.
  const resolved: unknown = Tokenization.resolve(value, { scope, preparing: false, resolver: RESOLVER });
  return typeof resolved === "string" ? resolved : JSON.stringify(resolved);
}

/**
 * A construct id for one value: `<prefix>-<slug(label)>-<hash8(key)>`, or
 * `<prefix>-<hash8(key)>` when the label is empty or an unresolved token.
 * The slug is for people reading a plan; the hash keeps values with the same slug apart.
 */
export function stableId(prefix: string, key: string, label = ""): string {
  const readable = Token.isUnresolved(label) ? "" : slug(label);
  return [prefix, readable, hash8(key)].filter((part) => part !== "").join("-");
}

/** How {@link stableIds} compares and labels the values of a list. */
export interface StableIdOptions {
  /** Maps a value to what counts as equal for duplicates, e.g. lower case for email addresses. @default - the value as is */
  readonly normalize?: (value: string) => string;
  /** The readable part of each id. @default - the value itself */
  readonly label?: (value: string) => string;
}

/**
 * One {@link stableId} per entry of `values`, in order. Each entry that repeats an
 * earlier one (after `normalize`) is recorded in `problems` as
 * `<path>.<i>: repeats <path>.<j> (got "x") ...`: two entries cannot share a resource.
 */
export function stableIds(scope: IConstruct, problems: ProblemCollector, path: string, prefix: string, values: readonly string[], options: StableIdOptions = {}): string[] {
  const normalize = options.normalize ?? ((v: string) => v);
  const label = options.label ?? ((v: string) => v);
  const first = new Map<string, number>();
  return values.map((value, i) => {
    const key = stableKey(scope, value);
    const seen = first.get(normalize(key));
    if (seen === undefined) first.set(normalize(key), i);
    else problems.add(`${path}.${i}`, `repeats ${path}.${seen} (got ${show(value)}): list each value once, it keys one resource`);
    return stableId(prefix, key, Token.isUnresolved(value) ? "" : label(value));
  });
}
