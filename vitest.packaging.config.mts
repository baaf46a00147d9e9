import { defineConfig } from "vitest/config";

// The packaging test: packs the library and installs it into empty folders from the
// registry, as a consumer would. Slow (minutes), so not part of `npm test`; .ci/run
// runs it after the unit tests (`npm run test:packaging`).
export default defineConfig({
  test: {
    include: ["test/packaging/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
