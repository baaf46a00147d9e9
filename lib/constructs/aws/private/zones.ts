import { show } from "../../../errors";

/** Availability Zone names of a standard AWS region: the region and one letter, e.g. us-east-1b. */
export const ZONE_NAME_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/;

/** Why `zone` is not an Availability Zone name, or undefined. */
export function zoneNameProblem(zone: string): string | undefined {
  return ZONE_NAME_PATTERN.test(zone) ? undefined : `must be an Availability Zone name like us-east-1b (a zone id such as use1-az2 is not accepted) (got ${show(zone.slice(0, 40))})`;
}
