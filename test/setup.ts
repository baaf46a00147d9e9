// The library loads each cloud's modules on first use with require(), which cannot
// load TypeScript sources under vitest. Loading the main module here registers every
// cloud's parts first (the compiled package takes the require path; the packaging
// test covers it).
import "../lib/index";
import "../lib/environment/aws";
import "../lib/environment/aws-preset";
import "../lib/stacks/aws-llmops-stack";
import "../lib/environment/gcp";
import "../lib/environment/gcp-preset";
import "../lib/stacks/gcp-llmops-stack";
import "../lib/environment/azure";
import "../lib/environment/azure-preset";
import "../lib/stacks/azure-llmops-stack";
import "../lib/review/aws-idle-cost";
import "../lib/review/gcp-idle-cost";
import "../lib/review/azure-idle-cost";
import "../lib/platform";
