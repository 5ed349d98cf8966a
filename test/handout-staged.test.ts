// A build writes handout.pdf's temp file while it waits for the slides (src/pipeline/index.ts): in a cold
// build the slide worker is the longer lane, so the main thread writes and hashes the handout meanwhile
// instead of after the deck comes. The commit renames that temp file; a build that fails leaves none.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FontSet, loadFontConfig } from '../src/fonts';
import { buildDocument } from '../src/pipeline';
import { inThreadSlides, type SlidesRunner } from '../src/pipeline/slides-runner';
import { Timer } from '../src/pipeline/timer';
import { leftoverTemps } from '../src/pipeline/write';
import { loadSettings } from '../src/settings';
import { root, sample, tempDir } from './helpers';

/** How long the slides wait for handout.pdf's temp file to appear (it never does on the previous code) */
const WAIT_MS = 3000;

/**
 * Builds the sample with in-thread slides that answer only once handout.pdf's temp file is in the output
 * folder (or WAIT_MS passed), then call `then`. Whether the temp file was seen, the folder, and what the build threw.
 */
async function buildWaitingForHandoutTemp(
  then: () => void = () => {},
): Promise<{ seen: boolean; dir: string; error: unknown }> {
  const out = tempDir();
  const dir = join(out, 'guangan-township-forum');
  let seen = false;
  const slides: SlidesRunner = {
    ...inThreadSlides,
    async run(doc, settings, fonts, timer) {
      const r = await inThreadSlides.run(doc, settings, fonts, timer);
      const t0 = Date.now();
      while (!(seen = leftoverTemps(dir).some((n) => n.startsWith('.handout.pdf.'))) && Date.now() - t0 < WAIT_MS)
        await new Promise((res) => setTimeout(res, 5));
      then();
      return r;
    },
  };
  let error: unknown;
  try {
    await buildDocument(
      sample,
      out,
      loadSettings(root, {}),
      new FontSet(loadFontConfig(root)),
      { force: true, slides },
      new Timer(),
    );
  } catch (e) {
    error = e;
  }
  return { seen, dir, error };
}

test('handout.pdf’s temp file is written (and hashed) while the build waits for the slides; the commit renames it', async () => {
  const { seen, dir, error } = await buildWaitingForHandoutTemp();
  assert.equal(error, undefined);
  assert.ok(seen, 'handout.pdf’s temp file was there before the slides came');
  assert.deepEqual(leftoverTemps(dir), [], 'no temp file after the commit');
  const record = JSON.parse(readFileSync(join(dir, '.lectern-build'), 'utf8')) as { outputs: Record<string, string> };
  const pdf = readFileSync(join(dir, 'handout.pdf'));
  assert.equal(record.outputs['handout.pdf'], createHash('sha256').update(pdf).digest('hex'));
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
});

test('a build whose slides fail after the handout was staged leaves no temp file', async () => {
  const { seen, dir, error } = await buildWaitingForHandoutTemp(() => {
    throw new Error('slides failed');
  });
  assert.match(String(error), /slides failed/);
  assert.ok(seen, 'the handout was staged before the slides failed');
  assert.deepEqual(leftoverTemps(dir), [], 'the staged temp file removed');
});
