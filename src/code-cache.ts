// Loading a CommonJS bundle of dist/ with V8's code cache.
//
// Why: start-up is a large share of a cold build, and most of it is V8 parsing and compiling the
// bundles (markdown-it, Marp, pdfkit, fontkit, yargs…). Node 20 keeps no code cache for ES modules,
// so the command line (dist/cli.cjs) and the slide worker's stage (dist/slides-worker.cjs) are
// CommonJS bundles run through vm.Script with the cache `npm run compile` recorded after building the
// sample: every function that build ran, already compiled. V8 accepts a cache only from the same V8
// version, CPU features and V8 flags (any flag in NODE_OPTIONS, e.g. --max-old-space-size, voids it),
// which `v8.cachedDataVersionTag()` sums up: the cache file is named by that tag, so a Node that
// cannot use it does not find it and loads the ES module build instead (see cli-start.ts). The
// code run, and so the output, is the same either way.
//
// node:v8, node:vm and node:module are taken on first use (process.getBuiltinModule), not when this
// module loads: the main thread's entry (src/cli-start.ts) starts the slide worker — a cold build's
// longer lane — before it loads its bundle, and loading those three first delayed the worker's start.
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface CachedBundle {
  /** The bundle's module.exports */
  exports: Record<string, unknown>;
  /** Writes the code cache of every function compiled so far, for this Node and these flags */
  record(): void;
}

/** The code cache of `bundle` that this Node, with its flags, can use. */
export function codeCacheFile(bundle: string): string {
  return `${bundle}.${process.getBuiltinModule('node:v8').cachedDataVersionTag()}.cache`;
}

/** True when a code cache of `bundle` fits this Node and its flags. */
export function hasCodeCache(bundle: string): boolean {
  return existsSync(codeCacheFile(bundle));
}

/**
 * The bundle's text wrapped as Node wraps a CommonJS module (`Module.wrap`), made as one string:
 * `Module.wrap(readFileSync(file, 'utf8'))` made the file's text, then a concatenated copy for V8 to
 * compile, and the first copy stayed in V8's large-object space as garbage until the first full
 * collection — after a cold build's peak memory (2.7 MB for the command line, 1.7 MB for the slide
 * worker). Here the wrapper and the file are laid out in one buffer and decoded once.
 */
export function wrappedSource(file: string): string {
  const { Module } = process.getBuiltinModule('node:module');
  const [head, tail] = (Module as unknown as { wrap(code: string): string }).wrap('\0').split('\0') as [string, string];
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = Buffer.allocUnsafeSlow(head.length + size + tail.length);
    let at = bytes.write(head, 0, 'utf8');
    for (let got = 1; got > 0 && at < head.length + size; at += got)
      got = readSync(fd, bytes, at, head.length + size - at, at - head.length);
    bytes.write(tail, at, 'utf8');
    return bytes.toString('utf8', 0, at + Buffer.byteLength(tail));
  } finally {
    closeSync(fd);
  }
}

/** Runs the CommonJS bundle `file` (an absolute path), with its code cache when there is one that fits. */
export function loadCachedBundle(file: string): CachedBundle {
  const cacheFile = codeCacheFile(file);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // none for this Node and these flags: compile as usual
  }
  const { Script } = process.getBuiltinModule('node:vm');
  const script = new Script(wrappedSource(file), {
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
    process.getBuiltinModule('node:module').createRequire(file),
    module,
    file,
    dirname(file),
  );
  return {
    exports: module.exports,
    record() {
      writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
      renameSync(`${cacheFile}.tmp`, cacheFile);
    },
  };
}
