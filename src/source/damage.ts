// Damaged input: characters lost or garbled before lectern read the file. Each is a warning at its line
// (not only a missing glyph later): the text cannot be repaired, only retyped from the original.
import type { SourceText } from './lines';
import { type Recorder, warn } from './record';

/** UTF-8 read as Latin-1 / Windows-1252 (「ä¸­æ–‡」): a lead byte letter followed by continuation-byte letters */
const LATIN1_MOJIBAKE_RE =
  /(?:[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,2}){2,}/u;
/** A lead byte letter of LATIN1_MOJIBAKE_RE, looked for first: most lines have none, and the long expression is not compiled */
const LATIN1_LEAD_RE = /[\u00c2-\u00ef]/u;
/** GBK's rendering of lost bytes (「锟斤拷」) and of uninitialised memory (「烫烫烫」「屯屯屯」) */
const GBK_MOJIBAKE = ['锟斤拷', '烫烫烫', '屯屯屯'];

/** The first of GBK_MOJIBAKE in the line (`/锟斤拷|烫烫烫|屯屯屯/u`'s match), or null */
function gbkMojibake(raw: string): string | null {
  let first: string | null = null;
  let at = -1;
  for (const word of GBK_MOJIBAKE) {
    const i = raw.indexOf(word);
    if (i >= 0 && (at < 0 || i < at)) [first, at] = [word, i];
  }
  return first;
}

export function reportDamage(lines: readonly SourceText[], rec: Recorder): void {
  for (const l of lines) {
    const lost = l.raw.indexOf('\uFFFD');
    if (lost >= 0) {
      const count = l.raw.split('\uFFFD').length - 1;
      warn(
        rec,
        l.line,
        `damaged input: ${count} replacement character${count === 1 ? '' : 's'} U+FFFD (「${l.raw.slice(Math.max(0, lost - 4), lost + 5)}」): characters were lost before lectern read the file — retype them from the original`,
      );
    }
    const garbled =
      (LATIN1_LEAD_RE.test(l.raw) ? LATIN1_MOJIBAKE_RE.exec(l.raw)?.[0] : undefined) ?? gbkMojibake(l.raw);
    if (garbled)
      warn(
        rec,
        l.line,
        `damaged input: mojibake 「${garbled.slice(0, 12)}」 (text decoded with the wrong encoding somewhere before) — copy it again from the original`,
      );
  }
}
