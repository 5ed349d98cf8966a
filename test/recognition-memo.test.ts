// Recognition keeps each normalised line (issue 15, warm rebuilds): after an edit a watch rebuild
// normalises only the lines it changed, and the Document — text, parts, every change with its file
// and line — is exactly the one recognition makes from scratch. Lines are counted (lineNormalizing),
// so the test fails when nothing is reused and when a kept line's changes are given a stale line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearCaches, expectRebuilds } from '../src/cache';
import type { Document } from '../src/model';
import { documentFromBytes } from '../src/source';
import { lineClassifying } from '../src/source/classify';
import { lineNormalizing } from '../src/source/normalize';
import { root, sample } from './helpers';

const texts = [
  sample,
  join(root, 'test', 'corpus', 'texts', '13-mao-national-party-conference.txt'),
  join(root, 'test', 'corpus', 'texts', '07-mao-bertram-interview.txt'),
];

function recognise(text: string, file: string): { doc: Document; runs: number; reused: number } {
  const before = { ...lineNormalizing };
  const doc = documentFromBytes(Buffer.from(text), file);
  return { doc, runs: lineNormalizing.runs - before.runs, reused: lineNormalizing.reused - before.reused };
}

function cold(text: string, file: string): Document {
  clearCaches();
  return documentFromBytes(Buffer.from(text), file);
}

test('after an edit only the edited line is normalised again, and the document equals a cold one', () => {
  for (const file of texts) {
    const text = readFileSync(file, 'utf8');
    const first = cold(text, file);
    const again = recognise(text, file);
    assert.equal(again.runs, 0, `${file}: lines normalised again for the same text`);
    assert.ok(again.reused > 0);
    assert.deepEqual(again.doc, first);

    // one body line edited (a clause added after its first comma, with a half-width comma to normalise)
    const line = text.split('\n').find((l) => l.length > 40 && l.includes('，'))!;
    const edited = text.replace(line, line.replace('，', '，确实,'));
    const warm = recognise(edited, file);
    assert.ok(warm.runs >= 1 && warm.runs <= 4, `${file}: ${warm.runs} lines normalised for a one-line edit`);
    assert.deepEqual(warm.doc, cold(edited, file), `${file}: differs from a cold recognition`);
  }
});

test("a kept line's changes carry its current line after lines are added above it", () => {
  const file = texts[1]!;
  const text = readFileSync(file, 'utf8');
  const first = cold(text, file);
  assert.ok(first.changes.length > 20, 'a text with changes to replay');
  // two blank lines after the first line: every later line moves down by two
  const lines = text.split('\n');
  const moved = [lines[0], '', '', ...lines.slice(1)].join('\n');
  const warm = recognise(moved, file);
  assert.ok(warm.reused > 0);
  const coldMoved = cold(moved, file);
  assert.deepEqual(warm.doc.changes, coldMoved.changes);
  assert.deepEqual(warm.doc, coldMoved);
  assert.notDeepEqual(
    warm.doc.changes.map((c) => c.line),
    first.changes.map((c) => c.line),
  );
});

/** Recognition as under watch (line kinds kept): the document and how many lines were classified. */
function recogniseWarm(text: string, file: string): { doc: Document; classified: number; reused: number } {
  const before = { ...lineClassifying };
  expectRebuilds();
  try {
    const doc = documentFromBytes(Buffer.from(text), file);
    return { doc, classified: lineClassifying.runs - before.runs, reused: lineClassifying.reused - before.reused };
  } finally {
    expectRebuilds(false);
  }
}

test('under watch a rebuild classifies only the edited line, and the document equals a cold one', () => {
  for (const file of texts) {
    const text = readFileSync(file, 'utf8');
    clearCaches();
    const first = recogniseWarm(text, file);
    assert.ok(first.classified > 10);
    assert.deepEqual(first.doc, cold(text, file));
    const line = text.split('\n').find((l) => l.length > 40 && l.includes('，'))!;
    for (const edited of [text.replace(line, line.replace('，', '，确实,')), text]) {
      recogniseWarm(text, file); // the kinds of the text before the edit kept (cold cleared them)
      const warm = recogniseWarm(edited, file);
      assert.ok(warm.reused > 10);
      assert.ok(warm.classified <= (edited === text ? 0 : 1), `${file}: ${warm.classified} lines classified`);
      assert.deepEqual(warm.doc, cold(edited, file), `${file}: differs from a cold recognition`);
    }
  }
});

test("a short line's kept kind is not given again once the guest list it was read against changed", () => {
  // 「阿布都」 alone on a line is a speaker line only while the 嘉宾 line names him
  const text = [
    '賨州论坛',
    '',
    '嘉宾：阿布都、刘政',
    '',
    '阿布都',
    '',
    '各位同志，今天我们讲一讲乡村振兴的路子。',
  ].join('\n');
  const file = 'guests.txt';
  const without = text.replace('阿布都、', '');
  clearCaches();
  const before = recogniseWarm(text, file).doc;
  const warm = recogniseWarm(without, file).doc;
  const coldWithout = cold(without, file);
  assert.notDeepEqual(coldWithout, before, 'the guest list decides the line');
  assert.deepEqual(warm, coldWithout);
});
