// A folder of transcripts is built with documents in flight on several threads (src/pipeline/batch.ts:
// handouts on the main thread two at a time, decks on the slide worker, further cores in batch
// workers); every output must be byte for byte what building each transcript alone writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '../src/settings';
import { buildBatch } from './batch-helpers';
import { lectern, root, sample, tempDir } from './helpers';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };

/** Every file under `dir` (relative path → bytes). */
function outputs(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const sub of readdirSync(dir).sort())
    for (const f of readdirSync(join(dir, sub)).sort()) out.set(`${sub}/${f}`, readFileSync(join(dir, sub, f)));
  return out;
}

function assertSame(got: Map<string, Buffer>, want: Map<string, Buffer>, what: string): void {
  assert.deepEqual([...got.keys()], [...want.keys()], `${what}: the same files`);
  for (const [name, bytes] of want)
    assert.ok(got.get(name)!.equals(bytes), `${what}: ${name} differs from a build alone`);
}

test('a folder built as a batch writes the bytes of each transcript built alone', async () => {
  const dir = tempDir('lectern-batch-bytes-');
  try {
    const content = join(dir, 'content');
    mkdirSync(content);
    const corpus = join(root, 'test', 'corpus', 'texts');
    const texts = readdirSync(corpus)
      .filter((n) => n.endsWith('.txt'))
      .sort()
      .slice(0, 3);
    for (const n of texts) copyFileSync(join(corpus, n), join(content, n));
    copyFileSync(sample, join(content, 'forum.txt'));
    // the same talk under another title: shares most glyphs, paragraphs and caches with forum.txt
    const text = readFileSync(sample, 'utf8');
    writeFileSync(
      join(content, 'forum-2.txt'),
      text.replace(/^[^\n]+/, (t) => `${t}（第2期）`),
    );
    const files = readdirSync(content).sort();
    assert.equal(files.length, 5);

    for (const f of files) {
      const r = lectern(['build', join(content, f), '--out', join(dir, 'alone'), '--force', '--quiet'], { env });
      assert.equal(r.status, 0, r.stderr);
    }
    const alone = outputs(join(dir, 'alone'));
    assert.equal(alone.size, 5 * 4, 'slides.md, slides.html, handout.pdf and the fingerprint of each');

    // the command line: this machine's cores (main thread + slide worker, more cores → batch workers)
    const batch = lectern(['build', content, '--out', join(dir, 'batch'), '--force', '--quiet'], { env });
    assert.equal(batch.status, 0, batch.stderr);
    assertSame(outputs(join(dir, 'batch')), alone, 'lectern build <folder>');

    // four threads: two batch workers (dist/worker.js) beside the main thread and the slide worker
    const settings = loadSettings(root, {}, env);
    await buildBatch(
      files.map((f) => join(content, f)),
      join(dir, 'four'),
      settings,
      4,
    );
    assertSame(outputs(join(dir, 'four')), alone, 'four threads');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
