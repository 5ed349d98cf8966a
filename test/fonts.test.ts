// Font files are read without their outlines (src/fonts/lazy-file.ts); a subsetter's glyphs, their
// composite parts and .notdef must come out exactly as in the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFontFile } from '../src/fonts/lazy-file';
import { loadFontConfig } from '../src/fonts';
import { root, tempDir } from './helpers';

interface Glyf {
  offset: number;
  length: number;
  loca: (gid: number) => number;
  numGlyphs: number;
}

function glyfOf(bytes: Buffer): Glyf {
  const n = bytes.readUInt16BE(4);
  const t = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < n; i++)
    t.set(bytes.toString('latin1', 12 + 16 * i, 16 + 16 * i), {
      offset: bytes.readUInt32BE(20 + 16 * i),
      length: bytes.readUInt32BE(24 + 16 * i),
    });
  const long = bytes.readInt16BE(t.get('head')!.offset + 50) === 1;
  const loca = t.get('loca')!.offset;
  return {
    ...t.get('glyf')!,
    loca: (g) => (long ? bytes.readUInt32BE(loca + 4 * g) : bytes.readUInt16BE(loca + 2 * g) * 2),
    numGlyphs: bytes.readUInt16BE(t.get('maxp')!.offset + 4),
  };
}

const slice = (b: Buffer, g: Glyf, gid: number) => b.subarray(g.offset + g.loca(gid), g.offset + g.loca(gid + 1));

for (const role of ['body', 'heading'] as const) {
  test(`${role} font: everything but glyf is read; asked-for glyphs, their parts and .notdef equal the file's`, () => {
    const path = loadFontConfig(root).roles[role];
    const whole = readFileSync(path);
    const file = readFontFile(path);
    assert.ok(file.lazy, 'a TrueType font is read without outlines');
    const g = glyfOf(whole);
    assert.ok(whole.subarray(0, g.offset).equals(file.bytes.subarray(0, g.offset)), 'tables before glyf');
    assert.ok(
      whole.subarray(g.offset + g.length).equals(file.bytes.subarray(g.offset + g.length)),
      'tables after glyf',
    );

    const asked = [1000, 20000].filter((x) => x < g.numGlyphs);
    assert.ok(
      slice(file.bytes, g, 1000).every((b) => b === 0),
      'outlines are not read before they are asked for',
    );
    file.ensureGlyphs(asked);
    for (const gid of [0, ...asked]) assert.ok(slice(file.bytes, g, gid).equals(slice(whole, g, gid)), `glyph ${gid}`);
  });
}

test('a composite glyph brings its parts', () => {
  // A copy of the body font whose glyph 1000 is turned into a composite of glyph 2000 (same length).
  const path = loadFontConfig(root).roles.body;
  const bytes = Buffer.from(readFileSync(path));
  const g = glyfOf(bytes);
  const at = g.offset + g.loca(1000);
  assert.ok(g.loca(1001) - g.loca(1000) >= 16);
  bytes.writeInt16BE(-1, at); // numberOfContours < 0: composite
  bytes.writeUInt16BE(0x0000, at + 10); // flags: byte arguments, no more components
  bytes.writeUInt16BE(2000, at + 12); // the part
  const copy = join(tempDir(), 'composite.ttf');
  writeFileSync(copy, bytes);
  const file = readFontFile(copy);
  assert.ok(slice(file.bytes, g, 2000).every((b) => b === 0));
  file.ensureGlyphs([1000]);
  assert.ok(slice(file.bytes, g, 1000).equals(slice(bytes, g, 1000)), 'the composite');
  assert.ok(slice(file.bytes, g, 2000).equals(slice(bytes, g, 2000)), 'its part');
});

test("a glyph's outline is found in the loca table without Buffer's checked readers", () => {
  // Buffer's readUInt32BE/readUInt16BE validate each offset through Node's error helpers: ~1,200
  // instructions a read at V8's baseline tier, two reads a glyph (where it starts and where it ends)
  const path = loadFontConfig(root).roles.body;
  const file = readFontFile(path);
  const g = glyfOf(readFileSync(path));
  const asked = Array.from({ length: 400 }, (_, i) => 5000 + 7 * i).filter((x) => x < g.numGlyphs);
  const proto = Buffer.prototype as unknown as Record<'readUInt32BE' | 'readUInt16BE', (o?: number) => number>;
  const readers = { readUInt32BE: proto.readUInt32BE, readUInt16BE: proto.readUInt16BE };
  let reads = 0;
  for (const name of ['readUInt32BE', 'readUInt16BE'] as const)
    proto[name] = function (this: Buffer, offset?: number) {
      reads++;
      return readers[name].call(this, offset);
    };
  try {
    file.ensureGlyphs(asked);
  } finally {
    Object.assign(proto, readers);
  }
  assert.ok(asked.length > 300 && reads < asked.length / 10, `${reads} reads for ${asked.length} glyphs`);
  for (const gid of asked.slice(0, 20)) assert.ok(slice(file.bytes, g, gid).length > 0, `glyph ${gid}`);
});
