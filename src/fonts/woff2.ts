// A WOFF2 container for an sfnt (TrueType/OpenType) font, compressed with Node's own Brotli.
//
// Why not subset-font's `targetFormat: 'woff2'`: it compresses with the wasm build of Google's woff2
// encoder at Brotli quality 11, which took 0.5–0.9 s for the sample's subset (measured), far beyond the
// slides stage's budget. The WOFF2 format (W3C WOFF2 §5) allows every table, glyf and loca included,
// to be stored untransformed ("null transform"); with native Brotli at quality 4 this takes ~6 ms and
// the file is somewhat larger (sample: 156 KB against 120 KB). Browsers decode it with the same decoder.

import { promisify } from 'node:util';
import { type BrotliOptions, brotliCompress, brotliCompressSync, constants } from 'node:zlib';

interface SfntTable {
  tag: string;
  data: Buffer;
}

function readTables(sfnt: Buffer): { flavor: number; tables: SfntTable[] } {
  const flavor = sfnt.readUInt32BE(0);
  if (flavor === 0x74746366 /* 'ttcf' */) throw new Error('font collections cannot be stored as WOFF2 here');
  const numTables = sfnt.readUInt16BE(4);
  const tables: SfntTable[] = [];
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    const tag = sfnt.toString('latin1', rec, rec + 4);
    const offset = sfnt.readUInt32BE(rec + 8);
    const length = sfnt.readUInt32BE(rec + 12);
    tables.push({ tag, data: sfnt.subarray(offset, offset + length) });
  }
  return { flavor, tables };
}

/** UIntBase128 (WOFF2 §4.1): big-endian base 128, high bit set on all but the last byte. */
function base128(n: number): number[] {
  const bytes = [n & 0x7f];
  for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift((v & 0x7f) | 0x80);
  return bytes;
}

const pad4 = (n: number) => (n + 3) & ~3;

/** Wraps an sfnt font (TTF/OTF bytes) as WOFF2 with untransformed tables. */
export function sfntToWoff2(sfnt: Buffer, quality = 4): Buffer {
  const { flavor, tables } = readTables(sfnt);
  return woff2Of(flavor, tables, quality);
}

/**
 * The WOFF2 of a TrueType font given as its tables by tag: the same bytes as `sfntToWoff2` of the
 * sfnt those tables make (src/fonts/ttf-subset.ts writes its directory sorted by tag), without
 * writing and reading that sfnt.
 */
export function tablesToWoff2(tables: Map<string, Buffer>, quality = 4): Buffer {
  const tags = [...tables.keys()].sort();
  return woff2Of(
    0x00010000,
    tags.map((tag) => ({ tag, data: tables.get(tag)! })),
    quality,
  );
}

function woff2Of(flavor: number, tables: SfntTable[], quality: number): Buffer {
  const parts = woff2Parts(flavor, tables);
  return woff2Assemble(parts, brotliCompressSync(parts.stream, brotliOptions(parts.stream, quality)));
}

/**
 * `tablesToWoff2` with the Brotli compression on libuv's thread pool: the slide worker renders the
 * deck meanwhile (the same bytes: the same compressor with the same parameters). The stream is
 * written with Brotli's FINISH operation (asyncOnePass): with the stream's default (PROCESS) the
 * encoder only took the input in on that first pass and compressed it at the stream's end, a second
 * pass that Node's zlib starts from the calling thread's event loop — after the synchronous Marp
 * render, so the worker waited for both faces' compression after it (~8 ms in a cold build's trace).
 * Its output buffer holds the whole result (the input's size: Brotli's output of a font is smaller),
 * not 16 KB slices each drained by a turn of that event loop. The same bytes either way
 * (test/woff2-one-pass.test.ts); the output buffer is dropped once woff2Assemble has copied it.
 */
export async function tablesToWoff2Async(tables: Map<string, Buffer>, quality = 4): Promise<Buffer> {
  const tags = [...tables.keys()].sort();
  const parts = woff2Parts(
    0x00010000,
    tags.map((tag) => ({ tag, data: tables.get(tag)! })),
  );
  const options = { ...brotliOptions(parts.stream, quality), ...asyncOnePass(parts.stream) };
  return woff2Assemble(parts, await brotliCompressAsync(parts.stream, options));
}

/** The asynchronous compression done in one pass on the thread pool: all of it, into one buffer (tablesToWoff2Async) */
export function asyncOnePass(stream: Buffer): BrotliOptions {
  return { flush: constants.BROTLI_OPERATION_FINISH, chunkSize: Math.max(constants.Z_DEFAULT_CHUNK, stream.length) };
}

const brotliCompressAsync = promisify(brotliCompress);

function brotliOptions(stream: Buffer, quality: number): BrotliOptions {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_FONT,
      [constants.BROTLI_PARAM_SIZE_HINT]: stream.length,
    },
  };
}

interface Woff2Parts {
  flavor: number;
  ordered: SfntTable[];
  directory: number[];
  /** The tables' bytes, in order: what Brotli compresses */
  stream: Buffer;
}

function woff2Parts(flavor: number, tables: SfntTable[]): Woff2Parts {
  // loca must follow glyf directly (WOFF2 §5.1); otherwise keep the font's order
  const ordered = tables.filter((t) => t.tag !== 'loca');
  const loca = tables.find((t) => t.tag === 'loca');
  if (loca) ordered.splice(ordered.findIndex((t) => t.tag === 'glyf') + 1, 0, loca);

  const directory: number[] = [];
  for (const t of ordered) {
    // tag index 63: the tag follows explicitly; transform version 3 is the null transform for
    // glyf/loca, version 0 is the null transform for every other table
    const nullTransform = t.tag === 'glyf' || t.tag === 'loca' ? 3 : 0;
    directory.push(63 | (nullTransform << 6));
    for (let i = 0; i < 4; i++) directory.push(t.tag.charCodeAt(i));
    directory.push(...base128(t.data.length));
  }
  return { flavor, ordered, directory, stream: Buffer.concat(ordered.map((t) => t.data)) };
}

function woff2Assemble({ flavor, ordered, directory }: Woff2Parts, compressed: Buffer): Buffer {
  const totalSfntSize = 12 + 16 * ordered.length + ordered.reduce((n, t) => n + pad4(t.data.length), 0);
  const headerSize = 48;
  const unpadded = headerSize + directory.length + compressed.length;
  const length = pad4(unpadded);
  const out = Buffer.alloc(length);
  out.writeUInt32BE(0x774f4632, 0); // 'wOF2'
  out.writeUInt32BE(flavor, 4);
  out.writeUInt32BE(length, 8);
  out.writeUInt16BE(ordered.length, 12);
  out.writeUInt16BE(0, 14);
  out.writeUInt32BE(totalSfntSize, 16);
  out.writeUInt32BE(compressed.length, 20);
  out.writeUInt16BE(1, 24); // majorVersion
  out.writeUInt16BE(0, 26); // minorVersion
  // metaOffset, metaLength, metaOrigLength, privOffset, privLength stay 0
  Buffer.from(directory).copy(out, headerSize);
  compressed.copy(out, headerSize + directory.length);
  return out;
}
