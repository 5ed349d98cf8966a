// The command line and the slide worker start from V8's code caches recorded by `npm run compile`
// (see src/code-cache.ts): each cache must exist, be accepted by this Node's V8 and hold the
// functions a build ran, or every cold build silently compiles them from scratch again.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { Module } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Script } from 'node:vm';
import { root } from './helpers';

for (const bundle of ['cli.cjs', 'slides-worker.cjs']) {
  test(`dist/${bundle} has a code cache that V8 accepts, holding more than the top level`, () => {
    const file = join(root, 'dist', bundle);
    assert.ok(existsSync(`${file}.cache`), `npm run compile records dist/${bundle}.cache`);
    const source = (Module as unknown as { wrap(code: string): string }).wrap(readFileSync(file, 'utf8'));
    const cachedData = readFileSync(`${file}.cache`);
    const script = new Script(source, { filename: file, cachedData });
    assert.equal(script.cachedDataRejected, false);
    // a cache of the top level alone (nothing run) is far smaller than one recorded after a build
    const topLevelOnly = new Script(source, { filename: `${file}.fresh` }).createCachedData();
    assert.ok(
      cachedData.length > 2 * topLevelOnly.length,
      `${cachedData.length} bytes recorded vs ${topLevelOnly.length} for the top level alone`,
    );
  });
}

test('the command runs with the code caches and gives the same bytes as without them', () => {
  const sample = join(root, 'content', 'guangan-township-forum.txt');
  const build = (nodeFlags: string[]) => {
    const out = mkdtempSync(join(tmpdir(), 'lectern-cache-'));
    const r = spawnSync(
      process.execPath,
      [...nodeFlags, join(root, 'bin', 'lectern.js'), 'build', sample, '--out', out, '-q'],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    return ['slides.md', 'slides.html', 'handout.pdf'].map((f) => readFileSync(join(out, 'guangan-township-forum', f)));
  };
  const cached = build([]);
  // V8 rejects a cache made under other V8 flags and compiles from the source: the same program runs
  const uncached = build(['--no-flush-bytecode']);
  for (const [i, b] of cached.entries()) assert.ok(b.equals(uncached[i]!), `output ${i} differs`);
});
