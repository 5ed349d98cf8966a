// bin/lectern.js in a checkout whose dist/ is missing or older than bin/ (a `git pull` without
// `npm run build`): one line saying what to run, exit 2 — not Node's stack trace. bin/ is CommonJS
// (bin/package.json), as the entry it requires, dist/cli-start.cjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, tempDir } from './helpers';

function runBin(dir: string) {
  const r = spawnSync(process.execPath, [join(dir, 'bin', 'lectern.js'), 'build', 'x.txt'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr };
}

function checkout(): string {
  const dir = tempDir('lectern-bin-');
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(root, 'bin', 'lectern.js'), join(dir, 'bin', 'lectern.js'));
  copyFileSync(join(root, 'bin', 'package.json'), join(dir, 'bin', 'package.json'));
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  return dir;
}

test('no dist/ at all: one line naming the missing file and `npm run build`, exit 2, no stack trace', (t) => {
  const dir = checkout();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = runBin(dir);
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^lectern: .*dist[\\/]cli-start\.cjs is missing — .*run `npm run build`/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('a dist/ older than bin/ (built before cli-start.cjs, with its ES module entries): the same one-line error', (t) => {
  const dir = checkout();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(
    join(dir, 'dist', 'slides-worker-start.js'),
    'export function startSlidesWorker() { return { unref() {} }; }\n',
  );
  writeFileSync(join(dir, 'dist', 'cli-start.js'), 'export async function run() {}\n');
  const r = runBin(dir);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr.trim(), /^lectern: .*dist[\\/]cli-start\.cjs is missing — .*npm run build/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('an error inside dist/ that is not a missing dist/ file is not hidden', (t) => {
  const dir = checkout();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', 'cli-start.cjs'), "require('./gone.js');\n");
  const r = runBin(dir);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /gone\.js/);
  assert.doesNotMatch(r.stderr, /is missing — dist/);
});
