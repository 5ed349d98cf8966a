// The slide worker's entry (dist/slides-worker.js): loads the slide stage's bundle
// (dist/slides-worker.cjs, built from slides-worker.ts) with V8's code cache.
//
// Why: the slide stage is the critical path of a cold build, and parsing and compiling its bundle
// (Marp, markdown-it, postcss…) was ~40 % of the worker's time. Node 20 keeps no code cache for ES
// modules, so this one bundle is CommonJS, compiled through vm.Script with the cache that
// `npm run compile` recorded after building the sample (dist/slides-worker.cjs.cache: every function
// the sample's deck needed, already compiled). A cache from another Node or V8 is rejected by V8
// itself and the bundle is compiled as usual; the code run, and so the output, is the same either way.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { parentPort } from 'node:worker_threads';

const file = fileURLToPath(new URL('./slides-worker.cjs', import.meta.url));
const cacheFile = `${file}.cache`;

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined; // no cache recorded: compile as usual
}

const script = new Script((Module as unknown as { wrap(code: string): string }).wrap(readFileSync(file, 'utf8')), {
  filename: file,
  cachedData,
  // the bundle's import() of optional packages (marp-cli, subset-font) resolves from here, dist/
  importModuleDynamically: ((specifier: string) => import(specifier)) as never,
});

// `npm run compile` records the cache: LECTERN_CODE_CACHE_OUT names the file, written just before the
// worker's first reply, when the sample's deck has run through every function it needs.
const recordTo = process.env.LECTERN_CODE_CACHE_OUT;
if (recordTo && parentPort) {
  const port = parentPort;
  const post = port.postMessage.bind(port);
  port.postMessage = (message: unknown, transfer?: never) => {
    writeFileSync(`${recordTo}.tmp`, script.createCachedData());
    renameSync(`${recordTo}.tmp`, recordTo);
    port.postMessage = post;
    post(message, transfer);
  };
}

const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(
  module.exports,
  module.exports,
  createRequire(file),
  module,
  file,
  dirname(file),
);
