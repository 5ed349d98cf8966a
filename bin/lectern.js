#!/usr/bin/env node
// The lectern command. The TypeScript sources are bundled into dist/ by `npm run compile`
// (run automatically by `npm ci` through the `prepare` script). This file and dist/cli-start.cjs are
// CommonJS (bin/package.json says so for bin/): an ES module entry made the main thread set up Node's
// ES module loading before anything of lectern ran (src/cli-start.ts).
'use strict';
const { join } = require('node:path');

/** dist/cli-start.cjs; a checkout whose dist/ was never built (or is older than bin/) gets a one-line error, not a stack trace. */
function cliStart() {
  const file = join(__dirname, '..', 'dist', 'cli-start.cjs');
  try {
    return require(file);
  } catch (err) {
    // only when the module not found is this one (not one it requires): "Cannot find module '<path>'"
    const missing = /Cannot find module '([^']+)'/.exec(String(err?.message))?.[1];
    if (err?.code !== 'MODULE_NOT_FOUND' || missing !== file) throw err;
    process.stderr.write(
      `lectern: ${file} is missing — dist/ is not built or is out of date; run \`npm run build\` in the lectern folder\n`,
    );
    process.exit(2);
  }
}

// starts the slide worker (build, watch), then runs the command line from its code cache (src/cli-start.ts)
cliStart().run();
