// The bench's figures of the slide stage (LECTERN_TIMING_JSON): a cold build reports the slide
// worker's phases, among them the CPU time of the worker thread itself — on a shared machine the only
// figure of the worker's own work that the load does not inflate. Only that they are there and
// plausible is checked, never how long anything took.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Timer } from '../src/pipeline/timer';
import { lectern, sample, tempDir } from './helpers';

test('a cold build reports the slide worker’s phases: warm-up, queued, dictionary, templates, marp, and its thread’s CPU time', () => {
  const out = tempDir();
  const report = join(out, 'timing.json');
  const r = lectern(['build', sample, '--out', out, '-q'], { env: { LECTERN_TIMING_JSON: report } });
  assert.equal(r.status, 0, r.stderr);
  const { phases } = JSON.parse(readFileSync(report, 'utf8')) as { phases: Record<string, number> };
  for (const phase of ['warmup', 'queued', 'dictionary', 'fonts', 'templates', 'marp', 'wall'])
    assert.equal(typeof phases[`slides:${phase}`], 'number', `slides:${phase} in ${JSON.stringify(phases)}`);
  if (process.platform === 'linux') {
    // the worker's own CPU: some for its start-up, some for the deck (which reads, plans and renders)
    assert.ok(phases['slides:startcpu']! > 0, JSON.stringify(phases));
    assert.ok(phases['slides:cpu']! > 0, JSON.stringify(phases));
  }
});

test('a Timer measures its phases with the clock it is given (the slide worker’s CPU clock under LECTERN_TIMING_CPU)', async () => {
  let now = 100;
  const timer = new Timer(() => now);
  timer.time('templates', () => {
    now += 7;
  });
  await timer.timeAsync('marp', async () => {
    now += 5;
  });
  assert.deepEqual(timer.toJSON(), { templates: 7, marp: 5 });
});

test('a cold build reports the main thread’s phases around the stages, and the main thread’s and the process’s CPU time', () => {
  const out = tempDir();
  const report = join(out, 'timing.json');
  const r = lectern(['build', sample, '--out', out, '-q'], { env: { LECTERN_TIMING_JSON: report } });
  assert.equal(r.status, 0, r.stderr);
  const timing = JSON.parse(readFileSync(report, 'utf8')) as {
    phases: Record<string, number>;
    mainThreadCpuMs?: number;
    processCpuMs: number;
  };
  // what the bench once showed as one "other" figure, named
  for (const phase of [
    'settings',
    'fingerprint',
    'handout modules',
    'slide fonts',
    'waiting for slides',
    'stopping the slide worker',
  ])
    assert.equal(typeof timing.phases[phase], 'number', `${phase} in ${JSON.stringify(timing.phases)}`);
  if (process.platform === 'linux') assert.ok(timing.mainThreadCpuMs! > 0, JSON.stringify(timing));
  // the whole process's CPU holds the main thread's and the slide worker's
  assert.ok(timing.processCpuMs > (timing.mainThreadCpuMs ?? 0), JSON.stringify(timing));
});
