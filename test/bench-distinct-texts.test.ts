// `npm run bench -- --only distinct` builds 50 texts that no text-keyed cache can answer (the bench's
// batch is one text under 50 titles): each is the sample with a character of its own in its title and
// in every paragraph, and otherwise the sample, line for line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { distinctTexts } from '../bench/distinct-texts.mjs';
import { sample } from './helpers';

test('distinct bench texts: every title and paragraph differs between any two, the rest is the sample', () => {
  const text = readFileSync(sample, 'utf8');
  const lines = text.split('\n');
  const texts = distinctTexts(text, 50);
  assert.equal(texts.length, 50);
  const paragraphs = lines.flatMap((l, i) => (i === 0 || l.length > 20 ? [i] : []));
  assert.ok(paragraphs.length > 20, `the sample has ${paragraphs.length} paragraphs`);
  const split = texts.map((t) => t.split('\n'));
  for (const t of split) assert.equal(t.length, lines.length, 'line for line');
  for (const [i, l] of lines.entries()) {
    const versions = new Set(split.map((t) => t[i]));
    if (paragraphs.includes(i)) {
      assert.equal(versions.size, 50, `line ${i + 1} is the same in two texts`);
      for (const v of versions) assert.equal([...v].length, [...l].length + 1, `line ${i + 1}: one character added`);
    } else assert.deepEqual([...versions], [l], `line ${i + 1} changed`);
  }
  // the added character is new to the text (a glyph no other document has)
  for (const t of texts) assert.equal(new Set(t).size, new Set(text).size + 1);
  assert.throws(() => distinctTexts(text, 1000), /distinct texts can be made/);
});
