/** cdktf app of the AWS example: `cdktf synth` in this folder writes ./cdktf.out. */
import { App } from "cdktf";
import { addAwsExampleStacks } from "./stacks";

const app = new App();
addAwsExampleStacks(app);
app.synth();
