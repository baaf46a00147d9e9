/** `npm run validate`: resolves the portable spec for every cloud of clouds.ts and prints each one's warnings, or every problem (exit code 1). */
import { LlmOpsValidationError, resolveEnvironmentSpec } from "llmops-constructs/core";
import { specsPerCloud } from "./stacks";

let failed = false;
for (const { source, spec } of specsPerCloud()) {
  try {
    const resolved = resolveEnvironmentSpec(spec);
    console.log(`${source}: valid${resolved.warnings.length > 0 ? `, with warnings:\n  ${resolved.warnings.join("\n  ")}` : ""}`);
  } catch (e) {
    if (!(e instanceof LlmOpsValidationError)) throw e;
    failed = true;
    console.error(`${source}:\n  ${e.problems.map((p) => `${p.path}: ${p.message}`).join("\n  ")}`);
  }
}
process.exitCode = failed ? 1 : 0;
