// Shared by the fault-injection suite (npm run test:faults): a seeded random source, the real
// `lectern` bin run in a child process (under /usr/bin/time when present, for peak memory and wall
// time), and the invariants every case asserts.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, sample, tempDir } from '../helpers';

export { root, sample, tempDir };

/** FAULT_SEED (default 13) makes every random choice reproducible; FAULT_CASES scales the fuzzers. */
export const SEED = Number(process.env.FAULT_SEED ?? 13);
export const CASES = Number(process.env.FAULT_CASES ?? 1);

/** Cases for a fuzzer: `ci` in a normal run, `ci × FAULT_CASES` on demand. */
export function cases(ci: number): number {
  return Math.max(1, Math.round(ci * CASES));
}

/** mulberry32: a small, seedable generator (same seed, same cases). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** The sample's first lines: a complete small transcript (title, hosts, two talks), quick to build. */
export function smallTranscript(): string {
  const lines = readFileSync(sample, 'utf8').split('\n');
  return `${lines.slice(0, 40).join('\n')}\n`;
}

export function project(files: Record<string, string> = { 'content/talk.txt': smallTranscript() }): string {
  const dir = tempDir('lectern-faults-');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory (KB) and wall time (s), when /usr/bin/time is there */
  maxRssKb?: number;
  wallS?: number;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** Worst figures over the run, appended by each case to one file (test files run in parallel). */
export const FIGURES = join(tmpdir(), `lectern-fault-figures-${process.env.FAULT_RUN_ID ?? process.ppid}.jsonl`);

function record(label: string, r: Run): void {
  if (r.maxRssKb !== undefined)
    appendFileSync(FIGURES, `${JSON.stringify({ label, rss: r.maxRssKb, wall: r.wallS })}\n`);
}

function parseTime(file: string, r: Run): void {
  try {
    const t = readFileSync(file, 'utf8');
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(t);
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(t);
    if (rss) r.maxRssKb = Number(rss[1]);
    // with -o the report of a child killed by a signal is in this file, not on stderr
    const sig = /Command terminated by signal (\d+)/.exec(t);
    if (sig) {
      r.status = null;
      r.signal = Number(sig[1]) === 9 ? 'SIGKILL' : 'SIGTERM';
    }
    if (wall) r.wallS = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
    rmSync(file, { force: true });
  } catch {
    /* killed before time wrote it */
  }
}

function command(args: string[]): { cmd: string; argv: string[]; timeFile?: string } {
  const bin = [join(root, 'bin', 'lectern.js'), ...args];
  if (!TIME) return { cmd: process.execPath, argv: bin };
  const timeFile = join(tmpdir(), `lectern-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return { cmd: TIME, argv: ['-v', '-o', timeFile, process.execPath, ...bin], timeFile };
}

/** Runs lectern to the end (or `timeoutMs`, then SIGKILL) and records its peak memory and time. */
export function lectern(
  args: string[],
  cwd: string,
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; label?: string } = {},
): Run {
  const c = command(args);
  const r = spawnSync(c.cmd, c.argv, {
    cwd,
    env: { ...process.env, LECTERN_DEBUG: '', ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
    killSignal: 'SIGKILL',
  });
  // /usr/bin/time reports a child killed by a signal as "Command terminated by signal N"
  const byTime = /Command terminated by signal (\d+)/.exec(r.stderr ?? '');
  const run: Run = {
    status: byTime ? null : r.status,
    signal: byTime ? (Number(byTime[1]) === 9 ? 'SIGKILL' : 'SIGTERM') : r.signal,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '').replace(/^Command (exited with non-zero status|terminated by signal) \d+\n/m, ''),
  };
  if (c.timeFile) parseTime(c.timeFile, run);
  record(opts.label ?? args.join(' '), run);
  return run;
}

/** Starts lectern in the background (for kills at random moments and concurrent runs). */
export function lecternAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [join(root, 'bin', 'lectern.js'), ...args], {
    cwd,
    env: { ...process.env, LECTERN_DEBUG: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve) =>
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })),
  );
  return { child, done, output: () => ({ stdout, stderr }) };
}

/** How long a stopped `lectern watch` may take to exit before the test calls it hung (then SIGKILL). */
export const STOP_BOUND_MS = 60_000;

/**
 * Stops a `lectern watch` child with SIGTERM and waits for it to exit — at most STOP_BOUND_MS, then it
 * is killed and reported as hung (an unbounded wait would hang the whole suite).
 */
export async function stopWatch(w: ReturnType<typeof lecternAsync>): Promise<Run> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  let hung = false;
  const bound = setTimeout(() => {
    hung = true;
    w.child.kill('SIGKILL');
  }, STOP_BOUND_MS);
  const r = await w.done;
  clearTimeout(bound);
  assert.ok(!hung, `watch did not exit within ${STOP_BOUND_MS / 1000} s of SIGTERM: ${r.stdout}\n${r.stderr}`);
  return r;
}

/** The error contract: exit 2, exactly one line, naming `file`, with a hint after " — ", no stack trace. */
export function assertUserError(r: Run, file: RegExp | string, what?: RegExp): void {
  assert.equal(r.signal, null, `ended by ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 2, `exit ${r.status}; stderr: ${r.stderr}; stdout: ${r.stdout}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected:\n${r.stderr}`);
  const line = lines[0]!;
  assert.doesNotMatch(line, /internal error|\bat .+:\d+:\d+/, line);
  assert.match(line, typeof file === 'string' ? new RegExp(escapeRe(file)) : file, line);
  assert.match(line, / — \S/, `a hint after " — ": ${line}`);
  if (what) assert.match(line, what, line);
  // control characters never reach the terminal
  assert.doesNotMatch(r.stderr, /[\x00-\x08\x0b-\x1f\x7f]/);
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const OUTPUTS = ['slides.md', 'slides.html', 'handout.pdf'];
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Temp files anywhere under `dir` */
export function tempFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((p) => /(^|\/)\..+\.tmp$/.test(p));
}

/**
 * The fingerprint is true to the files: when `.lectern-build` exists, every output it lists exists
 * with the recorded hash, and no managed output it does not list is there.
 */
export function assertFingerprintTrue(outDir: string): boolean {
  const fp = join(outDir, '.lectern-build');
  if (!existsSync(fp)) return false;
  const rec = JSON.parse(readFileSync(fp, 'utf8')) as { outputs: Record<string, string> };
  for (const [name, hash] of Object.entries(rec.outputs)) {
    assert.ok(existsSync(join(outDir, name)), `${name} listed in the fingerprint but missing`);
    assert.equal(sha(readFileSync(join(outDir, name))), hash, `${name} differs from its fingerprint`);
  }
  for (const name of ['slides.pdf', 'slides.pptx', ...OUTPUTS])
    if (!(name in rec.outputs)) assert.ok(!existsSync(join(outDir, name)), `${name} not in the fingerprint`);
  return true;
}

/** The bytes of a folder's outputs */
export function outputBytes(outDir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of OUTPUTS) if (existsSync(join(outDir, n))) m.set(n, sha(readFileSync(join(outDir, n))));
  return m;
}
