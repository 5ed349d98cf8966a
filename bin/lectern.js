#!/usr/bin/env node
// The lectern command. The TypeScript sources are bundled into dist/ by `npm run compile`
// (run automatically by `npm ci` through the `prepare` script).

/** Imports a module of dist/; a checkout whose dist/ was never built (or is older than bin/) gets a one-line error, not a stack trace. */
async function fromDist(name) {
  try {
    return await import(`../dist/${name}`);
  } catch (err) {
    // only when the module not found is this one (not one it imports): "Cannot find module '<path>' imported from …"
    const missing = /Cannot find module '([^']+)'/.exec(String(err?.message))?.[1] ?? '';
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !missing.replaceAll('\\', '/').endsWith(`/dist/${name}`)) throw err;
    const dist = new URL('../dist/', import.meta.url).pathname;
    process.stderr.write(
      `lectern: ${dist}${name} is missing — dist/ is not built or is out of date; run \`npm run build\` in the lectern folder\n`,
    );
    process.exit(2);
  }
}

const { startSlidesWorker, isBatchBuild, SLIDES_WORKER_ENTRY } = await fromDist('slides-worker-start.js');

// `build` and `watch` set the slides on a second thread: start it now, so that it loads its modules
// while the rest of lectern loads (src/pipeline/slides-runner.ts adopts it); a batch's worker has
// more room for short-lived objects (src/pipeline/slides-worker-start.ts).
if (process.argv[2] === 'build' || process.argv[2] === 'watch') {
  const batch = isBatchBuild?.(process.argv.slice(2)) ?? false;
  const worker = startSlidesWorker(new URL(`../dist/${SLIDES_WORKER_ENTRY}`, import.meta.url), batch);
  worker.unref();
  globalThis.__lecternSlidesWorker = worker;
}

// dist/cli-start.js runs the command line's bundle with V8's code cache (src/code-cache.ts)
const { run } = await fromDist('cli-start.js');
await run();
