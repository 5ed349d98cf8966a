// The handout's streams are deflated by one zlib engine, reset between streams (src/vendor/zlib-deflate.ts),
// instead of a new engine per stream (deflateSync): the same bytes as deflateSync, whatever came before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Deflate, deflateSync } from 'node:zlib';
import { clearCaches } from '../src/cache';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadSettings } from '../src/settings';
import { deflateBytes, deflateEngineForTests, deflateEngines, engineShape } from '../src/vendor/zlib-deflate';
import { VendorPatchError } from '../src/vendor/patch';
import { deflateReuse, fontFileReuse } from '../src/vendor/pdfkit';
import { root, sample } from './helpers';
import { typesetText, writeTypeset } from './pdf-writer-helpers';

test("deflateBytes gives deflateSync's bytes, call after call on the same engine", () => {
  const text = Buffer.from(readFileSync(sample, 'utf8'));
  const inputs = [
    Buffer.alloc(0),
    Buffer.from('q'),
    text.subarray(0, 1000),
    text, // compressible, several output chunks' worth of input
    randomBytes(100_000), // incompressible: output beyond one 16 KB chunk
    randomBytes(16_379), // output near one chunk's size
    Buffer.concat([randomBytes(40_000), Buffer.alloc(60_000)]),
    new Uint8Array(text.buffer, text.byteOffset + 3, 5000), // a view at an offset
  ];
  for (let round = 0; round < 3; round++)
    for (const input of inputs)
      assert.ok(deflateBytes(input).equals(deflateSync(input)), `${input.byteLength} bytes, round ${round}`);
});

test("a handout's streams are all deflated by one engine (no deflateSync engine per stream)", async () => {
  const base = loadSettings(root, {}, process.env, () => {});
  const fonts = new FontSet(loadFontConfig(root));
  const t = typesetText(readFileSync(sample, 'utf8'), base, fonts);
  clearCaches(); // nothing deflated before: every stream and font file is deflated now
  const made = deflateEngines.made;
  const streams = deflateEngines.streams;
  const misses = deflateReuse.misses + fontFileReuse.misses;
  const first = await writeTypeset(t, base, fonts);
  clearCaches();
  const second = await writeTypeset(t, base, fonts);
  const deflated = deflateReuse.misses + fontFileReuse.misses - misses;
  assert.ok(deflated > 20, `only ${deflated} streams deflated`);
  assert.equal(deflateEngines.streams - streams, deflated, 'a stream was deflated by another engine');
  assert.ok(deflateEngines.made - made <= 1, `${deflateEngines.made - made} engines for two handouts`);
  assert.ok(first.equals(second));
});

test('the deflate engine patch throws when a Deflate lacks what deflateSync uses', () => {
  assert.throws(() => engineShape({}), VendorPatchError);
  assert.throws(() => engineShape({ ...new Deflate(), _handle: null }), VendorPatchError);
  assert.equal(engineShape(new Deflate()).constructor, Deflate);
});

test('a destroyed engine (zlib reported an error) is replaced by a new one', () => {
  const input = Buffer.from(readFileSync(sample, 'utf8'));
  deflateBytes(input);
  const made = deflateEngines.made;
  deflateEngineForTests()!.destroy();
  assert.ok(deflateBytes(input).equals(deflateSync(input)));
  assert.equal(deflateEngines.made, made + 1);
});
