import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^llmops-constructs\/gcp$/, replacement: fileURLToPath(new URL("./lib/gcp.ts", import.meta.url)) },
      { find: /^llmops-constructs\/azure\/platform$/, replacement: fileURLToPath(new URL("./lib/azure-platform.ts", import.meta.url)) },
      { find: /^llmops-constructs\/azure$/, replacement: fileURLToPath(new URL("./lib/azure.ts", import.meta.url)) },
      { find: /^llmops-constructs\/core$/, replacement: fileURLToPath(new URL("./lib/core.ts", import.meta.url)) },
      { find: /^llmops-constructs\/platform$/, replacement: fileURLToPath(new URL("./lib/platform.ts", import.meta.url)) },
      { find: /^llmops-constructs$/, replacement: fileURLToPath(new URL("./lib/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/packaging/**"],
    setupFiles: ["test/setup.ts"],
    // Synthesizing stacks loads large provider modules: share them within a worker.
    pool: "threads",
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
