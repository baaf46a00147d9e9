/**
 * The root cdktf app: synthesizes every example stack into ./cdktf.out
 * (`npm run synth`, or `cdktf synth` with the CLI).
 */
import { App } from "cdktf";
import { addAwsExampleStacks } from "./examples/aws/stacks";

const app = new App({ outdir: "cdktf.out" });
addAwsExampleStacks(app);
app.synth();
