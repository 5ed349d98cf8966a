// GB/T 15834 clean-up of one line of transcript text. Every change is returned so that
// `lectern check` can list it with its line: nothing is silently rewritten.
import {
  CJK_PUNCTUATION,
  CLOSING_FULL_WIDTH,
  FULL_WIDTH_OF,
  HAN,
  hanRegExp,
  hasHan,
  isHan,
  isHanCodePoint,
} from '../cjk';
import type { Change } from '../model';
import { looksLikeName } from './speaker';
import { GenerationMap, registerCache } from '../cache';
import { ASCII_ALNUM, charClass, classFragmentChars } from './char-class';

const HAN_OR_PUNCT = `[${HAN}${CJK_PUNCTUATION}]`;
/** Spaces that may sit inside pasted Chinese text: ASCII, tab, no-break, ideographic (full-width) */
const SPACES = ' \t\u00a0\u3000';
const SPACE = `[${SPACES}]`;
/** The same spaces, tested by code (char-class.ts): the space expressions run only on a line that has one */
const SPACE_CHAR = charClass(SPACES);

const hanOrPunctRe = hanRegExp(`^${HAN_OR_PUNCT}$`, 'u');
function isHanOrPunct(ch: string | undefined): boolean {
  return ch !== undefined && hanOrPunctRe().test(ch);
}

/** Characters of context shown either side of a change */
const CONTEXT = 4;

function excerpt(text: string, start: number, end: number): string {
  return text.slice(Math.max(0, start - CONTEXT), Math.min(text.length, end + CONTEXT));
}

interface Edit {
  start: number;
  end: number;
  replacement: string;
  what: string;
}

/** Applies non-overlapping edits (sorted by start) and turns each into a Change with context. */
function applyEdits(text: string, edits: Edit[], file: string, line: number, changes: Change[]): string {
  if (edits.length === 0) return text;
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) continue; // overlapping edit: the earlier one wins
    out += text.slice(pos, e.start) + e.replacement;
    pos = e.end;
    const before = excerpt(text, e.start, e.end);
    const after =
      text.slice(Math.max(0, e.start - CONTEXT), e.start) +
      e.replacement +
      text.slice(e.end, Math.min(text.length, e.end + CONTEXT));
    changes.push({ file, line, what: e.what, before, after });
  }
  return out + text.slice(pos);
}

const PUNCT_NAME: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  ':': 'colon',
  '?': 'question mark',
  '!': 'exclamation mark',
  '.': 'full stop',
  '(': 'parenthesis',
  ')': 'parenthesis',
};

/** Nearest non-space character before `i` (or undefined) */
function prevChar(text: string, i: number): string | undefined {
  let j = i - 1;
  while (j >= 0 && SPACE_CHAR.has(text.charCodeAt(j))) j--;
  if (j < 0) return undefined;
  // a low surrogate: take the whole code point
  const code = text.charCodeAt(j);
  if (code >= 0xdc00 && code <= 0xdfff && j > 0) return text.slice(j - 1, j + 1);
  return text[j];
}
function nextChar(text: string, i: number): string | undefined {
  let j = i + 1;
  while (j < text.length && SPACE_CHAR.has(text.charCodeAt(j))) j++;
  if (j >= text.length) return undefined;
  const cp = text.codePointAt(j)!;
  return String.fromCodePoint(cp);
}
const isAsciiAlnum = (ch: string | undefined): boolean =>
  ch !== undefined && ch.length === 1 && ASCII_ALNUM.atStart(ch);
/** After these a half-width mark belongs to the Chinese text before it */
const CLOSERS = `${CLOSING_FULL_WIDTH}…—`;

/**
 * 1 at the code of each half-width mark the first loop of punctuationEdits converts (FULL_WIDTH_OF's
 * keys, all ASCII, but the parentheses, converted as pairs). Every character of a line that has one of
 * them is tested, twice a body line (recognition probes each line as a heading first): tested by its
 * code, no one-character string is made for it — for a Han character a new string each time, then
 * hashed for the `in` lookup (~60 % of normalising a line at the baseline tier).
 */
const CONVERTED_MARK = (() => {
  const marks = new Uint8Array(0x80);
  for (const ch of Object.keys(FULL_WIDTH_OF)) {
    if (ch.length !== 1 || ch.charCodeAt(0) >= 0x80) throw new Error(`FULL_WIDTH_OF: ${ch} is not one ASCII character`);
    if (ch !== '(' && ch !== ')') marks[ch.charCodeAt(0)] = 1;
  }
  return marks;
})();
/** The same marks, looked for in a line first (natively, by `includes`): most Chinese lines have none */
const CONVERTED_MARKS = charClass(
  Object.keys(FULL_WIDTH_OF)
    .filter((ch) => ch !== '(' && ch !== ')')
    .join(''),
);
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;

/** Three or more full stops (or a single …) after Han text (made on first use: the Han class is costly to parse) */
const ellipsisRe = hanRegExp(`(?<=${HAN})(?:\\.{3,6}|。{3,6}|…)(?!…)`, 'gu');
/** What ellipsisRe needs in a line: three stops or an ellipsis */
const mayHaveEllipsis = (text: string): boolean =>
  text.includes('...') || text.includes('。。。') || text.includes('…');

/**
 * Half-width , ; : ? ! . between Han text → full-width (Latin words and numbers are left alone); three
 * stops → ……; half-width parentheses around or next to Chinese → full-width. Each step looks only at a
 * line that has what it converts.
 */
function punctuationEdits(text: string, edits: Edit[]): void {
  if (CONVERTED_MARKS.inText(text)) markEdits(text, edits);
  if (mayHaveEllipsis(text)) ellipsisEdits(text, edits);
  if (text.includes('(')) parenthesisEdits(text, edits);
}

/** Half-width , ; : ? ! . between Han text → full-width */
function markEdits(text: string, edits: Edit[]): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 || CONVERTED_MARK[code] !== 1) continue;
    const ch = text[i]!;
    const prev = prevChar(text, i);
    const next = nextChar(text, i);
    const prevHan = isHan(prev) || (prev !== undefined && CLOSERS.includes(prev));
    let convert: boolean;
    if (ch === '.') {
      // 9.7 and v1.2 stay; a full stop after Han text at a sentence end becomes 。
      convert = prevHan && (next === undefined || isHanOrPunct(next)) && text[i + 1] !== '.';
    } else {
      convert = (prevHan || (isHan(next) && !isAsciiAlnum(prev))) && !(isAsciiAlnum(prev) && isAsciiAlnum(next));
    }
    if (convert) {
      edits.push({
        start: i,
        end: i + 1,
        replacement: FULL_WIDTH_OF[ch]!,
        what: `half-width ${PUNCT_NAME[ch]} ${ch} → ${FULL_WIDTH_OF[ch]}`,
      });
    }
  }
}

/** Three or more full stops after Han text → …… */
function ellipsisEdits(text: string, edits: Edit[]): void {
  const dots = ellipsisRe();
  dots.lastIndex = 0;
  for (let m = dots.exec(text); m !== null; m = dots.exec(text)) {
    if (m[0] === '…') edits.push({ start: m.index, end: m.index + 1, replacement: '……', what: 'single … → ……' });
    else edits.push({ start: m.index, end: m.index + m[0].length, replacement: '……', what: `${m[0]} → ……` });
  }
}

/** A matched pair of half-width parentheses → full-width, when its content or its surroundings are Chinese */
function parenthesisEdits(text: string, edits: Edit[]): void {
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === OPEN_PAREN) stack.push(i);
    else if (code === CLOSE_PAREN && stack.length > 0) {
      const open = stack.pop()!;
      const inner = text.slice(open + 1, i);
      // immediate neighbours only: 「Hello (world) 中文」 keeps its Latin parentheses
      if (hasHan(inner) || isHan(text[open - 1]) || isHan(text[i + 1])) {
        edits.push({ start: open, end: open + 1, replacement: '（', what: 'half-width parenthesis ( → （' });
        edits.push({ start: i, end: i + 1, replacement: '）', what: 'half-width parenthesis ) → ）' });
      }
    }
  }
}

/** Straight quotes around Chinese text → “ ” and ‘ ’, paired left to right within the line. */
function quoteEdits(text: string, edits: Edit[]): void {
  for (const [q, open, close, name] of [
    ['"', '“', '”', 'straight double quotes'],
    ["'", '‘', '’', 'straight single quotes'],
  ] as const) {
    let openAt = -1;
    // the quotes found by indexOf (native), not a one-character string made for every character
    for (let i = text.indexOf(q); i >= 0; i = text.indexOf(q, i + 1)) {
      if (q === "'" && isAsciiAlnum(text[i - 1]) && isAsciiAlnum(text[i + 1])) continue; // don't, it's
      if (openAt < 0) {
        openAt = i;
        continue;
      }
      const inner = text.slice(openAt + 1, i);
      if (hasHan(inner) || isHan(text[openAt - 1]) || isHan(text[i + 1])) {
        edits.push({ start: openAt, end: openAt + 1, replacement: open, what: `${name} → ${open}${close}` });
        edits.push({ start: i, end: i + 1, replacement: close, what: `${name} → ${open}${close}` });
      }
      openAt = -1;
    }
  }
}

const fullWidthSpaceRe = /\u3000+|\u00a0+|\t+/g;

export type LineRole = 'body' | 'heading';

/** The run of Han characters that ends at `end` (`${HAN}+$` of the text before it), by code point */
function hanRunBefore(text: string, end: number): string {
  let i = end;
  while (i > 0) {
    const low = text.charCodeAt(i - 1);
    const pair = low >= 0xdc00 && low <= 0xdfff && i >= 2 && isHighSurrogate(text.charCodeAt(i - 2));
    if (!isHanCodePoint(pair ? text.codePointAt(i - 2)! : low)) break;
    i -= pair ? 2 : 1;
  }
  return text.slice(i, end);
}

/** The run of Han characters that starts at `start` (`^${HAN}+` of the text from there), by code point */
function hanRunAfter(text: string, start: number): string {
  let i = start;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    if (!isHanCodePoint(cp)) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return text.slice(start, i);
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
/** Three or more single Han characters set apart by spaces: 「周 洁 孙 浩」 */
const singleHanRun = hanRegExp(`(?<!${HAN})${HAN}(?:${SPACE}+${HAN}){2,}(?!${HAN})`, 'gu');

/**
 * Whether the spaces at [start, end) separate two names: a name on each side (「李思远 王强」), or a run
 * of single characters set apart by spaces (「周 洁 孙 浩」: padded names, which only the spaces tell apart).
 */
function separatesNames(text: string, start: number, end: number): boolean {
  const before = hanRunBefore(text, start);
  const after = hanRunAfter(text, end);
  if (after.length === 0) return false;
  // a wide gap before a name: 「初二3班  李思远」
  if (looksLikeName(after) && (end - start >= 2 || text[start] === '\u3000') && end < text.length) return true;
  if (before.length === 0) return false;
  if (looksLikeName(before) && looksLikeName(after)) return true;
  if (before.length !== 1 || after.length !== 1) return false;
  const runs = singleHanRun();
  runs.lastIndex = 0;
  for (let m = runs.exec(text); m !== null; m = runs.exec(text))
    if (m.index < start && m.index + m[0].length > end) return true;
  return false;
}

const invisibleRe = /[\u200B\u2060\uFEFF\u00AD]/g;
const INVISIBLE = charClass('\u200B\u2060\uFEFF\u00AD');
/** What the heading role's wide-space expression converts, and the repeated space it closes up */
const WIDE_SPACE = charClass('\u3000\u00a0\t');

/** A line's normal form and the changes that made it (their file and line are the caller's). */
interface Normalized {
  text: string;
  changes: Pick<Change, 'what' | 'before' | 'after'>[];
}
/** Normalised lines by role and raw text: a watch rebuild after an edit normalises the edited lines only. */
const normalizedLines = registerCache(
  'source: normalised lines by role and text',
  new GenerationMap<string, Normalized>(),
);
const NORMALIZED_LINES_KEPT = 50_000;
/** How many lines were normalised, and how many taken from `normalizedLines` (tests). */
export const lineNormalizing = { runs: 0, reused: 0 };

/**
 * Normalises one line. `body` text loses every space inside Han text; a `heading` (title, subtitle,
 * speaker line, names) keeps a single space between Han phrases — 「植根农村 无悔人生」 is two
 * phrases set apart on purpose — but loses spaces next to punctuation. The result depends on the raw
 * text and the role alone, so it is kept; its changes are given the current file and line.
 */
export function normalizeLine(raw: string, role: LineRole, file: string, line: number, changes: Change[]): string {
  const key = `${role}\u0000${raw}`;
  let kept = normalizedLines.get(key);
  if (kept) lineNormalizing.reused++;
  else {
    lineNormalizing.runs++;
    const made: Change[] = [];
    const text = normalizeOnce(raw, role, file, line, made);
    kept = { text, changes: made.map(({ what, before, after }) => ({ what, before, after })) };
    if (normalizedLines.size >= NORMALIZED_LINES_KEPT) normalizedLines.clear();
    normalizedLines.set(key, kept);
  }
  for (const c of kept.changes) changes.push({ file, line, what: c.what, before: c.before, after: c.after });
  return kept.text;
}

function normalizeOnce(raw: string, role: LineRole, file: string, line: number, changes: Change[]): string {
  // Each expression below runs only on a line that has a character it looks for (char-class.ts).
  // Step 0: invisible characters pasted from web pages and Word (zero-width space, word joiner, BOM,
  // soft hyphen) — no font draws them, and they would split words for search.
  const invisible: Edit[] = [];
  if (INVISIBLE.inText(raw)) {
    invisibleRe.lastIndex = 0;
    for (let m = invisibleRe.exec(raw); m !== null; m = invisibleRe.exec(raw)) {
      const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      invisible.push({
        start: m.index,
        end: m.index + 1,
        replacement: '',
        what: `invisible character U+${code} removed`,
      });
    }
  }
  const visible = applyEdits(raw, invisible, file, line, changes);
  // Step 1: punctuation and quotes (their rules look past spaces, so they run first).
  const edits: Edit[] = [];
  punctuationEdits(visible, edits);
  quoteEdits(visible, edits);
  let text = applyEdits(visible, edits, file, line, changes);
  // Step 2: spaces.
  if (SPACE_CHAR.inText(text))
    text = applyEdits(text, spaceEditsOf(text, role, file, line, changes), file, line, changes);
  if (role === 'heading' && WIDE_SPACE.inText(text)) {
    const wideEdits: Edit[] = [];
    fullWidthSpaceRe.lastIndex = 0;
    for (let m = fullWidthSpaceRe.exec(text); m !== null; m = fullWidthSpaceRe.exec(text)) {
      wideEdits.push({
        start: m.index,
        end: m.index + m[0].length,
        replacement: ' ',
        what: 'full-width space → space',
      });
    }
    text = applyEdits(text, wideEdits, file, line, changes);
  }
  if (role === 'heading' && text.includes('  ')) {
    const multi: Edit[] = [];
    const multiRe = / {2,}/g;
    for (let m = multiRe.exec(text); m !== null; m = multiRe.exec(text)) {
      multi.push({ start: m.index, end: m.index + m[0].length, replacement: ' ', what: 'repeated spaces → one space' });
    }
    text = applyEdits(text, multi, file, line, changes);
  }
  return text;
}

/** The spaces inside Han text and next to punctuation a line loses (a body line keeps a space between names, said in `changes`) */
function spaceEditsOf(text: string, role: LineRole, file: string, line: number, changes: Change[]): Edit[] {
  const spaceEdits: Edit[] = [];
  for (const [start, end] of removableSpaceRuns(text, role)) {
    if (role === 'body' && separatesNames(text, start, end)) {
      // 「初二3班  李思远」「周 洁 孙 浩」: the space is what tells the names apart; kept, and said so
      changes.push({
        file,
        line,
        what: 'space between names kept (separator)',
        before: excerpt(text, start, end),
        after: excerpt(text, start, end),
      });
      continue;
    }
    spaceEdits.push({ start, end, replacement: '', what: 'space inside Han text removed' });
  }
  return spaceEdits;
}

/** CJK_PUNCTUATION's characters, tested by code */
const PUNCT = charClass(classFragmentChars(CJK_PUNCTUATION));
const isPunct = (cp: number): boolean => cp >= 0 && cp <= 0xffff && PUNCT.has(cp);
const isHanOrPunctCode = (cp: number): boolean => cp >= 0 && (isPunct(cp) || isHanCodePoint(cp));

/** The code point that ends at `end` (a surrogate pair read as one), or -1 at the text's start */
function codePointBefore(text: string, end: number): number {
  if (end <= 0) return -1;
  const low = text.charCodeAt(end - 1);
  return low >= 0xdc00 && low <= 0xdfff && end >= 2 && isHighSurrogate(text.charCodeAt(end - 2))
    ? text.codePointAt(end - 2)!
    : low;
}

/**
 * The runs of spaces a line loses, [start, end) in order: each whole run next to Chinese punctuation
 * on either side, and in a body line also one between Han text or punctuation on both sides. What the
 * expressions `(?<=P)S+|(?<!S)S+(?=P)` and, for a body line, `(?<=H)S+(?=H)|…` (S the spaces, P the
 * punctuation, H Han or punctuation) matched, found by code: their Han class had ICU build the Han set
 * each time V8 parsed them, at their making and at both compiles (test/recognition-guards.test.ts
 * compares them).
 */
export function removableSpaceRuns(text: string, role: LineRole): [number, number][] {
  const runs: [number, number][] = [];
  for (let start = SPACE_CHAR.indexIn(text); start >= 0; ) {
    let end = start + 1;
    while (end < text.length && SPACE_CHAR.has(text.charCodeAt(end))) end++;
    const before = codePointBefore(text, start);
    const after = end < text.length ? text.codePointAt(end)! : -1;
    const removed =
      isPunct(before) || isPunct(after) || (role === 'body' && isHanOrPunctCode(before) && isHanOrPunctCode(after));
    if (removed) runs.push([start, end]);
    start = end < text.length ? SPACE_CHAR.indexIn(text, end) : -1;
  }
  return runs;
}
