// Loading a CommonJS bundle of dist/ with V8's code cache.
//
// Why: start-up is a large share of a cold build, and most of it is V8 parsing and compiling the
// bundles (markdown-it, Marp, pdfkit, fontkit, yargs…). Node 20 keeps no code cache for ES modules,
// so the command line (dist/cli.cjs) and the slide worker's stage (dist/slides-worker.cjs) are
// CommonJS bundles run through vm.Script with the cache `npm run compile` recorded after building the
// sample (`<bundle>.cache`: every function that build ran, already compiled). A cache from another
// Node or V8 is rejected by V8 itself and the bundle is compiled as usual; the code run, and so the
// output, is the same either way.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export interface CachedBundle {
  /** The bundle's module.exports */
  exports: Record<string, unknown>;
  /** Writes the code cache of every function compiled so far to `to` (atomically) */
  record(to: string): void;
}

/** Runs the CommonJS bundle `file` (an absolute path) with `<file>.cache` when V8 accepts it. */
export function loadCachedBundle(file: string): CachedBundle {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined; // no cache recorded: compile as usual
  }
  const script = new Script((Module as unknown as { wrap(code: string): string }).wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    // the bundles call require() for their externals (esbuild turns their import() into require():
    // a script run from a code cache has no dynamic-import callback); this is a fallback only
    importModuleDynamically: ((specifier: string) => import(specifier)) as never,
  });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void).call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    dirname(file),
  );
  return {
    exports: module.exports,
    record(to) {
      writeFileSync(`${to}.tmp`, script.createCachedData());
      renameSync(`${to}.tmp`, to);
    },
  };
}
