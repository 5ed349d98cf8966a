// Under watch the files a rebuild replaces or removes (the last outputs and fingerprint, the lock file) are
// held open through the renames and closed afterwards on libuv's thread pool (src/pipeline/free-later.ts):
// the last close frees each inode there, not on the main thread. A build of one transcript holds none.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { expectRebuilds } from '../src/cache';
import { FontSet, loadFontConfig } from '../src/fonts';
import { buildDocument } from '../src/pipeline';
import { FREE_LATER_SUPPORTED, FreeLater, freeLaterCounts } from '../src/pipeline/free-later';
import { lockFolder } from '../src/pipeline/lock';
import { inThreadSlides } from '../src/pipeline/slides-runner';
import { commitOutputs } from '../src/pipeline/write';
import { loadSettings } from '../src/settings';
import { root, sample, tempDir } from './helpers';

const skip = FREE_LATER_SUPPORTED ? false : 'Linux only (/proc/self/fd; elsewhere nothing is held)';
/** How long the thread pool's closes may take to show (they are asynchronous) */
const CLOSE_WAIT_MS = 5000;

/** The paths (as the kernel names them, "(deleted)" once unlinked) of this process's open files under `dir`. */
function openUnder(dir: string): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const p = readlinkSync(`/proc/self/fd/${fd}`);
      if (p.startsWith(`${dir}/`)) out.push(p);
    } catch {
      /* closed meanwhile (readdir's own fd) */
    }
  }
  return out.sort();
}

async function closedUnder(dir: string): Promise<string[]> {
  const t0 = Date.now();
  let open = openUnder(dir);
  while (open.length && Date.now() - t0 < CLOSE_WAIT_MS) {
    await new Promise((r) => setTimeout(r, 5));
    open = openUnder(dir);
  }
  return open;
}

test('a commit holds the files it replaces and removes until closeLater, which frees them off the thread', {
  skip,
}, async () => {
  const dir = tempDir();
  const managed = ['a.txt', 'b.txt', 'gone.txt'];
  const commit = (frees: FreeLater | undefined, text: string, names: string[]) =>
    commitOutputs(
      dir,
      names.map((n) => ({ path: join(dir, n), data: `${n} ${text}` })),
      '.fp',
      `fp ${text}\n`,
      managed,
      frees,
    );
  commit(undefined, 'one', managed);
  const frees = new FreeLater(true);
  commit(frees, 'two', ['a.txt', 'b.txt']);
  // replaced (a, b), removed (gone: no longer written; the old fingerprint): still open, unlinked
  assert.deepEqual(
    openUnder(dir),
    ['.fp', 'a.txt', 'b.txt', 'gone.txt'].map((n) => `${join(dir, n)} (deleted)`).sort(),
  );
  assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'a.txt two');
  assert.equal(readFileSync(join(dir, '.fp'), 'utf8'), 'fp two\n');
  frees.closeLater();
  assert.deepEqual(await closedUnder(dir), []);
  // off (a build of one transcript): nothing held
  const off = new FreeLater(false);
  commit(off, 'three', ['a.txt']);
  assert.deepEqual(openUnder(dir), []);
});

test('the lock file released with a FreeLater is held until closeLater', { skip }, async () => {
  const dir = tempDir();
  const lock = await lockFolder(dir);
  const frees = new FreeLater(true);
  lock.release(frees);
  assert.deepEqual(openUnder(dir), [`${join(dir, '.lectern-lock')} (deleted)`]);
  frees.closeLater();
  assert.deepEqual(await closedUnder(dir), []);
});

test('hold leaves alone what is not a regular file there: an absent path, a folder, a FIFO (its open does not block)', {
  skip,
}, async () => {
  const dir = tempDir();
  const fifo = join(dir, 'handout.pdf');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const frees = new FreeLater(true);
  const before = freeLaterCounts.held;
  frees.hold(join(dir, 'absent.pdf'));
  frees.hold(dir);
  frees.hold(fifo);
  assert.equal(freeLaterCounts.held, before);
  assert.deepEqual(await closedUnder(dir), []);
  frees.closeLater();
});

test('watch’s rebuild holds the files it replaces (lock, fingerprint, outputs); a single build holds none', {
  skip,
}, async () => {
  const out = tempDir();
  const settings = loadSettings(root, {});
  const fonts = new FontSet(loadFontConfig(root));
  const build = () => buildDocument(sample, out, settings, fonts, { force: true, slides: inThreadSlides });
  await build();
  const before = freeLaterCounts.held;
  await build(); // one transcript, no watch: its process ends next
  assert.equal(freeLaterCounts.held, before);
  expectRebuilds();
  try {
    await build();
    // the lock file, the fingerprint, slides.md, slides.html and handout.pdf
    assert.equal(freeLaterCounts.held - before, 5);
  } finally {
    expectRebuilds(false);
  }
  assert.deepEqual(await closedUnder(join(out, 'guangan-township-forum')), []);
});
