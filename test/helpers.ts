// Shared by the tests: run the real `lectern` bin in a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
