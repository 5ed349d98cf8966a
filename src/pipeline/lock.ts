// One build at a time per output folder, across processes (`build`, `watch`, CI shards): a lock file
// `out/<name>/.lectern-lock` created with O_EXCL holds the owner's pid. The lock is taken before the
// transcript is read and released after the fingerprint is written, so builds of one document run one
// after another and the one that started last (which read the newest input) writes last.
// A lock whose process is gone (kill -9, power loss) is stale and is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LecternError, systemError } from '../errors';
import type { FreeLater } from './free-later';
import { removeFile } from './remove-file';

export const LOCK_NAME = '.lectern-lock';

/** How long to wait for another live build of the same folder before giving up */
const WAIT_MS = 10 * 60_000;
const POLL_MS = 50;

/**
 * Folders locked by this thread. Threads share the pid, so a lock file with this process's pid that
 * this thread does not hold is taken as stale (a recycled pid); two threads never build one folder
 * because output folders are unique per batch (see `planOutputs`).
 */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The owner recorded in a lock file, or undefined if it is unreadable or half-written. */
function owner(file: string): { pid: number; host: string } | undefined {
  try {
    const [pid, host] = readFileSync(file, 'utf8').split('\n');
    return Number.isInteger(Number(pid)) && Number(pid) > 0 ? { pid: Number(pid), host: host ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw systemError(e, file) ?? e;
  }
  try {
    writeSync(fd, `${process.pid}\n${hostname()}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

export interface FolderLock {
  /** `frees` (watch): the lock file held, to be freed later off this thread */
  release(frees?: FreeLater): void;
}

/**
 * Locks `dir` (created if missing), waiting while another live process holds it; a stale lock is
 * removed. `onWait` is told once when the wait begins.
 */
export async function lockFolder(
  dir: string,
  onWait: (pid: number) => void = (pid) =>
    process.stderr.write(`lectern: ${dir}/ is being built by process ${pid}; waiting for it\n`),
): Promise<FolderLock> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw systemError(e, dir) ?? e;
  }
  const file = join(dir, LOCK_NAME);
  const start = Date.now();
  let told = false;
  // this process: wait for its own other build of the folder (worker threads share the pid)
  while (heldHere.has(dir)) await new Promise((r) => setTimeout(r, POLL_MS));
  heldHere.add(dir);
  try {
    for (;;) {
      if (tryCreate(file)) break;
      const o = owner(file);
      const stale = o ? o.host === hostname() && (o.pid === process.pid || !alive(o.pid)) : ageMs(file) > 2000;
      if (stale) {
        // a crashed build's lock (or one half-written by a killed process)
        removeFile(file);
        continue;
      }
      if (!told && o) {
        onWait(o.pid);
        told = true;
      }
      if (Date.now() - start > WAIT_MS)
        throw new LecternError(file, `another build (pid ${o?.pid ?? '?'}) has held this folder for 10 minutes`, {
          hint: 'stop that process, or delete the lock file if no build is running',
        });
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } catch (e) {
    heldHere.delete(dir);
    throw e;
  }
  let released = false;
  return {
    release(frees) {
      if (released) return;
      released = true;
      heldHere.delete(dir);
      frees?.hold(file);
      removeFile(file);
    },
  };
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
