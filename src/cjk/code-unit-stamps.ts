// A table of the BMP's code units stamped with the number of the current round: a unit has been met
// in this round when its stamp equals the round's number. Kept between rounds (one a document or
// deck, on a batch's and a rebuild's path): no 64 KB bitmap allocated and zeroed each time; cleared
// only when the round number wraps. The loops that stamp read `met` themselves (no call a character).

export class CodeUnitStamps {
  /** Each code unit's stamp: the round that last met it */
  readonly met = new Uint16Array(0x10000);
  private round = 0;

  /** Starts a new round; returns its stamp (never 0, the stamp of a unit no round met) */
  next(): number {
    if (++this.round === 0x10000) {
      this.met.fill(0);
      this.round = 1;
    }
    return this.round;
  }
}
