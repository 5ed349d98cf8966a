// Under watch, the files a rebuild replaces or removes (the last build's outputs and fingerprint, the
// folder's lock file) are freed off the main thread. On this ext4 (no journal, mounted with `discard`)
// the call that drops a file's last link frees its inode and blocks there and then: a rename over a
// 0.3 MB output took ~0.5 ms (median; the 90th percentile 3–5 ms), a 600-byte file's ~0.4 ms — five
// such a rebuild. With the file held open by this process the rename only unlinks it (~0.1 ms); the
// freeing then happens at the last close, which is done on libuv's thread pool (`close` with a
// callback) after the commit. A build of one transcript does not do this: its process ends right after,
// and a close still in flight would keep Node's event loop (and cli-start's quick ending) waiting.
import { close, constants, fstatSync, openSync } from 'node:fs';

/** Linux only: the cost is the file system's; elsewhere (Windows) a file held open may not be renamed over. */
export const FREE_LATER_SUPPORTED = process.platform === 'linux';

// O_NONBLOCK: a FIFO in an output's place must not block the open; O_NOFOLLOW: a symlink is unlinked, not its target
const HOLD_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0);

const ignore = (): void => {};

/** How many files builds held to free later (tests: watch's rebuilds hold, a single build none). */
export const freeLaterCounts = { held: 0 };

/** The inodes a build removes or replaces, held open until `closeLater` (when `on`). */
export class FreeLater {
  private fds: number[] = [];
  readonly on: boolean;

  constructor(on: boolean) {
    this.on = on && FREE_LATER_SUPPORTED;
  }

  /** Keeps `path`'s file open (if it is one) so that removing or replacing it next does not free it now. */
  hold(path: string): void {
    if (!this.on) return;
    let fd: number;
    try {
      fd = openSync(path, HOLD_FLAGS);
    } catch {
      return; // absent (or unreadable): removed as before
    }
    try {
      if (fstatSync(fd).isFile()) {
        this.fds.push(fd);
        freeLaterCounts.held++;
        return;
      }
    } catch {
      /* closed below */
    }
    close(fd, ignore);
  }

  /**
   * Closes the held files on libuv's thread pool, where the last close frees each — once this turn's
   * microtasks have run (the build's end and its status line): a pool thread woken at once took the core
   * from the rest of the build on 2 cores (the closes' dispatch 0.4 ms median, 3.5 ms at the 90th percentile).
   */
  closeLater(): void {
    if (this.fds.length === 0) return;
    const fds = this.fds;
    this.fds = [];
    setImmediate(() => {
      for (const fd of fds) close(fd, ignore);
    });
  }
}
