// The slide worker sends slides.md and slides.html as UTF-8 bytes with their SHA-256
// (src/pipeline/encoded-output.ts): the main thread writes those bytes and records those hashes,
// instead of hashing and encoding the texts itself. The same files as the in-thread slide stage writes.
// Its first deck outside watch (a cold build of one transcript) comes without hashes: the main thread
// hashes those bytes, and the worker never loads node:crypto (test/cold-start.test.ts).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FontSet, loadFontConfig } from '../src/fonts';
import { buildDocument } from '../src/pipeline';
import { inThreadSlides, type SlidesResult, type SlidesRunner, workerSlides } from '../src/pipeline/slides-runner';
import { Timer } from '../src/pipeline/timer';
import { loadSettings } from '../src/settings';
import { root, sample, tempDir } from './helpers';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A runner that keeps what `inner` answered */
function keeping(inner: SlidesRunner, results: SlidesResult[]): SlidesRunner {
  return {
    ...inner,
    async run(doc, settings, fonts, timer) {
      const r = await inner.run(doc, settings, fonts, timer);
      results.push(r);
      return r;
    },
  };
}

test('the slide worker’s texts come as bytes (with their hashes after its first deck); the build writes and records them', async () => {
  const settings = loadSettings(root, {});
  const fonts = new FontSet(loadFontConfig(root));
  const worker = workerSlides(); // the compiled worker (dist/slides-worker-loader.cjs)
  const fromWorker: SlidesResult[] = [];
  const inThread: SlidesResult[] = [];
  const [first, a, b] = [tempDir(), tempDir(), tempDir()];
  try {
    const slides = keeping(worker, fromWorker);
    await buildDocument(sample, first, settings, fonts, { force: true, slides }, new Timer());
    await buildDocument(sample, a, settings, fonts, { force: true, slides }, new Timer());
  } finally {
    await worker.close();
  }
  await buildDocument(
    sample,
    b,
    settings,
    fonts,
    { force: true, slides: keeping(inThreadSlides, inThread) },
    new Timer(),
  );

  // the first deck: bytes only; the main thread records their hashes
  const unhashed = fromWorker[0]?.encoded;
  assert.ok(unhashed, 'the worker sent the first texts encoded');
  const firstRecord = JSON.parse(readFileSync(join(first, 'guangan-township-forum', '.lectern-build'), 'utf8')) as {
    outputs: Record<string, string>;
  };
  for (const [name, e] of [
    ['slides.md', unhashed.markdown],
    ['slides.html', unhashed.html],
  ] as const) {
    assert.equal(e.sha256, undefined, `${name}: the first deck's bytes come without a hash`);
    assert.equal(firstRecord.outputs[name], sha256(e.bytes), `${name}: the fingerprint records the bytes' hash`);
  }

  const encoded = fromWorker[1]?.encoded;
  assert.ok(encoded, 'the worker sent the texts encoded');
  const record = JSON.parse(readFileSync(join(a, 'guangan-township-forum', '.lectern-build'), 'utf8')) as {
    outputs: Record<string, string>;
  };
  for (const [name, e, text] of [
    ['slides.md', encoded.markdown, inThread[0]!.markdown],
    ['slides.html', encoded.html, inThread[0]!.html],
  ] as const) {
    assert.equal(e.sha256, sha256(e.bytes), `${name}: the hash is of the bytes`);
    assert.ok(Buffer.from(text, 'utf8').equals(e.bytes), `${name}: the in-thread stage's text, as UTF-8`);
    const written = readFileSync(join(a, 'guangan-township-forum', name));
    assert.ok(written.equals(readFileSync(join(b, 'guangan-township-forum', name))), `${name}: the same file`);
    assert.equal(record.outputs[name], e.sha256, `${name}: the fingerprint records the worker's hash`);
  }
  // whoever reads the texts as strings still gets them
  assert.equal(fromWorker[1]!.html, inThread[0]!.html);
  assert.equal(fromWorker[1]!.markdown, inThread[0]!.markdown);
});
