// src/vendor/budoux-model.mjs and budoux.ts (`budoux-compact-model`): the slide worker's bundle carries
// BudouX's model compacted at compile time into three tables (keys of one, two and three characters,
// a row of scores per key), and its Parser's parseBoundaries reads them: each key cut and looked up
// once per text instead of once per feature and position — BudouX's own boundaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parser, zhHansModel } from 'budoux';
import { linePieces } from '../src/deck';
import { readDocument } from '../src/source';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parserFromCompactModel } from '../src/vendor/budoux';
import { compactModel, zhHansCompactModel } from '../src/vendor/budoux-model.mjs';
import { compactModelModule } from '../src/vendor/bundle.mjs';
import { VendorPatchError } from '../src/vendor/patch';
import { paragraphTexts, sampleAndCorpus } from './deck-helpers';
import { root } from './helpers';

/** What of a Parser the tests read (baseScore and parseBoundaries are private in BudouX's types) */
type Shape = { baseScore: number; parseBoundaries(s: string): number[]; parse(s: string): string[] };

const EDGE_CASES = [
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

test('budoux-compact-model: the boundaries of BudouX’s own parseBoundaries, on the corpus and edge cases', () => {
  const own = new Parser(zhHansModel) as unknown as Shape;
  const made = parserFromCompactModel(zhHansCompactModel()) as unknown as typeof own;
  assert.ok(Object.is(made.baseScore, own.baseScore), `${made.baseScore} vs ${own.baseScore}`);
  const texts = [...EDGE_CASES];
  for (const file of sampleAndCorpus(1)) texts.push(...paragraphTexts(readDocument(file)));
  assert.ok(texts.length > 500);
  for (const t of texts) {
    assert.deepEqual(made.parseBoundaries(t), own.parseBoundaries(t), t);
    assert.deepEqual(made.parse(t), own.parse(t), t);
  }
});

test('budoux-compact-model: a key missing from some features, an empty key, a zero or -0 score, a lone feature’s table', () => {
  const small: Record<string, Record<string, number>> = {};
  for (const f of ['UW1', 'UW2', 'UW3', 'UW4', 'UW5', 'UW6', 'BW1', 'BW2', 'BW3', 'TW1', 'TW2', 'TW3', 'TW4'])
    small[f] = {};
  Object.assign(small.UW4!, { 中: 900, 文: -0, '': 50 });
  Object.assign(small.UW3!, { 中: -400, a: 0.5 });
  Object.assign(small.BW2!, { 中文: 700, 中: 30 });
  Object.assign(small.TW4!, { 中文字: -2000 });
  const own = new Parser(small) as unknown as Shape;
  const made = parserFromCompactModel(compactModel(small)) as unknown as typeof own;
  assert.ok(Object.is(made.baseScore, own.baseScore));
  for (const t of [...EDGE_CASES, '中文字中文', 'a中a中文字', '中中中文文文字字']) {
    assert.deepEqual(made.parseBoundaries(t), own.parseBoundaries(t), t);
  }
});

test('budoux-compact-model: the deck cuts and looks up each key of two and three characters once per text, and reads a character’s by its code', () => {
  const text = paragraphTexts(readDocument(sampleAndCorpus(99)[0]!)).join('');
  linePieces('预热'); // the parser made
  const substring = String.prototype.substring;
  const get = Map.prototype.get;
  let cuts = 0;
  let lookups = 0;
  String.prototype.substring = function (this: string, start: number, end?: number) {
    cuts++;
    return substring.call(this, start, end);
  };
  Map.prototype.get = function (this: Map<unknown, unknown>, key: unknown) {
    lookups++;
    return get.call(this, key);
  };
  try {
    assert.equal(linePieces(text).join(''), text);
  } finally {
    String.prototype.substring = substring;
    Map.prototype.get = get;
  }
  // two keys (two and three characters) a position, each cut and looked up once — the one-character
  // key is read by its code (three a position before; BudouX's own code cut 13 and looked up 13)
  assert.ok(cuts < 2.5 * text.length, `${cuts} substrings for ${text.length} characters`);
  assert.ok(lookups < 2.5 * text.length, `${lookups} map lookups for ${text.length} characters`);
});

test('budoux-compact-model: what the bundle carries is the compact model of the installed BudouX', () => {
  assert.deepEqual(zhHansCompactModel(), compactModel(zhHansModel));
  const bundled = compactModelModule().replace('export function', 'return function');
  assert.deepEqual((new Function(bundled)() as () => unknown)(), compactModel(zhHansModel));
  // 2,343 distinct keys in three tables, where BudouX's maps hold 5,626
  const compact = zhHansCompactModel();
  assert.equal(
    compact.tables.map((t) => t.keys.split(compact.separator).length).reduce((a, b) => a + b),
    2343,
  );
});

test('budoux-compact-model: the slide worker’s bundle holds no BudouX model object, only its compact form', () => {
  const bundle = readFileSync(join(root, 'dist', 'slides-worker.cjs'), 'latin1');
  assert.ok(!/\bBW1:\{/.test(bundle), 'a model object literal in dist/slides-worker.cjs');
  assert.ok(/tables:\[\{keys:/.test(bundle), 'the compact model in dist/slides-worker.cjs');
});

test('budoux-compact-model throws when keys and scores do not pair up, a key holds the separator, or the features differ', () => {
  const compact = compactModel({ ...emptyModel(), UW1: { a: 1, b: 2 } });
  const badRows = {
    ...compact,
    tables: [{ keys: compact.tables[0]!.keys, scores: [1, 2, 3, 4, 5, 6] }, ...compact.tables.slice(1)],
  };
  assert.throws(
    () => parserFromCompactModel(badRows),
    (e: unknown) => e instanceof VendorPatchError && e.patch === 'budoux-compact-model',
  );
  assert.throws(() => parserFromCompactModel({ ...compact, tables: compact.tables.slice(1) }), VendorPatchError);
  assert.throws(() => compactModel({ ...emptyModel(), UW1: { 'a\u0000b': 1 } }), /separator/);
  assert.throws(() => compactModel({ ...zhHansModel, UW7: { 中: 1 } }), /features/);
  const { TW4: _, ...fewer } = zhHansModel;
  assert.throws(() => compactModel(fewer), /features/);
});

function emptyModel(): Record<string, Record<string, number>> {
  const m: Record<string, Record<string, number>> = {};
  for (const f of ['UW1', 'UW2', 'UW3', 'UW4', 'UW5', 'UW6', 'BW1', 'BW2', 'BW3', 'TW1', 'TW2', 'TW3', 'TW4'])
    m[f] = {};
  return m;
}
