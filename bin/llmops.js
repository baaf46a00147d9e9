#!/usr/bin/env node
"use strict";
// The package ships compiled JavaScript in dist/ (built by `npm run build`, which
// `npm install` runs through the prepare script).
process.exitCode = require("../dist/lib/cli/main.js").main(process.argv.slice(2));
