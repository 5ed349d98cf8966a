// One-character tests of a line, by code, where recognition asked a regular expression of one
// character class: at a line's end (`/[的和与及]$/u`), at its start (`/^[（(]/u`), or — for a handful of
// characters — anywhere in it (`/[，,]/u`). And the first-character guards of the anchored expressions
// that recognition tries on every line (`/^第[一二三…]{1,3}(?:部分|讲|章…)/u`): tried only on a line that
// starts with a character the expression can start with.
//
// Why: V8 compiles a regular expression at its first use — to bytecode, and again to native code at its
// second — ~0.1–2 million instructions each (more with a Han class or long alternations); a cold build's
// recognition ran 83 distinct ones, about half of its instructions (README, Speed). A line of prose
// starts and ends with characters none of those expressions can match there, so most are never needed.

/**
 * A set of characters of the Basic Multilingual Plane (no surrogates), tested by UTF-16 code. For such
 * a set, `atEnd(text)` is `/[…]$/u.test(text)`, `atStart(text)` is `/^[…]/u.test(text)` and
 * `inText(text)` is `/[…]/u.test(text)` — a text ending (starting) in an astral character ends (starts)
 * with a surrogate, which is in no set.
 */
export class CharClass {
  private readonly codes = new Set<number>();
  /** The characters as strings, for `inText` */
  private readonly list: readonly string[];

  constructor(chars: string) {
    this.list = Array.from(chars);
    for (let i = 0; i < chars.length; i++) {
      const code = chars.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdfff) throw new Error(`CharClass: ${chars} has a surrogate`);
      this.codes.add(code);
    }
  }

  has(code: number): boolean {
    return this.codes.has(code);
  }

  /** The text's first character is in the set */
  atStart(text: string): boolean {
    return text.length > 0 && this.codes.has(text.charCodeAt(0));
  }

  /** The text's last character is in the set */
  atEnd(text: string): boolean {
    return text.length > 0 && this.codes.has(text.charCodeAt(text.length - 1));
  }

  /** The text has a character of the set (by `includes`, native: for a set of a few characters) */
  inText(text: string): boolean {
    const list = this.list;
    for (let i = 0; i < list.length; i++) if (text.includes(list[i]!)) return true;
    return false;
  }

  /** Where the first character of the set is in the text from `from` (by `indexOf`, native), or -1 */
  indexIn(text: string, from = 0): number {
    const list = this.list;
    let first = -1;
    for (let i = 0; i < list.length; i++) {
      const at = text.indexOf(list[i]!, from);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    return first;
  }

  /** How many of the text's first characters, up to `max`, are in the set */
  leadingCount(text: string, max: number): number {
    const end = Math.min(max, text.length);
    let n = 0;
    while (n < end && this.codes.has(text.charCodeAt(n))) n++;
    return n;
  }

  /** The text without its last character when that is in the set: `text.replace(/[…]$/u, '')` */
  trimEnd(text: string): string {
    return this.atEnd(text) ? text.slice(0, -1) : text;
  }
}

export const charClass = (chars: string): CharClass => new CharClass(chars);

/**
 * The characters of a regular expression's class fragment made of `\uXXXX` escapes and `\uXXXX-\uXXXX`
 * ranges (as src/cjk's CJK_PUNCTUATION), for a CharClass of them.
 */
export function classFragmentChars(fragment: string): string {
  let chars = '';
  let i = 0;
  const nextEscape = (): number => {
    if (!fragment.startsWith('\\u', i)) throw new Error(`classFragmentChars: not a \\u escape at ${i} of ${fragment}`);
    i += 6;
    return Number.parseInt(fragment.slice(i - 4, i), 16);
  };
  while (i < fragment.length) {
    const from = nextEscape();
    const to = fragment.startsWith('-', i) ? (i++, nextEscape()) : from;
    for (let code = from; code <= to; code++) chars += String.fromCharCode(code);
  }
  return chars;
}

/** ASCII digits: `\d` (with or without the u flag) */
export const DIGITS = '0123456789';
/** ASCII digits as a class */
export const DIGIT = charClass(DIGITS);
/** ASCII letters and digits: `[A-Za-z0-9]` */
export const ASCII_ALNUM = charClass(`ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz${DIGITS}`);

/**
 * JavaScript's white space and line terminators: what `\s` matches and `String#trim` removes (the
 * ECMAScript WhiteSpace and LineTerminator productions: Unicode's Zs, tab, vertical tab, form feed,
 * U+FEFF, LF, CR, U+2028, U+2029).
 */
export const WHITE_SPACE = charClass(
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff',
);

/** The marks that end a sentence (or a part of one: ；): `/[。！？；!?;]/u` */
export const SENTENCE_MARK = charClass('。！？；!?;');
