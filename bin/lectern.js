#!/usr/bin/env node
// The lectern command. The TypeScript sources are bundled into dist/ by `npm run compile`
// (run automatically by `npm ci` through the `prepare` script).
import { run } from '../dist/cli.js';

await run();
