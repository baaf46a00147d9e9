function globRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
}

/** Whether `value` matches a wildcard pattern (`*` any run, `?` one character), as IAM and OpenSearch policies read them. */
export function globMatch(pattern: string, value: string, opts: { ignoreCase?: boolean } = {}): boolean {
  return globRegExp(pattern, opts.ignoreCase ?? true).test(value);
}

/** Whether two wildcard patterns (`*`, `?`) match at least one common string, case-insensitively (e.g. IAM actions). */
export function globsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === x.length && j === y.length) result = true;
    else if (i < x.length && x[i] === "*") result = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (j < y.length && y[j] === "*") result = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else result = i < x.length && j < y.length && (x[i] === y[j] || x[i] === "?" || y[j] === "?") && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}
