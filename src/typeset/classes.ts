// Character classes for Chinese line composition (clreq §3.1, GB/T 15834 §5.1; reference IDs K1–K4, Q1–Q3).
// Everything here is about single code points; grouping into items happens in itemize.ts.

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

const OPEN = new Set([...'“‘（《〈【〖〔［｛「『([{']);
const CLOSE = new Set([...'”’）》〉】〗〕］｝」』)]}']);
const COMMA = new Set([...'，、；：']);
const STOP = new Set([...'。？！．‼⁇⁈⁉']);
const CONNECTOR = new Set([...'～–~']);
const INTERPUNCT = new Set([...'·・‧']);
const SOLIDUS = new Set([...'／']);
const ELLIPSIS = new Set([...'…⋯']);

/** K1: never at the start of a line (GB level, plus the strict level's —— and ……). */
export const NOT_START = new Set<string>([
  ...'。，、；：？！．‼⁇⁈⁉',
  ...'”’）》〉】〗〕］｝」』',
  ...'–～~',
  ...'·・‧',
  ...'／/',
  ...',.;:?!)]}%‰℃°′″',
  ...'…⋯—⸺',
]);

/** K2: never at the end of a line. */
export const NOT_END = new Set<string>([...'“‘（《〈【〖〔［｛「『([{', ...'￥¥$£#', ...'／/']);

export function isHan(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f) ||
    (cp >= 0x3040 && cp <= 0x30ff) || // kana
    (cp >= 0x3005 && cp <= 0x3007) || // 々〆〇
    (cp >= 0xff10 && cp <= 0xff19) || // full-width digits
    (cp >= 0xff21 && cp <= 0xff3a) ||
    (cp >= 0xff41 && cp <= 0xff5a) ||
    (cp >= 0x2460 && cp <= 0x24ff) || // circled numbers
    (cp >= 0x3200 && cp <= 0x33ff) // enclosed CJK, CJK compatibility (㎡ …)
  );
}

export function classify(ch: string): CharClass {
  const cp = ch.codePointAt(0)!;
  if (isHan(cp)) return 'han';
  if (OPEN.has(ch)) return 'open';
  if (CLOSE.has(ch)) return 'close';
  if (COMMA.has(ch)) return 'comma';
  if (STOP.has(ch)) return 'stop';
  if (ch === '—' || ch === '⸺') return 'dash';
  if (ELLIPSIS.has(ch)) return 'ellipsis';
  if (CONNECTOR.has(ch)) return 'connector';
  if (INTERPUNCT.has(ch)) return 'interpunct';
  if (SOLIDUS.has(ch)) return 'solidus';
  if (ch === '\u3000') return 'ideoSpace';
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
