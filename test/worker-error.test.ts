// One error format for every worker message (src/pipeline/worker-error.ts): a user error from a batch
// worker or from the slide worker reads exactly as the same error raised on the main thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatError, LecternError } from '../src/errors';
import { FontSet, loadFontConfig } from '../src/fonts';
import { type BatchOutcome, buildMany } from '../src/pipeline/batch';
import { fromWorkerError, toWorkerError } from '../src/pipeline/worker-error';
import { loadSettings } from '../src/settings';
import { Timer } from '../src/pipeline/timer';
import { root, sample, tempDir } from './helpers';

test('an error survives the thread boundary (structured clone) with its one-line form', () => {
  const user = new LecternError('talk.txt', 'the file is empty', { line: 3, hint: 'write the transcript into it' });
  const back = fromWorkerError(structuredClone(toWorkerError(user)));
  assert.ok(back instanceof LecternError);
  assert.equal(formatError(back), formatError(user));
  const internal = new TypeError('x is not a function');
  const iback = fromWorkerError(structuredClone(toWorkerError(internal)));
  assert.equal(formatError(iback), formatError(internal));
  assert.equal(iback.stack, internal.stack);
});

test('a batch worker reports a bad transcript in the same line as a build on the main thread', async () => {
  const dir = tempDir();
  try {
    const files = ['a', 'b', 'c', 'd'].map((n) => join(dir, `${n}.txt`));
    for (const f of files) copyFileSync(sample, f);
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const settings = loadSettings(root, {}, {});
    const fonts = new FontSet(loadFontConfig(root));
    const outcomes: BatchOutcome[] = [];
    // four threads: two batch workers (dist/worker.js) besides the main side
    await buildMany([empty, ...files], join(dir, 'out'), settings, fonts, {}, new Timer(), (o) => outcomes.push(o), 4);
    const errors = outcomes.filter((o): o is Extract<BatchOutcome, { error: string }> => 'error' in o);
    assert.equal(errors.length, 1);
    let direct = '';
    try {
      const { readDocument } = await import('../src/source');
      readDocument(empty);
    } catch (e) {
      direct = formatError(e);
    }
    assert.match(direct, /empty\.txt: the file is empty/);
    assert.equal(errors[0]!.error, direct);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
