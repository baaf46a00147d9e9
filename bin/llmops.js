#!/usr/bin/env node
"use strict";
// The package ships compiled JavaScript in dist/ (built by `npm run build`, which
// `npm pack` and `npm publish` run through the prepack script; in a clone of the
// repository, run `npm run build` first, or `npx tsx lib/cli/main.ts`).
process.exitCode = require("../dist/lib/cli/main.js").main(process.argv.slice(2));
