// The command line's entry (dist/cli-start.js, imported by bin/lectern.js): runs dist/cli.cjs, the
// CommonJS bundle of src/cli.ts and every stage the main thread runs, with V8's code cache
// (src/code-cache.ts). Loading and compiling the command line and its stages was a quarter of a cold
// build's main thread.
import { fileURLToPath } from 'node:url';
import { loadCachedBundle } from './code-cache';

const bundle = loadCachedBundle(fileURLToPath(new URL('./cli.cjs', import.meta.url)));
const cli = bundle.exports as typeof import('./cli');

export async function run(): Promise<void> {
  await cli.run();
  // `npm run compile` records the cache after building the sample (LECTERN_CODE_CACHE_OUT: the folder)
  const recordIn = process.env.LECTERN_CODE_CACHE_OUT;
  if (recordIn) bundle.record(`${recordIn}/cli.cjs.cache`);
}
