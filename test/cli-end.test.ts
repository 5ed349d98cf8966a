// A finished build ends the process at once (src/cli-start.ts, endSettledCommand): Node's event loop
// does not take another turn — which ran V8's pending tasks, at times a full garbage collection — and
// the exit code and messages are the build's own. Anything still pending keeps Node's own ending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nothingPending } from '../src/cli-start';
import { root, sample, tempDir } from './helpers';

/** The preload: logs the process's `beforeExit` (the event loop ran dry) and `exit` events, with the exit code */
const endProbe = (log: string) => `const { appendFileSync } = require('node:fs');
process.on('beforeExit', () => appendFileSync(${JSON.stringify(log)}, 'beforeExit\\n'));
process.on('exit', (code) => appendFileSync(${JSON.stringify(log)}, 'exit ' + code + '\\n'));
`;

/** lectern with the end probe: its status, stderr and the events logged */
function lecternEnding(dir: string, args: string[]) {
  const log = join(dir, 'events.log');
  const preload = join(dir, 'probe.cjs');
  writeFileSync(preload, endProbe(log));
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--require', preload, join(root, 'bin', 'lectern.js'), ...args], {
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr, events: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

test('nothingPending: only stdio streams with no write in flight', () => {
  assert.equal(nothingPending([]), true);
  assert.equal(nothingPending(['PipeWrap', 'TTYWrap', 'PipeWrap']), true);
  // a write still in flight on a pipe (asynchronous, or the pipe full), a timer, an open file, a child
  assert.equal(nothingPending(['SimpleWriteWrap', 'PipeWrap']), false);
  assert.equal(nothingPending(['WriteWrap', 'TTYWrap']), false);
  assert.equal(nothingPending(['Timeout']), false);
  assert.equal(nothingPending(['Immediate']), false);
  assert.equal(nothingPending(['FSReqCallback']), false);
  assert.equal(nothingPending(['PipeWrap', 'ProcessWrap']), false);
});

test('a finished build of one transcript exits with its code without another turn of the event loop', () => {
  const dir = tempDir('lectern-end-');
  const r = lecternEnding(dir, ['build', sample, '--out', dir, '--force', '-q']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.events, ['exit 0']);
  for (const f of ['handout.pdf', 'slides.html', 'slides.md'])
    assert.ok(existsSync(join(dir, 'guangan-township-forum', f)), f);
});

test('a build whose document fails ends so too, with exit code 2 and its message', () => {
  const dir = tempDir('lectern-end-fail-');
  const empty = join(dir, 'empty.txt');
  writeFileSync(empty, '');
  const r = lecternEnding(dir, ['build', empty, sample, '--out', dir, '-q']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /empty\.txt: the file is empty/);
  assert.deepEqual(r.events, ['exit 2']);
  assert.ok(existsSync(join(dir, 'guangan-township-forum', 'handout.pdf')));
});

test('a command that ends before its build settles (no transcripts) keeps Node’s own ending', () => {
  const dir = tempDir('lectern-end-none-');
  const r = lecternEnding(dir, ['build', join(dir, 'missing.txt'), '--out', dir, '-q']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /missing\.txt/);
  assert.deepEqual(r.events, ['beforeExit', 'exit 2']);
});
