// The command line's entry (dist/cli-start.js, imported by bin/lectern.js). With a code cache that fits
// this Node (src/code-cache.ts) it runs dist/cli.cjs, the CommonJS bundle of src/cli.ts and every
// stage the main thread runs, from that cache: loading and compiling the command line and its stages
// was a quarter of a cold build's main thread. Without one (another Node than the one that compiled
// dist/, or V8 flags in NODE_OPTIONS) it imports the ES module build, which compiles only the chunks
// a command needs, where the whole CommonJS bundle would have to be parsed.
import { fileURLToPath } from 'node:url';
import { hasCodeCache, loadCachedBundle } from './code-cache';

type Cli = typeof import('./cli');

export async function run(): Promise<void> {
  const bundle = fileURLToPath(new URL('./cli.cjs', import.meta.url));
  // `npm run compile` records the cache after building the sample (LECTERN_CODE_CACHE_OUT set)
  const recording = Boolean(process.env.LECTERN_CODE_CACHE_OUT);
  if (!recording && !hasCodeCache(bundle)) {
    const cli: Cli = await import('./cli');
    return cli.run();
  }
  const cached = loadCachedBundle(bundle);
  await (cached.exports as Cli).run();
  if (recording) cached.record();
}
