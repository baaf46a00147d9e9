/**
 * The naive baseline: a process that only loads the three provider packages through
 * their barrels (the package root, not lib/<resource>), as a naive app would.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const barrels = ["aws", "google", "azurerm"].map((p) => `@cdktf/provider-${p}`);
for (const name of barrels) require(name);
console.log(JSON.stringify({ loaded: barrels.length, uptimeMs: Math.round(process.uptime() * 1000), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
