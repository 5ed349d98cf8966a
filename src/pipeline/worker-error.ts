// The one format in which an error crosses a thread boundary, for the batch workers and the slide
// worker alike. A structured clone keeps no class, so a LecternError travels as plain data and is
// rebuilt on the main thread: a user error stays a one-line `file:line: message — hint`, an internal
// error keeps its stack for LECTERN_DEBUG.
import { isLecternError, LecternError } from '../errors';

export interface WorkerError {
  /** true for a LecternError (bad input, configuration), false for an internal error */
  user: boolean;
  message: string;
  file: string;
  line?: number;
  hint: string;
  /** The worker's stack trace (internal errors) */
  stack?: string;
}

export function toWorkerError(e: unknown): WorkerError {
  if (isLecternError(e)) return { user: true, message: e.message, file: e.file, line: e.line, hint: e.hint };
  const err = e instanceof Error ? e : new Error(String(e));
  return { user: false, message: err.message, file: '', hint: '', stack: err.stack };
}

export function fromWorkerError(w: WorkerError): Error {
  if (w.user) return new LecternError(w.file, w.message, { line: w.line, hint: w.hint });
  const err = new Error(w.message);
  if (w.stack) err.stack = w.stack;
  return err;
}
