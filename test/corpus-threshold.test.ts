// Issue 10: recognition of the corpus of real texts (test/corpus) must not fall below the level it
// reached — 591/613 fields (96.4 %) and 124/126 parts (98.4 %) when this test was written. Runs the
// built bin on every text, like `npm run corpus-score`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreCorpus } from '../bench/corpus-score.mjs';

const MIN_FIELDS = 0.96;
const MIN_PARTS = 0.98;

test('corpus of real texts: fields and parts found stay at or above the level reached', () => {
  const { rows, totals } = scoreCorpus();
  assert.ok(rows.length >= 30, `${rows.length} texts scored`);
  const misses = rows.flatMap((r) => r.misses.map((m) => `${r.name}: ${m}`)).join('\n');
  assert.ok(totals.fieldsRatio >= MIN_FIELDS, `fields ${totals.fields.got}/${totals.fields.total}\n${misses}`);
  assert.ok(totals.partsRatio >= MIN_PARTS, `parts ${totals.parts.found}/${totals.parts.total}\n${misses}`);
});
