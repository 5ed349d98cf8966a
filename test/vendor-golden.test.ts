// The golden test of src/vendor: what users run (bin/lectern.js → the bundled dist/, with the
// bundle-time patches) and the unbundled sources (this process, through tsx: the libraries as
// installed, only the run-time patches) give byte-identical outputs for the sample. An upgrade of
// pdfkit, fontkit or Marp that a patch no longer fits shows here (or fails the compile) at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FontSet, loadFontConfig } from '../src/fonts';
import { buildDocument } from '../src/pipeline';
import { loadSettings } from '../src/settings';
import { lectern, root, sample, tempDir } from './helpers';

test('bundle (bin, patched at bundle time) and sources (tsx) give the same bytes for the sample', async () => {
  const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };
  const bundled = tempDir();
  const sources = tempDir();
  try {
    const r = lectern(['build', sample, '--out', bundled, '--force', '--quiet'], { env });
    assert.equal(r.status, 0, r.stderr);
    const settings = loadSettings(root, {}, env);
    await buildDocument(sample, sources, settings, new FontSet(loadFontConfig(root)), { force: true });
    const dir = 'guangan-township-forum';
    const files = readdirSync(join(bundled, dir)).sort();
    assert.deepEqual(readdirSync(join(sources, dir)).sort(), files);
    for (const f of ['slides.md', 'slides.html', 'handout.pdf']) assert.ok(files.includes(f), f);
    for (const f of files) {
      const a = readFileSync(join(bundled, dir, f));
      const b = readFileSync(join(sources, dir, f));
      assert.ok(a.equals(b), `${f} differs between the bundle and the sources (${a.length} vs ${b.length} bytes)`);
    }
  } finally {
    rmSync(bundled, { recursive: true, force: true });
    rmSync(sources, { recursive: true, force: true });
  }
});
