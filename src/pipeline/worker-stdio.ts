// The slide worker's console output: written to the process's stdout and stderr (file descriptors 1
// and 2) by the worker itself, not passed through the main thread.
//
// Why: Node pipes a worker thread's process.stdout and process.stderr through the thread that started
// it, which writes what comes to its own process.stdout and process.stderr — and so sets both up inside
// `new Worker`, before it starts the worker's thread: on a pipe (the bench, a CI log) a net.Socket each,
// with node:net loaded, on a terminal a tty.WriteStream. A cold build of one transcript with -q prints
// nothing, yet paid that on the main thread (~5 ms of its CPU in a fresh process), and the slide worker
// — a cold build's longer lane — started that much later. The main thread now starts the worker with
// `stdout: true, stderr: true` (src/pipeline/slides-worker-start.ts: Node then pipes nothing and sets
// nothing up) and the worker's entry calls `writeStdioToDescriptors` first; the worker writes each chunk
// at once, synchronously, as Node writes a process's stdio to files, pipes and terminals on Linux.
import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';

/** This thread's process.stdout and process.stderr write to file descriptors 1 and 2 directly (made on first use). */
export function writeStdioToDescriptors(): void {
  defineStdio('stdout', 1);
  defineStdio('stderr', 2);
}

function defineStdio(name: 'stdout' | 'stderr', fd: number): void {
  let stream: Writable | undefined;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: true,
    get: () => {
      stream ??= descriptorStream(fd);
      return stream;
    },
  });
}

/** A Writable that writes each chunk to `fd` as it comes */
function descriptorStream(fd: number): Writable {
  const { Writable } = process.getBuiltinModule('node:stream');
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        writeAll(fd, chunk);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
}

/** How long a write waits before trying again on a full non-blocking pipe (ms) */
const FULL_PIPE_RETRY_MS = 1;

/** Writes all of `bytes` to `fd`; a full non-blocking pipe (EAGAIN) is tried again shortly after */
export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(fd, bytes, at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, FULL_PIPE_RETRY_MS);
    }
  }
}
