/**
 * The root cdktf app: synthesizes every example stack into ./cdktf.out
 * (`npm run synth`, or `cdktf synth` with the CLI).
 */
// cdktf records a stack trace for every token it creates; with source maps on (tsx
// turns them on) each trace is mapped back through the maps, which costs about a
// quarter of the synth. Validation errors name the field, not a stack frame.
process.setSourceMapsEnabled(false);
import { App } from "cdktf";
import { addAwsExampleStacks } from "./examples/aws/stacks";
import { addGcpExampleStacks } from "./examples/gcp/stacks";
import { addAzureExampleStacks } from "./examples/azure/stacks";
import { addMulticloudExampleStacks } from "./examples/multicloud/stacks";

const app = new App({ outdir: "cdktf.out" });
addAwsExampleStacks(app);
addGcpExampleStacks(app);
addAzureExampleStacks(app);
addMulticloudExampleStacks(app);
app.synth();
