// Removing a file that may be absent — what rmSync(path, { force: true }) does — without Node 20's
// rmSync for the usual case: its every call goes through lib/internal/fs/rimraf (an lstat, then the
// unlink, Windows' EPERM fix-up), a module Node loads and compiles on the first call. A cold build
// removes four files (the fingerprint and the managed outputs it does not write, as it commits; its
// lock), after the run-time V8 flags are set (run-time-v8-flags.ts), when Node's own code cache for
// its built-ins no longer fits: the first call cost ~0.5 ms of the main thread.
import { rmSync, unlinkSync } from 'node:fs';

/** Removes the file at `path`; nothing when there is none. Anything but an unlink or ENOENT is rmSync's, as before (a folder, a read-only file on Windows). */
export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    rmSync(path, { force: true });
  }
}
