// Whether the handouts' font files are deflated on libuv's thread pool (src/pdf/write.ts): a batch's
// main thread says so (src/pipeline/batch.ts). A module of its own, without pdfkit, so that the batch
// can set it before the handout stage is loaded.
//
// Why: on distinct texts the main thread is a batch's longer lane and deflating each handout's four
// font files its largest item (the bytes are fixed by zlib's level), while the slide worker's core
// idles part of the time. Deflated on the pool, the main thread sets the other document in flight
// meanwhile (two on the main side: batch.ts) and ends the PDF once its files are there. A build of one
// transcript deflates them itself: there the slide worker is the longer lane, and the pool's threads
// would take its core.
let offThread = false;

export function fontFilesOffThread(): boolean {
  return offThread;
}

/** From now on (true) or no longer (false), handouts' font files are deflated on the thread pool */
export function deflateFontFilesOffThread(on: boolean): void {
  offThread = on;
}
