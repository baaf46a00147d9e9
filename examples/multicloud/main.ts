/** cdktf app of the multicloud example: `cdktf synth` in this folder writes ./cdktf.out. */
// cdktf records a stack trace for every token it creates; with source maps on (tsx
// turns them on) each trace is mapped back through the maps, which costs about a
// quarter of the synth. Validation errors name the field, not a stack frame.
process.setSourceMapsEnabled(false);
import { App } from "cdktf";
import { addMulticloudExampleStacks } from "./stacks";

const app = new App();
addMulticloudExampleStacks(app);
app.synth();
