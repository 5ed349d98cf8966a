// src/vendor/budoux.ts (`shared-feature-keys`): BudouX's parseBoundaries with each feature key cut
// once per text instead of once per feature and position — the same boundaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parser, zhHansModel } from 'budoux';
import { linePieces } from '../src/deck';
import { readDocument } from '../src/source';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parserFromCompactModel, withSharedFeatureKeys } from '../src/vendor/budoux';
import { compactModel, zhHansCompactModel } from '../src/vendor/budoux-model.mjs';
import { compactModelModule } from '../src/vendor/bundle.mjs';
import { VendorPatchError } from '../src/vendor/patch';
import { paragraphTexts, sampleAndCorpus } from './deck-helpers';
import { root } from './helpers';

test('shared-feature-keys: the boundaries of BudouX’s own parseBoundaries, on the corpus and edge cases', () => {
  const own = new Parser(zhHansModel);
  const patched = withSharedFeatureKeys(new Parser(zhHansModel));
  const texts = [
    '',
    '中',
    '中文',
    'ab',
    'a b c',
    '𠀀𠀁中文𠀂',
    '\ud840',
    '\udc00中',
    '“引号”（括号）。',
    '2020年5月22日',
  ];
  for (const file of sampleAndCorpus(1)) texts.push(...paragraphTexts(readDocument(file)));
  assert.ok(texts.length > 500);
  for (const t of texts) assert.deepEqual(patched.parseBoundaries(t), own.parseBoundaries(t), t);
});

test('shared-feature-keys: the deck cuts each feature key once per text, not once per feature and position', () => {
  const text = paragraphTexts(readDocument(sampleAndCorpus(99)[0]!)).join('');
  linePieces('预热'); // the parser made
  const substring = String.prototype.substring;
  let cuts = 0;
  String.prototype.substring = function (this: string, start: number, end?: number) {
    cuts++;
    return substring.call(this, start, end);
  };
  try {
    assert.equal(linePieces(text).join(''), text);
  } finally {
    String.prototype.substring = substring;
  }
  // three keys (one, two and three characters) a position; BudouX's own code cut 13
  assert.ok(cuts < 4 * text.length, `${cuts} substrings for ${text.length} characters`);
});

test('shared-feature-keys throws when BudouX’s model has other features', () => {
  const model = { ...zhHansModel, UW7: { 中: 1 } };
  assert.throws(
    () => withSharedFeatureKeys(new Parser(model)),
    (e: unknown) => e instanceof VendorPatchError && e.patch === 'shared-feature-keys',
  );
  const { TW4: _, ...fewer } = zhHansModel;
  assert.throws(() => withSharedFeatureKeys(new Parser(fewer)), VendorPatchError);
});

// src/vendor/budoux-model.mjs and budoux.ts (`budoux-compact-model`): the slide worker's bundle carries
// the model compacted at compile time, and its Parser is made from that — the same maps and base score.
test('budoux-compact-model: the Parser made from the compact model has BudouX’s own maps, order and base score', () => {
  const own = new Parser(zhHansModel) as unknown as { model: Map<string, Map<string, number>>; baseScore: number };
  const made = parserFromCompactModel(compactModel(zhHansModel)) as unknown as typeof own;
  assert.ok(Object.is(made.baseScore, own.baseScore), `${made.baseScore} vs ${own.baseScore}`);
  assert.deepEqual(
    [...made.model].map(([f, m]) => [f, [...m]]),
    [...own.model].map(([f, m]) => [f, [...m]]),
  );
  // integer-like keys ('0', '2'…) come first in Object.entries' order, as in BudouX's maps
  assert.deepEqual([...made.model.get('UW1')!.keys()].slice(0, 2), [...own.model.get('UW1')!.keys()].slice(0, 2));
  assert.deepEqual(zhHansCompactModel(), compactModel(zhHansModel));
  // what the bundle carries is that same compact model (src/vendor/bundle.mjs)
  const bundled = compactModelModule().replace('export function', 'return function');
  assert.deepEqual((new Function(bundled)() as () => unknown)(), compactModel(zhHansModel));
  const texts = ['', '中', '2020年5月22日', '“引号”（括号）。'];
  for (const file of sampleAndCorpus(1)) texts.push(...paragraphTexts(readDocument(file)));
  const ownParser = new Parser(zhHansModel);
  const madeParser = parserFromCompactModel(compactModel(zhHansModel));
  for (const t of texts) assert.deepEqual(madeParser.parseBoundaries(t), ownParser.parseBoundaries(t), t);
  // a group without keys, a key that is the empty string
  const small = { UW1: {}, UW2: { '': 3, a: -1 } };
  const smallOwn = new Parser(small) as unknown as typeof own;
  const smallMade = parserFromCompactModel(compactModel(small)) as unknown as typeof own;
  assert.deepEqual(
    [...smallMade.model].map(([f, m]) => [f, [...m]]),
    [...smallOwn.model].map(([f, m]) => [f, [...m]]),
  );
  assert.ok(Object.is(smallMade.baseScore, smallOwn.baseScore));
});

test('budoux-compact-model: the slide worker’s bundle holds no BudouX model object, only its compact form', () => {
  const bundle = readFileSync(join(root, 'dist', 'slides-worker.cjs'), 'latin1');
  assert.ok(!/\bBW1:\{/.test(bundle), 'a model object literal in dist/slides-worker.cjs');
  assert.ok(bundle.includes('features:["BW1"'), 'the compact model in dist/slides-worker.cjs');
});

test('budoux-compact-model throws when keys and scores do not pair up, or a key holds the separator', () => {
  const compact = compactModel({ UW1: { a: 1, b: 2 } });
  assert.throws(
    () => parserFromCompactModel({ ...compact, scores: [[1]] }),
    (e: unknown) => e instanceof VendorPatchError && e.patch === 'budoux-compact-model',
  );
  assert.throws(() => compactModel({ UW1: { 'a\u0000b': 1 } }), /separator/);
});
