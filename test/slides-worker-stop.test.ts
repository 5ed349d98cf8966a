// A build of one transcript asks the slide worker for one deck: the worker starts stopping as soon as
// that deck has come (its teardown alongside the writing of the outputs), not after the build.
// A build of several keeps it until the last deck has come.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadFontConfig, FontSet } from '../src/fonts';
import { buildMany } from '../src/pipeline/batch';
import { SLIDES_WORKER_ENTRY, startSlidesWorker } from '../src/pipeline/slides-worker-start';
import { Timer } from '../src/pipeline/timer';
import { loadSettings } from '../src/settings';
import { root, sample, tempDir } from './helpers';

/** Builds `files` with a slide worker whose terminate() calls are logged among the build's outcomes. */
async function build(files: string[]): Promise<string[]> {
  const events: string[] = [];
  const worker = startSlidesWorker(new URL(`../dist/${SLIDES_WORKER_ENTRY}`, import.meta.url), files.length > 1);
  const terminate = worker.terminate.bind(worker);
  worker.terminate = () => {
    events.push('terminate');
    return terminate();
  };
  globalThis.__lecternSlidesWorker = worker; // taken by the build's runner, as bin/lectern.js's
  const settings = loadSettings(root, {});
  const fonts = new FontSet(loadFontConfig(root));
  await buildMany(files, tempDir(), settings, fonts, { force: true }, new Timer(), (o) => {
    assert.ok(!('error' in o), 'error' in o ? o.error : '');
    events.push(`built ${o.file === files[0] ? 0 : 1}`);
  });
  events.push('returned');
  return events;
}

test('one transcript: the slide worker is told to stop as its deck comes, before the build is done', async () => {
  assert.deepEqual(await build([sample]), ['terminate', 'built 0', 'returned']);
});

test('two transcripts: the slide worker is stopped only after both decks', async () => {
  const dir = tempDir();
  const second = join(dir, 'second.txt');
  copyFileSync(sample, second);
  const events = await build([sample, second]);
  assert.deepEqual(events.slice(0, 2).toSorted(), ['built 0', 'built 1'], events.join());
  assert.deepEqual(events.slice(2), ['terminate', 'returned']);
});
