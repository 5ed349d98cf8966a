// A cold build's peak memory (issue 15): what keeps it down must not get lost unnoticed.
// - The slide worker runs with a capped young generation (src/pipeline/slides-worker-start.ts), both
//   the one bin/lectern.js starts early and one the slide runner starts itself.
// - The CommonJS bundles V8 keeps as source for the life of the process are ASCII-only
//   (scripts/ascii-source.mjs), and the rewrite keeps every regular expression's meaning.
// - A cold build holds the main thread's young generation (src/pipeline/run-time-v8-flags.ts) once the
//   slide worker has taken its code cache (it signals that), and no code cache is rejected for it; a
//   batch (several transcripts) does not, nor watch.
// - A batch's slide worker has a larger young generation (fewer scavenges), and so has watch's (deck
//   after deck); isBatchBuild tells a batch's command line from a cold build's before the command line
//   is parsed.
// - The bundles' sources are made as one string (wrappedSource), the same text Module.wrap gives.
// - jieba's bucketed dictionary (dist/jieba-dict.bin, 10 MB) is read in ranges, never whole (which
//   kept it for the life of the process).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire, Module, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cachedDataVersionTag } from 'node:v8';
import type { WorkerOptions } from 'node:worker_threads';
import { asciiSource } from '../scripts/ascii-source.mjs';
import { wrappedSource } from '../src/code-cache';
import { FontSet, loadFontConfig } from '../src/fonts';
import { type BuildOptions, buildDocument } from '../src/pipeline';
import { buildMany } from '../src/pipeline/batch';
import { inThreadSlides } from '../src/pipeline/slides-runner';
import { Timer } from '../src/pipeline/timer';
import {
  BASELINE_FLAG,
  codeCacheTaken,
  HOLD_FLAG,
  NO_INCREMENTAL_MARKING_FLAG,
  newCodeCacheSignal,
} from '../src/pipeline/run-time-v8-flags';
import { loadSettings } from '../src/settings';
import {
  BATCH_SLIDES_WORKER_LIMITS,
  BUILD_VALUE_OPTIONS,
  isBatchBuild,
  setsManyDecks,
  SLIDES_WORKER_ENTRY,
  SLIDES_WORKER_LIMITS,
  startSlidesWorker,
} from '../src/pipeline/slides-worker-start';
import { COMMAND_OPTIONS } from '../src/cli';
import type { Options } from 'yargs';
import { fixtureFolder, lecternWithPreload, root, sample } from './helpers';
import { watchProject } from './watch-helpers';

// V8's own young generation for a worker is 3 × a 16 MB semi-space; lectern's cap is far below it
const CAPPED_MB = 8;

/** Records the options of every Worker the process starts (a preload patching worker_threads.Worker). */
function recordWorkers(dir: string): { preload: string; log: string } {
  const log = join(dir, 'workers.jsonl');
  const preload = join(dir, 'record-workers.cjs');
  writeFileSync(
    preload,
    `const wt = require('node:worker_threads');
const { appendFileSync } = require('node:fs');
const Original = wt.Worker;
wt.Worker = class extends Original {
  constructor(script, options) {
    appendFileSync(${JSON.stringify(log)}, JSON.stringify({ script: String(script), options: options ?? {} }) + '\\n');
    super(script, options);
  }
};
require('node:module').syncBuiltinESMExports();
`,
  );
  return { preload, log };
}

/** `lectern build` of the sample into `dir`, in a process that first runs `preload` */
function buildSampleWith(preload: string, dir: string): void {
  const r = spawnSync(
    process.execPath,
    ['--require', preload, join(root, 'bin', 'lectern.js'), 'build', sample, '--out', dir, '-q'],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
}

/** JSON lines of a log a preload wrote */
function jsonLines<T>(log: string): T[] {
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);
}

/** Builds the sample with a preload made by `preloadSource` (given its log's path as a JS string literal); the log's JSON lines */
function buildSampleRecording<T>(prefix: string, preloadSource: (logLiteral: string) => string): T[] {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return lecternWithPreload(dir, ['build', sample, '--out', dir, '-q'], preloadSource).map((l) => JSON.parse(l) as T);
}

test('the slide worker of a cold build runs with a capped young generation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lectern-workers-'));
  const { preload, log } = recordWorkers(dir);
  buildSampleWith(preload, dir);
  const started = jsonLines<{ script: string; options: { resourceLimits?: { maxYoungGenerationSizeMb?: number } } }>(
    log,
  );
  const slides = started.filter((w) => w.script.endsWith(SLIDES_WORKER_ENTRY));
  assert.equal(slides.length, 1, `one slide worker: ${JSON.stringify(started)}`);
  const young = slides[0]!.options.resourceLimits?.maxYoungGenerationSizeMb;
  assert.equal(young, SLIDES_WORKER_LIMITS.maxYoungGenerationSizeMb);
  assert.ok(young !== undefined && young <= CAPPED_MB, `young generation ${young} MB`);
});

test('a slide worker the runner starts itself has the same cap', async () => {
  // the options of each Worker started in this process, from here on
  const workerThreads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const Original = workerThreads.Worker;
  const started: WorkerOptions[] = [];
  workerThreads.Worker = class extends Original {
    constructor(script: string | URL, options?: WorkerOptions) {
      started.push(options ?? {});
      super(script, options);
    }
  };
  syncBuiltinESMExports();
  try {
    const { workerSlides } = await import('../src/pipeline/slides-runner');
    const runner = workerSlides(); // no worker started by bin/lectern.js here: the runner starts one
    runner.prepare();
    await runner.close();
  } finally {
    workerThreads.Worker = Original;
    syncBuiltinESMExports();
  }
  assert.equal(started.length, 1);
  assert.equal(started[0]!.resourceLimits?.maxYoungGenerationSizeMb, SLIDES_WORKER_LIMITS.maxYoungGenerationSizeMb);
});

test('the CommonJS bundles are ASCII-only', () => {
  for (const bundle of ['cli.cjs', 'slides-worker.cjs']) {
    const bytes = readFileSync(join(root, 'dist', bundle));
    const at = bytes.findIndex((b) => b > 0x7f);
    assert.equal(at, -1, `dist/${bundle}: byte ${at} is not ASCII`);
  }
});

test('asciiSource keeps what each regular expression matches', () => {
  const expressions = [
    String.raw`/^[^。！？]*[。！？]/u`,
    String.raw`/[“”‘’（）《》]/u`,
    String.raw`/([一二三四五六七八九十])是/g`,
    String.raw`/第[一二三]\。/`, // identity escape (non-u only)
    String.raw`/a\\。/`, // an escaped backslash, then the character
    String.raw`/[😀-😂]x/u`, // astral range: one code point each with u
    String.raw`/😀+/`, // without u: the trailing surrogate repeats
    String.raw`/[^\u4e00-\u9fff，]+/g`,
  ];
  const inputs = ['第一。', '第二是', 'a\\。', '（好）', '😀😀x', '😁x', '😀\uDE00\uDE00', '你好，世界。再见！', 'abc'];
  for (const source of expressions) {
    const escaped = asciiSource(source);
    assert.ok(/^[\x00-\x7f]*$/.test(escaped), escaped);
    const [a, b] = [source, escaped].map((s) => new Function(`return ${s}`)() as RegExp);
    for (const input of inputs)
      assert.deepEqual(input.match(b!), input.match(a!), `${source} → ${escaped} on ${JSON.stringify(input)}`);
  }
});

test('a cold build reads jieba’s dictionary file in ranges, never whole', () => {
  const calls = buildSampleRecording<string>(
    'lectern-dict-',
    (logLiteral) => `const fs = require('node:fs');
const log = (what, path) => String(path).endsWith('jieba-dict.bin') && fs.appendFileSync(${logLiteral}, JSON.stringify(what) + '\\n');
for (const name of ['readFileSync', 'openSync']) {
  const original = fs[name];
  fs[name] = function (path, ...rest) {
    log(name, path);
    return original.call(this, path, ...rest);
  };
}
require('node:module').syncBuiltinESMExports();
`,
  );
  assert.ok(calls.includes('openSync'), calls.join(' '));
  assert.ok(!calls.includes('readFileSync'), calls.join(' '));
});

test('the bundles are compiled from one string, the text Module.wrap gives', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lectern-wrap-'));
  const odd = join(dir, 'odd.cjs');
  writeFileSync(odd, 'module.exports = "第一。";\n// 😀');
  for (const file of [join(root, 'dist', 'cli.cjs'), join(root, 'dist', 'slides-worker.cjs'), odd]) {
    const expected = (Module as unknown as { wrap(code: string): string }).wrap(readFileSync(file, 'utf8'));
    assert.ok(wrappedSource(file) === expected, file);
  }
});

// (four documents: the later ones start when the slide worker has long taken its code cache)
for (const [what, threads] of [
  ['that starts batch workers', 3], // the main thread, the slide worker and one batch worker
  ['without batch workers (2 cores)', 2],
] as const) {
  test(`a batch ${what} leaves the young generation free to grow`, async () => {
    const names = ['forum-mixed', 'forum-noguests', 'lecture', 'newspaper'];
    const { dir, files } = fixtureFolder('lectern-batch-young-', names);
    const tag = cachedDataVersionTag(); // V8's flag hash is part of it: it changes with the flag
    let built = 0;
    await buildMany(
      files,
      join(dir, 'out'),
      loadSettings(root, {}),
      new FontSet(loadFontConfig(root)),
      { force: true, holdYoungGeneration: true },
      new Timer(),
      (o) => {
        assert.ok('result' in o, 'error' in o ? o.error : '');
        built++;
      },
      threads,
    );
    assert.equal(built, files.length);
    assert.equal(cachedDataVersionTag(), tag, 'no V8 flag changed');
  });
}

test('a batch’s slide worker has a larger young generation than a cold build’s', () => {
  const { dir, texts } = fixtureFolder('lectern-batch-worker-', ['lecture', 'newspaper']);
  const { preload, log } = recordWorkers(dir);
  const r = spawnSync(
    process.execPath,
    ['--require', preload, join(root, 'bin', 'lectern.js'), 'build', texts, '--out', join(dir, 'out'), '-q'],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const slides = jsonLines<{ script: string; options: WorkerOptions }>(log).filter((w) =>
    w.script.endsWith(SLIDES_WORKER_ENTRY),
  );
  assert.equal(slides.length, 1, JSON.stringify(slides));
  assert.deepEqual(slides[0]!.options.resourceLimits, BATCH_SLIDES_WORKER_LIMITS);
  assert.ok(BATCH_SLIDES_WORKER_LIMITS.maxYoungGenerationSizeMb > SLIDES_WORKER_LIMITS.maxYoungGenerationSizeMb);
});

test('watch’s slide worker has a batch’s young generation (deck after deck)', async () => {
  const { dir, texts } = fixtureFolder('lectern-watch-worker-', ['lecture']);
  const { preload, log } = recordWorkers(dir);
  const child = spawn(
    process.execPath,
    ['--require', preload, join(root, 'bin', 'lectern.js'), 'watch', texts, '--out', join(dir, 'out')],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  try {
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    for (let i = 0; i < 600 && !/ watching /.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(out, / watching /, 'watch started within 60 s');
  } finally {
    child.kill();
  }
  const slides = jsonLines<{ script: string; options: WorkerOptions }>(log).filter((w) =>
    w.script.endsWith(SLIDES_WORKER_ENTRY),
  );
  assert.equal(slides.length, 1, JSON.stringify(slides));
  assert.deepEqual(slides[0]!.options.resourceLimits, BATCH_SLIDES_WORKER_LIMITS);
});

test('a slide worker watch’s runner starts itself has the same young generation', async () => {
  // the options of each Worker started in this process, from here on
  const workerThreads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const Original = workerThreads.Worker;
  const started: { script: string; options: WorkerOptions }[] = [];
  workerThreads.Worker = class extends Original {
    constructor(script: string | URL, options?: WorkerOptions) {
      started.push({ script: String(script), options: options ?? {} });
      super(script, options);
    }
  };
  syncBuiltinESMExports();
  try {
    const { w } = await watchProject(() => {}, sample, { rehearsals: 0 });
    await w.ready;
    await w.close();
  } finally {
    workerThreads.Worker = Original;
    syncBuiltinESMExports();
  }
  const slides = started.filter((w) => w.script.endsWith(SLIDES_WORKER_ENTRY));
  assert.equal(slides.length, 1, JSON.stringify(started));
  assert.deepEqual(slides[0]!.options.resourceLimits, BATCH_SLIDES_WORKER_LIMITS);
});

test('setsManyDecks: watch and a batch', () => {
  const { texts, files } = fixtureFolder('lectern-many-decks-', ['lecture']);
  assert.equal(setsManyDecks(['watch']), true);
  assert.equal(setsManyDecks(['watch', texts]), true);
  assert.equal(setsManyDecks(['build', texts]), true);
  assert.equal(setsManyDecks(['build', files[0]!]), false);
  assert.equal(setsManyDecks(['check', texts]), false);
});

test('isBatchBuild: a build of anything but one transcript file', () => {
  const { dir, texts, files } = fixtureFolder('lectern-batch-args-', ['lecture', 'newspaper']);
  const [one, two] = files as [string, string];
  const out = join(dir, 'out');
  mkdirSync(out);
  for (const args of [
    ['build', one],
    ['build', one, '--out', out],
    ['build', '--out', out, one],
    ['build', '-o', out, '-q', one],
    ['build', `--out=${out}`, '--force', one],
    ['build', '--project', dir, '--paper', 'A5', '--shard', '1/2', one],
    ['build', '--', one],
    ['build', join(dir, 'missing.txt')],
    ['watch', texts],
    ['check', one],
  ])
    assert.equal(isBatchBuild(args), false, args.join(' '));
  for (const args of [
    ['build', texts],
    ['build', one, two],
    ['build'],
    ['build', '--out', out],
    ['build', '-q', texts, '--force'],
    ['build', '--', texts],
  ])
    assert.equal(isBatchBuild(args), true, args.join(' '));
});

test('isBatchBuild knows every option of build that takes a value', () => {
  const valued = Object.entries(COMMAND_OPTIONS.build as Record<string, Options>)
    .filter(([, o]) => o.type !== 'boolean')
    .flatMap(([name, o]) => [name, ...(o.alias ? [o.alias as string] : [])]);
  assert.deepEqual([...BUILD_VALUE_OPTIONS].sort(), valued.sort());
});

type FlagEvent = { thread: number; flag?: string; script?: string; rejected?: boolean; posted?: boolean };

/**
 * A cold build of the sample with every V8 flag set at run time, every script compiled with a code
 * cache (taken or rejected) and the document's hand-over to the slide worker recorded. `workerLate`:
 * the slide worker takes its code cache only a second after the main thread has handed it the
 * document — past every point where the main thread looks (run-time-v8-flags.ts).
 */
function coldBuildFlagEvents(workerLate: boolean): FlagEvent[] {
  return buildSampleRecording<FlagEvent>(
    'lectern-young-',
    (logLiteral) => `const v8 = require('node:v8');
const vm = require('node:vm');
const fs = require('node:fs');
const { threadId, Worker } = require('node:worker_threads');
const log = (o) => fs.appendFileSync(${logLiteral}, JSON.stringify({ thread: threadId, ...o }) + '\\n');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const setFlags = v8.setFlagsFromString;
v8.setFlagsFromString = function (flag) {
  log({ flag });
  return setFlags.call(this, flag);
};
if (threadId === 0) {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (...args) {
    log({ posted: true });
    return post.apply(this, args);
  };
}
vm.Script = class extends vm.Script {
  constructor(source, options) {
    if (${workerLate} && threadId !== 0 && options && options.cachedData) {
      for (let waited = 0; waited < 60000 && !fs.readFileSync(${logLiteral}, 'utf8').includes('"posted":true'); waited += 10) sleep(10);
      sleep(1000);
    }
    super(source, options);
    if (options && options.cachedData) log({ script: options.filename.split(/[\\\\/]/).pop(), rejected: this.cachedDataRejected });
  }
};
require('node:module').syncBuiltinESMExports();
`,
  );
}

/** Both code caches taken; each run-time flag of a cold build set once, after both; the flags' events */
function assertFlagsAfterCaches(events: FlagEvent[]): FlagEvent[] {
  const scripts = events.filter((e) => e.script);
  assert.deepEqual(scripts.map((e) => e.script).sort(), ['cli.cjs', 'slides-worker.cjs'], JSON.stringify(events));
  assert.ok(
    scripts.every((e) => e.rejected === false),
    `every code cache taken: ${JSON.stringify(scripts)}`,
  );
  // a build of one transcript holds the young generation, stops V8 at its baseline compiler and stops
  // its incremental marking (test/cold-tiering.test.ts) once both threads took their caches — always,
  // whichever was later
  const flags = events.filter((e) => e.flag);
  assert.deepEqual(
    flags.map((f) => f.flag).sort(),
    [HOLD_FLAG, BASELINE_FLAG, NO_INCREMENTAL_MARKING_FLAG].sort(),
    JSON.stringify(events),
  );
  for (const f of flags)
    assert.ok(events.indexOf(f) > Math.max(...scripts.map((e) => events.indexOf(e))), JSON.stringify(events));
  return flags;
}

test('a cold build sets its V8 flags once, after both threads took their code caches; none is rejected', () => {
  assertFlagsAfterCaches(coldBuildFlagEvents(false));
});

test('a slide worker that takes its code cache after the main thread last looks sets the flags itself', () => {
  // ~1 cold build of 3 on an idle machine: the main thread had looked for the last time, and the
  // build ran TurboFan with no young generation held (process CPU ~1.0 s instead of ~0.65 s)
  const events = coldBuildFlagEvents(true);
  const flags = assertFlagsAfterCaches(events);
  const posted = events.findIndex((e) => e.posted);
  assert.ok(posted >= 0 && flags.every((f) => f.thread !== 0 && events.indexOf(f) > posted), JSON.stringify(events));
});

test('the slide worker signals once it has taken its code cache', async () => {
  const worker = startSlidesWorker(join(root, 'dist', SLIDES_WORKER_ENTRY));
  try {
    // liveness only: the worker's start-up takes well under a second on an idle machine
    for (let waited = 0; !codeCacheTaken(worker.codeCacheSignal); waited += 50) {
      assert.ok(waited < 120_000, 'no signal from the slide worker');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await worker.terminate();
  }
});

test('buildDocument holds the young generation only when asked and once the slide stage took its cache', async () => {
  const fixture = join(root, 'test', 'fixtures', 'source', 'lecture.txt');
  const settings = loadSettings(root, {});
  const fonts = new FontSet(loadFontConfig(root));
  const build = (opts: BuildOptions) =>
    buildDocument(fixture, mkdtempSync(join(tmpdir(), 'lectern-hold-')), settings, fonts, { force: true, ...opts });
  const tag = cachedDataVersionTag(); // V8's flag hash is part of it: it changes with the flag
  const notYet = newCodeCacheSignal(); // a slide worker still taking its code cache
  await build({ holdYoungGeneration: true, slides: { ...inThreadSlides, codeCacheSignal: () => notYet } });
  assert.equal(cachedDataVersionTag(), tag, 'not while the slide stage may still take its cache');
  await build({ slides: inThreadSlides });
  assert.equal(cachedDataVersionTag(), tag, 'not when not asked (watch)');
  await build({ holdYoungGeneration: true, slides: inThreadSlides });
  assert.notEqual(cachedDataVersionTag(), tag, 'held');
});
