// The web fonts' WOFF2 compression runs on libuv's thread pool while the slide worker renders Marp
// (src/fonts/woff2.ts, tablesToWoff2Async). It is written with Brotli's FINISH operation: with the
// stream's default (PROCESS) the first pass on the pool only took the input in, and the compression
// itself waited for the stream's end — a second pass that Node's zlib starts from the calling thread's
// event loop, which the synchronous render holds; and its output, drained 16 KB a turn of that loop,
// goes into one buffer. The same bytes as the synchronous compression.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { root, sample } from './helpers';

test('the asynchronous WOFF2 compression asks Brotli to finish on its first pass, into one buffer; the same bytes as the synchronous one', async () => {
  const options: zlib.BrotliOptions[] = [];
  const original = zlib.brotliCompress;
  // woff2.ts takes brotliCompress when it loads (promisify): patched first, the module imported after
  (zlib as { brotliCompress: unknown }).brotliCompress = (
    buffer: zlib.InputType,
    opts: zlib.BrotliOptions,
    callback: zlib.CompressCallback,
  ) => {
    options.push(opts);
    return original(buffer, opts, callback);
  };
  syncBuiltinESMExports();
  try {
    const { tablesToWoff2, tablesToWoff2Async } = await import('../src/fonts/woff2');
    const { subsetTables } = await import('../src/fonts/ttf-subset');
    const { FontSet, loadFontConfig } = await import('../src/fonts');
    const { charsetOf } = await import('../src/slides/webfont');
    const font = new FontSet(loadFontConfig(root)).get('slides');
    const tables = subsetTables(font.bytes, font.tables, charsetOf(readFileSync(sample, 'utf8')), (ids) =>
      font.ensureGlyphs(ids),
    );
    assert.ok(tables, 'the default slide font is subset by lectern');
    const woff2 = await tablesToWoff2Async(tables);
    assert.equal(options.length, 1);
    assert.equal(options[0]!.flush, zlib.constants.BROTLI_OPERATION_FINISH);
    // one output buffer for the whole result, drained once
    assert.ok(options[0]!.chunkSize! >= woff2.length, `${options[0]!.chunkSize} < ${woff2.length}`);
    assert.ok(woff2.equals(tablesToWoff2(tables)), 'the same bytes');
  } finally {
    (zlib as { brotliCompress: unknown }).brotliCompress = original;
    syncBuiltinESMExports();
  }
});
