// Reading the files a user points lectern at (transcripts, fonts): only regular files, never more
// than a size limit. A FIFO would block the process (build, check, watch) forever and a link to
// /dev/zero would be read without end, so both are refused with one line before any read.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { LecternError, systemError } from './errors';
import { inputLimit } from './environment';

export type InputKind = 'transcript' | 'font';

const LIMIT_VARIABLE: Record<InputKind, string> = {
  transcript: 'LECTERN_MAX_TRANSCRIPT_MB',
  font: 'LECTERN_MAX_FONT_MB',
};

function whatItIs(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens `path` for reading if it is a regular file within the size limit of its kind; returns the
 * descriptor (the caller closes it) and the size. O_NONBLOCK: opening a FIFO must not wait for a writer.
 */
export function openRegularFile(path: string, kind: InputKind): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw systemError(e, path) ?? e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new LecternError(path, `is ${whatItIs(st)}, not a file`, {
        hint: kind === 'transcript' ? 'give a .txt or .md transcript file' : 'point the font role at a .ttf/.otf file',
      });
    const limit = inputLimit(kind);
    if (st.size > limit) {
      const mb = (n: number): string => `${Math.round((n / 1048576) * 10) / 10} MB`;
      throw new LecternError(path, `is ${mb(st.size)}; a ${kind} over ${mb(limit)} is not read`, {
        hint: `set ${LIMIT_VARIABLE[kind]} to a larger number of MB to read it anyway`,
      });
    }
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** The whole of a regular file within its kind's limit (a file growing meanwhile is read up to the limit). */
export function readRegularFile(path: string, kind: InputKind): Buffer {
  const { fd, size } = openRegularFile(path, kind);
  try {
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === size ? buf : buf.subarray(0, off);
  } catch (e) {
    throw systemError(e, path) ?? e;
  } finally {
    closeSync(fd);
  }
}
