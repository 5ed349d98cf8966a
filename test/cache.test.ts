// Caches with one owner (src/cache): under `lectern watch`, a font file replaced by another font is
// really used — by the handout (shaping, layouts, the embedded font file) and by the slide worker —
// and the rebuilt outputs are byte-identical to a cold build with the new font.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheSizes, clearCaches, LruMap } from '../src/cache';
import { FontSet, loadFontConfig } from '../src/fonts';
import { lectern, root, sample, tempDir } from './helpers';

const fontFile = (pkg: string, file: string) => join(root, 'node_modules', '@expo-google-fonts', pkg, file);
const SERIF = fontFile('noto-serif-sc', '400Regular/NotoSerifSC_400Regular.ttf');
const SANS = fontFile('noto-sans-sc', '400Regular/NotoSansSC_400Regular.ttf');

test('every module-level cache is registered, and one clear empties them all', async () => {
  await import('../src/handout/stage');
  await import('../src/slides/stage');
  const names = Object.keys(cacheSizes());
  for (const expected of ['fonts:', 'typeset: shaped', 'typeset: paragraph layouts', 'pdf: deflated', 'slides: WOFF2'])
    assert.ok(
      names.some((n) => n.startsWith(expected)),
      `${expected} not registered: ${names.join(', ')}`,
    );
  const body = new FontSet(loadFontConfig(root)).get('body');
  assert.match(body.key, /#\d+$/);
  assert.ok((cacheSizes()['fonts: parsed fonts by path'] ?? 0) > 0);
  clearCaches();
  for (const [name, size] of Object.entries(cacheSizes())) assert.ok(!size, `${name} still holds ${size}`);
  // read again: a new identity, so nothing cached for the old bytes can be reused
  assert.notEqual(new FontSet(loadFontConfig(root)).get('body').key, body.key);
});

test('watch: a body font overwritten with another font gives the same bytes as a cold build with it', async () => {
  const dir = tempDir('lectern-font-watch-');
  try {
    mkdirSync(join(dir, 'content'));
    mkdirSync(join(dir, 'fonts'));
    copyFileSync(sample, join(dir, 'content', 'a.txt'));
    copyFileSync(SERIF, join(dir, 'fonts', 'body.ttf'));
    const config = JSON.parse(readFileSync(join(root, 'fonts', 'fonts.json'), 'utf8'));
    // the body font serves the slides too, so the slide worker must also see the change
    config.roles.body = 'body.ttf';
    config.roles.slides = 'body.ttf';
    writeFileSync(join(dir, 'fonts', 'fonts.json'), JSON.stringify(config));

    const child = spawn(process.execPath, [join(root, 'bin', 'lectern.js'), 'watch', 'content'], { cwd: dir });
    let out = '';
    const waitFor = (re: RegExp, from: number) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${re} in 90 s:\n${out}`)), 90_000);
        const check = () => {
          if (re.test(out.slice(from))) {
            clearTimeout(t);
            child.stdout.off('data', check);
            resolve();
          }
        };
        child.stdout.on('data', check);
        check();
      });
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    try {
      await waitFor(/watching/, 0);
      const before = readFileSync(join(dir, 'out', 'a', 'handout.pdf'));
      // replace the file in one step (a copy in place would be seen half-written), from outside the
      // watched folders (a new file in fonts/ would start a rebuild of its own)
      const from = out.length;
      copyFileSync(SANS, join(dir, 'staged.ttf'));
      renameSync(join(dir, 'staged.ttf'), join(dir, 'fonts', 'body.ttf'));
      await waitFor(/rebuilt \S*a\.txt \(body\.ttf changed\)/, from);
      const watched = readFileSync(join(dir, 'out', 'a', 'handout.pdf'));
      const watchedSlides = readFileSync(join(dir, 'out', 'a', 'slides.html'));
      assert.ok(!watched.equals(before), 'the handout did not change with the font');

      const cold = lectern(['build', 'content', '--out', 'cold', '--force', '--quiet'], { cwd: dir });
      assert.equal(cold.status, 0, cold.stderr);
      assert.ok(
        watched.equals(readFileSync(join(dir, 'cold', 'a', 'handout.pdf'))),
        'handout.pdf differs from a cold build',
      );
      assert.ok(
        watchedSlides.equals(readFileSync(join(dir, 'cold', 'a', 'slides.html'))),
        'slides.html differs from a cold build',
      );
    } finally {
      // watch stops on SIGTERM with exit 0; one that does not exit is a hang, not a pass
      const exited = new Promise<number | null>((r) => {
        if (child.exitCode !== null) r(child.exitCode);
        else child.once('exit', (code) => r(code));
      });
      child.kill('SIGTERM');
      const hang = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(hang);
      assert.equal(code, 0, `watch did not stop cleanly on SIGTERM:\n${out.slice(-2000)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('LruMap: a hit moves last; beyond max (entries or weight) the least recently used go first; clear forgets the weight', () => {
  const byCount = new LruMap<string, number>(2);
  byCount.set('a', 1).set('b', 2);
  assert.equal(byCount.get('a'), 1); // a is now the most recent
  byCount.set('c', 3);
  assert.deepEqual([...byCount.keys()], ['a', 'c']);
  const byBytes = new LruMap<string, string>(5, (v) => v.length);
  byBytes.set('x', 'abc').set('y', 'de');
  byBytes.set('z', 'f'); // 6 > 5: x goes
  assert.deepEqual([...byBytes.keys()], ['y', 'z']);
  byBytes.set('y', 'ghij'); // replaced: 4 + 1
  assert.deepEqual([...byBytes.keys()], ['z', 'y']);
  byBytes.clear();
  byBytes.set('w', 'abcde');
  assert.deepEqual([...byBytes.keys()], ['w']);
});
