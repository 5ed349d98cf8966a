// What `npm run compile` records for a cold slide worker (src/slides/recorded.ts: Marp's packed
// stylesheets, the themes made from CSS, marp-cli's bespoke stylesheet) is written as ASCII-only JSON:
// read at the worker's start, a file with a few CJK characters of lectern's theme was a two-byte string,
// decoded and parsed on V8's slower paths. The entries read back are the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRecorded, writeRecorded } from '../src/slides/recorded';
import { root, tempDir } from './helpers';

const isAscii = (bytes: Buffer) => bytes.every((b) => b < 0x80);

test('writeRecorded writes ASCII only, and readRecorded reads back the same entries', () => {
  const file = join(tempDir('lectern-recorded-'), 'entries.json');
  const entries: [string, unknown][] = [
    ['/* 议程：一、 */ section::before { content: "“"; }', { css: '问 \\ " \u0000 \u2028 😀', n: 1.5 }],
    ['键 😀\ud800', ['“引号”', '\u00a0', '\ufeff', 'ascii']],
  ];
  writeRecorded(file, entries);
  assert.ok(isAscii(readFileSync(file)), 'the file holds no byte above 0x7f');
  assert.deepEqual(readRecorded(file), entries);
});

test('the recorded files in dist/ are ASCII', () => {
  for (const name of ['marp-styles.json', 'marp-themes.json', 'marp-bespoke.json']) {
    const bytes = readFileSync(join(root, 'dist', name));
    assert.ok(isAscii(bytes), name);
    assert.ok(readRecorded(join(root, 'dist', name)).length > 0, `${name} holds entries`);
  }
});
