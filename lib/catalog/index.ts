import { show } from "../errors";
import { CATALOG, CATALOG_AS_OF } from "./data";
import { HOURS_PER_MONTH, type AcceleratorEntry, type AcceleratorId, type AcceleratorVendor, type Cloud, type MachineOffer, type MachineUse } from "./types";

export * from "./types";
export { CATALOG, CATALOG_AS_OF };

const BY_ID: ReadonlyMap<string, AcceleratorEntry> = new Map(CATALOG.map((e) => [e.id, e]));

/** The catalog entry of a logical accelerator, or undefined when unknown. */
export function findAccelerator(id: string): AcceleratorEntry | undefined {
  return BY_ID.get(id);
}

/** The offers of an accelerator on a cloud for one use: fewest accelerators first, then cheapest. */
export function offersFor(id: AcceleratorId, cloud: Cloud, use: MachineUse): readonly MachineOffer[] {
  const offers = BY_ID.get(id)?.offers[cloud] ?? [];
  return offers
    .filter((o) => o.use === use)
    .slice()
    .sort((a, b) => a.acceleratorsPerNode - b.acceleratorsPerNode || a.price.usdPerHour - b.price.usdPerHour || a.machineType.localeCompare(b.machineType));
}

/** What a machine selection asks for. */
export interface MachineRequest {
  readonly cloud: Cloud;
  readonly accelerator: AcceleratorId;
  readonly use: MachineUse;
  readonly region: string;
  /** Accelerators per node; unset picks the largest size for training, the smallest for inference. */
  readonly acceleratorsPerNode?: number;
  /** Accept a region the catalog does not list, with a warning. */
  readonly allowUnlistedRegion?: boolean;
}

/** The machine chosen, or why none could be. */
export interface MachineSelection {
  readonly offer?: MachineOffer;
  /** Problems keyed by the request field they concern (`accelerator`, `acceleratorsPerNode`, `region`). */
  readonly problems: readonly { readonly field: "accelerator" | "acceleratorsPerNode" | "region"; readonly message: string }[];
  readonly warnings: readonly string[];
}

/**
 * Picks the catalog machine for a request and checks the cloud and region.
 * Never throws: the caller decides how to report problems.
 */
export function selectMachine(req: MachineRequest): MachineSelection {
  const entry = BY_ID.get(req.accelerator);
  if (!entry) {
    return { problems: [{ field: "accelerator", message: `unknown accelerator (got ${show(req.accelerator)}; allowed: ${CATALOG.map((e) => e.id).join(", ")})` }], warnings: [] };
  }
  const clouds = (Object.keys(entry.offers) as Cloud[]).filter((c) => (entry.offers[c] ?? []).some((o) => o.use === req.use));
  const offers = offersFor(entry.id, req.cloud, req.use);
  if (offers.length === 0) {
    const allowed = acceleratorsOn(req.cloud, req.use);
    return {
      problems: [
        {
          field: "accelerator",
          message: `${entry.displayName} is not offered for ${req.use} on ${req.cloud} (got ${show(req.accelerator)}; offered for ${req.use} on: ${clouds.join(", ") || "no cloud"}; ${req.use} accelerators on ${req.cloud}: ${allowed.join(", ")})`,
        },
      ],
      warnings: [],
    };
  }
  let offer: MachineOffer | undefined;
  if (req.acceleratorsPerNode === undefined) {
    offer = req.use === "training" ? offers[offers.length - 1] : offers[0];
  } else {
    offer = offers.find((o) => o.acceleratorsPerNode === req.acceleratorsPerNode);
    if (!offer) {
      const sizes = [...new Set(offers.map((o) => o.acceleratorsPerNode))];
      return {
        problems: [
          {
            field: "acceleratorsPerNode",
            message: `no ${req.cloud} ${req.use} machine carries that many ${entry.displayName} (got ${req.acceleratorsPerNode}; allowed: ${sizes.join(", ")})`,
          },
        ],
        warnings: [],
      };
    }
  }
  if (offer.regions.includes(req.region)) return { offer, problems: [], warnings: [] };
  const where = offer.regions.join(", ");
  if (req.allowUnlistedRegion) {
    return {
      offer,
      problems: [],
      warnings: [`${offer.machineType} (${entry.displayName}) is not listed in ${req.region} by the catalog of ${CATALOG_AS_OF}; accepted because allowUnlistedRegion is set (listed in: ${where})`],
    };
  }
  return {
    problems: [
      {
        field: "region",
        message: `${offer.machineType} (${entry.displayName}, ${req.use}) is not offered in ${req.region} (got ${show(req.region)}; offered in: ${where}); if the catalog of ${CATALOG_AS_OF} is out of date, set allowUnlistedRegion: true`,
      },
    ],
    warnings: [],
  };
}

/** Who makes a logical accelerator (decides device plugins, resource names and metrics). */
export function vendorOf(id: AcceleratorId): AcceleratorVendor {
  const entry = BY_ID.get(id);
  if (!entry) throw new Error(`accelerator ${id} is not in the catalog`);
  return entry.vendor;
}

/** Accelerators the catalog lists on a cloud for a use. */
export function acceleratorsOn(cloud: Cloud, use: MachineUse): AcceleratorId[] {
  return CATALOG.filter((e) => (e.offers[cloud] ?? []).some((o) => o.use === use)).map((e) => e.id);
}

/** Worst-case monthly cost of `nodes` machines running all month at list price. */
export function monthlyListCost(offer: MachineOffer, nodes: number): number {
  return offer.price.usdPerHour * HOURS_PER_MONTH * nodes;
}
export * from "./kubernetes";
export * from "./regions";
export * from "./prices";
export * from "./zones";
