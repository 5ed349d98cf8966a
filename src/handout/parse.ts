// Reads the Markdown the handout template produced into a typed block tree. The conventions (cover,
// contents, newpage, subtitle and byline markers as HTML comments) are documented at the top of
// templates/handout.md.hbs.
import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { rebuildsExpected, registerCache } from '../cache';
import { isAsciiPunctuation, isWideNonEmoji } from '../cjk';

type Md = InstanceType<typeof MarkdownIt>;
type Token = ReturnType<Md['parse']>[number];

/** How a paragraph is set: body text (2 em indent) or a speech's salutation or closing (flush left). */
export type ParagraphRole = 'body' | 'salutation' | 'closing';

export type HandoutBlock =
  /** `above`: lines over the title (series); `lines`: lines near the foot (organiser, occasion, date) */
  | { kind: 'cover'; title: string; subtitle: string; above: string[]; lines: string[] }
  | { kind: 'contents'; title: string }
  | { kind: 'newpage' }
  /**
   * A part of its own (intro, talk, dialogue): heading block, contents entry, bookmark, running head.
   * `entry`: its contents entry when not `title` (「title　name」 for a talk; the name alone for an
   * untitled talk, which is then also its bookmark and running head); `runIn`: no heading
   * lines — the next paragraph's bold lead opens the part (「【编者按】本期……」).
   */
  | { kind: 'chapter'; title: string; subtitle: string; byline: string; entry?: string; runIn?: boolean }
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string; lead: number; role?: ParagraphRole }
  /** Host and guest lines: a smaller block of their own */
  | { kind: 'credits'; lines: string[] };

const SALUTATION =
  /^(尊敬的|亲爱的)?[^，。！？；]{0,24}(同志们|朋友们|同学们|女士们|先生们|各位|领导|来宾|嘉宾|老师们|学员们)[^，。！？；]{0,12}[：:]$/u;
const CLOSING =
  /^(谢谢|感谢)(大家|各位|您|你们)?(的聆听|的倾听)?[！!。]?$|^我的发言(就到这里|完毕)[，,]?(谢谢大家)?[！!。]?$/u;

/** A salutation (同志们：) or a closing (谢谢大家！) is set flush left (book-and-speech.md). */
export function paragraphRole(text: string): ParagraphRole {
  const t = text.trim();
  if (t.length <= 30 && SALUTATION.test(t)) return 'salutation';
  if (t.length <= 20 && CLOSING.test(t)) return 'closing';
  return 'body';
}

let parser: Md | undefined;
function md(): Md {
  // html: true so that the template's marker comments arrive as html_block tokens; transcript text is
  // backslash-escaped by the template's `md` helper, so it can never produce HTML of its own.
  // The inline content is parsed where it is read (`inlineText`), not by markdown-it's core rule.
  if (parser === undefined) {
    parser = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(cjkFriendly);
    parser.core.ruler.disable('inline');
  }
  return parser;
}

export type InlineText = { text: string; lead: number };

/**
 * Each inline text read by its source (a heading's or paragraph's Markdown), under watch: a rebuild
 * parses again only the texts an edit changed. The result depends on the source alone (markdown-it's
 * options and plugins are fixed) — not where the Markdown defines link references, which a text can
 * use: such a document is parsed without it. Bounded: forgotten at INLINE_MEMO_MAX texts.
 */
const inlineMemo = registerCache('handout: inline texts by source', new Map<string, InlineText>());
const INLINE_MEMO_MAX = 8192;
/**
 * How many inline texts were parsed, how many of those were read as plain text (`plainInlineText`),
 * and how many found in `inlineMemo` (tests).
 */
export const inlineParses = { parsed: 0, plain: 0, reused: 0 };

/**
 * markdown-it's inline terminators (`isTerminatorChar` in its `text` rule: \n ! # $ % & * + - : < = > @
 * [ \ ] ^ _ ` { } ~), the only characters at which an inline rule other than `text` can start: 1 in a
 * table by code unit (a switch of 23 cases was 23 comparisons a character at V8's baseline tier).
 */
const INLINE_TERMINATOR = new Uint8Array(128);
for (const c of '\n!#$%&*+-:<=>@[\\]^_`{}~') INLINE_TERMINATOR[c.charCodeAt(0)] = 1;

/**
 * The text markdown-it's inline parser gives `src` when no inline rule but `text` and `escape` can act
 * on it — every character not one of its terminators, or a backslash before ASCII punctuation (what
 * the handout template's `md` helper writes: the transcript's text) —: `src` with those backslashes
 * dropped, as its text and escape tokens joined give it; null for anything else (emphasis, a line
 * break, an entity, a lone or other backslash…), which the parser reads. The parser's rule loop,
 * state and a token per escape cost ~300,000 instructions a paragraph in a cold build.
 */
export function plainInlineText(src: string): string | null {
  let out = '';
  let from = 0;
  for (let i = 0; i < src.length; i++) {
    const u = src.charCodeAt(i);
    if (u >= 128 || INLINE_TERMINATOR[u] === 0) continue;
    if (u !== 0x5c || i + 1 >= src.length || !isAsciiPunctuation(src.charCodeAt(i + 1))) return null;
    out += src.slice(from, i);
    from = i + 1; // the escaped character is kept, as the next piece's first
    i++;
  }
  return from === 0 ? src : out + src.slice(from);
}

/**
 * `**lead**rest` as markdown-it (with markdown-it-cjk-friendly) parses it — strong_open, the lead's
 * text, strong_close, the rest's — when the lead and the rest are plain (plainInlineText), the lead
 * starts with no white space (the opening run can open) and ends with a character after which the
 * closing run can always close (isWideNonEmoji: cjk-friendly's `isPreviousCjk`), and each run is two
 * asterisks: the run-in lead the template's `runIn` helper writes. Null for anything else. Through the parser each such paragraph's emphasis ran
 * markdown-it-cjk-friendly's delimiter scan (its Unicode-property expressions compiled at the first).
 */
export function leadInlineText(src: string): InlineText | null {
  if (src.charCodeAt(0) !== 0x2a || src.charCodeAt(1) !== 0x2a) return null;
  // the lead: plain up to the first unescaped terminator, which must be the closing run
  let close = 2;
  for (; close < src.length; close++) {
    const u = src.charCodeAt(close);
    if (u >= 128 || INLINE_TERMINATOR[u] === 0) continue;
    if (u === 0x5c && close + 1 < src.length && isAsciiPunctuation(src.charCodeAt(close + 1))) close++;
    else break;
  }
  if (close <= 2 || close + 1 >= src.length) return null;
  if (src.charCodeAt(close) !== 0x2a || src.charCodeAt(close + 1) !== 0x2a || src.charCodeAt(close + 2) === 0x2a)
    return null;
  if (/\s/u.test(src[2]!) || !isWideNonEmoji(src.charCodeAt(close - 1))) return null;
  const lead = plainInlineText(src.slice(2, close));
  const rest = plainInlineText(src.slice(close + 2));
  if (lead === null || rest === null) return null;
  const text = lead + rest;
  return { text: text.trim() === text ? text : text.trim(), lead: lead.length };
}

/** An inline text read without markdown-it's inline parser (plain, or a plain run-in lead), else null. */
function plainInline(src: string): InlineText | null {
  if (src.charCodeAt(0) === 0x2a) return leadInlineText(src);
  const plain = plainInlineText(src);
  return plain === null ? null : { text: plain.trim() === plain ? plain : plain.trim(), lead: 0 };
}

/**
 * The plain text and lead of an inline token: its source parsed by markdown-it's inline parser as its
 * core rule would (the rules after it — linkify, typography, text_join — change no text read here).
 */
function inlineText(src: string, env: Record<string, unknown>, memo: boolean): InlineText {
  const hit = memo ? inlineMemo.get(src) : undefined;
  if (hit !== undefined) {
    inlineParses.reused++;
    return hit;
  }
  inlineParses.parsed++;
  let r = plainInline(src);
  if (r !== null) inlineParses.plain++;
  else {
    const children: Token[] = [];
    md().inline.parse(src, md(), env, children);
    r = textAndLeadLength(children);
  }
  if (memo) {
    if (inlineMemo.size >= INLINE_MEMO_MAX) inlineMemo.clear();
    inlineMemo.set(src, r);
  }
  return r;
}

/** Plain text of an inline token's children, and the length of a leading bold run (the lead). */
export function textAndLeadLength(children: readonly Token[]): InlineText {
  let text = '';
  let lead = 0;
  let depth = 0;
  let leadOpen = false;
  for (const c of children) {
    switch (c.type) {
      case 'text':
      case 'code_inline':
        text += c.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += ' ';
        break;
      case 'strong_open':
        if (text === '' && depth === 0) leadOpen = true;
        depth++;
        break;
      case 'strong_close':
        depth--;
        if (leadOpen && depth === 0) {
          lead = text.length;
          leadOpen = false;
        }
        break;
      default:
        // html_inline and the like: take the source text literally
        if (c.content) text += c.content;
    }
  }
  return { text: text.trim() === text ? text : text.trim(), lead };
}

const MARKER = /^<!--\s*lectern:([a-z]+)\s*-->\s*$/;

/**
 * A block of the handout's Markdown as the walk reads it: an HTML block's source (markdown-it's
 * html_block content), or a heading's level and a paragraph's inline source (its inline token's).
 */
export type MarkdownBlock =
  | { kind: 'html'; content: string }
  | { kind: 'heading'; level: number; content: string }
  | { kind: 'paragraph'; content: string };

/** The blocks markdown-it's tokens hold, in order (a paragraph inside a list or quote too). */
export function blocksOfTokens(tokens: readonly Token[]): MarkdownBlock[] {
  const out: MarkdownBlock[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'html_block') out.push({ kind: 'html', content: t.content });
    else if (t.type === 'heading_open') {
      out.push({ kind: 'heading', level: Number(t.tag.slice(1)), content: tokens[i + 1]!.content });
      i += 2;
    } else if (t.type === 'paragraph_open') {
      out.push({ kind: 'paragraph', content: tokens[i + 1]!.content });
      i += 2;
    }
  }
  return out;
}

const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const STAR = 0x2a;

/**
 * A line's first character after which markdown-it's block rules may read it as something other than
 * a paragraph, an ATX heading or a one-line HTML comment (indented code, fence, quote, rule, list,
 * link reference, HTML): 1 in a table by code unit. `#`, `*`, `<` and digits are looked at further.
 */
const BLOCK_START = new Uint8Array(128);
for (const c of ' \t`~>-_+[<*#=|:0123456789') BLOCK_START[c.charCodeAt(0)] = 1;

function isDigit(u: number): boolean {
  return u >= 0x30 && u <= 0x39;
}

function isSpaceOrTab(u: number): boolean {
  return u === SPACE || u === TAB;
}

/** `line` without the spaces and tabs at its ends (markdown-it's asciiTrim of a line: Unicode spaces stay). */
function trimSpacesAndTabs(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && isSpaceOrTab(line.charCodeAt(start))) start++;
  while (end > start && isSpaceOrTab(line.charCodeAt(end - 1))) end--;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}

/** A line of spaces and tabs only (markdown-it's empty line). */
function isBlankLine(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpaceOrTab(src.charCodeAt(i))) return false;
  return true;
}

/**
 * An ATX heading line (`#`…`######`, then a space, a tab or the line's end) with no closing `#`
 * sequence: its level and inline source as markdown-it's heading rule gives them; null for any other.
 */
function atxHeading(line: string): MarkdownBlock | null {
  let level = 0;
  while (level < line.length && line.charCodeAt(level) === HASH) level++;
  if (level > 6) return null;
  if (level < line.length && !isSpaceOrTab(line.charCodeAt(level))) return null;
  // a closing sequence (`# x #`), which markdown-it cuts: read by markdown-it itself
  const trimmed = line.trimEnd();
  if (trimmed.length > level && trimmed.charCodeAt(trimmed.length - 1) === HASH) return null;
  return { kind: 'heading', level, content: trimSpacesAndTabs(line.slice(level)) };
}

/**
 * A line starting with `*` that markdown-it's block rules read as a paragraph: not a list item (`*`
 * then white space or the end) and not a thematic break (asterisks and white space only).
 */
function isStarParagraph(line: string): boolean {
  if (line.length < 2 || isSpaceOrTab(line.charCodeAt(1))) return false;
  for (let i = 1; i < line.length; i++) {
    const u = line.charCodeAt(i);
    if (u !== STAR && !isSpaceOrTab(u)) return true;
  }
  return false;
}

/** A line starting with digits that is not an ordered list item's (digits then `.` or `)`). */
function isDigitParagraph(line: string): boolean {
  let i = 0;
  while (i < line.length && isDigit(line.charCodeAt(i))) i++;
  const u = line.charCodeAt(i);
  return u !== 0x2e && u !== 0x29;
}

/** A one-line block of the template's subset (see templateBlocks), or null. */
function templateLineBlock(src: string, from: number, to: number): MarkdownBlock | null {
  const line = src.slice(from, to);
  const first = line.charCodeAt(0);
  const paragraph =
    first >= 128 ||
    BLOCK_START[first] === 0 ||
    (first === STAR && isStarParagraph(line)) ||
    (isDigit(first) && isDigitParagraph(line));
  if (paragraph) return { kind: 'paragraph', content: trimSpacesAndTabs(line) };
  if (first === HASH) return atxHeading(line);
  // an HTML comment closed on its line: markdown-it's html_block, its content the line and its newline
  if (line.startsWith('<!--') && line.includes('-->', 4)) return { kind: 'html', content: src.slice(from, to + 1) };
  return null;
}

/**
 * The blocks of Markdown written in the handout template's subset — lines separated by blank lines,
 * each an ATX heading, an HTML comment closed on its line, or a one-line paragraph starting with no
 * character a block rule reads (white space, `>`, a list marker, a fence, `[`, other HTML…) — as
 * markdown-it's block parser gives them; null for anything else (two lines without a blank one
 * between, a carriage return or NUL, which its normalisation rewrites…), which markdown-it parses.
 * Its block parse (a state of line marks made character by character, each rule tried on each line,
 * at V8's baseline tier) was ~11 M instructions of a cold build's handout.
 */
export function templateBlocks(src: string): MarkdownBlock[] | null {
  if (src.includes('\r') || src.includes('\0')) return null;
  const out: MarkdownBlock[] = [];
  let previousBlank = true;
  for (let from = 0; from < src.length; ) {
    let to = src.indexOf('\n', from);
    if (to < 0) to = src.length;
    if (isBlankLine(src, from, to)) previousBlank = true;
    else {
      if (!previousBlank) return null;
      const block = templateLineBlock(src, from, to);
      if (block === null) return null;
      out.push(block);
      previousBlank = false;
    }
    from = to + 1;
  }
  return out;
}

/** How many handout Markdowns were read by templateBlocks and how many by markdown-it (tests). */
export const blockParses = { template: 0, markdownIt: 0 };

/** The handout Markdown's blocks and markdown-it's env (link references) when it parsed them. */
function markdownBlocks(markdown: string): { blocks: MarkdownBlock[]; env: Record<string, unknown> } {
  const env: Record<string, unknown> = {};
  const fast = templateBlocks(markdown);
  if (fast !== null) {
    blockParses.template++;
    return { blocks: fast, env };
  }
  blockParses.markdownIt++;
  return { blocks: blocksOfTokens(md().parse(markdown, env)), env };
}

export function parseHandoutMarkdown(markdown: string): HandoutBlock[] {
  const { blocks: read, env } = markdownBlocks(markdown);
  // link references defined in the Markdown (env.references) can change how a text parses
  const memo = rebuildsExpected() && env.references === undefined;
  const blocks: HandoutBlock[] = [];
  let region: 'cover' | 'contents' | 'credits' | null = null;
  let credits: Extract<HandoutBlock, { kind: 'credits' }> | null = null;
  let cover: Extract<HandoutBlock, { kind: 'cover' }> | null = null;
  let contents: Extract<HandoutBlock, { kind: 'contents' }> | null = null;
  let pendingRole: 'subtitle' | 'byline' | 'entry' | null = null;
  let runIn = false;
  let chapter: Extract<HandoutBlock, { kind: 'chapter' }> | null = null;

  for (const t of read) {
    if (t.kind === 'html') {
      for (const raw of t.content.split('\n')) {
        const m = MARKER.exec(raw.trim());
        if (!m) continue;
        const name = m[1]!;
        if (name === 'cover') {
          region = 'cover';
          cover = { kind: 'cover', title: '', subtitle: '', above: [], lines: [] };
          blocks.push(cover);
        } else if (name === 'contents') {
          region = 'contents';
          contents = { kind: 'contents', title: '' };
          blocks.push(contents);
        } else if (name === 'credits') {
          region = 'credits';
          credits = { kind: 'credits', lines: [] };
          blocks.push(credits);
        } else if (name === 'end') {
          region = null;
        } else if (name === 'newpage') {
          blocks.push({ kind: 'newpage' });
          chapter = null;
        } else if (name === 'subtitle' || name === 'byline' || name === 'entry') {
          pendingRole = name;
        } else if (name === 'runin') {
          runIn = true;
        }
      }
      continue;
    }
    if (t.kind === 'heading') {
      const level = t.level;
      const { text } = inlineText(t.content, env, memo);
      pendingRole = null;
      if (region === 'cover' && cover) {
        if (level === 1) cover.title = text;
        else cover.subtitle = text;
      } else if (region === 'contents' && contents) {
        contents.title = text;
      } else if (level === 1) {
        chapter = { kind: 'chapter', title: text, subtitle: '', byline: '', entry: '', runIn };
        blocks.push(chapter);
        runIn = false;
      } else {
        blocks.push({ kind: 'heading', level: level - 1, text });
      }
      continue;
    }
    if (t.kind === 'paragraph') {
      const { text, lead } = inlineText(t.content, env, memo);
      if (region === 'cover' && cover) {
        (cover.title ? cover.lines : cover.above).push(text);
      } else if (region === 'credits' && credits) {
        if (text !== '') credits.lines.push(text);
      } else if (region === 'contents') {
        // free text on the contents page is not supported; ignore
      } else if (pendingRole && chapter) {
        chapter[pendingRole] = text;
      } else if (text !== '') {
        blocks.push({ kind: 'paragraph', text, lead, role: paragraphRole(text) });
      }
      pendingRole = null;
    }
  }
  return blocks;
}
