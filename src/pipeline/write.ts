// Writing a document's outputs so that an interrupted or failed build never leaves a half-written
// file, never removes the previous good one, and never leaves a set the fingerprint misdescribes:
//   1. every file is written under a temporary name `.<name>.<pid>.<n>.tmp` in the same folder;
//   2. the old fingerprint is removed (from here until step 4 the folder is "needs a rebuild");
//   3. the files are renamed into place one by one, outputs this build no longer makes are removed;
//   4. the new fingerprint is written (temp + rename), last.
// A kill anywhere leaves either the old set with its fingerprint, or no fingerprint (rebuilt next
// time). Temp files a killed build left are removed by the next build of the folder (under its lock).
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { systemError } from '../errors';
import type { FreeLater } from './free-later';
import { removeFile } from './remove-file';

export interface OutputFile {
  path: string;
  data: string | Uint8Array;
  /** Its temp file, already written (stageOutput) */
  staged?: string;
}

let counter = 0;

const TEMP_RE = /^\..+\.tmp$/;

/** Temp files in `dir` (left by killed or failed builds), by name. */
export function leftoverTemps(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => TEMP_RE.test(n));
  } catch {
    return [];
  }
}

/** Removes leftover temp files; call only while holding the folder's lock. Returns how many there were. */
export function removeLeftoverTemps(dir: string): number {
  const names = leftoverTemps(dir);
  for (const n of names) removeFile(join(dir, n));
  return names.length;
}

/**
 * Test hook for the fault-injection suite (test/faults): LECTERN_TEST_FAULT=`<point>:<n>` acts at the
 * n-th (1-based) passage of `point` in this process: `kill-before-rename`/`kill-after-rename` end the
 * process with SIGKILL, `enospc-write` fails the write with ENOSPC (after writing half the bytes).
 */
const faultSpec = /^([a-z-]+):(\d+)$/.exec(process.env.LECTERN_TEST_FAULT ?? '');
const faultSeen = new Map<string, number>();
function fault(point: string): boolean {
  if (!faultSpec || faultSpec[1] !== point) return false;
  const n = (faultSeen.get(point) ?? 0) + 1;
  faultSeen.set(point, n);
  return n === Number(faultSpec[2]);
}
function killHere(point: string): void {
  if (fault(point)) process.kill(process.pid, 'SIGKILL');
}

function writeTemp(f: OutputFile): string {
  const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.${counter++}.tmp`);
  try {
    if (fault('enospc-write')) {
      writeFileSync(tmp, f.data.slice(0, Math.floor(f.data.length / 2)));
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${tmp}'`), { code: 'ENOSPC', path: tmp });
    }
    writeFileSync(tmp, f.data);
  } catch (e) {
    removeFile(tmp);
    throw systemError(e, f.path) ?? e;
  }
  return tmp;
}

/**
 * Writes `f`'s temp file now, for a later commitOutputs: a build writes the handout's while it waits for
 * the slides. The caller removes the temp file if the build fails before the commit.
 */
export function stageOutput(f: OutputFile): OutputFile {
  return { ...f, staged: writeTemp(f) };
}

function renameInto(tmp: string, path: string): void {
  killHere('kill-before-rename');
  try {
    renameSync(tmp, path);
  } catch (e) {
    throw systemError(e, path) ?? e;
  }
  killHere('kill-after-rename');
}

/**
 * Commits one document's outputs in `dir`: `files` (all in `dir`), then `fingerprint` as the file
 * `fingerprintName`; any of `managed` (names this stage may write) not among `files` is removed.
 * `frees` (watch) holds each file the commit replaces or removes, to be freed later off this thread.
 */
export function commitOutputs(
  dir: string,
  files: OutputFile[],
  fingerprintName: string,
  fingerprint: string,
  managed: readonly string[],
  frees?: FreeLater,
): void {
  const staged: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) staged.push({ tmp: f.staged ?? writeTemp(f), path: f.path });
  } catch (e) {
    for (const s of staged) removeFile(s.tmp);
    for (const f of files) if (f.staged) removeFile(f.staged);
    throw e;
  }
  const fingerprintPath = join(dir, fingerprintName);
  try {
    frees?.hold(fingerprintPath);
    removeFile(fingerprintPath);
    for (let i = 0; i < staged.length; i++) {
      const s = staged[i]!;
      frees?.hold(s.path);
      renameInto(s.tmp, s.path);
      staged[i] = { tmp: '', path: s.path };
    }
  } catch (e) {
    for (const s of staged) if (s.tmp) removeFile(s.tmp);
    throw e;
  }
  const written = new Set(files.map((f) => basename(f.path)));
  for (const name of managed) {
    if (written.has(name)) continue;
    frees?.hold(join(dir, name));
    removeFile(join(dir, name));
  }
  const tmp = writeTemp({ path: fingerprintPath, data: fingerprint });
  renameInto(tmp, fingerprintPath);
}
