#!/usr/bin/env node
// The lectern command. The TypeScript sources are bundled into dist/ by `npm run compile`
// (run automatically by `npm ci` through the `prepare` script).
import { startSlidesWorker } from '../dist/slides-worker-start.js';

// `build` and `watch` set the slides on a second thread: start it now, so that it loads its modules
// while the rest of lectern loads (src/pipeline/slides-runner.ts adopts it).
if (process.argv[2] === 'build' || process.argv[2] === 'watch') {
  const worker = startSlidesWorker(new URL('../dist/slides-worker.js', import.meta.url));
  worker.unref();
  globalThis.__lecternSlidesWorker = worker;
}

// dist/cli-start.js runs the command line's bundle with V8's code cache (src/code-cache.ts)
const { run } = await import('../dist/cli-start.js');
await run();
