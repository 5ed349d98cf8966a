// Packages a cold build never loads are bundles of their own in dist/ (scripts/compile.mjs,
// LAZY_PACKAGES): yargs, zod, pptxgenjs and fontkit; and the command line's Marp stack (lazy-marp.cjs). The two threads' bundles, read whole at every
// start, hold none of their code; a plain cold build requires none of them; the commands that need
// one still get it (the yargs path, settings to validate, --slides-pptx: test/cli.test.ts,
// test/settings.test.ts, test/pptx.test.ts; fontkit's shaper: test/cold-start.test.ts). Likewise the
// slide worker's PostCSS, its plug-ins and js-yaml, set up only when Marp runs them (bundle patch
// marp-dependencies-on-demand): one bundle of their own, dist/lazy-marp-dependencies.cjs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lecternWithPreload, root, sample, tempDir } from './helpers';

const dist = join(root, 'dist');

/** A string each package's bundle holds (a message or name of its own) */
const MARKS = {
  yargs: 'Not enough non-option arguments',
  zod: 'ZodError',
  pptxgenjs: 'PptxGenJS',
  fontkit: 'Unknown font format',
};

/** A string of each package the slide worker's Marp sets up only when it runs it (a message of its own) */
const MARP_MARKS = {
  postcss: 'Unknown word',
  'postcss-selector-parser': 'Expected a backslash preceding the semicolon',
  'js-yaml': 'unacceptable kind of an object to dump',
};

test('the slide worker’s PostCSS and js-yaml are a bundle of their own, not in the worker’s bundle', () => {
  const worker = readFileSync(join(dist, 'slides-worker.cjs'), 'latin1');
  const own = readFileSync(join(dist, 'lazy-marp-dependencies.cjs'), 'latin1');
  for (const [pkg, mark] of Object.entries(MARP_MARKS)) {
    assert.ok(own.includes(mark), `${pkg}: ${mark}`);
    assert.ok(!worker.includes(mark), `${pkg}'s code in the worker's bundle`);
  }
});

test('yargs, zod, pptxgenjs and fontkit are bundles of their own, not in the threads’ bundles', () => {
  const bundles = ['cli.cjs', 'slides-worker.cjs'].map((f) => readFileSync(join(dist, f), 'latin1'));
  for (const [pkg, mark] of Object.entries(MARKS)) {
    const own = join(dist, `lazy-${pkg}.cjs`);
    assert.ok(existsSync(own), own);
    assert.ok(readFileSync(own, 'latin1').includes(mark), `${pkg}: ${mark}`);
    for (const b of bundles) assert.ok(!b.includes(mark), `${pkg}'s code in a thread's bundle`);
  }
});

/** The preload: logs, on every thread, each file required whose name starts with lazy- */
const lazyProbe = (log: string) => `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/lazy-[\\w-]+\\.cjs$/.test(request)) appendFileSync(${log}, request + '\\n');
  return load.call(this, request, ...rest);
};
`;

test('a cold build of the sample requires none of them; a build with --slides-pptx requires pptxgenjs’ and yargs’', () => {
  const dir = tempDir('lectern-lazy-');
  assert.deepEqual(lecternWithPreload(dir, ['build', sample, '--out', dir, '--force', '-q'], lazyProbe), []);
  assert.deepEqual(
    lecternWithPreload(dir, ['build', sample, '--out', dir, '--force', '-q', '--slides-pptx'], lazyProbe).sort(),
    ['./lazy-pptxgenjs.cjs', './lazy-yargs.cjs'],
  );
});

test('the command line’s bundle holds no Marp: its in-thread slide stage requires lazy-marp.cjs and renders the same bytes', () => {
  const mark = 'data-marpit'; // Marpit's own markup
  assert.ok(readFileSync(join(dist, 'lazy-marp.cjs'), 'latin1').includes(mark));
  assert.ok(!readFileSync(join(dist, 'cli.cjs'), 'latin1').includes(mark), "Marp's code in the command line's bundle");
  assert.ok(readFileSync(join(dist, 'slides-worker.cjs'), 'latin1').includes(mark), 'the slide worker keeps its Marp');

  // lectern installed without its slide worker (copies of dist/'s files: the bundles find lectern's
  // root from their own path), its command line's bundle run as is: the slide stage runs in-thread
  const dir = tempDir('lectern-lazy-marp-');
  const pkg = join(dir, 'pkg');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  for (const f of ['package.json', 'templates', 'fonts', 'node_modules']) symlinkSync(join(root, f), join(pkg, f));
  for (const f of readdirSync(dist))
    if (f.endsWith('.cjs') || f.endsWith('.json') || f.endsWith('.bin'))
      copyFileSync(join(dist, f), join(pkg, 'dist', f));
  rmSync(join(pkg, 'dist', 'slides-worker-loader.cjs'));
  const log = join(dir, 'events.log');
  const script = `${lazyProbe(JSON.stringify(log))}
process.argv = [process.argv[0], 'lectern', 'build', ${JSON.stringify(sample)}, '--out', ${JSON.stringify(join(dir, 'in-thread'))}, '--force', '-q'];
require(${JSON.stringify(join(pkg, 'dist', 'cli.cjs'))}).run().then((settled) => { if (!settled) process.exitCode = 1; });`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  // once per import of Marp (src/vendor/marp.ts), one module
  assert.deepEqual([...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))], ['./lazy-marp.cjs']);

  // the same build with the slide worker (Marp bundled in its bundle)
  assert.deepEqual(
    lecternWithPreload(dir, ['build', sample, '--out', join(dir, 'worker'), '--force', '-q'], lazyProbe),
    [],
  );
  const name = 'guangan-township-forum';
  for (const f of ['slides.md', 'slides.html', 'handout.pdf'])
    assert.ok(readFileSync(join(dir, 'in-thread', name, f)).equals(readFileSync(join(dir, 'worker', name, f))), f);
});

test('a build whose project theme Marp makes from CSS requires the worker’s PostCSS bundle, and renders it', () => {
  const dir = tempDir('lectern-lazy-theme-');
  mkdirSync(join(dir, 'templates', 'themes'), { recursive: true });
  writeFileSync(join(dir, 'lectern.json'), '{}');
  copyFileSync(sample, join(dir, 'talk.txt'));
  // lectern's theme with a nested rule: not the recorded theme, so Marp makes it through PostCSS
  const css = `${readFileSync(join(root, 'templates', 'themes', 'lectern.css'), 'utf8')}\nsection { h1 { letter-spacing: 0.01em; } }\n`;
  writeFileSync(join(dir, 'templates', 'themes', 'lectern.css'), css);
  const out = join(dir, 'out');
  const required = lecternWithPreload(dir, ['build', 'talk.txt', '--out', out, '--force', '-q'], lazyProbe, dir);
  assert.deepEqual([...new Set(required)], ['./lazy-marp-dependencies.cjs']);
  assert.match(readFileSync(join(out, 'talk', 'slides.html'), 'utf8'), /letter-spacing:\s*0?\.01em/);
});
