// Shared by the tests: run the real `lectern` bin in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
export const sample = join(root, 'content', 'guangan-township-forum.txt');

/** Every transcript fixture the handout is measured on (scripts/handout-report.mjs runs the same). */
export const HANDOUT_FIXTURES = [
  sample,
  ...[
    ['source', 'forum-mixed.txt'],
    ['source', 'forum-noguests.txt'],
    ['source', 'intro-variants.txt'],
    ['source', 'lecture.txt'],
    ['source', 'newspaper.txt'],
    ['source', 'wrapped.txt'],
    ['handout', 'lecture-headings.txt'],
    ['handout', 'mixed-text.txt'],
    ['slides', 'long-forum.txt'],
    ['e2e', 'markup.txt'],
  ].map((p) => join(root, 'test', 'fixtures', ...p)),
];

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function lectern(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'lectern.js'), ...args], {
    cwd: opts.cwd ?? root,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'lectern-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A folder `texts` of fixture transcripts (test/fixtures/source/NAME.txt) in a new temporary folder `dir` */
export function fixtureFolder(prefix: string, names: string[]): { dir: string; texts: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const texts = join(dir, 'texts');
  mkdirSync(texts);
  const files = names.map((name) => {
    const file = join(texts, `${name}.txt`);
    copyFileSync(join(root, 'test', 'fixtures', 'source', `${name}.txt`), file);
    return file;
  });
  return { dir, texts, files };
}

/**
 * `lectern <args>`, which must succeed, in a process that first runs the preload `preloadSource` makes
 * (given the path of its log in `dir` as a JS string literal); the lines the preload logged. `cwd`:
 * the folder lectern starts in (default: this process's).
 */
export function lecternWithPreload(
  dir: string,
  args: string[],
  preloadSource: (logLiteral: string) => string,
  cwd?: string,
): string[] {
  const log = join(dir, 'events.log');
  const preload = join(dir, 'record.cjs');
  writeFileSync(preload, preloadSource(JSON.stringify(log)));
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--require', preload, join(root, 'bin', 'lectern.js'), ...args], {
    encoding: 'utf8',
    cwd,
  });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

/** Runs `body` with the V8 flags it sets recorded in `set`, not set: the test process keeps its own. */
export async function withV8FlagsRecorded(body: (set: string[]) => Promise<void>): Promise<void> {
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  const original = v8.setFlagsFromString;
  const set: string[] = [];
  v8.setFlagsFromString = (flag: string) => void set.push(flag);
  syncBuiltinESMExports();
  try {
    await body(set);
  } finally {
    v8.setFlagsFromString = original;
    syncBuiltinESMExports();
  }
}
