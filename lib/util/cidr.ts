/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  /** Prefix length, 0-32. */
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; returns a reason string when it is not a valid CIDR with host bits zero. */
export function parseCidr(cidr: string): Ipv4Cidr | string {
  const m = cidr.length > 18 ? null : /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return "is not an IPv4 CIDR block like 10.40.0.0/16";
  if (m.slice(1).some((part) => part.length > 1 && part.startsWith("0"))) return "has a number with a leading zero, which Terraform and the clouds reject (write 10.40.0.0/16, not 010.040.000.000/16)";
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return "has an octet above 255";
  const prefix = Number(m[5]);
  if (prefix > 32) return "has a prefix length above 32";
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) {
    return `has host bits set; the network address for /${prefix} is ${formatIp(base - (base % size))}/${prefix}`;
  }
  return { base, prefix };
}

function formatIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** Splits a block into `count` equal subnets (the smallest power of two that fits), in order. */
export function splitCidr(block: Ipv4Cidr, count: number): string[] {
  const newBits = Math.max(0, Math.ceil(Math.log2(Math.max(1, count))));
  const prefix = block.prefix + newBits;
  const size = 2 ** (32 - prefix);
  return Array.from({ length: count }, (_, i) => `${formatIp(block.base + i * size)}/${prefix}`);
}

/** Whether a block is inside the private ranges of RFC 1918 or RFC 6598 (CGNAT, used by some VPCs). */
export function isPrivateRange(block: Ipv4Cidr): boolean {
  const ranges: [number, number][] = [
    [10 * 2 ** 24, 8],
    [(172 * 256 + 16) * 2 ** 16, 12],
    [(192 * 256 + 168) * 2 ** 16, 16],
    [(100 * 256 + 64) * 2 ** 16, 10],
  ];
  return ranges.some(([base, prefix]) => block.prefix >= prefix && Math.floor(block.base / 2 ** (32 - prefix)) === base / 2 ** (32 - prefix));
}
