// src/vendor/budoux.ts (`shared-feature-keys`): BudouX's parseBoundaries with each feature key cut
// once per text instead of once per feature and position — the same boundaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parser, zhHansModel } from 'budoux';
import { linePieces } from '../src/deck';
import { readDocument } from '../src/source';
import { withSharedFeatureKeys } from '../src/vendor/budoux';
import { VendorPatchError } from '../src/vendor/patch';
import { paragraphTexts, sampleAndCorpus } from './deck-helpers';

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
