// A batch's main thread deflates its handouts' font files on libuv's thread pool, while it sets the
// other document in flight (src/pdf/font-files-off-thread.ts): the same bytes as deflated on the thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { clearCaches } from '../src/cache';
import { FontSet, loadFontConfig } from '../src/fonts';
import { deflateFontFilesOffThread, fontFilesOffThread } from '../src/pdf/font-files-off-thread';
import { loadSettings } from '../src/settings';
import { deflateBound, deflateBytesOffThread, deflateEngines, deflatesOffThread } from '../src/vendor/zlib-deflate';
import { buildBatch } from './batch-helpers';
import { root, sample, tempDir } from './helpers';
import { typesetText, writeTypeset } from './pdf-writer-helpers';

test("deflateBytesOffThread gives deflateSync's bytes", async () => {
  const text = Buffer.from(readFileSync(sample, 'utf8'));
  for (const input of [
    Buffer.alloc(0),
    text,
    randomBytes(100_000),
    new Uint8Array(text.buffer, text.byteOffset + 3, 5000),
  ])
    assert.ok((await deflateBytesOffThread(input)).equals(deflateSync(input)), `${input.byteLength} bytes`);
});

test("the off-thread deflate's output space holds all of an input's output: one task on the pool", () => {
  for (const n of [0, 1, 100, 16_384, 65_536, 1_000_000]) {
    const worst = randomBytes(n); // incompressible: stored blocks, zlib's bound
    assert.ok(deflateSync(worst).length <= deflateBound(n), `${n} random bytes`);
  }
});

test('a handout whose font files are deflated off the thread has the bytes of one deflated on it', async () => {
  const base = loadSettings(root, {}, process.env, () => {});
  const fonts = new FontSet(loadFontConfig(root));
  const t = typesetText(readFileSync(sample, 'utf8'), base, fonts);
  clearCaches(); // no font file cached: each face's is deflated
  const onThread = await writeTypeset(t, base, fonts);
  clearCaches();
  const count = deflatesOffThread.count;
  const streams = deflateEngines.streams;
  deflateFontFilesOffThread(true);
  let offThread: Buffer;
  try {
    offThread = await writeTypeset(t, base, fonts);
  } finally {
    deflateFontFilesOffThread(false);
  }
  const faces = deflatesOffThread.count - count;
  assert.ok(faces >= 3, `${faces} font files deflated off the thread`);
  assert.ok(deflateEngines.streams - streams > 0, "the pages' streams are still deflated on the thread");
  assert.ok(offThread.equals(onThread));
  // the kept (cached) files are written again without a deflate
  const again = deflatesOffThread.count;
  deflateFontFilesOffThread(true);
  try {
    assert.ok((await writeTypeset(t, base, fonts)).equals(onThread));
  } finally {
    deflateFontFilesOffThread(false);
  }
  assert.equal(deflatesOffThread.count, again);
});

test('a batch of two transcripts deflates its font files off the thread, a build of one on it', async () => {
  const dir = tempDir('lectern-font-files-off-thread-');
  try {
    const content = join(dir, 'content');
    mkdirSync(content);
    const text = readFileSync(sample, 'utf8');
    writeFileSync(join(content, 'a.txt'), text);
    writeFileSync(
      join(content, 'b.txt'),
      text.replace(/^[^\n]+/, (title) => `${title}（第2期）`),
    );
    const settings = loadSettings(root, {}, process.env, () => {});
    const build = async (files: string[], out: string): Promise<number> => {
      clearCaches();
      const count = deflatesOffThread.count;
      await buildBatch(files, join(dir, out), settings, 2);
      assert.equal(fontFilesOffThread(), false, 'set back after the batch');
      return deflatesOffThread.count - count;
    };
    assert.equal(await build([join(content, 'a.txt')], 'one'), 0);
    assert.ok((await build([join(content, 'a.txt'), join(content, 'b.txt')], 'two')) >= 6);
    for (const f of ['handout.pdf', 'slides.html'])
      assert.ok(readFileSync(join(dir, 'one', 'a', f)).equals(readFileSync(join(dir, 'two', 'a', f))), f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
