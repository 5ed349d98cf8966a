// A build of many documents keeps in its caches what the document being built and the one before it
// used, not every document's (src/cache: GenerationMap, startDocument): a catalogue of 800 distinct
// transcripts held ~200 MB of the slide worker's heap in text-keyed caches (paragraph words, jieba's
// cuts, planned parts), and the main thread's kept deflated streams each held zlib's whole 16 KB output
// chunk (README, Speed). Under watch the caches keep everything, for the next rebuild.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheSizes, clearCaches, expectRebuilds, GenerationMap, registerCache, startDocument } from '../src/cache';
import { FontSet, loadFontConfig } from '../src/fonts';
import { buildDocument } from '../src/pipeline';
import { loadSettings } from '../src/settings';
import { deflatedStreamsHeld } from '../src/vendor/pdfkit';
import { root, sample, tempDir } from './helpers';

test('startDocument moves every registered GenerationMap on in a batch, none under watch', () => {
  const m = registerCache('test: batch-caches generation map', new GenerationMap<string, number>());
  expectRebuilds(false);
  m.set('a', 1);
  startDocument();
  startDocument();
  assert.equal(m.get('a'), undefined, 'forgotten two documents later');
  expectRebuilds(true);
  try {
    m.set('b', 2);
    startDocument();
    startDocument();
    assert.equal(m.get('b'), 2, 'kept under watch');
  } finally {
    expectRebuilds(false);
    m.clear();
  }
});

/** The caches that keep text of the documents (the ones a catalogue of distinct transcripts would fill) */
const TEXT_CACHES = [
  'source: normalised lines by role and text',
  'typeset: paragraph layouts',
  'deck: jieba words by text',
  'deck: distinct content words by paragraph',
  'deck: texts whose dictionary keys are loaded',
  'deck: planned slides of each part',
] as const;

test('a batch of distinct documents keeps the text caches of its last two documents, in memory of their size', async () => {
  const text = readFileSync(sample, 'utf8');
  const dir = tempDir();
  // distinct texts: a mark of its own after the first character of every line longer than 20
  const files = ['甲', '乙', '丙', '丁', '戊', '己'].map((mark, i) => {
    const file = join(dir, `doc-${i}.txt`);
    writeFileSync(
      file,
      text
        .split('\n')
        .map((l) => (l.length > 20 ? `${l[0]}${mark}${l.slice(1)}` : l))
        .join('\n'),
    );
    return file;
  });
  const settings = loadSettings(root, {}, {});
  const fonts = new FontSet(loadFontConfig(root));
  clearCaches();
  expectRebuilds(false);
  const sizes: Record<string, number>[] = [];
  for (const file of files) {
    await buildDocument(file, join(dir, 'out'), settings, fonts, { force: true });
    const all = cacheSizes();
    sizes.push(Object.fromEntries(TEXT_CACHES.map((name) => [name, all[name] ?? 0])));
  }
  for (const name of TEXT_CACHES) {
    const [one, two, , , , six] = sizes.map((s) => s[name]!);
    assert.ok(one! > 0 && two! > one!, `${name}: ${sizes.map((s) => s[name]).join(', ')}`);
    // six documents: no more than two documents' worth (not six)
    assert.ok(six! <= two! * 1.1, `${name} grew with the batch: ${sizes.map((s) => s[name]).join(', ')}`);
  }
  // the kept deflated streams hold memory of their own size, not zlib's output chunks
  const held = deflatedStreamsHeld();
  assert.ok(held.bytes > 0, 'streams kept in a batch');
  assert.equal(held.memory, held.bytes);
  clearCaches();
});
