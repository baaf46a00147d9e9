/** Throughputs per TiB that FSx for Lustre PERSISTENT_2 accepts, MB/s. */
export const LUSTRE_THROUGHPUTS = [125, 250, 500, 1000] as const;

/** Capacity step of EFA-enabled PERSISTENT_2 file systems, by throughput per TiB, GiB. */
const EFA_CAPACITY_STEP: Readonly<Record<number, number>> = { 125: 38400, 250: 19200, 500: 9600, 1000: 4800 };

/**
 * Why FSx would reject a PERSISTENT_2 capacity, or undefined when it accepts it:
 * 1200, 2400 or a multiple of 2400 GiB; with EFA, a multiple of the step for the throughput.
 */
export function lustreCapacityProblem(capacityGiB: number, throughput: number, efaEnabled = false): string | undefined {
  if (efaEnabled) {
    const step = EFA_CAPACITY_STEP[throughput];
    if (step && (capacityGiB <= 0 || capacityGiB % step !== 0)) {
      return `EFA-enabled PERSISTENT_2 at ${throughput} MB/s/TiB takes multiples of ${step} GiB (got ${capacityGiB}; nearest allowed: ${Math.max(step, Math.round(capacityGiB / step) * step)})`;
    }
    return undefined;
  }
  if (capacityGiB === 1200 || (capacityGiB >= 2400 && capacityGiB % 2400 === 0)) return undefined;
  const nearest = capacityGiB < 1800 ? 1200 : Math.max(2400, Math.round(capacityGiB / 2400) * 2400);
  return `PERSISTENT_2 takes 1200 GiB, 2400 GiB or a multiple of 2400 GiB (got ${capacityGiB}; nearest allowed: ${nearest})`;
}
