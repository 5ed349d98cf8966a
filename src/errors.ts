// A user error: bad input or configuration. The CLI prints it as one line
// `file:line: message — hint` (no stack trace) and exits non-zero.
export class LecternError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  /** What the user can do about it */
  readonly hint: string;

  constructor(file: string, message: string, opts: { line?: number; hint?: string } = {}) {
    super(message);
    this.name = 'LecternError';
    this.file = file;
    this.line = opts.line;
    this.hint = opts.hint ?? '';
  }

  /** `content/x.md:12: message — hint` */
  format(): string {
    const where = this.line !== undefined ? `${this.file}:${this.line}` : this.file;
    return escapeControls(`${where}: ${this.message}${this.hint ? ` — ${this.hint}` : ''}`);
  }
}

export function isLecternError(e: unknown): e is LecternError {
  return e instanceof LecternError;
}

/** What a system error code means for the user, and what to do about it. */
const SYSTEM_ERRORS: Record<string, [string, string]> = {
  EACCES: ['permission denied', 'check the permissions of the file or folder, or choose another --out'],
  EPERM: ['operation not permitted', 'check the permissions of the file or folder, or choose another --out'],
  ENOTDIR: ['a part of this path is a file, not a folder', 'rename or remove that file, or choose another --out'],
  EEXIST: ['already exists and is in the way', 'rename or remove it, or choose another --out'],
  EISDIR: ['is a folder, not a file', 'rename or remove the folder'],
  ENOSPC: ['the disk is full', 'free some space and build again; the previous outputs are kept'],
  EDQUOT: ['the disk quota is exhausted', 'free some space and build again; the previous outputs are kept'],
  EROFS: ['the file system is read-only', 'choose another --out'],
  ENOENT: ['no such file or folder', 'check the path'],
  ENAMETOOLONG: ['the name is too long', 'use a shorter file name or --out folder'],
  EMFILE: ['too many open files', 'raise the limit (ulimit -n) or build fewer transcripts at once'],
  ENFILE: ['too many open files on this system', 'close other programs and build again'],
  EIO: ['an input/output error', 'check the disk'],
  ELOOP: ['too many symbolic links', 'check the links in this path'],
};

/** A system error (fs) as a user error naming the path, or undefined when it is not one. */
export function systemError(e: unknown, path?: string): LecternError | undefined {
  const err = e as NodeJS.ErrnoException | undefined;
  const code = err?.code;
  if (!code || !(code in SYSTEM_ERRORS)) return undefined;
  const [what, hint] = SYSTEM_ERRORS[code]!;
  return new LecternError(path ?? err.path ?? '(unknown path)', `${what} (${code})`, { hint });
}

/** Control characters (ESC, BEL, …) shown as \x1b etc., so text from a transcript cannot drive the terminal. */
export function escapeControls(s: string): string {
  return s.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16)}`;
  });
}

/** One line for any error: a user error as `file:line: message`, anything else as an internal error. */
export function formatError(e: unknown): string {
  if (isLecternError(e)) return e.format();
  const sys = systemError(e);
  if (sys) return sys.format();
  const err = e as Error;
  const first = escapeControls(String(err?.message ?? e).split('\n')[0] ?? '');
  return `internal error: ${first}${process.env.LECTERN_DEBUG ? `\n${err?.stack ?? ''}` : ''}`;
}
