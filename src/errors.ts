// A user error: bad input or configuration. The CLI prints it as one line
// `file:line: message` (no stack trace) and exits non-zero.
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

  /** `content/x.md:12: message (hint)` */
  format(): string {
    const where = this.line !== undefined ? `${this.file}:${this.line}` : this.file;
    return `${where}: ${this.message}${this.hint ? ` — ${this.hint}` : ''}`;
  }
}

export function isLecternError(e: unknown): e is LecternError {
  return e instanceof LecternError;
}

/** One line for any error: a user error as `file:line: message`, anything else as an internal error. */
export function formatError(e: unknown): string {
  if (isLecternError(e)) return e.format();
  const err = e as Error;
  return `internal error: ${err?.message ?? String(e)}${process.env.LECTERN_DEBUG ? `\n${err?.stack ?? ''}` : ''}`;
}
