// Character classes for Chinese line composition (clreq §3.1, GB/T 15834 §5.1; reference IDs K1–K4, Q1–Q3).
// The character sets themselves live in src/cjk; this is the typesetter's view of them.
import {
  CLOSING_BRACKETS,
  CONNECTORS,
  DASHES,
  ELLIPSES,
  IDEOGRAPHIC_SPACE,
  INTERPUNCTS,
  isEmBoxChar,
  OPENING_BRACKETS,
  PAUSE_MARKS,
  SOLIDUS,
  STOP_MARKS,
} from '../cjk';

export type CharClass =
  | 'han' // Han ideographs, kana, full-width letters: one box each, a break allowed on either side
  | 'latin' // ASCII/Latin letters: grouped into words
  | 'digit' // digits: grouped into number runs with their affixes (K4)
  | 'open' // opening quotes and brackets: blank on the left, never at line end
  | 'close' // closing quotes and brackets: blank on the right, never at line start
  | 'comma' // ，、；： — pause marks, blank on the right
  | 'stop' // 。？！ — stop marks, blank on the right
  | 'connector' // ～ – and a lone — (一字线)
  | 'interpunct' // · (½ em, centred)
  | 'solidus' // ／ /
  | 'ellipsis' // … ⋯ (two together form one inseparable 2 em unit)
  | 'dash' // — (two together form the 2 em 破折号)
  | 'space' // ASCII and other spaces
  | 'ideoSpace' // U+3000
  | 'other'; // anything else (symbols, half-width punctuation in Latin runs)

export function classify(ch: string): CharClass {
  const cp = ch.codePointAt(0)!;
  if (isEmBoxChar(cp)) return 'han';
  if (OPENING_BRACKETS.has(ch)) return 'open';
  if (CLOSING_BRACKETS.has(ch)) return 'close';
  if (PAUSE_MARKS.has(ch)) return 'comma';
  if (STOP_MARKS.has(ch)) return 'stop';
  if (DASHES.has(ch)) return 'dash';
  if (ELLIPSES.has(ch)) return 'ellipsis';
  if (CONNECTORS.has(ch)) return 'connector';
  if (INTERPUNCTS.has(ch)) return 'interpunct';
  if (SOLIDUS.has(ch)) return 'solidus';
  if (ch === IDEOGRAPHIC_SPACE) return 'ideoSpace';
  if (/\s/u.test(ch)) return 'space';
  if (/[0-9]/.test(ch)) return 'digit';
  if (/\p{L}|\p{M}/u.test(ch)) return 'latin';
  return 'other';
}

/** Full-width marks whose blank half may be compressed (P1, P3, J3). */
export function isCompressible(cls: string): boolean {
  return cls === 'open' || cls === 'close' || cls === 'comma' || cls === 'stop';
}

/** Characters that join a number run on either side (K4): 11.6%  30℃  ¥100  GB/T 9704—2012  1:2  3–5 */
export const NUMBER_AFFIX_AFTER = new Set([...'%‰℃°′″㎡㎏㎞']);
export const NUMBER_AFFIX_BEFORE = new Set([...'¥￥$£€#+±-']);
/** Characters allowed inside an alphanumeric run when followed by a letter or digit. */
export const RUN_INNER = new Set([..."./-–—:,_&'’+@～~"]);
