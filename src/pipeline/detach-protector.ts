// V8's ArrayBuffer-detaching protector, invalidated in the slide worker's isolate at its start when it
// will set many decks (a batch, watch: slides-worker-loader.ts).
//
// Why: the worker moves its outputs' buffers to the main thread (postMessage with a transfer list,
// slides-worker.ts), and the first ArrayBuffer an isolate detaches invalidates the protector for good:
// every function TurboFan has optimised on the assumption that no buffer is ever detached — those that
// read typed arrays: the web fonts' charsetOf and subset writers, jieba's markNewBuckets, slideText, the
// deck's scans… — is thrown away at once and compiled again with the detach checks. A worker that sets
// many decks runs TurboFan from its first deck on, so its first reply threw away a dozen compiles
// (bench's 50, --trace-opt --trace-deopt: "code dependencies" deoptimisations 20–23 -> 6–9, TurboFan's
// compiles 250–254 -> 238–239). Invalidated before the worker loads its bundle, TurboFan's first
// compiles include the checks, as every later compile would have. A cold build's worker (TurboFan off:
// run-time-v8-flags.ts) is left as it was: its only detach is its one reply.

/** Detaches a buffer of this thread's own, which invalidates the isolate's ArrayBuffer-detaching protector */
export function invalidateDetachingProtector(): void {
  const buffer = new ArrayBuffer(8);
  structuredClone(buffer, { transfer: [buffer] });
}
