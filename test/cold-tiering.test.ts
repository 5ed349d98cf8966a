// A cold build of one transcript stops V8's tiering at its baseline compiler (Sparkplug) once both
// threads have taken their code caches (src/pipeline/run-time-v8-flags.ts; README, Speed): TurboFan's
// background compiles cost a cold build more CPU than the optimised code gave back.
// - The flag, set at run time, does stop TurboFan (a Node whose V8 ignores it shows here).
// - buildDocument sets it only when asked, and only once the slide stage has taken its code cache.
// - `lectern build` of a folder of two transcripts never sets it (a batch stops TurboFan only after its
//   first 16 documents: test/batch-tiering.test.ts), nor a build of one long transcript (its hot code
//   runs long enough for TurboFan to pay). (A build of one transcript: test/cold-memory.test.ts, with the young
//   generation's hold, set at the same moment.)
// - With it, a build of one transcript stops V8's incremental marking (a major collection's marking,
//   concurrent on V8's background threads, was work for a heap about to be freed): the flag set at run
//   time does stop it, and buildDocument sets it exactly when it stops TurboFan.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FontSet, loadFontConfig } from '../src/fonts';
import { type BuildOptions, buildDocument } from '../src/pipeline';
import { inThreadSlides } from '../src/pipeline/slides-runner';
import {
  BASELINE_FLAG,
  BASELINE_TIER_MAX_BYTES,
  baselineTierFits,
  NO_INCREMENTAL_MARKING_FLAG,
  newCodeCacheSignal,
} from '../src/pipeline/run-time-v8-flags';
import { loadSettings } from '../src/settings';
import { fixtureFolder, lecternWithPreload, root, sample, withV8FlagsRecorded } from './helpers';

/** `--trace-opt` lines of a child process running a hot loop, after `before` */
function traceOpt(before: string): string[] {
  const hot =
    'function f(n){let s=0;for(let i=0;i<n;i++)s+=(i*7)%13;return s}let t=0;for(let k=0;k<300;k++)t+=f(20000);';
  const r = spawnSync(process.execPath, ['--trace-opt', '-e', `${before}\n${hot}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l.includes('TURBOFAN'));
}

test('the baseline flag set at run time stops TurboFan', () => {
  assert.ok(traceOpt('').length > 0, 'without it the hot loop is optimised');
  assert.deepEqual(traceOpt(`require('node:v8').setFlagsFromString(${JSON.stringify(BASELINE_FLAG)});`), []);
});

/** How many of a child process's collections were incremental marking, after `before` (kept objects grow its old generation) */
function incrementalMarkings(before: string): number {
  const grow = `const { PerformanceObserver, constants } = require('node:perf_hooks');
let n = 0;
const o = new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) n++; });
o.observe({ entryTypes: ['gc'] });
const keep = [];
for (let i = 0; i < 600000; i++) keep.push({ i, s: 'x' + i, a: [i, i + 1] });
setTimeout(() => { o.disconnect(); process.stdout.write(String(n)); }, 100);`;
  const r = spawnSync(process.execPath, ['-e', `${before}\n${grow}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout);
}

test('the incremental marking flag set at run time stops incremental marking', () => {
  assert.ok(incrementalMarkings('') > 0, 'without it the growing heap is marked incrementally');
  assert.equal(
    incrementalMarkings(`require('node:v8').setFlagsFromString(${JSON.stringify(NO_INCREMENTAL_MARKING_FLAG)});`),
    0,
  );
});

test('buildDocument stops at the baseline tier only when asked and once the slide stage took its cache', async () => {
  await withV8FlagsRecorded(async (set) => {
    const fixture = join(root, 'test', 'fixtures', 'source', 'lecture.txt');
    const settings = loadSettings(root, {});
    const fonts = new FontSet(loadFontConfig(root));
    const build = (opts: BuildOptions) =>
      buildDocument(fixture, mkdtempSync(join(tmpdir(), 'lectern-tier-')), settings, fonts, { force: true, ...opts });
    // a slide worker still taking its code cache: it sets the flag when it has (test/run-time-flags.test.ts)
    const notYet = newCodeCacheSignal();
    await build({ baselineTier: true, slides: { ...inThreadSlides, codeCacheSignal: () => notYet } });
    assert.deepEqual(set, [], 'not while the slide stage may still take its cache');
    await build({ slides: inThreadSlides });
    assert.deepEqual(set, [], 'not when not asked (watch, a batch)');
    await build({ baselineTier: true, slides: inThreadSlides });
    assert.deepEqual(set, [BASELINE_FLAG, NO_INCREMENTAL_MARKING_FLAG]);
    await build({ baselineTier: true, slides: inThreadSlides });
    assert.deepEqual(set, [BASELINE_FLAG, NO_INCREMENTAL_MARKING_FLAG], 'once');
  });
});

test('lectern build of a folder of several transcripts leaves V8 its optimising compiler', () => {
  const { dir, texts } = fixtureFolder('lectern-tier-batch-', ['lecture', 'newspaper']);
  const flags = lecternWithPreload(
    dir,
    ['build', texts, '--out', join(dir, 'out'), '-q'],
    (logLiteral) => `const v8 = require('node:v8');
const setFlags = v8.setFlagsFromString;
v8.setFlagsFromString = function (flag) {
  require('node:fs').appendFileSync(${logLiteral}, flag + '\\n');
  return setFlags.call(this, flag);
};
require('node:module').syncBuiltinESMExports();
`,
  );
  assert.ok(!flags.includes(BASELINE_FLAG), flags.join('\n'));
  assert.ok(!flags.includes(NO_INCREMENTAL_MARKING_FLAG), flags.join('\n'));
});

test('the baseline tier is for one transcript that is not long', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lectern-tier-size-'));
  const long = join(dir, 'long.txt');
  const text = readFileSync(sample, 'utf8');
  writeFileSync(long, text.repeat(Math.ceil((BASELINE_TIER_MAX_BYTES + 1) / Buffer.byteLength(text))));
  assert.equal(baselineTierFits([sample]), true);
  assert.equal(baselineTierFits([long]), false);
  assert.equal(baselineTierFits([sample, sample]), false);
  assert.equal(baselineTierFits([join(dir, 'missing.txt')]), false);
});
