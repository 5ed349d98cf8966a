// Unusable and unusual input: each ends in a correct document or a LecternError naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readDocument, decodeTranscript } from '../src/source/index';
import { documentToJson } from '../src/model';
import { LecternError } from '../src/errors';
import { encodeGb18030 } from './fixtures/source/gb18030';

const dir = mkdtempSync(join(tmpdir(), 'lectern-input-'));
const put = (name: string, bytes: Uint8Array | string): string => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

function rejects(file: string, re: RegExp): void {
  assert.throws(
    () => readDocument(file),
    (e: unknown) => {
      assert.ok(e instanceof LecternError, String(e));
      assert.equal(e.file, file);
      assert.ok(e.format().startsWith(`${file}: `), e.format());
      assert.match(e.format(), re);
      assert.ok(e.hint.length > 0, 'says what to do');
      return true;
    },
  );
}

test('empty file and blank-only file are refused', () => {
  rejects(put('empty.txt', ''), /the file is empty/);
  rejects(put('blank.txt', ' \n\u3000\r\n\n'), /only blank lines/);
});

test('binary files are refused: NUL bytes, images, PDF, Word', () => {
  rejects(
    put('nul.txt', new Uint8Array([0x41, 0x00, 0x00, 0x01, 0x02, 0x42, 0x00, 0x00, 0xff, 0x03, 0x00])),
    /binary file/,
  );
  rejects(put('img.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), /PNG image/);
  rejects(put('doc.txt', Buffer.from('%PDF-1.7\n')), /PDF file/);
  rejects(put('word.txt', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])), /zip archive/);
  rejects(put('ctrl.txt', Buffer.from('题目\n\u0001\u0002\u0003\u0004正文\u0005\u0006。\n')), /binary/);
});

test('an unknown encoding is refused, naming chardet’s guess', () => {
  rejects(put('latin1.txt', Buffer.from('café résumé naïve', 'latin1')), /unknown text encoding .*chardet guesses/);
});

test('GB18030 (even two characters), UTF-16 LE/BE without BOM are decoded', () => {
  assert.equal(decodeTranscript(encodeGb18030('你好'), 'x.txt'), '你好');
  const text = '题目\n第一段。\n';
  assert.equal(decodeTranscript(Buffer.from(text, 'utf16le'), 'x.txt'), text);
  const be = Buffer.from(text, 'utf16le');
  be.swap16();
  assert.equal(decodeTranscript(be, 'x.txt'), text);
});

test('a missing file or a folder gives a message, not a stack trace', () => {
  rejects(join(dir, 'nope.txt'), /no such file/);
  const sub = join(dir, 'folder.txt');
  mkdirSync(sub);
  rejects(sub, /folder/);
});

test('a 4 MB transcript (UTF-8 and GB18030) is read completely', () => {
  const sample = readFileSync('content/guangan-township-forum.txt', 'utf8').split('\n');
  const head = `${sample.slice(0, 7).join('\n')}\n`;
  const talks = `${sample.slice(7, 48).join('\n')}\n`;
  let text = head;
  let copies = 0;
  while (Buffer.byteLength(text) < 4 * 1024 * 1024) {
    text += talks;
    copies++;
  }
  const doc = readDocument(put('big.txt', text));
  assert.equal(doc.parts.filter((p) => p.kind === 'talk').length, 5 * copies);
  assert.equal(doc.parts.at(-1)!.speaker!.name, '刘政');
  const gb = readDocument(put('big-gb.txt', encodeGb18030(text)));
  assert.deepEqual(documentToJson(gb), documentToJson(doc));
});

test('a 4 MB single line and long runs of spaces/quotes are read (no quadratic scans)', () => {
  const line = '这是一个没有换行的很长的段落，'.repeat(Math.ceil((4 * 1024 * 1024) / 45));
  const doc = readDocument(put('oneline.txt', `题目\n${line}\n`));
  assert.equal(doc.parts[0]!.paragraphs[0]!.text.length, line.length);
  const spaces = `题目\n中${' '.repeat(1_000_000)}a${' '.repeat(1_000_000)}中,\n`;
  const d2 = readDocument(put('spaces.txt', spaces));
  assert.equal(d2.parts[0]!.paragraphs[0]!.text.length, 2_000_004);
  const quotes = `题目\n${'中"'.repeat(200_000)}\n`;
  const d3 = readDocument(put('quotes.txt', quotes));
  assert.equal(d3.changes.length, 200_000);
});

test('UTF-8 with a damaged byte is refused with the line of the damage (not decoded as GB18030 nonsense)', () => {
  const good = Buffer.from(readFileSync('content/guangan-township-forum.txt', 'utf8'));
  const lineStart = good.indexOf(Buffer.from('要把握关键的人'));
  const damaged = Buffer.from(good);
  damaged[lineStart + 1] = 0xff; // inside the first character of line 13
  const file = put('damaged.txt', damaged);
  assert.throws(
    () => readDocument(file),
    (e: unknown) =>
      e instanceof LecternError &&
      e.line === 13 &&
      /not valid UTF-8/.test(e.message) &&
      e.format().startsWith(`${file}:13: `),
  );
});
