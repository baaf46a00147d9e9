/**
 * Synthesizes every example stack in this one process into a scratch directory and
 * prints a JSON line with the wall time inside the process and the peak RSS. With a
 * directory argument it synthesizes there and keeps the output (a test reads it).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { addAwsExampleStacks } from "../examples/aws/stacks";
import { addGcpExampleStacks } from "../examples/gcp/stacks";
import { addAzureExampleStacks } from "../examples/azure/stacks";
import { addMulticloudExampleStacks } from "../examples/multicloud/stacks";

// As main.ts does (see there).
process.setSourceMapsEnabled(false);

const keep = process.argv[2];
const outdir = keep ?? mkdtempSync(join(tmpdir(), "llmops-bench-"));
try {
  const app = new App({ outdir });
  addAwsExampleStacks(app);
  addGcpExampleStacks(app);
  addAzureExampleStacks(app);
  addMulticloudExampleStacks(app);
  app.synth();
  console.log(JSON.stringify({ stacks: app.node.children.length, uptimeMs: Math.round(process.uptime() * 1000), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
} finally {
  if (!keep) rmSync(outdir, { recursive: true, force: true });
}
