/** An IPv4 CIDR block as numbers: the network address (unsigned 32-bit) and the prefix length. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

/** Private IPv4 space (RFC 1918): the only ranges the network carves from. */
export const PRIVATE_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** Parses `a.b.c.d/n`, or undefined when it is not an IPv4 CIDR block. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { base, prefix };
}

/** The number of addresses of a prefix length. */
export function sizeOf(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Whether the block's address is its network address (no host bits set). */
export function isAligned(c: Cidr): boolean {
  return c.base % sizeOf(c.prefix) === 0;
}

/** `a.b.c.d/n`. */
export function formatCidr(c: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(c.base / 2 ** shift) % 256);
  return `${octets.join(".")}/${c.prefix}`;
}

/** Whether `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + sizeOf(inner.prefix) <= outer.base + sizeOf(outer.prefix);
}

/** Whether two blocks share an address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + sizeOf(b.prefix) && b.base < a.base + sizeOf(a.prefix);
}

/** Whether the block lies inside RFC 1918 private space. */
export function isPrivate(c: Cidr): boolean {
  return PRIVATE_RANGES.some((r) => contains(parseCidr(r) as Cidr, c));
}

/**
 * Carves blocks of the given prefix lengths out of `space`, largest first (ties in the
 * order given), each at the lowest free address aligned to its size: the same input
 * always gives the same ranges, and none overlap. Returns undefined when they do not fit.
 */
export function carve<K extends string>(space: Cidr, prefixes: Readonly<Record<K, number>>): Record<K, Cidr> | undefined {
  const keys = (Object.keys(prefixes) as K[]).map((k, i) => ({ k, i })).sort((a, b) => prefixes[a.k] - prefixes[b.k] || a.i - b.i);
  const out = {} as Record<K, Cidr>;
  let next = space.base;
  const end = space.base + sizeOf(space.prefix);
  for (const { k } of keys) {
    const size = sizeOf(prefixes[k]);
    const base = Math.ceil(next / size) * size;
    if (prefixes[k] < space.prefix || base + size > end) return undefined;
    out[k] = { base, prefix: prefixes[k] };
    next = base + size;
  }
  return out;
}
