// A cold build's bold web font, made by whichever of its two threads is free first. The slide worker
// is a cold build's longer lane (it starts late: Node's worker bootstrap and its bundle take longer
// than the main thread's way to the hand-over), so the main thread waits for its deck once the handout
// is made. The worker offers the bold face's characters to the main thread as soon as its slides.md is
// made (FromSlidesWorker 'bold face wanted'), subsets the regular face and renders Marp; the main
// thread, idle in its wait, claims the face and makes it (its subset, and Brotli on the thread pool)
// while the worker renders, and sends the WOFF2 back (ToSlidesWorker 'bold face'). Where the main
// thread is the longer lane (a long handout) the worker finds the face unclaimed after its render and
// makes it itself, as before. One claim in shared memory decides, so exactly one thread makes it; the
// bytes are the same either way (the same subsetter on the same font file).
import type { FontSet } from '../fonts';
import { subsetWoff2 } from '../slides/webfont';
import type { Timer } from './timer';

/** Who made a deck's bold face: [0] is FREE until one thread claims it */
export type BoldFaceClaim = Int32Array;
const FREE = 0;
export const BY_MAIN = 1;
export const BY_WORKER = 2;

export function newBoldFaceClaim(): BoldFaceClaim {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** Claims the face for `by` (BY_MAIN, BY_WORKER): true if it was free */
export function claimBoldFace(claim: BoldFaceClaim, by: number): boolean {
  return Atomics.compareExchange(claim, 0, FREE, by) === FREE;
}

/** The thread that claimed the face, or undefined while it is free */
export function boldFaceClaimedBy(claim: BoldFaceClaim): number | undefined {
  const by = Atomics.load(claim, 0);
  return by === FREE ? undefined : by;
}

/** The main thread's side, for tests: how many faces were offered to it, and how many it made */
export const boldFaceHelp = { offered: 0, made: 0 };

/**
 * The main thread's answer to an offer: the face's WOFF2 if it claimed it (undefined if it could not
 * make it: the worker then makes it and meets the error itself), or nothing if the worker had it first.
 */
export async function makeOfferedBoldFace(
  claim: BoldFaceClaim,
  chars: string,
  fonts: FontSet,
  timer: Timer,
): Promise<{ woff2: Uint8Array | undefined } | undefined> {
  boldFaceHelp.offered++;
  if (!claimBoldFace(claim, BY_MAIN)) return undefined;
  boldFaceHelp.made++;
  try {
    return { woff2: await timer.timeAsync('bold web font', () => subsetWoff2(fonts.get('slidesBold'), chars)) };
  } catch {
    return { woff2: undefined };
  }
}
