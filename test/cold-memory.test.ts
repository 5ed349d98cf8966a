// A cold build's peak memory (issue 15): what keeps it down must not get lost unnoticed.
// - The slide worker runs with a capped young generation (src/pipeline/slides-worker-start.ts), both
//   the one bin/lectern.js starts early and one the slide runner starts itself.
// - The CommonJS bundles V8 keeps as source for the life of the process are ASCII-only
//   (scripts/ascii-source.mjs), and the rewrite keeps every regular expression's meaning.
// - jieba's bucketed dictionary (dist/jieba-dict.bin, 7 MB) is read in ranges, never whole (which
//   kept it for the life of the process).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { WorkerOptions } from 'node:worker_threads';
import { asciiSource } from '../scripts/ascii-source.mjs';
import { SLIDES_WORKER_LIMITS } from '../src/pipeline/slides-worker-start';
import { root, sample } from './helpers';

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

test('the slide worker of a cold build runs with a capped young generation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lectern-workers-'));
  const { preload, log } = recordWorkers(dir);
  buildSampleWith(preload, dir);
  const started = jsonLines<{ script: string; options: { resourceLimits?: { maxYoungGenerationSizeMb?: number } } }>(
    log,
  );
  const slides = started.filter((w) => w.script.endsWith('slides-worker.js'));
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
  const dir = mkdtempSync(join(tmpdir(), 'lectern-dict-'));
  const log = join(dir, 'reads.jsonl');
  const preload = join(dir, 'record-reads.cjs');
  writeFileSync(
    preload,
    `const fs = require('node:fs');
const log = (what, path) => String(path).endsWith('jieba-dict.bin') && fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(what) + '\\n');
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
  buildSampleWith(preload, dir);
  const calls = jsonLines<string>(log);
  assert.ok(calls.includes('openSync'), calls.join(' '));
  assert.ok(!calls.includes('readFileSync'), calls.join(' '));
});
