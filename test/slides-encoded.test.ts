// The slide worker sends slides.md and slides.html as UTF-8 bytes with their SHA-256
// (src/pipeline/encoded-output.ts): the main thread writes those bytes and records those hashes,
// instead of hashing and encoding the texts itself. The same files as the in-thread slide stage writes.
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

test('the slide worker’s texts come as bytes with their hashes; the build writes and records them', async () => {
  const settings = loadSettings(root, {});
  const fonts = new FontSet(loadFontConfig(root));
  const worker = workerSlides(); // the compiled worker (dist/slides-worker-loader.cjs)
  const fromWorker: SlidesResult[] = [];
  const inThread: SlidesResult[] = [];
  const [a, b] = [tempDir(), tempDir()];
  try {
    await buildDocument(sample, a, settings, fonts, { force: true, slides: keeping(worker, fromWorker) }, new Timer());
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

  const encoded = fromWorker[0]?.encoded;
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
  assert.equal(fromWorker[0]!.html, inThread[0]!.html);
  assert.equal(fromWorker[0]!.markdown, inThread[0]!.markdown);
});
