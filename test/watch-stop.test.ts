// `lectern watch` stops when asked (SIGTERM, as Ctrl-C), at whatever moment the signal comes: during
// start-up and the warm-up, during a rebuild, and after a font change with the project folder deleted
// as it stops (session 5: a watch child that never exited held `npm test` for 14 minutes). Each case
// waits for a log line, never for a time, and bounds the exit generously (a stopped watch that is
// still alive after STOP_BOUND_MS is a hang).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import chokidar from 'chokidar';
import { closeForGood } from '../src/vendor/chokidar';
import { watch, type Watching } from '../src/watch';
import { VendorPatchError } from '../src/vendor/patch';
import { root, sample, tempDir } from './helpers';

const STOP_BOUND_MS = 60_000;
const fontFile = (pkg: string, file: string) => join(root, 'node_modules', '@expo-google-fonts', pkg, file);
const SERIF = fontFile('noto-serif-sc', '400Regular/NotoSerifSC_400Regular.ttf');
const SANS = fontFile('noto-sans-sc', '400Regular/NotoSansSC_400Regular.ttf');

/** `lectern watch content` in `dir`, its output, and a wait for a line (90 s at most). */
function startWatch(dir: string) {
  const child = spawn(process.execPath, [join(root, 'bin', 'lectern.js'), 'watch', 'content'], { cwd: dir });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const waitFor = async (re: RegExp, from = 0): Promise<void> => {
    for (let waited = 0; !re.test(out.slice(from)); waited += 20) {
      if (waited > 90_000 || child.exitCode !== null) assert.fail(`no ${re}:\n${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /** SIGTERM, then `also()` at once; the exit, or a failure if it did not come within the bound. */
  const stop = async (also: () => void = () => {}) => {
    child.kill('SIGTERM');
    also();
    const hang = setTimeout(() => child.kill('SIGKILL'), STOP_BOUND_MS);
    const r = await exited;
    clearTimeout(hang);
    assert.notEqual(r.signal, 'SIGKILL', `watch was still running ${STOP_BOUND_MS / 1000} s after SIGTERM:\n${out}`);
    return r;
  };
  return { child, waitFor, stop, output: () => out };
}

/** The sample's first lines: a small transcript whose builds are quick (a stop waits for one). */
const small = `${readFileSync(sample, 'utf8').split('\n').slice(0, 40).join('\n')}\n`;

function project(text = readFileSync(sample, 'utf8')): string {
  const dir = tempDir('lectern-stop-');
  mkdirSync(join(dir, 'content'));
  writeFileSync(join(dir, 'content', 'a.txt'), text);
  return dir;
}

/** No temp file or lock left in out/a/, and the fingerprint names the files as they are. */
function assertOutputsWhole(dir: string): void {
  const out = join(dir, 'out', 'a');
  assert.deepEqual(
    readdirSync(out).filter((n) => n.endsWith('.tmp') || n === '.lectern-lock'),
    [],
    'temp files or the lock left',
  );
  const rec = JSON.parse(readFileSync(join(out, '.lectern-build'), 'utf8')) as { outputs: Record<string, string> };
  for (const name of Object.keys(rec.outputs)) assert.ok(existsSync(join(out, name)), `${name} missing`);
}

test('SIGTERM during start-up or the warm-up ends watch at once', async () => {
  for (const moment of [/^project /m, /rebuilt content\/a\.txt \(start\)/]) {
    const dir = project();
    try {
      const w = startWatch(dir);
      await w.waitFor(moment);
      const r = await w.stop();
      // before `watching` nothing is committed on the way out: Node's default for SIGTERM ends it
      // (what a killed build leaves, the next build cleans up: test:faults)
      assert.ok(r.code === 0 || r.signal === 'SIGTERM', `${moment}: ${JSON.stringify(r)}\n${w.output()}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('SIGTERM during a rebuild: watch lets the build commit, then exits 0', async () => {
  // (a small transcript: the stop waits for its build, and WATCH_STOP_MS bounds that wait)
  const dir = project(small);
  try {
    const w = startWatch(dir);
    await w.waitFor(/watching/);
    writeFileSync(join(dir, 'content', 'a.txt'), small.replace('规划先行。', '规划必须先行。'));
    const r = await w.stop();
    assert.equal(r.code, 0, w.output());
    assertOutputsWhole(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGTERM after a font change, the project folder deleted at once: watch still exits 0', async () => {
  const dir = project();
  try {
    mkdirSync(join(dir, 'fonts'));
    copyFileSync(SERIF, join(dir, 'fonts', 'body.ttf'));
    const config = JSON.parse(readFileSync(join(root, 'fonts', 'fonts.json'), 'utf8'));
    config.roles.body = 'body.ttf';
    config.roles.slides = 'body.ttf';
    writeFileSync(join(dir, 'fonts', 'fonts.json'), JSON.stringify(config));
    const w = startWatch(dir);
    await w.waitFor(/watching/);
    const from = w.output().length;
    copyFileSync(SANS, join(dir, 'staged.ttf'));
    renameSync(join(dir, 'staged.ttf'), join(dir, 'fonts', 'body.ttf'));
    await w.waitFor(/(rebuilt|failed) content\/a\.txt \(body\.ttf changed\)/, from);
    // The folder goes while watch is frozen, so that its file events and the signal arrive together:
    // chokidar's stats of the deleted files fail after close(), and it re-watched the parent folder for
    // the project's return — the process never exited.
    w.child.kill('SIGSTOP');
    rmSync(dir, { recursive: true, force: true });
    const r = await w.stop(() => w.child.kill('SIGCONT'));
    assert.equal(r.code, 0, w.output());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a stop waits for the build that is running, not for the documents queued behind it', async () => {
  const dir = tempDir('lectern-stop-queue-');
  mkdirSync(join(dir, 'content'));
  for (const name of ['a', 'b', 'c']) writeFileSync(join(dir, 'content', `${name}.txt`), small);
  /** Starts a watcher on `dir` that is stopped (close()) when a line matching `stopAt` is logged. */
  const watchUntil = async (stopAt: RegExp) => {
    const lines: string[] = [];
    let stopped: Promise<void> | undefined;
    const w: Watching = await watch({
      paths: ['content'],
      out: 'out',
      projectRoot: dir,
      rehearsals: 0,
      log: (l) => {
        lines.push(l);
        if (!stopped && stopAt.test(l)) stopped = w.close();
      },
      warn: () => {},
    });
    return { w, lines, stopped: () => stopped };
  };
  try {
    // stopped during the start-up builds: b and c are not built
    const first = await watchUntil(/rebuilt content\/a\.txt \(start\)/);
    for (let waited = 0; !first.stopped() && waited < 90_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await first.stopped();
    assert.deepEqual(
      first.lines.filter((l) => /content\/[bc]\.txt/.test(l)),
      [],
      'documents built after the stop',
    );

    // stopped while a template change rebuilds every document: only the running build finishes
    const second = await watchUntil(/(rebuilt|unchanged) content\/a\.txt \(template/);
    try {
      await second.w.ready;
      mkdirSync(join(dir, 'templates'));
      const tpl = readFileSync(join(root, 'templates', 'slides.md.hbs'), 'utf8');
      writeFileSync(join(dir, 'templates', 'slides.md.hbs'), `${tpl}\n\n---\n\n# 结束\n`);
      for (let waited = 0; !second.stopped() && waited < 90_000; waited += 20)
        await new Promise((r) => setTimeout(r, 20));
      await second.stopped();
      assert.deepEqual(
        second.lines.filter((l) => /content\/[bc]\.txt \(template/.test(l)),
        [],
        'documents built after the stop',
      );
    } finally {
      await second.w.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('closeForGood: a closed chokidar watcher stays closed when chokidar re-adds a deleted path', async () => {
  const parent = tempDir('lectern-chokidar-');
  const dir = join(parent, 'project');
  mkdirSync(dir);
  const watcher = chokidar.watch(dir, { ignoreInitial: true });
  try {
    await once(watcher, 'ready');
    await closeForGood(watcher);
    // what FSWatcher._remove does when the watched folder is deleted: watch its parent for its return
    watcher.add(parent, dir);
    assert.equal(watcher.closed, true);
    assert.deepEqual(watcher.getWatched(), {});
  } finally {
    await watcher.close(); // (a watcher that came back to life would keep this process running)
    rmSync(parent, { recursive: true, force: true });
  }
  // a chokidar whose _remove no longer re-adds: the patch says so instead of applying blindly
  const changed = { _remove() {}, add() {}, close: async () => {} };
  assert.throws(
    () => closeForGood(changed as never),
    (e: unknown) => e instanceof VendorPatchError && e.patch === 'closed-stays-closed',
  );
});
