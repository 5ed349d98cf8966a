// One zlib deflate engine for the thread, reset between streams, instead of a new engine per stream.
// node:zlib's deflateSync makes an engine for every call — a Deflate stream object (its Transform,
// readable and writable state) and zlib's deflateInit, which zeroes ~200 KB of tables — and closes it:
// ~390,000 instructions a call at V8's baseline tier, before any byte is deflated, and a handout
// deflates ~20 streams (pages, font files, ToUnicode maps). Node has no public synchronous deflate that
// keeps its engine (its sync path, `_processChunk`, closes it), so this drives the engine's handle with
// deflateSync's own loop (lib/zlib.js `processChunkSync`, Node 20) and resets it with `reset()` (public:
// zlib's deflateReset, the state of a new engine with the same options). Same options as deflateSync's
// (none given), same bytes: zlib's output does not depend on how its output space is handed to it.
import { Deflate, deflate } from 'node:zlib';
import { expectShape } from './patch';

const LIB = 'node:zlib (Node 20)';
const PATCH = 'deflate-engine';

/** The members of a node:zlib Deflate that deflateSync's loop reads (lib/zlib.js, Node 20). */
interface EngineShape {
  _handle: {
    writeSync(
      flush: number,
      input: Uint8Array,
      inOff: number,
      inLen: number,
      out: Uint8Array,
      outOff: number,
      outLen: number,
    ): void;
    reset(): void;
  } | null;
  /** [avail_out, avail_in] after each write */
  _writeState: Uint32Array;
  _chunkSize: number;
  _finishFlushFlag: number;
  _maxOutputLength: number;
  /** set at once (its 'error' event comes later) when zlib reports an error: the stream destroys itself */
  destroyed: boolean;
  errored: Error | null;
  on(event: 'error', listener: (e: Error) => void): unknown;
  destroy(): unknown;
}

let engine: EngineShape | null = null;
/** How many engines this thread made, and how many streams they deflated (tests: one for all). */
export const deflateEngines = { made: 0, streams: 0 };
/** (tests) the thread's engine, if made */
export const deflateEngineForTests = (): { destroy(): unknown } | null => engine;

/** `e` as the engine deflateSync's loop drives; throws unless it has the members that loop reads. */
export function engineShape(e: unknown): EngineShape {
  const z = e as Partial<EngineShape> | null;
  expectShape(
    z != null &&
      z._handle != null &&
      typeof z._handle.writeSync === 'function' &&
      typeof z._handle.reset === 'function' &&
      z._writeState instanceof Uint32Array &&
      z._writeState.length === 2 &&
      Number.isInteger(z._chunkSize) &&
      z._chunkSize! > 0 &&
      Number.isInteger(z._finishFlushFlag) &&
      typeof z._maxOutputLength === 'number' &&
      typeof z.destroyed === 'boolean' &&
      typeof z.on === 'function' &&
      typeof z.destroy === 'function',
    LIB,
    PATCH,
    'a Deflate no longer has the handle (writeSync, reset), write state and chunk size deflateSync uses',
  );
  return z as EngineShape;
}

function newEngine(): EngineShape {
  const e = engineShape(new Deflate());
  // zlib's error (memory) destroys the stream at once and is read from it below; its 'error' event,
  // emitted later, must not go unheard
  e.on('error', () => {});
  deflateEngines.made++;
  return e;
}

/** `zlib.deflateSync(input)`'s bytes, from this thread's one engine. */
export function deflateBytes(input: Uint8Array): Buffer {
  if (engine === null || engine.destroyed) engine = newEngine();
  deflateEngines.streams++;
  const self = engine;
  const handle = self._handle;
  expectShape(handle !== null, LIB, PATCH, 'the Deflate engine was closed');
  const state = self._writeState;
  const chunkSize = self._chunkSize;
  const flush = self._finishFlushFlag;
  // processChunkSync's loop: write with all the input, take what came out, a new output chunk when
  // this one is full, until zlib leaves output space unused (the stream is finished)
  const buffers: Buffer[] = [];
  let buffer = Buffer.allocUnsafe(chunkSize);
  let offset = 0;
  let availOutBefore = chunkSize;
  let inOff = 0;
  let availInBefore = input.byteLength;
  let nread = 0;
  for (;;) {
    handle.writeSync(flush, input, inOff, availInBefore, buffer, offset, availOutBefore);
    if (self.destroyed) throw self.errored ?? new Error('zlib: the deflate engine was destroyed'); // the next call makes a new one
    const availOutAfter = state[0]!;
    const availInAfter = state[1]!;
    const have = availOutBefore - availOutAfter;
    if (have > 0) {
      buffers.push(buffer.subarray(offset, offset + have));
      offset += have;
      nread += have;
      if (nread > self._maxOutputLength) {
        self.destroy(); // mid-stream: the next call makes a new engine
        throw new RangeError(`deflated output exceeds ${self._maxOutputLength} bytes`);
      }
    }
    if (availOutAfter === 0 || offset >= chunkSize) {
      availOutBefore = chunkSize;
      offset = 0;
      buffer = Buffer.allocUnsafe(chunkSize);
    }
    if (availOutAfter !== 0) break;
    inOff += availInBefore - availInAfter;
    availInBefore = availInAfter;
  }
  handle.reset();
  if (nread === 0) return Buffer.alloc(0);
  return buffers.length === 1 ? ownBytes(buffers[0]!) : Buffer.concat(buffers, nread);
}

/**
 * One output chunk's bytes in memory of their own size: as a view (deflateSync's answer) a stream of
 * 1–2 KB held its whole 16 KB chunk, which a cache's byte budget, counted by lengths, did not see — the
 * PDF writer's kept streams (src/vendor/pdfkit.ts) held ~0.15 MB more a document of a batch, ~130 MB
 * after 800 documents. (Several chunks are joined by Buffer.concat into memory of their size.)
 */
function ownBytes(view: Buffer): Buffer {
  if (view.byteLength === view.buffer.byteLength) return view;
  const own = Buffer.allocUnsafeSlow(view.byteLength);
  view.copy(own);
  return own;
}

/**
 * `zlib.deflateSync(input)`'s bytes, deflated on libuv's thread pool (`zlib.deflate`, the same zlib
 * options: none). For a batch's font files (src/pdf/write.ts, fontFilesOffThread): the main thread, a
 * batch's longer lane on distinct texts, sets the other document's handout meanwhile. The output space
 * is one chunk larger than zlib's bound for the input, so that the whole input is deflated in one task
 * on the pool: with the default 16 KB chunks each chunk was a task of its own whose next began only
 * once this thread, busy with the other document, had run the last one's callback (the bytes do not
 * depend on how zlib's output space is handed to it).
 */
export function deflateBytesOffThread(input: Uint8Array): Promise<Buffer> {
  deflatesOffThread.count++;
  const chunkSize = deflateBound(input.byteLength);
  return new Promise((resolve, reject) => deflate(input, { chunkSize }, (e, out) => (e ? reject(e) : resolve(out))));
}

/** zlib's deflateBound for zlib's default options (deflate.c: stored blocks' overhead and the header), rounded up */
export function deflateBound(length: number): number {
  return length + (length >> 12) + (length >> 14) + (length >> 25) + 64;
}
/** How many inputs were deflated on the thread pool (tests) */
export const deflatesOffThread = { count: 0 };
