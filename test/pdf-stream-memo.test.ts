// The PDF's deflated streams are hashed and kept for a later build in the process (watch, a batch:
// deflateOnce, src/vendor/pdfkit.ts), but not by a build of one transcript, which no later build
// follows: it deflates them the same way — the same bytes — without hashing each one first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildDocument } from '../src/pipeline';
import { loadSettings } from '../src/settings';
import { FontSet, loadFontConfig } from '../src/fonts';
import { clearCaches } from '../src/cache';
import { deflateReuse } from '../src/vendor/pdfkit';
import { root, sample, tempDir } from './helpers';

const counted = () => deflateReuse.hits + deflateReuse.misses;

test('a build of one transcript deflates its PDF streams without the memo, to the same bytes', async () => {
  const dir = tempDir('lectern-stream-memo-');
  try {
    const settings = loadSettings(root, {}, process.env, () => {});
    const fonts = new FontSet(loadFontConfig(root));
    clearCaches();
    const before = counted();
    await buildDocument(sample, join(dir, 'one'), settings, fonts, { lastDeck: true });
    assert.equal(counted(), before, 'a build of one transcript hashed its streams');
    clearCaches();
    await buildDocument(sample, join(dir, 'many'), settings, fonts);
    assert.ok(counted() > before, 'a build another may follow kept no stream');
    const pdf = (out: string) => readFileSync(join(dir, out, 'guangan-township-forum', 'handout.pdf'));
    assert.ok(pdf('one').equals(pdf('many')), 'the handouts differ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
