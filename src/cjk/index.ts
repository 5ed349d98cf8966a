// What lectern knows about Chinese characters, in one place: which code points are Han, the
// punctuation classes of GB/T 15834 and clreq (§3.1; reference IDs K1–K4), the line-start and line-end
// prohibitions (kinsoku), and the Chromium variant of them the deck's line counter needs.
// Everything here is about single characters; what a stage does with them stays in the stage.

// ── Han ────────────────────────────────────────────────────────────────────────────────────────────

/** Regex fragment for a Han character: Unicode's Script=Han (all extensions, compatibility ideographs, 々〇, radicals). */
export const HAN = String.raw`\p{Script=Han}`;

/**
 * An expression with the Han class, made on its first use. V8 parses an expression when it is made, and
 * each `\p{Script=Han}` in it has ICU build the script's set of code points (~0.2 million instructions;
 * again when V8 compiles it, at its first test): made as its module loaded, each cost that in every cold
 * build, though most of recognition's are tried only on the few lines that have what they need.
 */
export function hanRegExp(source: string, flags: string): () => RegExp {
  let made: RegExp | undefined;
  return () => (made ??= new RegExp(source, flags));
}

const hanRe = hanRegExp(`^${HAN}$`, 'u');

/**
 * True for a Han code point (Script=Han). The common block, and the blocks of Chinese punctuation (CJK
 * symbols, whose Han are 々〇 and the Hangzhou numerals; full-width forms, none), are tested by number:
 * this runs per character, and the expression is compiled only for a rarer character (test/cjk.test.ts
 * checks every code point against it).
 */
export function isHanCodePoint(cp: number): boolean {
  if (cp >= 0x4e00 && cp <= 0x9fff) return true;
  if (cp < 0x2e80) return false;
  if (cp >= 0x3000 && cp <= 0x303f)
    return cp === 0x3005 || cp === 0x3007 || (cp >= 0x3021 && cp <= 0x3029) || (cp >= 0x3038 && cp <= 0x303b);
  if (cp >= 0xff00 && cp <= 0xffef) return false;
  return hanRe().test(String.fromCodePoint(cp));
}

/** True when `ch` (one code point, or undefined at a text edge) is a Han character. */
export function isHan(ch: string | undefined): boolean {
  return ch !== undefined && isHanCodePoint(ch.codePointAt(0)!);
}

/**
 * True when `text` is `min` to `max` code points, all Han: the same answer as `^\p{Script=Han}{min,max}$`
 * (u flag), without the regular expression. V8 compiles a quantified Han class into one copy of the
 * class per repetition — `{2,4}` ~1.2 ms on a cold start, twice when it tiers up to native code — for
 * a test that the few names of a transcript ask.
 */
export function isHanWord(text: string, min: number, max: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length; count++) {
    if (count === max) return false;
    const cp = text.codePointAt(i)!;
    if (!isHanCodePoint(cp)) return false;
    i += cp > 0xffff ? 2 : 1;
  }
  return count >= min;
}

/**
 * True when `text` is exactly one Han character: the same answer as `^\p{Script=Han}$` (u flag), by
 * isHanCodePoint — the expression is compiled only for a character outside the common block.
 */
export function isOneHanChar(text: string): boolean {
  const cp = text.codePointAt(0);
  return cp !== undefined && text.length === (cp > 0xffff ? 2 : 1) && isHanCodePoint(cp);
}

/**
 * True when the text contains at least one Han character: the same answer as `\p{Script=Han}` (u
 * flag) tested on it, by isHanCodePoint — the expression and its set of the script's code points are
 * then made only for a rarer character, not at the first call (the deck asks it of every word it
 * weighs, and its first test made ICU build the set twice: for the bytecode, then for native code).
 */
export function hasHan(text: string): boolean {
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    if (isHanCodePoint(cp)) return true;
    i += cp > 0xffff ? 2 : 1;
  }
  return false;
}

/**
 * Characters set in one full em box like a Han character (clreq's 汉字 class for composition): Han,
 * kana, 〆, full-width digits and Latin letters, circled numbers, enclosed CJK and CJK compatibility
 * signs (㎡ …). The typesetter treats them all as 'han'.
 */
export function isEmBoxChar(cp: number): boolean {
  return (
    isHanCodePoint(cp) ||
    (cp >= 0x3040 && cp <= 0x30ff) || // kana
    cp === 0x3006 || // 〆 (々 and 〇 are Han)
    (cp >= 0xff10 && cp <= 0xff19) || // full-width digits
    (cp >= 0xff21 && cp <= 0xff3a) ||
    (cp >= 0xff41 && cp <= 0xff5a) ||
    (cp >= 0x2460 && cp <= 0x24ff) || // circled numbers
    (cp >= 0x3200 && cp <= 0x33ff) // enclosed CJK, CJK compatibility
  );
}

/**
 * At or after U+2E80 (CJK Radicals Supplement): the East Asian blocks and everything after them. A
 * symbol there (①, ㊀, ★ is not) is set CJK-wide and breaks like a Han character.
 */
export function isFromCjkBlocksOn(cp: number): boolean {
  return cp >= 0x2e80;
}

/**
 * East Asian Wide or Fullwidth characters without emoji presentation (EastAsianWidth W or F, not
 * Emoji_Presentation): the CJK marks 、。〃〈〉《》「」『』【】 and 〔〕〖〗〘〙〚〛〜〝〞〟, the fullwidth forms ！…｠
 * and the unified ideographs — what markdown-it-cjk-friendly counts as CJK before a delimiter run.
 */
export function isWideNonEmoji(cp: number): boolean {
  return (
    (cp >= 0x3001 && cp <= 0x3011) ||
    (cp >= 0x3014 && cp <= 0x301f) ||
    (cp >= 0xff01 && cp <= 0xff60) ||
    (cp >= 0x4e00 && cp <= 0x9fff)
  );
}

/**
 * Whether a UTF-16 unit is ASCII punctuation (!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~): what CommonMark lets a
 * backslash escape — the handout and slide templates' `md` helper escapes exactly these (escapeMarkdown,
 * src/templates), and markdown-it's `escape` rule unescapes them (src/handout/parse.ts).
 */
export function isAsciiPunctuation(u: number): boolean {
  return (u >= 0x21 && u <= 0x2f) || (u >= 0x3a && u <= 0x40) || (u >= 0x5b && u <= 0x60) || (u >= 0x7b && u <= 0x7e);
}

// ── Blocks (regex class fragments) ─────────────────────────────────────────────────────────────────

/** CJK Symbols and Punctuation (、。〈〉《》「」… and the ideographic space U+3000). */
export const CJK_SYMBOLS_BLOCK = String.raw`\u3000-\u303f`;
/** Halfwidth and Fullwidth Forms (，！（）：；？ and full-width letters). */
export const FULL_WIDTH_FORMS_BLOCK = String.raw`\uff00-\uffef`;
/** General Punctuation's dashes, quotes and ellipsis (‐ – — ‘ ’ “ ” … ‧). */
export const GENERAL_PUNCTUATION_MARKS = String.raw`\u2010-\u2027`;
/**
 * The BMP's East Asian wide blocks as one range: CJK symbols and punctuation, kana, bopomofo,
 * enclosed CJK, Han (ext. A and URO) — then the full-width forms. Text in them is "Chinese" for a
 * decision about the space between two words.
 */
export const EAST_ASIAN_WIDE = String.raw`\u3000-\u9fff\uff00-\uffef`;

/**
 * Full-width punctuation that sits between Han text (opening and closing forms): 、。〃 〈〉《》「」『』
 * 【】 〔〕〖〗〘〙〚〛〜〝〞〟 — … ‘ ’ “ ” · ！（），．：；？～. A regex class fragment.
 */
export const CJK_PUNCTUATION = String.raw`\u3001-\u3003\u3008-\u3011\u3014-\u301f\u2014\u2026\u2018\u2019\u201c\u201d\u00b7\uff01\uff08\uff09\uff0c\uff0e\uff1a\uff1b\uff1f\uff5e`;

// ── Punctuation classes (GB/T 15834, clreq) ────────────────────────────────────────────────────────

/** Opening quotes and brackets, full-width then ASCII. */
export const OPENING_FULL_WIDTH = '“‘（《〈【〖〔［｛「『〘〝';
export const OPENING_BRACKETS = new Set([...OPENING_FULL_WIDTH, ...'([{']);
/** Closing quotes and brackets, full-width then ASCII. */
export const CLOSING_FULL_WIDTH = '”’）》〉】〗〕］｝」』〙〞';
export const CLOSING_BRACKETS = new Set([...CLOSING_FULL_WIDTH, ...')]}']);
/** Pause marks (点号 within a sentence): ，、；： */
export const PAUSE_MARKS = new Set([...'，、；：']);
/** Stop marks (句末点号) and their combined forms. */
export const STOP_MARKS = new Set([...'。？！．‼⁇⁈⁉']);
/** The sentence ends 。？！ (without the full-width full stop and the combined forms). */
export const SENTENCE_ENDS = new Set([...'。？！']);
/** Connectors: ～ and the en dash (a lone — is a connector too, see DASHES). */
export const CONNECTORS = new Set([...'～–~']);
/** Interpuncts (间隔号), set half an em wide and centred. */
export const INTERPUNCTS = new Set([...'·・‧']);
export const SOLIDUS = new Set([...'／']);
/** Ellipsis halves: two together make the 2 em 省略号. */
export const ELLIPSES = new Set([...'…⋯']);
/** Dash halves: two together make the 2 em 破折号. */
export const DASHES = new Set([...'—⸺']);
/** Ideographic (full-width) space. */
export const IDEOGRAPHIC_SPACE = '\u3000';

/** Half-width marks and the full-width form Chinese text uses for them (GB/T 15834). */
export const FULL_WIDTH_OF: Readonly<Record<string, string>> = {
  ',': '，',
  ';': '；',
  ':': '：',
  '?': '？',
  '!': '！',
  '.': '。',
  '(': '（',
  ')': '）',
};

// ── Kinsoku (line-start and line-end prohibitions) ─────────────────────────────────────────────────

/** K1: never at the start of a line (GB level, plus the strict level's —— and ……). */
export const NOT_START = new Set<string>([
  ...STOP_MARKS,
  ...PAUSE_MARKS,
  ...CLOSING_BRACKETS,
  ...CONNECTORS,
  ...INTERPUNCTS,
  ...'／/',
  ...',.;:?!%‰℃°′″',
  ...ELLIPSES,
  ...DASHES,
]);

/** K2: never at the end of a line: opening brackets, currency signs before a number, the solidus. */
export const NOT_END = new Set<string>([...OPENING_BRACKETS, ...'￥¥$£#', ...'／/']);

/**
 * The deck counts lines the way Chromium will break them, and Chromium applies UAX #14 with CSS
 * `line-break: strict`, not GB/T 15834. Against the handout's NOT_START:
 * - added: Japanese small kana, ー, 々〻ゝゞ (class CJ, forbidden at a line start only under `strict`),
 *   〜 (wave dash) and ‥ (class NS);
 * - left out: ‼⁇⁈⁉ ~ ‧ ／ / ′″ ⋯ ⸺ — the marks the handout adds beyond the common core; the deck's
 *   counter was measured against Chromium without them, and adding them moves slide breaks.
 */
const CHROMIUM_STRICT_EXTRA_NOT_START = '‥〜ー々〻ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ';
const HANDOUT_ONLY_NOT_START = new Set([...'‼⁇⁈⁉~‧／/′″⋯⸺']);
export const CHROMIUM_NOT_START = new Set<string>([
  ...[...NOT_START].filter((ch) => !HANDOUT_ONLY_NOT_START.has(ch)),
  ...CHROMIUM_STRICT_EXTRA_NOT_START,
]);
/** Chromium keeps only opening brackets off a line end (currency signs and the solidus may end one). */
export const CHROMIUM_NOT_END: ReadonlySet<string> = OPENING_BRACKETS;
