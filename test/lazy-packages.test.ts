// Packages a cold build never loads are bundles of their own in dist/ (scripts/compile.mjs,
// LAZY_PACKAGES): yargs, zod, pptxgenjs and fontkit. The two threads' bundles, read whole at every
// start, hold none of their code; a plain cold build requires none of them; the commands that need
// one still get it (the yargs path, settings to validate, --slides-pptx: test/cli.test.ts,
// test/settings.test.ts, test/pptx.test.ts; fontkit's shaper: test/cold-start.test.ts).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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
