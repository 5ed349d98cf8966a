// A cold build's one-time costs (issue 15): set-up work a build of one transcript does not need must
// not come back unnoticed.
// - Both threads' entries are CommonJS (bin/lectern.js with dist/cli-start.cjs, and
//   dist/slides-worker-loader.cjs): neither thread sets up Node's ES module loading (resolve,
//   translators, module jobs) before its bundle.
// - No ICU collator: the first `localeCompare` sets one up (~7 ms: every locale ICU has, canonicalised),
//   and the fingerprint sorted a few template file names with it.
// - pdfkit's package is not resolved at load (bundle patch pdfkit-paths: only for its standard fonts
//   and sRGB profile, which lectern never uses): resolving it was ~4 ms of the main thread's start.
// - yargs looks for lectern's own package.json from the bundle's folder (bundle patch yargs-own-package),
//   not from the current folder up to the file system's root (a lectern project has no package.json).
// - The slide worker requires jieba's native addon from its platform's package, not through
//   @node-rs/jieba's loader (a 28 KB file compiled without a code cache, a failed require, /usr/bin/ldd).
// - The handout's side (src/handout/stage.ts, on a cold build's main thread) loads no word segmenter:
//   the templates' `slide` helper gets its line cutter from the deck stage (src/deck/index.ts), so
//   BudouX's model is built on the slide worker only.
// - The slide worker bundles no zod: the environment variables (the input size limits it reads when it
//   opens a font) are validated by src/environment.ts, as the settings' zod schema did.
// - A build with nothing to validate (no lectern.json, no handout flags, no front-matter settings) does
//   not load zod on the main thread either (src/settings.ts requires it when the first schema is made):
//   its namespace objects, modules and cached code were ~39 million instructions of a cold start.
// - Neither thread sets fontkit up for the default fonts: the handout measures and shapes them from
//   their tables and pdfkit embeds lectern's stand-in for fontkit's font (src/vendor/pdfkit-font.ts);
//   both bundles set fontkit's module up on its first `create` (bundle patch fontkit-on-demand), which
//   a run needing OpenType layout fontkit's shaper does still make.
// - The main thread starts the slide worker (a cold build's longer lane) before it loads node:v8,
//   node:vm and node:module, which only the code cache's loader needs (src/code-cache.ts); the slide
//   worker loads no node:os (only an export of slides.pdf or slides.pptx needs it, src/slides/pdf.ts),
//   nor perf_hooks (its phases and the hand-over's time read the process's monotonic clock, not the
//   `performance` global: src/pipeline/timer.ts, monotonicMs).
// - The main thread sets up neither its process.stdout nor its process.stderr for the slide worker
//   (on a pipe a net.Socket each, node:net loaded, before Node started the worker's thread): the worker
//   has stdio of its own and writes its output to the process's file descriptors itself
//   (src/pipeline/worker-stdio.ts) — which still reaches the process's stdout and stderr.
// - Neither thread compiles a Node built-in without Node's own code cache, which V8 accepts only under
//   the flags it was made with: the main thread loads node:zlib before it wants its first run-time
//   flag (run-time-v8-flags.ts, BUILTINS_BEFORE_FLAGS), and removes files without Node 20's rmSync,
//   whose first call loads lib/internal/fs/rimraf (src/pipeline/remove-file.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { build, transformSync } from 'esbuild';
import { JIEBA_ADDONS } from '../src/deck/segment';
import { LecternError } from '../src/errors';
import { SLIDES_WORKER_ENTRY } from '../src/pipeline/slides-worker-start';
import { inputLimit, readEnv } from '../src/settings';
import { lecternWithPreload, root, sample } from './helpers';

/** `lectern build` of the sample under a preload made by `preloadSource`; the JSON lines it logged */
function buildSampleLogging<T>(prefix: string, preloadSource: (logLiteral: string) => string): T[] {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return lecternWithPreload(dir, ['build', sample, '--out', dir, '-q'], preloadSource).map((l) => JSON.parse(l) as T);
}

/** The preload of the ES module test: logs, when a bundle is compiled (vm.Script, src/code-cache.ts), whether an ES module was loaded */
const esmProbe = (log: string) => `const vm = require('node:vm');
const { isMainThread } = require('node:worker_threads');
const { appendFileSync } = require('node:fs');
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(source, options) {
    super(source, options);
    const esmLoader = process.moduleLoadList.includes('NativeModule internal/modules/esm/module_job');
    appendFileSync(${log}, JSON.stringify({ main: isMainThread, bundle: String(options?.filename).split(/[\\\\/]/).pop(), esmLoader }) + '\\n');
  }
};
require('node:module').syncBuiltinESMExports();
`;

test('both threads start from CommonJS entries: no ES module loaded before their bundles', () => {
  assert.ok(SLIDES_WORKER_ENTRY.endsWith('.cjs'), SLIDES_WORKER_ENTRY);
  // on each thread, when a bundle is compiled (vm.Script, src/code-cache.ts): has an ES module been
  // loaded (Node's module jobs — resolve, translators… — come with the first; node:module itself loads
  // only the loader's file)?
  const events = buildSampleLogging<{ main: boolean; bundle: string; esmLoader: boolean }>(
    'lectern-cold-start-esm-',
    esmProbe,
  );
  assert.deepEqual(
    events.sort((a, b) => Number(b.main) - Number(a.main)),
    [
      { main: true, bundle: 'cli.cjs', esmLoader: false },
      { main: false, bundle: 'slides-worker.cjs', esmLoader: false },
    ],
    JSON.stringify(events),
  );
});

test('the ES module probe sees an ES module entry (so that the test above can fail)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lectern-cold-start-probe-'));
  const log = join(dir, 'events.log');
  writeFileSync(join(dir, 'probe.cjs'), esmProbe(JSON.stringify(log)));
  writeFileSync(join(dir, 'entry.mjs'), "import { Script } from 'node:vm';\nnew Script('1', { filename: 'x.cjs' });\n");
  const r = spawnSync(process.execPath, ['--require', join(dir, 'probe.cjs'), join(dir, 'entry.mjs')], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(readFileSync(log, 'utf8')), { main: true, bundle: 'x.cjs', esmLoader: true });
});

test('a cold build sets up no ICU collator (no localeCompare, no Intl.Collator) on either thread', () => {
  const calls = buildSampleLogging<{ main: boolean; what: string; stack: string }>(
    'lectern-cold-start-collator-',
    (log) => `const { isMainThread } = require('node:worker_threads');
const { appendFileSync } = require('node:fs');
const record = (what) => appendFileSync(${log}, JSON.stringify({ main: isMainThread, what, stack: new Error().stack.split('\\n').slice(2, 5).join(' | ') }) + '\\n');
const localeCompare = String.prototype.localeCompare;
String.prototype.localeCompare = function (...args) { record('localeCompare'); return localeCompare.apply(this, args); };
const Collator = Intl.Collator;
Intl.Collator = function (...args) { record('Intl.Collator'); return new Collator(...args); };
`,
  );
  assert.deepEqual(calls, []);
});

test('a cold build never resolves pdfkit’s package (its standard fonts and sRGB profile are not used)', () => {
  const resolved = buildSampleLogging<{ request: string }>(
    'lectern-cold-start-pdfkit-',
    (log) => `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/^pdfkit([\\/]|$)/.test(request)) appendFileSync(${log}, JSON.stringify({ request }) + '\\n');
  return resolve.call(this, request, ...rest);
};
`,
  );
  assert.deepEqual(resolved, []);
});

test('a build started in a folder with no package.json above it lists none of the folders above', () => {
  const project = mkdtempSync(join(tmpdir(), 'lectern-cold-start-cwd-'));
  const listed = lecternWithPreload(
    project,
    ['build', sample, '--out', join(project, 'out'), '-q'],
    (log) => `const fs = require('node:fs');
const readdirSync = fs.readdirSync;
fs.readdirSync = function (dir, ...rest) {
  fs.appendFileSync(${log}, require('node:path').resolve(String(dir)) + '\\n');
  return readdirSync.call(this, dir, ...rest);
};
`,
    project,
  );
  // the folders above the project, up to the file system's root
  const above: string[] = [];
  let d = project;
  do {
    d = dirname(d);
    above.push(d);
  } while (d !== dirname(d));
  assert.deepEqual(
    listed.filter((d) => d === project || above.includes(d)),
    [],
    `folders listed: ${listed.join(', ')}`,
  );
});

test('a cold build of the sample (nothing to validate) loads no zod; one with a lectern.json does', () => {
  // zod's core marks the global object when it loads (__zod_globalConfig); read on the main thread at exit
  const loaded = (project?: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'lectern-cold-start-zod-'));
    const args = ['build', sample, '--out', join(dir, 'out'), '-q', ...(project ? ['--project', project] : [])];
    return lecternWithPreload(
      dir,
      args,
      (log) => `const { isMainThread } = require('node:worker_threads');
if (isMainThread) process.on('exit', () => require('node:fs').appendFileSync(${log}, JSON.stringify({ zod: '__zod_globalConfig' in globalThis }) + '\\n'));
`,
    ).map((l) => JSON.parse(l) as { zod: boolean });
  };
  assert.deepEqual(loaded(), [{ zod: false }]);
  const project = mkdtempSync(join(tmpdir(), 'lectern-cold-start-zod-project-'));
  writeFileSync(join(project, 'lectern.json'), '{"handout": {"paper": "A5"}}');
  assert.deepEqual(loaded(project), [{ zod: true }]);
});

test('a cold build of the sample sets fontkit up on neither thread (main thread here); one needing its shaper does', () => {
  // fontkit's module makes a TextDecoder for ASCII when it is set up (and restructure one for each
  // string of a name or post table it decodes); lectern itself makes only UTF-8 ones
  const decoders = (file: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'lectern-cold-start-fontkit-'));
    return lecternWithPreload(
      dir,
      ['build', file, '--out', join(dir, 'out'), '-q'],
      (log) => `const { isMainThread } = require('node:worker_threads');
const made = [];
const TextDecoder = globalThis.TextDecoder;
globalThis.TextDecoder = class extends TextDecoder {
  constructor(encoding, options) {
    super(encoding, options);
    made.push(String(encoding));
  }
};
process.on('exit', () => require('node:fs').appendFileSync(${log}, JSON.stringify({ main: isMainThread, ascii: made.includes('ascii') }) + '\\n'));
`,
    ).map((l) => JSON.parse(l) as { main: boolean; ascii: boolean });
  };
  const main = (file: string) => decoders(file).find((d) => d.main)?.ascii;
  // (the slide worker's side: test/fontkit-on-demand.test.ts)
  assert.equal(main(sample), false, 'fontkit set up on the main thread');
  // a half-width bracket in a text whose font's halt adjustment needs fontkit's shaper
  assert.equal(main(join(root, 'test', 'corpus', 'texts', '16-hkcnews-interview-excerpt.txt')), true);
});

test('the slide worker bundles no zod; the environment is validated as the settings schema did', () => {
  // zod's objects keep their `_zod` property through minification; the settings' zod (its own bundle
  // beside the command line's, scripts/compile.mjs LAZY_PACKAGES) has them
  const worker = readFileSync(join(root, 'dist', 'slides-worker.cjs'), 'utf8');
  assert.doesNotMatch(worker, /\._zod\b/);
  assert.match(readFileSync(join(root, 'dist', 'lazy-zod.cjs'), 'utf8'), /\._zod\b/);
  // the same limits and the same one-line errors, the first bad variable in this order
  assert.equal(inputLimit('font', {}), 256 * 1048576);
  assert.equal(inputLimit('transcript', { LECTERN_MAX_TRANSCRIPT_MB: ' 1.5 ' }), Math.round(1.5 * 1048576));
  const refusal = (env: NodeJS.ProcessEnv): LecternError => {
    try {
      readEnv(env);
    } catch (e) {
      if (e instanceof LecternError) return e;
    }
    throw new Error(`no refusal for ${JSON.stringify(env)}`);
  };
  const font = refusal({ LECTERN_MAX_FONT_MB: 'lots' });
  assert.equal(font.file, 'LECTERN_MAX_FONT_MB');
  assert.match(font.message, /the environment variable is "lots"/);
  assert.equal(font.hint, 'use a number of megabytes, e.g. 512, or unset it');
  assert.equal(refusal({ LECTERN_MAX_FONT_MB: 'x', SOURCE_DATE_EPOCH: '99999999999999' }).file, 'SOURCE_DATE_EPOCH');
  assert.equal(
    refusal({ LECTERN_MAX_FONT_MB: 'x', LECTERN_MAX_TRANSCRIPT_MB: '-1' }).file,
    'LECTERN_MAX_TRANSCRIPT_MB',
  );
  assert.deepEqual(readEnv({ SOURCE_DATE_EPOCH: '', LECTERN_MAX_FONT_MB: '12', OTHER: 'x' }), {
    LECTERN_MAX_FONT_MB: '12',
  });
});

/** The files each thread compiles as CommonJS modules (Module.prototype._compile) in a cold build of the sample */
function compiledModules(prefix: string): { main: boolean; file: string }[] {
  return buildSampleLogging<{ main: boolean; file: string }>(
    prefix,
    (log) => `const Module = require('node:module');
const { isMainThread } = require('node:worker_threads');
const { appendFileSync } = require('node:fs');
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  appendFileSync(${log}, JSON.stringify({ main: isMainThread, file: filename.split(/[\\\\/]/).join('/') }) + '\\n');
  return compile.call(this, content, filename);
};
`,
  );
}

test('the slide worker loads jieba’s addon without @node-rs/jieba’s loader (where its platform package is installed)', () => {
  const compiled = compiledModules('lectern-cold-start-jieba-');
  const addon = JIEBA_ADDONS[`${process.platform}-${process.arch}`];
  if (!addon) return; // a platform without a listed package: the loader is the way
  const worker = compiled.filter((c) => !c.main).map((c) => c.file);
  assert.ok(
    worker.some((f) => f.endsWith('/dist/slides-worker-loader.cjs')),
    JSON.stringify(compiled),
  );
  assert.ok(!worker.some((f) => f.endsWith('/@node-rs/jieba/index.js')), JSON.stringify(worker));
  // the same addon the loader gives
  const require = createRequire(join(root, 'dist', 'slides-worker.cjs'));
  assert.equal((require(addon) as { Jieba: unknown }).Jieba, (require('@node-rs/jieba') as { Jieba: unknown }).Jieba);
});

test('the handout stage loads no word segmenter (BudouX, jieba): only the slide stage does', async () => {
  // lectern's own modules a stage's entry reaches by static imports, and the packages they import
  const reached = async (entry: string): Promise<string[]> => {
    const r = await build({
      entryPoints: [join(root, entry)],
      bundle: true,
      packages: 'external',
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    });
    const inputs = Object.entries(r.metafile.inputs);
    return [...inputs.map(([file]) => file), ...inputs.flatMap(([, i]) => i.imports.map((m) => m.path))];
  };
  const segmenter = (m: string) => m === 'budoux' || m.endsWith('src/deck/segment.ts');
  assert.deepEqual((await reached('src/handout/stage.ts')).filter(segmenter), []);
  // what the test looks for is there where a stage needs it
  assert.deepEqual([...new Set((await reached('src/slides/stage.ts')).filter(segmenter))].sort(), [
    'budoux',
    'src/deck/segment.ts',
  ]);
});

test('the precompiled templates come with each thread’s bundle: no thread compiles dist/templates.cjs', () => {
  // each bundle holds the specs of the current templates (scripts/compile.mjs), from its code cache
  for (const bundle of ['cli.cjs', 'slides-worker.cjs']) {
    const text = readFileSync(join(root, 'dist', bundle), 'latin1');
    for (const name of ['handout.md.hbs', 'slides.md.hbs']) {
      // the source kept beside the spec (src/templates compares it), as esbuild writes the literal
      const source = JSON.stringify(readFileSync(join(root, 'templates', name), 'utf8'));
      const literal = (minify: boolean) =>
        transformSync(`x(${source});`, { minify, charset: 'ascii' })
          .code.trim()
          .replace(/^x\(\s*/, '')
          .replace(/\s*\);$/, '');
      assert.ok(
        text.includes(literal(true)) || text.includes(literal(false)),
        `dist/${bundle} holds ${name} precompiled from its current source`,
      );
    }
  }
  const compiled = compiledModules('lectern-cold-start-templates-');
  assert.ok(
    compiled.some((c) => !c.main && c.file.endsWith('/dist/slides-worker-loader.cjs')),
    JSON.stringify(compiled),
  );
  assert.deepEqual(
    compiled.filter((c) => c.file.endsWith('/dist/templates.cjs')),
    [],
  );
});

test('the slide worker of a cold build never loads node:crypto (the main thread hashes its first deck’s bytes)', () => {
  // the worker's modules as it sends its reply (its outputs encoded by then); the main thread's at exit
  const loaded = buildSampleLogging<{ main: boolean; crypto: boolean }>(
    'lectern-cold-start-crypto-',
    (log) => `const { isMainThread, parentPort } = require('node:worker_threads');
const { appendFileSync } = require('node:fs');
const record = () => appendFileSync(${log}, JSON.stringify({ main: isMainThread, crypto: process.moduleLoadList.includes('Internal Binding crypto') }) + '\\n');
if (isMainThread) process.on('exit', record);
else {
  const post = parentPort.postMessage;
  parentPort.postMessage = function (...args) {
    record();
    return post.apply(this, args);
  };
}
`,
  );
  assert.deepEqual(
    loaded.filter((l) => !l.main),
    [{ main: false, crypto: false }],
    'the worker',
  );
  // (so that the probe can fail: the main thread hashes the outputs)
  assert.deepEqual(
    loaded.filter((l) => l.main),
    [{ main: true, crypto: true }],
    'the main thread',
  );
});

test('the slide worker starts before the main thread loads what its bundle’s loader needs; the worker loads no node:os, no perf_hooks', () => {
  const loaded = buildSampleLogging<{
    at: string;
    v8: boolean;
    vm: boolean;
    module: boolean;
    os: boolean;
    perf: boolean;
  }>(
    'lectern-cold-start-order-',
    (log) => `const wt = require('node:worker_threads');
const { appendFileSync } = require('node:fs');
const has = (m) => process.moduleLoadList.includes('NativeModule ' + m);
const record = (at) => appendFileSync(${log}, JSON.stringify({ at, v8: has('v8'), vm: has('vm'), module: has('module'), os: has('os'), perf: has('perf_hooks') }) + '\\n');
if (wt.isMainThread) {
  const Worker = wt.Worker;
  wt.Worker = class extends Worker {
    constructor(...args) {
      record('main, new Worker');
      super(...args);
    }
  };
} else {
  const post = wt.parentPort.postMessage;
  wt.parentPort.postMessage = function (...args) {
    record('worker, reply');
    return post.apply(this, args);
  };
}
`,
  );
  assert.deepEqual(loaded, [
    { at: 'main, new Worker', v8: false, vm: false, module: false, os: false, perf: false },
    // (so that the probe can fail: the worker has loaded its bundle by then)
    { at: 'worker, reply', v8: true, vm: true, module: true, os: false, perf: false },
  ]);
});

/**
 * `lectern build` of the sample under the preload `preloadSource` makes (given the log file's path as a
 * literal), node started with `nodeFlags`, stdout and stderr pipes (as in the bench): its result and the JSON lines logged
 */
function buildSampleProbed(
  prefix: string,
  nodeFlags: string[],
  preloadSource: (logLiteral: string) => string,
  target = (_dir: string): string => sample,
) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const log = join(dir, 'events.log');
  const preload = join(dir, 'record.cjs');
  writeFileSync(log, '');
  writeFileSync(preload, preloadSource(JSON.stringify(log)));
  const r = spawnSync(
    process.execPath,
    [...nodeFlags, '--require', preload, join(root, 'bin', 'lectern.js'), 'build', target(dir), '--out', dir, '-q'],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const logged = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stdout: r.stdout, stderr: r.stderr, logged };
}

test('the main thread sets up no stdout or stderr for the slide worker (no node:net on pipes); the worker’s output still reaches both', () => {
  // the main thread's modules at exit; the worker writes to its stdout and stderr as it replies
  const r = buildSampleProbed(
    'lectern-cold-start-stdio-',
    [],
    (log) => `const wt = require('node:worker_threads');
const { appendFileSync } = require('node:fs');
const has = (m) => process.moduleLoadList.includes('NativeModule ' + m);
if (wt.isMainThread) process.on('exit', () => appendFileSync(${log}, JSON.stringify({ net: has('net'), tty: has('tty') }) + '\\n'));
else {
  const post = wt.parentPort.postMessage;
  wt.parentPort.postMessage = function (...args) {
    process.stdout.write('from the slide worker (stdout)\\n');
    console.error('from the slide worker (stderr)');
    return post.apply(this, args);
  };
}
`,
  );
  assert.deepEqual(r.logged, [{ net: false, tty: false }]);
  assert.equal(r.stdout, 'from the slide worker (stdout)\n');
  assert.equal(r.stderr, 'from the slide worker (stderr)\n');
});

/** Node's list of the built-ins it compiled without its code cache: the main thread's at exit, the worker's as it replies */
const uncachedBuiltinsProbe = (log: string): string => `const wt = require('node:worker_threads');
const { appendFileSync } = require('node:fs');
const { internalBinding } = require('internal/test/binding');
const record = () => appendFileSync(${log}, JSON.stringify({ main: wt.isMainThread, uncached: [...internalBinding('builtins').getCacheUsage().compiledWithoutCache].filter((m) => m !== 'internal/test/binding') }) + '\\n');
if (wt.isMainThread) process.on('exit', record);
else {
  const post = wt.parentPort.postMessage;
  wt.parentPort.postMessage = function (...args) {
    record();
    return post.apply(this, args);
  };
}
`;

test('neither thread of a cold build compiles a Node built-in without Node’s code cache (node:zlib, fs’s rimraf)', () => {
  // (--expose-internals for the list, --no-warnings: no warning printed about it)
  const r = buildSampleProbed(
    'lectern-cold-start-builtins-',
    ['--expose-internals', '--no-warnings'],
    uncachedBuiltinsProbe,
  );
  assert.deepEqual(
    r.logged.sort((a, b) => Number(a.main) - Number(b.main)),
    [
      { main: false, uncached: [] },
      { main: true, uncached: [] },
    ],
  );
});

test('neither thread of a batch compiles a Node built-in without Node’s code cache (the worker’s bundle, its node:crypto)', () => {
  // two transcripts: the batch's inlining flag is set once the slide worker has taken its code cache
  // (src/pipeline/slides-runner.ts, codeCacheSignal), and its second deck is hashed with node:crypto,
  // loaded before that (run-time-v8-flags.ts, MANY_DECKS_BUILTINS_BEFORE_FLAGS)
  const r = buildSampleProbed(
    'lectern-batch-builtins-',
    ['--expose-internals', '--no-warnings'],
    uncachedBuiltinsProbe,
    (dir) => {
      const texts = join(dir, 'texts');
      mkdirSync(texts);
      for (const name of ['a.txt', 'b.txt']) copyFileSync(sample, join(texts, name));
      return texts;
    },
  );
  assert.deepEqual(
    r.logged.sort((a, b) => Number(a.main) - Number(b.main)),
    [
      { main: false, uncached: [] },
      { main: false, uncached: [] },
      { main: true, uncached: [] },
    ],
  );
});
