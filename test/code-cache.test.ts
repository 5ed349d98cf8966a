// The command line and the slide worker start from V8's code caches recorded by `npm run compile`
// (see src/code-cache.ts): each cache must exist for this Node, be accepted by its V8 and hold the
// functions a build ran, or every cold build silently compiles them from scratch again. A Node that
// cannot use them (here: other V8 flags) runs the ES module build and writes the same bytes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { Module } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Script } from 'node:vm';
import { codeCacheFile } from '../src/code-cache';
import { root } from './helpers';

for (const bundle of ['cli.cjs', 'slides-worker.cjs']) {
  test(`dist/${bundle} has a code cache for this Node that V8 accepts, holding more than the top level`, () => {
    const file = join(root, 'dist', bundle);
    const cacheFile = codeCacheFile(file);
    assert.ok(existsSync(cacheFile), `npm run compile records ${cacheFile}`);
    const source = (Module as unknown as { wrap(code: string): string }).wrap(readFileSync(file, 'utf8'));
    const cachedData = readFileSync(cacheFile);
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

test('without a code cache that fits, the command runs the ES module build and gives the same bytes', () => {
  const sample = join(root, 'content', 'guangan-township-forum.txt');
  const build = (nodeFlags: string[]) => {
    const out = mkdtempSync(join(tmpdir(), 'lectern-cache-'));
    const r = spawnSync(
      process.execPath,
      [...nodeFlags, '--cpu-prof', '--cpu-prof-dir', join(out, 'profile'), join(root, 'bin', 'lectern.js')].concat([
        'build',
        sample,
        '--out',
        out,
        '-q',
      ]),
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const files = ['slides.md', 'slides.html', 'handout.pdf'].map((f) =>
      readFileSync(join(out, 'guangan-township-forum', f)),
    );
    return { files, out };
  };
  // the script files the process ran code from (its threads' CPU profiles; only the main thread runs the CLI)
  const ran = (out: string): Set<string> => {
    const dir = join(out, 'profile');
    const urls = readdirSync(dir).flatMap((f) => {
      const profile = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { nodes: { callFrame: { url: string } }[] };
      return profile.nodes.map((n) => n.callFrame.url.split('/').pop()!);
    });
    return new Set(urls);
  };
  const cached = build([]);
  // a V8 flag changes the cache's version tag: no cache fits
  const uncached = build(['--no-flush-bytecode']);
  assert.ok(ran(cached.out).has('cli.cjs'), 'with its cache: dist/cli.cjs');
  assert.ok(!ran(uncached.out).has('cli.cjs'), 'without: the ES module build');
  for (const [i, b] of cached.files.entries()) assert.ok(b.equals(uncached.files[i]!), `output ${i} differs`);
});
